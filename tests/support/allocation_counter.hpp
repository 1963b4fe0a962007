// allocation_counter.hpp — counts every operator new of the program, so a test can prove that a
// hot path allocates nothing: read allocation_count() before and after it.
//
// The replaceable global operators new and delete are DEFINED here (a replacement may not be
// inline): include this header in exactly one source file of an executable (test_allocation.cpp
// in gradflow_tests, test_nn_allocation.cpp in gradflow_nn_allocation_tests). A second one
// would not link; and since the replacement holds for the whole program, an executable that
// counts must not mind every allocation going through malloc.
//
// Every replaceable form is replaced (the nothrow ones std::stable_sort uses, the aligned ones
// of the batched tape's cache-line rows): a form left to the runtime would free memory this file
// allocated, or the other way round, which AddressSanitizer rightly reports.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

namespace gf::testing {
inline std::atomic<long> allocations{0};
inline long allocation_count() { return allocations.load(); }
}  // namespace gf::testing

void* operator new(std::size_t size) {
  ++gf::testing::allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++gf::testing::allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void* operator new(std::size_t size, std::align_val_t align) {
  ++gf::testing::allocations;
  const std::size_t alignment = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment))
    return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) { return operator new(size, align); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
