// background_job.cpp — see background_job.hpp.
#include "background_job.hpp"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace gf {

BackgroundJob::~BackgroundJob() {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !running_; });
    quit_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundJob::start(std::function<void()> job) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !running_; });
  // The thread first: if it cannot start (std::system_error), nothing is left marked running.
  if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
  job_ = std::move(job);
  running_ = true;
  lock.unlock();
  changed_.notify_all();
}

void BackgroundJob::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !running_; });
}

bool BackgroundJob::busy() {
  std::lock_guard lock(mutex_);
  return running_;
}

void BackgroundJob::loop() {
#ifdef __linux__
  // Linux sets a nice value per thread: the frame's own threads (the UI, software GL's
  // rasterizers: docs/ARCHITECTURE.md, "software GL") come first, the job takes what they leave.
  if (priority_ == Priority::Low) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
#endif
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return running_ || quit_; });
    if (quit_ && !running_) return;
    std::function<void()> job = std::move(job_);
    lock.unlock();
    job();  // (a job must not throw: the trainers report failures as a status)
    lock.lock();
    job_ = nullptr;
    running_ = false;
    changed_.notify_all();
  }
}

}  // namespace gf
