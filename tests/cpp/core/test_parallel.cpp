// Thread-count limits of the batch loop.
#include <doctest/doctest.h>

#include <aqm/core/parallel.hpp>

#include <atomic>
#include <string>
#include <vector>

TEST_CASE("parallel: an absurd thread count is an error naming the limit, not a crash") {
  // Before: --threads 100000 segfaulted inside GOMP_parallel.
  std::vector<int> out(4, 0);
  auto body = [&](std::size_t i) { out[i] = static_cast<int>(i) + 1; };
  CHECK_THROWS_WITH_AS(aqm::parallel_for(out.size(), 100000, body),
                       doctest::Contains("n_threads: 100000 exceeds the limit of"),
                       aqm::InvalidArgument);
  CHECK(out == std::vector<int>{0, 0, 0, 0});  // nothing ran
  CHECK(aqm::max_threads() >= 64);
  CHECK_NOTHROW(aqm::parallel_for(out.size(), aqm::max_threads(), body));
  CHECK(out == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("parallel: more threads than items runs each item once") {
  std::atomic<int> calls{0};
  aqm::parallel_for(3, 64, [&](std::size_t) { ++calls; });
  CHECK(calls == 3);
  aqm::parallel_for(0, 8, [&](std::size_t) { ++calls; });
  CHECK(calls == 3);
}
