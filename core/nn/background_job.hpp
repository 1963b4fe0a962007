// background_job.hpp — one job at a time on a thread of its own, for a frame loop.
//
// The lab trains while the frame renders: after building its UI (when nothing reads the
// trainers any more) the frame loop start()s the training, and the next frame wait()s for it
// before it reads or changes a trainer again. So a long step (a large network's full batch
// takes milliseconds) overlaps the drawing instead of adding to it, and no lock guards the
// trainers: between start() and wait() only the job touches them. At low priority the job uses
// the cores the frame leaves idle and yields to the frame's own threads.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace gf {

class BackgroundJob {
 public:
  // Low: the thread yields to the process's others (on Linux; elsewhere it runs as they do).
  enum class Priority { Normal, Low };
  explicit BackgroundJob(Priority priority = Priority::Normal) : priority_(priority) {}
  ~BackgroundJob();  // waits for the job, then ends the thread
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // Runs `job` on the thread; waits for the previous one first. The thread starts on first use.
  void start(std::function<void()> job);
  // Returns once no job is running (at once when none was started).
  void wait();
  bool busy();

 private:
  void loop();
  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> job_;  // the job to run, or running; empty when idle
  const Priority priority_;
  bool running_ = false, quit_ = false;
  std::thread thread_;
};

}  // namespace gf
