// app.cpp — the document, what is derived from it, and the frame's layout (see app.hpp).
#include "app.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "bench_graph.hpp"
#include "caption.hpp"
#include "graph_drawing.hpp"
#include "layout.hpp"

namespace gf::gui {

// [SECTION] Starting ---------------------------------------------------------------------------

namespace {

std::string assets_dir() {
#ifdef GRADFLOW_ASSETS_DIR
  if (std::filesystem::exists(GRADFLOW_ASSETS_DIR)) return GRADFLOW_ASSETS_DIR;
#endif
  return "assets";
}

}  // namespace

bool App::start(const StartOptions& options, float content_scale) {
  theme_.dark = options.dark;
  theme_.presentation = options.presentation;
  content_scale_ = content_scale;
  ui_scale_ = options.ui_scale;
  fonts_dirty_ = true;

  namespace fs = std::filesystem;
  const fs::path examples = fs::path(assets_dir()) / "examples";
  std::error_code ignored;
  if (fs::is_directory(examples, ignored))
    for (const auto& entry : fs::directory_iterator(examples, ignored))
      if (entry.path().extension() == ".json") example_files_.push_back(entry.path().string());
  std::sort(example_files_.begin(), example_files_.end());

  Document document;
  if (!options.graph_file.empty()) {
    Result<Document> loaded = load_document_file(options.graph_file);
    if (!loaded) {
      error_ = loaded.reason();
      return false;
    }
    document = std::move(*loaded);
  } else if (!options.expression.empty()) {
    ParsedExpression parsed = parse_expression(options.expression);
    if (!parsed.ok()) {
      error_ = "--expr: " + parsed.error->describe();
      return false;
    }
    document.graph = std::move(parsed.graph);
    document.title = options.expression;
  } else if (options.random_nodes > 0) {
    document.graph = make_bench_graph(options.random_nodes, 1);
    document.title = "random graph of " + std::to_string(document.graph.node_count()) + " nodes";
  } else if (!options.new_document) {
    // The first thing a teacher sees: f = (x+y)·z at x=-2, y=5, z=-4 (DESIGN.md example 1).
    Result<Document> loaded = load_document_file((examples / "1_add_mul.json").string());
    if (loaded) {
      document = std::move(*loaded);
    } else {
      document.graph = parse_expression("(x+y)*z").graph;
      document.title = "(x+y)*z";
      for (auto [name, value] : {std::pair{"x", -2.0}, {"y", 5.0}, {"z", -4.0}})
        document.graph.set_param(document.graph.find_name(name), value);
    }
  }
  for (const std::string& assignment : options.assignments)
    if (Status status = apply_assignment(document.graph, assignment); !status) {
      error_ = status.reason();
      return false;
    }
  load(std::move(document), options.graph_file);
  if (!options.step.empty()) {
    if (options.step == "end") {
      set_step(step_count());
    } else if (options.step == "forward") {
      set_step(forward_count());
    } else {
      int step = 0;
      auto [ptr, ec] = std::from_chars(options.step.data(), options.step.data() + options.step.size(), step);
      if (ec != std::errc() || ptr != options.step.data() + options.step.size() || step < 0) {
        error_ = "--step " + options.step + ": expected a step number, 'forward' or 'end'";
        return false;
      }
      set_step(step);
    }
  }
  return true;
}

void App::rebuild_fonts() {
  const float scale = content_scale_ * ui_scale_ * (theme_.presentation ? 1.45f : 1.0f);
  fonts_ = load_fonts(std::round(15.0f * scale));
  apply_imgui_style(theme_, scale);
  if (!fonts_.error.empty()) message_ = fonts_.error;
  fonts_dirty_ = false;
}

std::string App::missing_glyphs() const {
  std::string report;
  for (const RecordedLabel& label : labels_) {
    const ImFont* font = label.tag.kind == LabelKind::Ui ? fonts_.ui_large : fonts_.canvas_font(1e9f);
    const char* text = label.text.c_str();
    const char* end = text + label.text.size();
    while (text < end) {
      unsigned int code = 0;
      const int bytes = ImTextCharFromUtf8(&code, text, end);
      if (bytes <= 0) break;
      text += bytes;
      if (code >= 0x20 && font->FindGlyphNoFallback(static_cast<ImWchar>(code)) == nullptr) {
        char line[96];
        std::snprintf(line, sizeof line, "no glyph for U+%04X in \"", code);
        report += line + label.text + "\"\n";
      }
    }
  }
  return report;
}

// [SECTION] Document and derived state ---------------------------------------------------------

void App::load(Document document, std::string path) {
  if (!every_node_placed(document.graph)) auto_layout(document.graph);
  document_ = std::move(document);
  path_ = std::move(path);
  expression_text_ = expression_text(document_.graph);
  expression_error_.reset();
  selected_ = hovered_ = kNoNode;
  step_ = 0;
  progress_ = 1.0f;
  playing_ = false;
  fit_pending_ = true;
  recompute();
  title_ = "gradflow \u2014 " + (path_.empty() ? document_.title
                                                : std::filesystem::path(path_).filename().string());
}

void App::recompute() {
  evaluation_.reset();
  trace_.reset();
  problem_.clear();
  Result<Evaluation> evaluation = evaluate(document_.graph);
  if (!evaluation) {
    problem_ = evaluation.reason();
    view_ = StepView{};
    return;
  }
  evaluation_ = std::move(*evaluation);
  trace_ = make_trace(document_.graph, *evaluation_);
  set_step(step_);  // kept when still valid, clamped otherwise
}

void App::set_step(int step) {
  const int clamped = std::clamp(step, 0, step_count());
  if (clamped != step_) {
    progress_ = 0.0f;  // animate the newly performed step
    hold_ = 0.0f;
  }
  step_ = clamped;
  if (evaluation_ && trace_) view_ = view_at_step(document_.graph, *evaluation_, *trace_, step_);
}

bool App::apply_expression(const std::string& text) {
  ParsedExpression parsed = parse_expression(text);
  if (!parsed.ok()) {
    expression_error_ = parsed.error;
    return false;
  }
  // Variables that existed before keep their values: retyping the expression should not make
  // the teacher set x, y and z again.
  for (NodeId id : parsed.graph.input_nodes()) {
    NodeId old = document_.graph.find_name(parsed.graph.name(id));
    if (old != kNoNode && document_.graph.op(old) == Op::Input && document_.graph.has_value(old))
      parsed.graph.set_param(id, document_.graph.param(old));
    else
      parsed.graph.set_param(id, 1.0);
  }
  Document document;
  document.graph = std::move(parsed.graph);
  document.title = text;
  load(std::move(document), "");
  expression_text_ = text;
  return true;
}

void App::set_input(NodeId id, double value) {
  if (!document_.graph.set_param(id, value)) return;
  const int step = step_;
  const float progress = progress_;
  recompute();
  step_ = std::clamp(step, 0, step_count());
  progress_ = progress;
  if (evaluation_ && trace_) view_ = view_at_step(document_.graph, *evaluation_, *trace_, step_);
}

void App::open_example(const std::string& path) {
  Result<Document> loaded = load_document_file(path);
  if (!loaded) {
    message_ = loaded.reason();
    return;
  }
  load(std::move(*loaded), path);
}

// [SECTION] Animation ----------------------------------------------------------------------------

void App::advance_animation(float dt) {
  const float step_seconds = 0.55f;  // how long a value or gradient takes to travel a wire
  if (progress_ < 1.0f) progress_ = std::min(1.0f, progress_ + dt / step_seconds);
  if (!playing_ || progress_ < 1.0f) return;
  hold_ += dt;
  if (hold_ * steps_per_second_ < 1.0f) return;
  if (step_ >= step_count()) {
    playing_ = false;
    return;
  }
  set_step(step_ + 1);
}

// [SECTION] Frame layout ---------------------------------------------------------------------------

void App::begin_panel(const char* name, Vec2 min, Vec2 size, bool titled) {
  // Panels share the canvas's background (one full-window clear, nearly free on software GL;
  // a scissored clear per panel costs milliseconds there) and are told apart by a thin border.
  const Palette palette = make_palette(theme_);
  const ImU32 border = IM_COL32(palette.grid_strong.r, palette.grid_strong.g, palette.grid_strong.b, 255);
  ImDrawList* list = ImGui::GetForegroundDrawList();
  list->AddRectFilled({min.x, min.y}, {min.x + size.x, min.y + 1}, border);
  list->AddRectFilled({min.x, min.y}, {min.x + 1, min.y + size.y}, border);
  ImGui::SetNextWindowPos({min.x, min.y});
  ImGui::SetNextWindowSize({size.x, size.y});
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                           ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoCollapse;
  if (!titled) flags |= ImGuiWindowFlags_NoDecoration;
  ImGui::Begin(name, nullptr, flags);
}

void App::frame(Vec2 size, float dt, const std::vector<int>& keys_pressed) {
  background_ = make_palette(theme_).background;
  advance_animation(dt);
  handle_keys(keys_pressed);
  menu_bar();
  const float top = ImGui::GetFrameHeight();
  const float scale = content_scale_ * ui_scale_;
  const bool panels = !theme_.presentation;
  const float bar_height = panels ? std::round(48 * scale) : 0;
  const float timeline_height = std::round((panels ? 86 : 64) * scale * (theme_.presentation ? 1.45f : 1.0f));
  const float inspector_width = panels ? std::round(std::min(360 * scale, size.x * 0.34f)) : 0;
  if (panels) expression_bar({0, top}, {size.x, bar_height});
  const float middle_top = top + bar_height;
  const float middle_height = std::max(1.0f, size.y - middle_top - timeline_height);
  if (panels) inspector_panel({size.x - inspector_width, middle_top}, {inspector_width, middle_height});
  canvas_panel({0, middle_top}, {size.x - inspector_width, middle_height});
  timeline_panel({0, size.y - timeline_height}, {size.x, timeline_height});
}

}  // namespace gf::gui
