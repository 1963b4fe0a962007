// result.hpp — how core operations say "done" or "refused, because ...".
// Every edit, load or parse that can refuse returns one of these; the reason is a sentence
// meant for the user (it names what and where), never an error code.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace gf {

// The outcome of an operation with no value: ok, or the reason it was refused.
class Status {
 public:
  static Status success() { return Status(); }
  static Status failure(std::string reason) { return Status(std::move(reason)); }

  bool ok() const { return reason_.empty(); }
  explicit operator bool() const { return ok(); }
  const std::string& reason() const { return reason_; }

 private:
  Status() = default;
  explicit Status(std::string reason) : reason_(std::move(reason)) {
    if (reason_.empty()) reason_ = "unknown error";
  }
  std::string reason_;
};

// The outcome of an operation that produces a T: the value, or the reason there is none.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(Status failure) : reason_(failure.reason()) {}  // NOLINT
  static Result failure(std::string reason) { return Result(Status::failure(std::move(reason))); }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const std::string& reason() const { return reason_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  std::string reason_;
};

}  // namespace gf
