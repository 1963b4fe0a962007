// frame_loop.cpp — a frame in its steps: UI, render, outputs, swap; and the idle wait.
#include "frame_loop.hpp"

#include <epoxy/gl.h>
// epoxy first: it must define the GL prototypes before GLFW looks for them.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <cfloat>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <utility>

#include "frame_capture.hpp"
#include "lab_panel.hpp"

namespace gf::gui {
namespace {

// What a frame drew, as a number: equal numbers, the same vertices, indices, textures and clip
// rectangles (an idle window: see FrameLoop::idle).
std::size_t hash_of(const ImDrawData* data) {
  std::size_t hash = 0;
  auto mix = [&hash](std::string_view bytes) {
    hash ^=
        std::hash<std::string_view>()(bytes) + 0x9E3779B97F4A7C15ull + (hash << 6) + (hash >> 2);
  };
  auto bytes_of = [](const auto& vector) {
    return std::string_view(reinterpret_cast<const char*>(vector.Data),
                            static_cast<std::size_t>(vector.Size) * sizeof(vector.Data[0]));
  };
  for (int i = 0; data != nullptr && i < data->CmdListsCount; ++i) {
    const ImDrawList* list = data->CmdLists[i];
    mix(bytes_of(list->VtxBuffer));
    mix(bytes_of(list->IdxBuffer));
    for (const ImDrawCmd& command : list->CmdBuffer) {
      const float fields[] = {command.ClipRect.x,
                              command.ClipRect.y,
                              command.ClipRect.z,
                              command.ClipRect.w,
                              static_cast<float>(command.ElemCount),
                              static_cast<float>(command.IdxOffset)};
      mix(std::string_view(reinterpret_cast<const char*>(fields), sizeof fields));
      const std::intptr_t texture = reinterpret_cast<std::intptr_t>(command.TextureId);
      mix(std::string_view(reinterpret_cast<const char*>(&texture), sizeof texture));
    }
  }
  return hash;
}

// A picture must not depend on where the X pointer happens to be.
void hide_pointer(ImGuiIO& io) {
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  for (bool& down : io.MouseDown) down = false;
  io.MouseWheel = io.MouseWheelH = 0;
}

}  // namespace

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

FrameLoop::FrameLoop(App& app, GuiWindow& window, const GuiOptions& options)
    : app_(app), window_(window), options_(options) {}

// [SECTION] One frame ----------------------------------------------------------------------------

void FrameLoop::run_frame(bool capture_png, FrameSplit* split, double wait) {
  if (wait > 0) glfwWaitEventsTimeout(wait);
  const Clock::time_point frame_start = Clock::now();
  if (wait <= 0) glfwPollEvents();
  shown_size_ = build_ui();
  if (split) split->ui_ms = ms_since(frame_start);
  const Clock::time_point render_start = Clock::now();
  const Framebuffer framebuffer = render();
  if (split) {
    glFinish();
    split->render_ms = ms_since(render_start);
  }
  const Clock::time_point present_start = Clock::now();
  write_outputs(capture_png, framebuffer);
  if (app_.lab_playing()) {  // the lab's training budget follows the frame's work (lab_state.hpp)
    glFinish();              // the rendering counts; the swap's wait for the display does not
    app_.lab().state.report_frame_work(ms_since(frame_start));
  }
  glfwSwapBuffers(window_.handle());
  if (split) {
    glFinish();
    split->present_ms = ms_since(present_start);
  }
  show_title();
}

// Fonts, input, the app's frame, ImGui::Render. Returns the display size.
ImVec2 FrameLoop::build_ui() {
  if (app_.fonts_need_rebuild()) {
    app_.rebuild_fonts();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  const float dt = seconds_since_last_frame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  const bool paced_input = window_.input().deliver(ImGui::GetIO());
  if (options_.headless) hide_pointer(ImGui::GetIO());
  note_input(paced_input);
  ImGui::NewFrame();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  app_.frame({display.x, display.y}, dt, window_.keys_pressed());
  window_.keys_pressed().clear();
  ImGui::Render();
  const std::size_t drawn = hash_of(ImGui::GetDrawData());
  unchanged_frames_ = drawn == last_drawn_ ? unchanged_frames_ + 1 : 0;
  last_drawn_ = drawn;
  return display;
}

float FrameLoop::seconds_since_last_frame() {
  const Clock::time_point now = Clock::now();
  const float dt = std::chrono::duration<float>(now - last_frame_).count();
  last_frame_ = now;
  return dt;
}

// Any input this frame (keys, characters, the mouse moving, pressed or scrolled)?
void FrameLoop::note_input(bool paced_input) {
  const ImGuiIO& io = ImGui::GetIO();
  bool input = !window_.keys_pressed().empty() || paced_input || io.InputQueueCharacters.Size > 0 ||
               io.MouseWheel != 0 || io.MouseWheelH != 0 || io.MousePos.x != last_mouse_.x ||
               io.MousePos.y != last_mouse_.y;
  for (const bool down : io.MouseDown) input |= down;
  if (input) last_input_ = Clock::now();
  last_mouse_ = io.MousePos;
}

FrameLoop::Framebuffer FrameLoop::render() {
  Framebuffer framebuffer;
  glfwGetFramebufferSize(window_.handle(), &framebuffer.width, &framebuffer.height);
  glViewport(0, 0, framebuffer.width, framebuffer.height);
  const Color background = app_.background();  // panels and canvas share it
  glClearColor(background.r / 255.f, background.g / 255.f, background.b / 255.f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  return framebuffer;
}

// [SECTION] What a frame writes ------------------------------------------------------------------

void FrameLoop::write_outputs(bool capture_png, Framebuffer framebuffer) {
  if (capture_png && !options_.screenshot.empty())
    report_write(write_framebuffer_png(options_.screenshot, framebuffer.width, framebuffer.height));
  std::string& png_request = app_.png_export_request();
  if (!png_request.empty()) {  // F12: a failure is said, but does not end the window
    if (const Status written =
            write_framebuffer_png(png_request, framebuffer.width, framebuffer.height);
        !written)
      std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
    png_request.clear();
  }
  if (!options_.dump_labels.empty() && !options_.every_step) dump_labels_if_changed();
}

// --dump-labels: rewritten whenever what is drawn changes.
void FrameLoop::dump_labels_if_changed() {
  std::string labels =
      labels_json(app_.labels(), static_cast<int>(shown_size_.x), static_cast<int>(shown_size_.y));
  if (labels == last_labels_) return;
  report_write(write_scratch_file(options_.dump_labels, labels));
  last_labels_ = std::move(labels);
}

void FrameLoop::report_write(const Status& written) {
  if (written) return;
  write_failed_ = true;
  if (written.reason() != last_write_failure_)
    std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
  last_write_failure_ = written.reason();
}

void FrameLoop::show_title() {
  if (app_.window_title() == shown_title_) return;
  shown_title_ = app_.window_title();
  glfwSetWindowTitle(window_.handle(), shown_title_.c_str());
}

// [SECTION] The live window ----------------------------------------------------------------------

void FrameLoop::run_until_quit() {
  while (!app_.wants_quit()) {
    if (glfwWindowShouldClose(window_.handle())) {  // the close button: the app may ask first
      glfwSetWindowShouldClose(window_.handle(), GLFW_FALSE);
      app_.request_close();
    }
    if (const std::vector<std::string> dropped = window_.take_dropped_files(); !dropped.empty())
      app_.request_open(dropped.back());
    run_frame(false, nullptr, idle() ? 0.5 : 0.0);
  }
}

// Idle: half a second after the last input, once a few frames in a row drew the same picture and
// nothing moves on its own (training, an animation, a picture refined over frames), wait for
// input instead of drawing the same frame 60 times a second; half a second at most, for what
// changes with time alone (the text cursor's blink). (Half a second: what a click or a key sets
// going, such as a double click or a field taking focus, plays out over the next frames before
// the window waits.)
bool FrameLoop::idle() const {
  return unchanged_frames_ >= 3 && ms_since(last_input_) > 500 && !app_.animating() &&
         !window_.input().pending();
}

}  // namespace gf::gui
