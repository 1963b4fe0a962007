// nn_timeline.cpp — the run timeline (see nn_timeline.hpp).
//
// Index
//   [SECTION] Following the trainer
//   [SECTION] Snapshots
//   [SECTION] Training through the timeline
//   [SECTION] Going back
#include "nn_timeline.hpp"

#include <algorithm>

namespace gf::nn {

namespace {

using Clock = std::chrono::steady_clock;

// The settings a step depends on: a change of any of them means the steps before it cannot be
// replayed with the trainer's settings.
bool same_training(const TrainConfig& a, const TrainConfig& b) {
  return a.learning_rate == b.learning_rate && a.schedule == b.schedule &&
         a.regularization == b.regularization && a.lambda == b.lambda &&
         a.regularize_biases == b.regularize_biases && a.momentum == b.momentum &&
         a.batch_size == b.batch_size && a.max_steps == b.max_steps &&
         a.target_loss == b.target_loss && a.seed == b.seed && a.evaluate_every == b.evaluate_every;
}

bool same_points(const Dataset& a, const Dataset& b) {
  return a.x1 == b.x1 && a.x2 == b.x2 && a.label == b.label && a.value == b.value &&
         a.is_test == b.is_test && a.classes == b.classes && a.problem == b.problem;
}

// A budget as a deadline (an unlimited one never comes).
Clock::time_point deadline_after(std::chrono::nanoseconds budget) {
  if (budget >= std::chrono::hours(1)) return Clock::time_point::max();
  return Clock::now() + budget;
}

}  // namespace

// [SECTION] Following the trainer ----------------------------------------------------------------

void RunTimeline::clear() {
  following_ = false;
  for (TrainerState& state : snapshots_) spare_.push_back(std::move(state));
  snapshots_.clear();
  later_.clear();
  latest_ = 0;
  forked_at_ = -1;
  interval_ = 1;
}

void RunTimeline::follow(const Trainer& trainer) {
  const std::span<const double> parameters = trainer.parameters();
  const bool where_left = following_ && trainer.step() == left_step_ &&
                          trainer.model().init_seed == left_seed_ &&
                          std::equal(parameters.begin(), parameters.end(), left_parameters_.begin(),
                                     left_parameters_.end()) &&
                          same_training(trainer.config(), left_config_) &&
                          same_points(trainer.dataset(), left_dataset_);
  if (!where_left) start(trainer);
}

// A new base: the trainer's state now. The snapshots' vectors are kept for the same model size.
void RunTimeline::start(const Trainer& trainer) {
  const std::size_t count = trainer.parameters().size();
  const bool same_size = !snapshots_.empty() && snapshots_.front().parameters.size() == count;
  clear();
  if (!same_size) {
    spare_ = {};
    snapshots_ = {};
  }
  // A snapshot: its parameters and momentum, and its slot in both arrays (kept and spare).
  const std::size_t each = 2 * sizeof(TrainerState) + 2 * count * sizeof(double);
  capacity_ = static_cast<int>(
      std::clamp<std::size_t>(limits_.budget_bytes / each, 2,
                              static_cast<std::size_t>(std::max(limits_.max_snapshots, 2))));
  snapshots_.reserve(static_cast<std::size_t>(capacity_));
  spare_.reserve(static_cast<std::size_t>(capacity_));
  while (static_cast<int>(spare_.size()) > capacity_) spare_.pop_back();
  following_ = true;
  left_config_ = trainer.config();
  left_dataset_ = trainer.dataset();
  latest_ = trainer.step();
  snapshots_.emplace_back();  // the base
  if (!spare_.empty()) {
    std::swap(snapshots_.back(), spare_.back());
    spare_.pop_back();
  }
  trainer.save_state(snapshots_.back());
  left_at(trainer);
}

void RunTimeline::left_at(const Trainer& trainer) {
  left_step_ = trainer.step();
  left_seed_ = trainer.model().init_seed;
  left_parameters_.assign(trainer.parameters().begin(), trainer.parameters().end());
}

// Training from before the latest step: the later steps are another branch now.
void RunTimeline::fork_if_behind(const Trainer& trainer) {
  if (trainer.step() >= latest_) return;
  while (snapshots_.size() > 1 && snapshots_.back().step > trainer.step()) {
    spare_.push_back(std::move(snapshots_.back()));
    snapshots_.pop_back();
  }
  latest_ = forked_at_ = trainer.step();
  later_.clear();
}

// [SECTION] Snapshots ----------------------------------------------------------------------------

void RunTimeline::record(const Trainer& trainer) {
  const int base = first_step();
  auto on_grid = [&](int step) {
    return step > snapshots_.back().step && (step - base) % interval_ == 0;
  };
  if (!on_grid(trainer.step())) return;
  if (static_cast<int>(snapshots_.size()) >= capacity_) {
    thin();
    if (!on_grid(trainer.step())) return;
  }
  snapshots_.emplace_back();  // (within the reserved capacity)
  if (!spare_.empty()) {
    std::swap(snapshots_.back(), spare_.back());
    spare_.pop_back();
  }
  trainer.save_state(snapshots_.back());  // (the reused vectors have the room)
}

void RunTimeline::thin() {
  interval_ *= 2;
  const int base = first_step();
  std::size_t kept = 1;  // the base stays
  for (std::size_t i = 1; i < snapshots_.size(); ++i)
    if ((snapshots_[i].step - base) % interval_ == 0) std::swap(snapshots_[kept++], snapshots_[i]);
  for (std::size_t i = kept; i < snapshots_.size(); ++i) spare_.push_back(std::move(snapshots_[i]));
  snapshots_.resize(kept);
}

std::size_t RunTimeline::bytes() const {
  std::size_t total = (snapshots_.capacity() + spare_.capacity()) * sizeof(TrainerState);
  for (const std::vector<TrainerState>* states : {&snapshots_, &spare_})
    for (const TrainerState& state : *states)
      total += (state.parameters.capacity() + state.velocity.capacity()) * sizeof(double);
  return total;
}

// [SECTION] Training through the timeline --------------------------------------------------------

int RunTimeline::train_steps(Trainer& trainer, int count) {
  follow(trainer);
  fork_if_behind(trainer);
  int done = 0;
  while (done < count && trainer.can_step()) {
    // Up to the next snapshot's step at most.
    const int to_grid = interval_ - (trainer.step() - first_step()) % interval_;
    const int asked = std::min(count - done, to_grid);
    const int ran = trainer.train_steps(asked);
    done += ran;
    record(trainer);
    if (ran < asked) break;
  }
  latest_ = std::max(latest_, trainer.step());
  left_at(trainer);
  return done;
}

int RunTimeline::train_for(Trainer& trainer, std::chrono::nanoseconds budget, int max_count) {
  follow(trainer);
  fork_if_behind(trainer);
  const Clock::time_point start = Clock::now(), deadline = deadline_after(budget);
  int done = 0;
  while (done < max_count && trainer.can_step()) {
    // No piece starts that the last steps' pace says would end past the deadline.
    const Clock::time_point now = Clock::now();
    if (done > 0 && now + (now - start) / done > deadline) break;
    const int to_grid = interval_ - (trainer.step() - first_step()) % interval_;
    const int asked = std::min(max_count - done, to_grid);
    const int ran = trainer.train_for(std::max(deadline - now, Clock::duration::zero()), asked);
    done += ran;
    record(trainer);
    if (ran == 0) break;
  }
  latest_ = std::max(latest_, trainer.step());
  left_at(trainer);
  return done;
}

// [SECTION] Going back ---------------------------------------------------------------------------

int RunTimeline::nearest_at_or_before(int step) const {
  const auto after =
      std::upper_bound(snapshots_.begin(), snapshots_.end(), step,
                       [](int s, const TrainerState& state) { return s < state.step; });
  return std::max(0, static_cast<int>(after - snapshots_.begin()) - 1);
}

bool RunTimeline::seek(Trainer& trainer, int step, std::chrono::nanoseconds budget) {
  follow(trainer);
  step = std::clamp(step, first_step(), latest_);
  if (trainer.step() == step) return true;
  // Leaving the latest step: its curves, for the views (the trainer's own stop at `step`).
  if (trainer.step() == latest_ && later_.empty()) later_ = trainer.evaluation_history();
  const TrainerState& from = snapshots_[static_cast<std::size_t>(nearest_at_or_before(step))];
  const bool on_the_way =
      trainer.step() >= from.step && trainer.step() < step && trainer.can_step();
  if (!on_the_way) (void)trainer.restore_state(from);  // (its size is the trainer's: follow())
  const Clock::time_point deadline = deadline_after(budget);
  while (trainer.step() < step && trainer.can_step()) {
    trainer.train_steps(1);
    if (Clock::now() >= deadline) break;
  }
  left_at(trainer);
  if (trainer.step() == latest_) later_.clear();  // the trainer's history is whole again
  return trainer.step() == step || !trainer.can_step();
}

}  // namespace gf::nn
