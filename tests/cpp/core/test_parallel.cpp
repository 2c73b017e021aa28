// Thread-count limits of the batch loop.
#include <doctest/doctest.h>

#include <aqm/core/parallel.hpp>

#include <atomic>
#include <string>
#include <vector>
#include <utility>

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

TEST_CASE("parallel_chains: each chain's steps once and in order, the fullest chain first") {
  // One thread: the order follows the rule by hand.  Lengths {1, 3, 2}: chain 1 has most left
  // (3), then chains 1 and 2 tie at 2 (lowest first), then chain 2 has 2 against 1 and 1, then
  // all tie at 1.
  std::vector<std::pair<std::size_t, std::size_t>> order;
  aqm::parallel_chains({1, 3, 2}, 1,
                       [&](std::size_t c, std::size_t k) { order.emplace_back(c, k); });
  const std::vector<std::pair<std::size_t, std::size_t>> want = {{1, 0}, {1, 1}, {2, 0},
                                                                 {0, 0}, {1, 2}, {2, 1}};
  CHECK(order == want);

  // Several threads: every step exactly once, a chain never runs two steps at once, and its
  // steps come in order.
  const std::vector<std::size_t> lengths = {5, 0, 17, 1, 9, 9, 30};
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> busy(lengths.size());
    std::vector<std::atomic<std::size_t>> done(lengths.size());
    std::atomic<int> overlaps{0}, out_of_order{0};
    std::vector<std::size_t> updates;
    aqm::Progress p;
    p.update = [&](std::size_t d, std::size_t total) { updates.push_back(total + 1000 * d); };
    aqm::parallel_chains(
        lengths, threads,
        [&](std::size_t c, std::size_t k) {
          if (busy[c]++ != 0) ++overlaps;
          if (done[c].load() != k) ++out_of_order;
          for (volatile int spin = 0; spin < 2000; spin = spin + 1) {
          }
          ++done[c];
          --busy[c];
        },
        p);
    CHECK(overlaps == 0);
    CHECK(out_of_order == 0);
    for (std::size_t c = 0; c < lengths.size(); ++c) CHECK(done[c] == lengths[c]);
    REQUIRE(!updates.empty());
    CHECK(updates.back() == 71 + 1000 * 71);  // 71 steps in all, all done
  }
}

TEST_CASE("parallel_chains: a failing step stops the batch and is rethrown, no hang") {
  for (int threads : {1, 2, 4}) {
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH_AS(aqm::parallel_chains({4, 4, 4}, threads,
                                              [&](std::size_t c, std::size_t k) {
                                                ++ran;
                                                if (c == 1 && k == 1)
                                                  throw aqm::InvalidArgument("step 1 of chain 1");
                                              }),
                         "step 1 of chain 1", aqm::InvalidArgument);
    CHECK(ran <= 10);  // chain 1 stops at its failing step
  }
}
