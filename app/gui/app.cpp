// app.cpp — the document, what is derived from it, and the frame's layout (see app.hpp).
#include "app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "bench_graph.hpp"
#include "caption.hpp"
#include "graph_drawing.hpp"
#include "lab_panel.hpp"
#include "layout.hpp"
#include "session.hpp"

namespace gf::gui {

// [SECTION] Starting ---------------------------------------------------------------------------

namespace {

namespace fs = std::filesystem;

std::string assets_dir() {
#ifdef GRADFLOW_ASSETS_DIR
  if (fs::exists(GRADFLOW_ASSETS_DIR)) return GRADFLOW_ASSETS_DIR;
#endif
  return "assets";
}

// The documents in `folder` (assets/examples), sorted: the Examples menu.
std::vector<std::string> documents_in(const fs::path& folder) {
  std::vector<std::string> files;
  std::error_code ignored;
  if (fs::is_directory(folder, ignored))
    for (const auto& entry : fs::directory_iterator(folder, ignored))
      if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// The first thing a teacher sees: f = (x+y)·z at x=-2, y=5, z=-4 (DESIGN.md example 1), from
// its file, or built here when the file is missing.
Document first_example(const fs::path& examples) {
  if (Result<Document> loaded = load_document_file((examples / "1_add_mul.json").string()))
    return std::move(*loaded);
  Document document;
  document.graph = parse_expression("(x+y)*z").graph;
  document.title = "(x+y)*z";
  for (auto [name, value] : {std::pair{"x", -2.0}, {"y", 5.0}, {"z", -4.0}})
    document.graph.set_param(document.graph.find_name(name), value);
  return document;
}

// The document the command line names (a file, an expression, a random graph, an empty one;
// none named: the first example), with its --set values.
Result<Document> document_asked_for(const StartOptions& options, const fs::path& examples) {
  Document document;
  if (!options.graph_file.empty()) {
    Result<Document> loaded = load_document_file(options.graph_file);
    if (!loaded) return loaded;
    document = std::move(*loaded);
  } else if (!options.expression.empty()) {
    ParsedExpression parsed = parse_expression(options.expression);
    if (!parsed.ok()) return Result<Document>::failure("--expr: " + parsed.error->describe());
    document.graph = std::move(parsed.graph);
    document.title = options.expression;
  } else if (options.random_nodes > 0) {
    document.graph = make_bench_graph(options.random_nodes, 1);
    document.title = "random graph of " + std::to_string(document.graph.node_count()) + " nodes";
  } else if (!options.new_document) {
    document = first_example(examples);
  }
  // A name given twice, an unknown name, a bad value.
  if (Status status = apply_assignments(document.graph, options.assignments); !status)
    return status;
  return document;
}

// --step N|forward|end as a step number.
Result<int> step_asked_for(const std::string& text, int forward_count, int step_count) {
  if (text == "end") return step_count;
  if (text == "forward") return forward_count;
  int step = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), step);
  if (ec != std::errc() || ptr != text.data() + text.size() || step < 0)
    return Result<int>::failure("--step " + text + ": expected a step number, 'forward' or 'end'");
  return step;
}

}  // namespace

