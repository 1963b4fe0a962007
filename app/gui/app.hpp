// app.hpp — the gradflow window's state and its frame: an EditableDocument (graph, file, undo
// history), what is derived from it (evaluation, trace, the step view), and the view state of
// the panels and of the canvas editing (selection, drags: canvas_editing.hpp).
//
// Data flows one way: draw first, then edit. While a frame is drawn, panels read the document
// and the state derived from it, and push what the user does as edit commands on `edits_`
// (edit_queue.hpp); the mouse and keys that edit on the canvas go through CanvasEditing
// (canvas_editing.hpp). After drawing, apply_queued_edits() applies them through
// EditableDocument's undoable operations, then a new generation() triggers recompute() and the
// session autosave, once. Only replacing the whole document (load: open, new, an example, the
// session) happens in place, and it derives its own state and drops the queued commands.
// The canvas draws through graph_drawing.hpp. The step position survives recomputation when it
// is still valid.
//
// The panels are small structs with their own state, each in its own file, and a draw(...) that
// reads const views and changes the document only through the edit queue, or returns a small
// request that App carries out after drawing them: CanvasView, PalettePanel, InspectorPanel,
// TimelinePanel, FilesPanel, ExpressionBar, CanvasEditing (docs/ARCHITECTURE.md, "How to add a
// panel"). App holds them and the shared state (the document, what is derived from it, the
// stepping), and keeps the hooks that feed them and apply what they ask: canvas_panel.cpp,
// timeline_panel.cpp (the stepper's moves and keys), files.cpp (new/open/save, session, recent
// files), menu_bar.cpp, and edit_keys (app.cpp: file keys to files.cpp, the rest to editing_).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "canvas_editing.hpp"
#include "canvas_view.hpp"
#include "document.hpp"
#include "edit_queue.hpp"
#include "eval.hpp"
#include "expr.hpp"
#include "expression_bar.hpp"
#include "files_panel.hpp"
#include "fonts.hpp"
#include "history.hpp"
#include "imgui_painter.hpp"
#include "inspector_panel.hpp"
#include "palette_panel.hpp"
#include "session_keeper.hpp"
#include "step_view.hpp"
#include "stepping.hpp"
#include "theme.hpp"
#include "timeline_panel.hpp"

namespace gf::gui {

class LabPanel;  // the classifier lab (lab_panel.hpp)

// How the window should start: chosen by main.cpp from the command line.
struct StartOptions {
  std::string graph_file;                // --graph FILE or a positional FILE
  std::string expression;                // --expr
  std::vector<std::string> assignments;  // --set NAME=VALUE
  std::string step;                      // --step N|forward|end ("" = 0)
  bool presentation = false;
  bool dark = true;
  bool colorblind = false;    // --palette colorblind
  bool quiz = false;          // --quiz: ask the step after --step (see App::quiz_next)
  float ui_scale = 1.0f;      // --ui-scale, times the monitor's content scale
  bool new_document = false;  // --new
  int random_nodes = 0;       // --random N: a random graph of N nodes (benchmarks)
  // The autosaved session: restored when no document is named (and not --new), rewritten
  // after every change; its unsaved work is kept for File > Recover when a named document
  // replaces it. "" = no session (headless modes, tests).
  std::string session_file;
};

// A key pressed since the last frame, with the modifiers held when it was pressed (GLFW_MOD_*):
// xdotool's "ctrl+z" can press and release both keys between two frames.
struct KeyPress {
  int key = 0;
  int mods = 0;
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
  void frame(Vec2 size, float dt, const std::vector<KeyPress>& keys_pressed);
  // The window's close button: quits, or first asks about unsaved changes.
  void request_close();
  // A file dropped onto the window: opened (after asking about unsaved changes).
  void request_open(const std::string& path);

