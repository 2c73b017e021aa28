// libFuzzer target: the NetCDF readers (matrix, gridded field, variable list, inventory).
// NetCDF-C reads from a path, so each input is written to one scratch file per process.
#include <unistd.h>

#include <fstream>

#include "aqm/emis/inventory_netcdf.hpp"
#include "aqm/io/netcdf.hpp"
#include "fuzz_common.hpp"

namespace {

const std::string& scratch_path() {
  static const std::string path = "/tmp/aqm-fuzz-" + std::to_string(getpid()) + ".nc";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = scratch_path();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  aqm::fuzz::expect_clean([&] {
    for (const std::string& name : aqm::io::netcdf_variables(path)) {
      aqm::fuzz::expect_clean([&] { (void)aqm::io::read_netcdf_matrix(path, name); });
      aqm::fuzz::expect_clean([&] { (void)aqm::io::read_netcdf_field(path, name); });
    }
  });
  aqm::fuzz::expect_clean([&] { (void)aqm::emis::read_inventory_netcdf(path); });
  return 0;
}