bool App::start(const StartOptions& options, float content_scale) {
  theme_.dark = options.dark;
  theme_.presentation = options.presentation;
  theme_.colorblind = options.colorblind;
  stepping_.quiz = options.quiz;
  content_scale_ = content_scale;
  ui_scale_ = options.ui_scale;
  fonts_dirty_ = true;
  const fs::path examples = fs::path(assets_dir()) / "examples";
  example_files_ = documents_in(examples);
  session_.start(options.session_file);
  if (session_.active())
    if (Result<std::vector<std::string>> recent =
            load_recent_files(recent_files_path(session_.path())))
      files_.recent = std::move(*recent);
  const bool names_a_document = !options.graph_file.empty() || !options.expression.empty() ||
                                options.random_nodes > 0 || options.new_document;
  restore_lab_session(!names_a_document);  // (the lab's file is its own: kept either way)
  if (!names_a_document && session_.active()) {
    restore_session();  // the last session comes back as it was (or example 1 the first time)
    if (synced_generation_ != ~std::uint64_t{0}) return true;
  }
  if (names_a_document) session_.set_aside();  // its unsaved work is kept for File > Recover
  Result<Document> document = document_asked_for(options, examples);
  if (!document) {
    error_ = document.reason();
    return false;
  }
  std::string path;
  if (!options.graph_file.empty())
    path = fs::absolute(options.graph_file).lexically_normal().string();
  load(EditableDocument(std::move(*document), path));
  if (!path.empty()) remember_recent(path);
  if (!options.step.empty()) {
    const Result<int> step = step_asked_for(options.step, forward_count(), step_count());
    if (!step) {
      error_ = step.reason();
      return false;
    }
    set_step(*step);
  }
  if (stepping_.quiz) ask_next_step();  // --quiz: what the class sees before the next press
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
    const ImFont* font =
        label.tag.kind == LabelKind::Ui ? fonts_.ui_large : fonts_.canvas_font(1e9f);
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

bool App::load(EditableDocument doc) {
  if (!session_.keep_before_replacing(doc_, stepping_.step,
                                      View{canvas_.transform.offset, canvas_.transform.zoom}))
    return false;
  // A file without positions is laid out, and one without an output gets the obvious one
  // (history.hpp's output rule); neither is an edit.
  const NodeId obvious_output =
      doc.graph().contains(doc.graph().output()) ? kNoNode : sole_unused_gate(doc.graph());
  if (!every_node_placed(doc.graph()) || obvious_output != kNoNode) {
    Document placed = doc.document();
    if (!every_node_placed(placed.graph)) auto_layout(placed.graph);
    if (obvious_output != kNoNode) (void)placed.graph.set_output(obvious_output);
    EditableDocument adjusted(std::move(placed), doc.file_path());
    if (doc.is_modified()) adjusted.mark_modified();
    doc = std::move(adjusted);
  }
  doc_ = std::move(doc);
  expression_.text = expression_text(doc_.graph());
  expression_.error.reset();
  edits_.clear();  // commands queued for the document replaced name its ids
  editing_.reset();
  stepping_.step = 0;
  stepping_.progress = 1.0f;
  stepping_.playing = false;
  canvas_.fit_pending = true;
  recompute();
  synced_generation_ = doc_.generation();
  autosave_session(true);
  return true;
}

void App::recompute() {
  stepping_.asking = false;  // a question about the graph before an edit is no question
  evaluation_.reset();
  trace_.reset();
  problem_.clear();
  Result<Evaluation> evaluation = Result<Evaluation>::failure("");
  try {
    evaluation = evaluate(doc_.graph());
    if (evaluation) trace_ = make_trace(doc_.graph(), *evaluation);
  } catch (const std::bad_alloc&) {  // the document stays as it is: it can still be saved
    trace_.reset();
    evaluation = Result<Evaluation>::failure(
        "not enough memory to evaluate this graph of " + std::to_string(doc_.graph().node_count()) +
        " nodes and record its steps; the document is kept (save it, or remove gates)");
  }
  if (!evaluation) {
    problem_ = evaluation.reason();
    // Say how to fix it in this window.
    if (doc_.graph().output() == kNoNode)
      problem_ = doc_.graph().node_count() == 0
                     ? "the graph is empty: drag gates from the palette, "
                       "or type an expression above"
                     : "no output is chosen: " + output_candidates_text() +
                           "select the gate to differentiate and press O "
                           "(or right-click it \u2192 Set as output)";
    stepping_.view = StepView{};
    return;
  }
  evaluation_ = std::move(*evaluation);
  set_step(stepping_.step);  // kept when still valid, clamped otherwise
}

void App::apply_queued_edits() {
  if (!edits_.empty())
    for (const AppliedEdit& applied : apply_edits(edits_, doc_)) after_edit(applied);
  sync_with_document();
}

void App::after_edit(const AppliedEdit& applied) {
  const EditOutcome& outcome = applied.outcome;
  if (outcome.skipped) return;
  if (!outcome.status) {
    message_ = outcome.status.reason();
  } else if (const auto* built = std::get_if<edit::BuildGraph>(&applied.command)) {
    // A graph typed as an expression starts afresh: nothing selected, step 0, fitted.
    editing_.selection.clear();
    stepping_.step = 0;
    stepping_.progress = 1.0f;
    stepping_.playing = false;
    canvas_.fit_pending = true;
    expression_.text = built->title;
  } else if (!outcome.created.empty()) {
    editing_.select(outcome.created);  // a palette drop, a paste, a duplicate
  }
}

void App::sync_with_document() {
  if (doc_.generation() != synced_generation_) {
    synced_generation_ = doc_.generation();
    // Editing while stepping keeps the step position (and its settled look) when still valid.
    const int step = stepping_.step;
    const float progress = stepping_.progress;
    recompute();
    stepping_.step = std::clamp(step, 0, step_count());
    stepping_.progress = stepping_.step == step ? progress : 1.0f;
    if (evaluation_ && trace_)
      stepping_.view = view_at_step(doc_.graph(), *evaluation_, *trace_, stepping_.step);
    std::erase_if(editing_.selection, [&](NodeId id) { return !doc_.graph().contains(id); });
    if (!editing_.editor.picked_up.valid() && !doc_.in_gesture())
      expression_.text = expression_text(doc_.graph());
  }
  autosave_session(false);
  const std::string name =
      doc_.file_path().empty()
          ? (doc_.document().title.empty() ? "Untitled" : doc_.document().title)
          : std::filesystem::path(doc_.file_path()).filename().string();
  title_ = (doc_.is_modified() ? "*" : "") + name + " \u2014 gradflow";
}

void App::set_step(int step) {
  const int clamped = std::clamp(step, 0, step_count());
  if (clamped != stepping_.step) {
    stepping_.progress = 0.0f;  // animate the newly performed step
    stepping_.hold = 0.0f;
    canvas_.camera.step_taken();
  }
  stepping_.step = clamped;
  stepping_.asking = false;
  if (evaluation_ && trace_)
    stepping_.view = view_at_step(doc_.graph(), *evaluation_, *trace_, stepping_.step);
}

// [SECTION] Quiz mode ---------------------------------------------------------------------------

void App::ask_next_step() {
  if (!evaluation_ || !trace_ || stepping_.step >= step_count()) return;  // nothing left to ask
  stepping_.asked_view = view_at_step(doc_.graph(), *evaluation_, *trace_, stepping_.step + 1);
  stepping_.question = question_between(stepping_.view, stepping_.asked_view);
  stepping_.asking = true;
  stepping_.progress = 0.0f;  // the dot travels to the gate, then its "?" appear
  stepping_.hold = 0.0f;
}

void App::quiz_next() {
  if (stepping_.asking) {
    set_step(stepping_.step + 1);
    stepping_.progress = 1.0f;  // the answers replace the "?" at once: the dot has already arrived
  } else if (stepping_.quiz) {
    ask_next_step();
  } else {
    set_step(stepping_.step + 1);
  }
}

void App::step_back() {
  if (stepping_.asking) {  // take the question back: the step as it was shown
    stepping_.asking = false;
    stepping_.progress = 1.0f;
    return;
  }
  set_step(stepping_.step - 1);
  stepping_.progress = 1.0f;  // stepping back shows the earlier state at once
}

void App::set_quiz(bool on) {
  stepping_.quiz = on;
  if (!on && stepping_.asking) step_back();  // the question goes; the step shown stays
}

std::string App::output_candidates_text() const {
  const Graph& graph = doc_.graph();
  std::vector<std::string> names;
  int count = 0;
  for (NodeId id = 0; id < graph.id_limit(); ++id)
    if (graph.contains(id) && !is_leaf(graph.op(id)) && graph.wires_out(id) == 0 && ++count <= 4)
      names.push_back(node_caption(graph, id));
  if (count < 2) return "";
  std::string text = std::to_string(count) + " gates have unused outputs (";
  for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + names[i];
  return text + (count > 4 ? ", ...): " : "): ");
}

bool App::typing() const { return ImGui::GetIO().WantTextInput || expression_.refocus; }

void App::build_graph(Graph parsed, std::string text) {
  // One undoable edit after drawing (edit_queue.cpp build_graph: values kept, laid out); then
  // after_edit shows it from its start.
  edits_.push(edit::BuildGraph{std::move(parsed), std::move(text)});
}

void App::open_example(const std::string& path) {
  Result<Document> loaded = load_document_file(path);
  if (!loaded) {
    message_ = loaded.reason();
    return;
  }
  // An example opens as a new, untitled document: saving it never overwrites the shipped file.
  load(EditableDocument(std::move(*loaded), ""));
}

// [SECTION] Animation ----------------------------------------------------------------------------

void App::advance_animation(float dt) {
  editing_.layout.advance(dt, edits_);  // nodes gliding to an automatic layout
  const float step_seconds = 0.55f;     // how long a value or gradient takes to travel a wire
  if (stepping_.progress < 1.0f)
    stepping_.progress = std::min(1.0f, stepping_.progress + dt / step_seconds);
  if (!stepping_.playing || stepping_.progress < 1.0f) return;
  stepping_.hold += dt;
  if (stepping_.hold * timeline_.steps_per_second < 1.0f) return;
  if (stepping_.step >= step_count()) {
    stepping_.playing = false;
    return;
  }
  quiz_next();  // in quiz mode playing alternates: a question, then its answers
}

// [SECTION] Frame layout ---------------------------------------------------------------------------

void App::frame(Vec2 size, float dt, const std::vector<KeyPress>& keys_pressed) {
  background_ = make_palette(theme_).background;
  labels_.clear();
  escape_pressed_ = std::any_of(keys_pressed.begin(), keys_pressed.end(),
                                [](const KeyPress& press) { return press.key == GLFW_KEY_ESCAPE; });
  enter_pressed_ = std::any_of(keys_pressed.begin(), keys_pressed.end(), [](const KeyPress& press) {
    return press.key == GLFW_KEY_ENTER || press.key == GLFW_KEY_KP_ENTER;
  });
  if (lab_active_) {  // the classifier lab replaces the stepper's panels
    lab_frame(size, keys_pressed);
    return;
  }
  advance_animation(dt);
  edit_keys(keys_pressed);
  handle_keys(keys_pressed);
  menu_bar();
  const float top = ImGui::GetFrameHeight();
  const float scale = content_scale_ * ui_scale_;
  const bool panels = !theme_.presentation;
  const float bar_height = panels ? std::round(48 * scale) : 0;
  const float timeline_height =
      std::round((panels ? 86 : 64) * scale * (theme_.presentation ? 1.45f : 1.0f));
  const float inspector_width = panels ? std::round(std::min(360 * scale, size.x * 0.34f)) : 0;
  if (panels) expression_bar({0, top}, {size.x, bar_height});
  const float middle_top = top + bar_height;
  const float middle_height = std::max(1.0f, size.y - middle_top - timeline_height);
  const float palette_width = panels ? std::round(std::min(150 * scale, size.x * 0.18f)) : 0;
  std::vector<RecordedLabel>* record = record_labels_ ? &labels_ : nullptr;
  const Palette palette = make_palette(theme_);
  if (panels)
    palette_.draw({0, middle_top}, {palette_width, middle_height},
                  {canvas_.transform, doc_.graph().node_count(), palette.grid_strong, record},
                  edits_);
  if (panels) {
    const Graph& graph = doc_.graph();
    const std::vector<NodeId>& selection = editing_.selection;
    const NodeId shown = graph.contains(editing_.editor.hovered_node) ? editing_.editor.hovered_node
                         : selection.empty()                          ? kNoNode
                                                                      : selection.back();
    inspector_.draw({size.x - inspector_width, middle_top}, {inspector_width, middle_height},
                    {graph, evaluation_ ? &*evaluation_ : nullptr, stepping_.view, problem_, shown,
                     palette, fonts_.ui_large, record},
                    edits_);
  }
  canvas_panel({palette_width, middle_top},
               {size.x - inspector_width - palette_width, middle_height});
  apply_timeline(
      timeline_.draw({0, size.y - timeline_height}, {size.x, timeline_height}, timeline_view()));
  files_frame({0, middle_top}, size.x);
  apply_queued_edits();  // draw first, then edit (edit_queue.hpp)
  session_.frame_drawn();
}

// In the order pressed: Ctrl+N, O, S, Shift+S and Q are the files' (files.cpp), the rest edit.
void App::edit_keys(const std::vector<KeyPress>& keys_pressed) {
  if (typing()) return;
  for (const KeyPress& press : keys_pressed) {
    const bool ctrl = (press.mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0;
    const bool shift = (press.mods & GLFW_MOD_SHIFT) != 0;
    const int key = press.key;
    if (ctrl && key == GLFW_KEY_N)
      ask_then({PendingAction::New, ""});
    else if (ctrl && key == GLFW_KEY_O)
      ask_then({PendingAction::Open, ""});
    else if (ctrl && key == GLFW_KEY_S && !shift)
      save_or_ask();
    else if (ctrl && key == GLFW_KEY_S && shift)
      files_.ask_save_as(doc_.file_path());
    else if (ctrl && key == GLFW_KEY_Q)
      request_close();
    else
      report(editing_.key(key, press.mods, {doc_, theme_.presentation}, canvas_.transform, edits_));
  }
}

void App::report(const Status& status) {
  if (!status) message_ = status.reason();
}

// [SECTION] The classifier lab (issue 5 hook: the lab itself is in lab_*.cpp) ------------------

void App::settle() {
  stepping_.progress = 1.0f;
  stepping_.playing = false;
  editing_.layout.finish(edits_);
  apply_queued_edits();  // between frames: the glide's end lands now
  canvas_.camera.settle();
  if (lab_) lab_->settle();
}

bool App::lab_playing() const { return lab_active_ && lab_ && lab_->state.playing; }

bool App::animating() const {
  if (lab_active_) return lab_ && (lab_->state.playing || lab_->refining());
  return stepping_.playing || stepping_.progress < 1.0f || editing_.layout.gliding() ||
         canvas_.camera.gliding();
}

LabPanel& App::lab() {
  if (!lab_) lab_ = std::make_shared<LabPanel>();
  return *lab_;
}

void App::lab_frame(Vec2 size, const std::vector<KeyPress>& keys_pressed) {
  LabPanel& panel = lab();
  for (const KeyPress& press : keys_pressed)  // even over a dialog, as the stepper's (handle_keys)
    if (press.key == GLFW_KEY_F12) request_view_png();
  if (!ImGui::GetIO().WantTextInput)  // not while typing in a field
    for (const KeyPress& press : keys_pressed) {
      if (press.key != GLFW_KEY_F12 &&
          (press.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)) == 0)
        panel.on_key(press.key);
      // Ctrl+Q quits as in the stepper (edit_keys): unsaved changes asked about first.
      const bool ctrl = (press.mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0;
      if (press.key == GLFW_KEY_Q && ctrl) request_close();
      // Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y: the lab's weight edits.
      if (ctrl && (press.key == GLFW_KEY_Z || press.key == GLFW_KEY_Y))
        panel.on_undo_key(press.key == GLFW_KEY_Y || (press.mods & GLFW_MOD_SHIFT) != 0);
    }
  menu_bar();
  const float top = ImGui::GetFrameHeight();
  LabFrame frame;
  frame.fonts = &fonts_;
  frame.palette = make_palette(theme_);
  frame.dark = theme_.dark;
  frame.scale = content_scale_ * ui_scale_ * (theme_.presentation ? 1.45f : 1.0f);  // as the fonts
  frame.presentation = theme_.presentation;
  frame.record = record_labels_ ? &labels_ : nullptr;
  frame.escape = escape_pressed_;
  frame.enter = enter_pressed_;
  panel.draw({0, top}, {size.x, std::max(1.0f, size.y - top)}, frame);
  if (std::optional<nn::PointGraph> graph = panel.take_graph_request()) {
    char title[64];
    std::snprintf(title, sizeof title, "loss of point %d", panel.state.chosen_point);
    show_point_graph(std::move(graph->graph), title);
  }
  files_frame({0, top}, size.x);
  apply_queued_edits();
  session_.frame_drawn();
  // Last: the training runs on its thread while this frame renders (lab_state.hpp).
  panel.state.train_in_background();
}

void App::show_point_graph(Graph graph, std::string title) {
  if (doc_.is_modified()) {
    message_ = "The stepper's document has unsaved changes: save it (Ctrl+S) first.";
    return;
  }
  Document document;
  document.graph = std::move(graph);
  document.title = std::move(title);
  if (load(EditableDocument(std::move(document), ""))) lab_active_ = false;
}

void App::release_lab_gpu_resources() {
  if (lab_) lab_->release_gpu_resources();
}

}  // namespace gf::gui