  // ---- For the headless modes -------------------------------------------------------------
  void settle();  // no animation, no picture still being refined
  int step_count() const { return trace_ ? trace_->step_count() : 0; }
  int forward_count() const { return trace_ ? static_cast<int>(trace_->forward.size()) : 0; }
  void set_step(int step);  // jumps there, shown (a quiz question is dropped)
  // Quiz mode (Q, View > Quiz mode, --quiz): "next" first asks the next step's numbers as "?",
  // the press after reveals them. Back drops a question, or steps back as usual.
  void quiz_next();  // the next press: ask, reveal, or (quiz off) step
  void step_back();
  bool quiz() const { return stepping_.quiz; }
  void set_quiz(bool on);
  bool asking() const { return stepping_.asking; }
  void set_playing(bool playing) { stepping_.playing = playing; }
  CanvasTransform& canvas() { return canvas_.transform; }
  void request_fit() { canvas_.fit_pending = true; }
  void view_corner() { canvas_.view_corner(doc_.graph(), content_scale_ * ui_scale_); }
  const std::vector<RecordedLabel>& labels() const { return labels_; }
  void set_record_labels(bool on) { record_labels_ = on; }
  bool fonts_need_rebuild() const { return fonts_dirty_; }
  void rebuild_fonts();  // call between frames; the renderer must re-upload the atlas
  const Document& document() const { return doc_.document(); }
  std::string export_svg() const;
  // Every character drawn on the canvas that the fonts lack (it would show as a box), or "".
  std::string missing_glyphs() const;
  bool wants_quit() const { return quit_; }
  const std::string& window_title() const { return title_; }
  std::string& png_export_request() { return png_request_; }  // main.cpp captures, then clears
  // Deletes the app's own GL objects; call before the GL context goes away.
  void release_gpu_resources() {
    canvas_.release();
    release_lab_gpu_resources();
  }

  // ---- The classifier lab (issue 5; lab_panel.hpp). Hook: App::frame draws the lab instead of
  // the stepper's panels while it is active; the lab's code lives in the lab_*.cpp files.
  LabPanel& lab();  // created on first use
  bool lab_active() const { return lab_active_; }
  bool lab_playing() const;  // the lab is shown and training
  // Something changes with time alone (an animation, the stepper playing, the lab training or
  // refining its picture): the window must keep drawing frames.
  bool animating() const;
  void set_lab_active(bool active) { lab_active_ = active; }
  // The lab's "show graph for this point": the graph opens in the stepper as a new, untitled
  // document (refused with a message while the current document has unsaved changes).
  void show_point_graph(Graph graph, std::string title);

  // The colour to clear the window with before ImGui draws: panels and canvas share it, since
  // one full clear is nearly free (docs/ARCHITECTURE.md, "software GL").
  Color background() const { return background_; }

 private:
  // ---- Document and derived state ---------------------------------------------------------
  // Replaces the document (open, new, example): history, selection and step start afresh.
  // Unsaved work in the current one is kept for File > Recover first; false (the document
  // untouched, a notice saying why) when it could not be kept.
  bool load(EditableDocument doc);
  void recompute();
  // After drawing: the frame's edits applied (after_edit for each), then sync_with_document.
  void apply_queued_edits();
  // What the view does with an applied edit: select what it created, show a rebuilt graph from
  // its start, say why it was refused.
  void after_edit(const AppliedEdit& applied);
  // Recompute when the document changed (edits, undo, a load), autosave, title.
  void sync_with_document();
  void build_graph(Graph parsed, std::string text);  // a parsed expression, as a BuildGraph edit
  void open_example(const std::string& path);

  // ---- Files (files.cpp; the dialogs' state is files_, a FilesPanel) -------------------------
  void ask_then(PendingAction action);  // asks first when there are unsaved changes
  void run_pending();
  void new_document();
  void open_file(const std::string& path);
  bool save(const std::string& path);  // false (with the reason in message_) when it failed
  void save_or_ask();                  // Save: to the file, or Save As when there is none
  void restore_session();
  void autosave_session(bool force);
  // The lab's side of the session (session_keeper.hpp): restored at a start (shown again when
  // it was and `may_show`), autosaved every kLabAutosaveSeconds while it changes (at once when
  // `force`: quitting, a document loaded).
  void restore_lab_session(bool may_show);
  void autosave_lab(bool force);
  static constexpr double kLabAutosaveSeconds = 2.0;
  double lab_saved_at_ = -1e9;
  void open_recovered(const std::string& path);
  void record_item(std::string text);  // --dump-labels: the last ImGui item, for tests to click
  void remember_recent(const std::string& path);
  // The files panel's notice banner (at `notice_at`) and popups, then what was answered.
  void files_frame(Vec2 notice_at, float width);
  void apply_file_answers(const FileAnswers& answers);
  void request_view_png();  // the window as it is, to gradflow-view-N.png in the working folder

