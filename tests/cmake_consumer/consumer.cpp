// Uses the installed library: parse a small table, draw seeded numbers, catch a typed error.
#include <aqm/aqm.hpp>
#ifdef AQM_HAVE_NETCDF
#include <aqm/io/netcdf.hpp>
#endif
#include <cstdio>
#include <string>

int main() {
  const auto m =
      aqm::io::parse_delimited("Date,SO4,NO3\n2020-01-01,1.5,2\n2020-01-02,NA,4\n", "inline.csv");
  if (m.rows() != 2 || m.cols() != 2 || m.missing_count() != 1) return 1;
  aqm::RandomStream a(42, 7), b(42, 7);
  if (a.uniform() != b.uniform()) return 2;
  try {
    (void)aqm::io::parse_delimited("Date,SO4\nx,abc\n", "bad.csv");
    return 3;
  } catch (const aqm::ParseError& e) {
    std::printf("caught as expected: %s\n", e.what());
  }
#ifdef AQM_HAVE_NETCDF
  aqm::io::write_netcdf_matrix("consumer.nc", m, "conc", "concentration");
  if (aqm::io::read_netcdf_matrix("consumer.nc", "conc").rows() != 2) return 4;
#endif
  // The installed library finds its bundled mechanisms without being told where they are.
  const std::string cb6 = aqm::data_path("mechanisms/cb6_aqm.eqn");
  if (cb6.find("cb6_aqm.eqn") == std::string::npos) return 5;
  std::printf("libaqm %s consumer OK (bundled CB6 at %s)\n", aqm::version, cb6.c_str());
  return 0;
}
