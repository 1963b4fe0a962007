// json_memory.hpp — freeing a large nlohmann JSON value safely when memory has run out.
//
// nlohmann's destructor frees nested values without recursion by first moving every child into
// a new vector, as wide as the widest array. When memory has run out, that allocation throws
// inside a destructor, and an exception leaving a destructor aborts the program: exactly when a
// "not enough memory" message was due. These free a value from its leaves up instead, with no
// allocation at all (callers bound the nesting, so the recursion stays shallow).
#pragma once

#include <iterator>

namespace gf {

template <class JsonValue>
void dismantle_json(JsonValue& value) {
  while (value.is_structured() && !value.empty()) {
    const auto last = std::prev(value.end());
    dismantle_json(*last);
    value.erase(last);  // now a leaf or empty: destroying it allocates nothing
  }
}

// Dismantles a value when the scope ends, on every way out (a refusal, bad_alloc, success).
template <class JsonValue>
class DismantledAtExit {
 public:
  explicit DismantledAtExit(JsonValue& value) : value_(value) {}
  DismantledAtExit(const DismantledAtExit&) = delete;
  DismantledAtExit& operator=(const DismantledAtExit&) = delete;
  ~DismantledAtExit() { dismantle_json(value_); }

 private:
  JsonValue& value_;
};

}  // namespace gf
