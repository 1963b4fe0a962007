// app.hpp — the gradflow window's state and its frame: a Document (graph + file), what is
// derived from it (evaluation, trace, the step view), and the view state of the panels.
//
// Data flows one way: the document changes only through load/set_input/parse, each followed by
// recompute(); panels read the derived state and queue changes; the canvas draws through
// graph_drawing.hpp. The step position survives recomputation when it is still valid.
//
// Panels live in their own files: canvas_panel.cpp, timeline_panel.cpp, inspector_panel.cpp,
// expression_bar.cpp, menu_bar.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "document.hpp"
#include "eval.hpp"
#include "expr.hpp"
#include "fonts.hpp"
#include "imgui_painter.hpp"
#include "step_view.hpp"
#include "theme.hpp"

namespace gf::gui {

// How the window should start: chosen by main.cpp from the command line.
struct StartOptions {
  std::string graph_file;               // --graph FILE or a positional FILE
  std::string expression;               // --expr
  std::vector<std::string> assignments; // --set NAME=VALUE
  std::string step;                     // --step N|forward|end ("" = 0)
  bool presentation = false;
  bool dark = true;
  float ui_scale = 1.0f;                // --ui-scale, times the monitor's content scale
  bool new_document = false;            // --new
  int random_nodes = 0;                 // --random N: a random graph of N nodes (benchmarks)
};

class App {
 public:
  // Loads what `options` asks for; returns false with `error()` set when that fails.
  bool start(const StartOptions& options, float content_scale);
  const std::string& error() const { return error_; }

  // One frame of UI for a window of `size` pixels; `dt` seconds since the last frame;
  // `keys_pressed`: GLFW key codes pressed (or repeated) since the last frame, in order. They are
  // queued by a callback because a quick tap (a clicker, xdotool) can start and end between two
  // frames, where polling the key state would miss it.
  void frame(Vec2 size, float dt, const std::vector<int>& keys_pressed);

  // ---- For the headless modes -------------------------------------------------------------
  void settle() { progress_ = 1.0f; playing_ = false; }
  int step_count() const { return trace_ ? trace_->step_count() : 0; }
  int forward_count() const { return trace_ ? static_cast<int>(trace_->forward.size()) : 0; }
  void set_step(int step);
  void set_playing(bool playing) { playing_ = playing; }
  CanvasTransform& canvas() { return canvas_; }
  void request_fit() { fit_pending_ = true; }
  void view_corner();  // 100% zoom on the graph's top-left corner
  const std::vector<RecordedLabel>& labels() const { return labels_; }
  void set_record_labels(bool on) { record_labels_ = on; }
  bool fonts_need_rebuild() const { return fonts_dirty_; }
  void rebuild_fonts();  // call between frames; the renderer must re-upload the atlas
  const Document& document() const { return document_; }
  std::string export_svg() const;
  // Every character drawn on the canvas that the fonts lack (it would show as a box), or "".
  std::string missing_glyphs() const;
  bool wants_quit() const { return quit_; }
  const std::string& window_title() const { return title_; }
  std::string& png_export_request() { return png_request_; }  // main.cpp captures, then clears
  // Deletes the app's own GL objects; call before the GL context goes away.
  void release_gpu_resources() { shapes_.release(); }

  // The colour to clear the window with before ImGui draws: panels and canvas share it. On
  // software GL (llvmpipe, the classroom laptop without a driver) a full-window blended quad
  // costs ~10 ms and a scissored clear ~3 ms per megapixel; one full clear is nearly free.
  Color background() const { return background_; }

 private:
  // ---- Document and derived state ---------------------------------------------------------
  void load(Document document, std::string path);
  void recompute();
  bool apply_expression(const std::string& text);  // false: parse error, graph kept
  void set_input(NodeId id, double value);
  void open_example(const std::string& path);

  // ---- Panels (each in its own file) --------------------------------------------------------
  void menu_bar();
  void expression_bar(Vec2 min, Vec2 size);
  void inspector_panel(Vec2 min, Vec2 size);
  void timeline_panel(Vec2 min, Vec2 size);
  void canvas_panel(Vec2 min, Vec2 size);
  void handle_keys(const std::vector<int>& keys_pressed);
  void on_key(int glfw_key);
  void advance_animation(float dt);
  void fit_to_view();

  Document document_;
  std::string path_;
  std::optional<Evaluation> evaluation_;
  std::optional<Trace> trace_;
  std::string problem_;  // why the graph cannot be evaluated, shown instead of stepping
  StepView view_;
  int step_ = 0;
  float progress_ = 1.0f;  // of the current step's animation
  float hold_ = 0.0f;      // seconds spent settled, while playing
  bool playing_ = false;
  float steps_per_second_ = 0.8f;

  CanvasTransform canvas_;
  bool fit_pending_ = true;
  Vec2 last_canvas_size_;
  NodeId hovered_ = kNoNode;
  NodeId selected_ = kNoNode;

  ThemeChoice theme_;
  float content_scale_ = 1.0f;
  float ui_scale_ = 1.0f;
  FontSet fonts_;
  bool fonts_dirty_ = true;
  int decimals_ = 2;

  std::string expression_text_;
  std::optional<ExpressionError> expression_error_;
  std::string message_;  // a transient notice (file errors and such)
  std::vector<std::string> example_files_;

  Color background_;
  // Begins a fixed panel window at min/size with a thin border; its background is the window's
  // clear colour (see background()). `titled` keeps the title bar. Pair with ImGui::End().
  void begin_panel(const char* name, Vec2 min, Vec2 size, bool titled = false);
  ShapeBatch shapes_;  // the canvas's gates and leaves, one instanced draw
  bool record_labels_ = false;
  std::vector<RecordedLabel> labels_;
  std::string error_;
  std::string title_ = "gradflow";
  std::string png_request_;
  std::string svg_path_buffer_;
  bool quit_ = false;
};

}  // namespace gf::gui