  // ---- Editing (the state and the edits: editing_, canvas_editing.hpp) ------------------------
  // Each key press: Ctrl+N/O/S/Q for the files, the rest to editing_.key.
  void edit_keys(const std::vector<KeyPress>& keys_pressed);
  void report(const Status& status);  // a refused edit's reason becomes the message

  // ---- Panels -------------------------------------------------------------------------------
  void menu_bar();  // menu_bar.cpp: File, Edit, Examples, Lab, View
  void file_menu();
  void edit_menu();
  void view_menu();
  void expression_bar(Vec2 min, Vec2 size);
  TimelineView timeline_view() const;  // timeline_panel.cpp: what the timeline reads
  void apply_timeline(const TimelineRequest& request);  // a button's or a key's move
  // The canvas (canvas_panel.cpp): the scene it reads, its view begun, the mouse, then the
  // layers (canvas_view.hpp).
  void canvas_panel(Vec2 min, Vec2 size);
  CanvasScene canvas_scene();
  // The mouse, after the palette's drop, the minimap, the editor and the zoom have seen it.
  Vec2 canvas_mouse(Vec2 size, const CanvasScene& scene);
  void handle_keys(const std::vector<KeyPress>& keys_pressed);
  void on_key(int glfw_key);
  void advance_animation(float dt);

  EditableDocument doc_;
  EditQueue edits_;  // this frame's edits, applied after drawing (apply_queued_edits)
  std::uint64_t synced_generation_ = ~std::uint64_t{0};
  std::optional<Evaluation> evaluation_;
  std::optional<Trace> trace_;
  std::string problem_;  // why the graph cannot be evaluated, shown instead of stepping
  Stepping stepping_;    // the step shown, its animation, playing, quiz mode (stepping.hpp)
  void ask_next_step();

  // The selection, the mouse's state machine, the popups, the layout glide (canvas_editing.hpp).
  CanvasEditing editing_;

  ThemeChoice theme_;
  float content_scale_ = 1.0f;
  float ui_scale_ = 1.0f;
  FontSet fonts_;
  bool fonts_dirty_ = true;

  ExpressionBar expression_;  // the "f = ..." field and its error (expression_bar.hpp)
  bool typing() const;        // a text field has the keyboard, or is about to take it back
  std::string output_candidates_text() const;  // "2 gates have unused outputs (σ, exp): " or
  std::string message_;                        // a transient notice (file errors and such)
  std::vector<std::string> example_files_;

  SessionKeeper session_;
  bool escape_pressed_ = false;  // this frame (from the key queue)
  bool enter_pressed_ = false;   // Return or keypad Enter, likewise

  // ---- The panels with their own state ----
  CanvasView canvas_;  // pan, zoom, Fit, camera, minimap, the GL batches
  PalettePanel palette_;
  InspectorPanel inspector_;
  TimelinePanel timeline_;  // also owns the speed and the canvas's digits
  FilesPanel files_;

  Color background_;
  bool record_labels_ = false;
  std::vector<RecordedLabel> labels_;
  std::string error_;
  std::string title_ = "gradflow";
  std::string png_request_;
  bool quit_ = false;

  // ---- The classifier lab (hook, see lab()) ----
  std::shared_ptr<LabPanel> lab_;
  bool lab_active_ = false;
  void lab_frame(Vec2 size, const std::vector<KeyPress>& keys_pressed);
  void release_lab_gpu_resources();
};

}  // namespace gf::gui
