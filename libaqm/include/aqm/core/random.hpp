#pragma once
// Seeded random streams that split per work item.
//
// Work item k of a batch draws from RandomStream(seed, k): its numbers depend only on the user
// seed and k, never on which thread runs it or in what order, so results are identical at any
// thread count.  The generator is xoshiro256** (Blackman & Vigna 2018, "Scrambled linear
// pseudorandom number generators"), seeded through SplitMix64 as its authors recommend.
// Distributions are implemented here rather than taken from <random>, whose algorithms differ
// between standard libraries, so the same seed gives the same numbers on every platform.

#include <cmath>
#include <cstdint>
#include <limits>

namespace aqm {

class RandomStream {
 public:
  /// Stream `stream_id` of the family identified by `seed`.
  explicit RandomStream(std::uint64_t seed, std::uint64_t stream_id = 0) {
    // Mix the stream id through its own SplitMix64 step so that neighbouring (seed, id)
    // pairs start far apart.
    std::uint64_t sm = seed;
    std::uint64_t id_mix = stream_id;
    const std::uint64_t salt = splitmix64(id_mix) ^ 0x243F6A8885A308D3ULL;  // pi digits
    sm ^= salt;
    for (auto& word : s_) word = splitmix64(sm);
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // the all-zero state is absorbing
  }

  /// A stream started from an explicit generator state (for tests against reference vectors).
  static RandomStream from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                 std::uint64_t s3) {
    RandomStream r(0);
    r.s_[0] = s0;
    r.s_[1] = s1;
    r.s_[2] = s2;
    r.s_[3] = s3;
    return r;
  }

  /// An independent child stream, e.g. for sub-items of this work item.
  RandomStream split(std::uint64_t child_id) const {
    return RandomStream(s_[0] ^ rotl(s_[2], 17), child_id);
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// Uniform on [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Uniform integer on [0, n), unbiased (Lemire 2019, "Fast random integer generation in an
  /// interval", multiply-and-reject).  n must be > 0.
  std::uint64_t uniform_index(std::uint64_t n) {
    uint128 m = static_cast<uint128>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<uint128>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// Standard normal by the Marsaglia polar method.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

  double normal(double mean, double sd) { return mean + sd * normal(); }

  /// exp(N(mu, sigma)): mu and sigma are the mean and sd of the logarithm.
  double lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

 private:
  __extension__ using uint128 = unsigned __int128;  // GCC/Clang extension, silenced for -Wpedantic
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace aqm
