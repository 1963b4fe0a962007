// nn_timeline.hpp — a training run's timeline: snapshots of its TrainerState taken while it
// trains, in bounded memory, so that the run can go back to any earlier step exactly (the lab's
// rewind slider, issue 14).
//
// Snapshots: the run's first step (the base) and every `interval` steps after it. When the
// memory budget is full (limits: bytes and count), every other snapshot goes and the interval
// doubles, so a run of any length fits; the dropped snapshots' vectors are reused, so recording
// allocates nothing once the budget has been filled. Going back to step s restores the nearest
// snapshot at or before s and replays the steps up to s: training is deterministic, so the
// weights, momentum and batch position are bit for bit those the run had at step s.
//
// The timeline follows one trainer. Every call first checks that the trainer is where the
// timeline left it (step, weights, settings, points): if not (a reset, new weights, new settings
// or points, a weight typed in), the steps before can no longer be replayed with what the trainer
// has, so the timeline starts again from the trainer's state now (its base: step 0 after a reset,
// else the step of the change). Training from an earlier step than the latest forks the run:
// the later snapshots are dropped and forked_at() says where.
//
// Not thread-safe: one thread at a time, as the trainer (the lab trains on its job's thread and
// reads the timeline on the frame's, after finish_training).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "nn_train.hpp"

namespace gf::nn {

struct TimelineLimits {
  std::size_t budget_bytes = 64u << 20;  // the snapshots' memory: 64 MB
  int max_snapshots = 4096;              // and their count (more gains little: replay is short)
};

class RunTimeline {
 public:
  explicit RunTimeline(TimelineLimits limits = {}) : limits_(limits) {}

  // [SECTION] Training through the timeline
  // As Trainer::train_steps / train_for, taking the snapshots on the way.
  int train_steps(Trainer& trainer, int count);
  int train_for(Trainer& trainer, std::chrono::nanoseconds budget, int max_count);
  // Forgets everything (a new trainer: the next call starts from its state).
  void clear();

  // [SECTION] Going back
  // Takes the trainer to `step` (clamped to first_step() .. latest_step()): from where it is when
  // that is on the way, else from the nearest snapshot at or before it, replaying the steps
  // between within `budget`. True once the trainer is at the step; false when the budget ran out
  // first (call again: it goes on from there).
  bool seek(Trainer& trainer, int step,
            std::chrono::nanoseconds budget = std::chrono::nanoseconds::max());
  bool at_latest(const Trainer& trainer) const { return trainer.step() == latest_; }

  // [SECTION] What it holds
  bool empty() const { return snapshots_.empty(); }
  int first_step() const { return empty() ? 0 : snapshots_.front().step; }  // the base
  int latest_step() const { return latest_; }   // the furthest step of this branch
  int forked_at() const { return forked_at_; }  // the last fork's step; -1: none
  int interval() const { return interval_; }    // steps between snapshots now
  int snapshot_count() const { return static_cast<int>(snapshots_.size()); }
  int capacity() const { return capacity_; }  // snapshots that fit the limits
  int snapshot_step(int index) const { return snapshots_[static_cast<std::size_t>(index)].step; }
  const TrainerState& snapshot(int index) const {
    return snapshots_[static_cast<std::size_t>(index)];
  }
  std::size_t bytes() const;  // held by the snapshots (kept and spare), ≤ limits.budget_bytes
  const TimelineLimits& limits() const { return limits_; }
  // The evaluations of the latest step's run while the trainer is at an earlier one (its own
  // history stops there): the curves' later part. Empty at the latest step.
  const std::vector<EvaluationRecord>& later_evaluations() const { return later_; }

 private:
  void follow(const Trainer& trainer);  // starts again unless the trainer is where it was left
  void start(const Trainer& trainer);
  void fork_if_behind(const Trainer& trainer);
  void record(const Trainer& trainer);  // a snapshot when the step is on the grid
  void thin();                          // every other snapshot goes; the interval doubles
  void left_at(const Trainer& trainer);
  int nearest_at_or_before(int step) const;  // snapshot index

  TimelineLimits limits_;
  std::vector<TrainerState> snapshots_;  // by step; [0] is the base
  std::vector<TrainerState> spare_;      // dropped ones, their vectors kept for reuse
  int capacity_ = 0, interval_ = 1, latest_ = 0, forked_at_ = -1;
  std::vector<EvaluationRecord> later_;
  // Where the trainer was left: what follow() compares.
  bool following_ = false;
  int left_step_ = 0;
  std::uint64_t left_seed_ = 0;
  std::vector<double> left_parameters_;
  TrainConfig left_config_;
  Dataset left_dataset_;
};

}  // namespace gf::nn
