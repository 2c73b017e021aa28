// Writes the seed corpora that are binary or derived: small NetCDF files of each layout the
// readers accept (matrix with shared and mixed units, gridded field, place and gridded
// inventories) and the history JSON those inventories carry.  Usage: make_netcdf_seeds DIR
#include <filesystem>
#include <fstream>
#include <iostream>

#include "aqm/emis/detail/history_json.hpp"
#include "aqm/emis/inventory_netcdf.hpp"
#include "aqm/io/netcdf.hpp"

namespace fs = std::filesystem;

namespace {

aqm::emis::Inventory place_inventory() {
  aqm::emis::Inventory inv({"power", "industry/boiler"}, {"SO2", "NOx"}, {"Xihu", "Binjiang"},
                           aqm::emis::TimeResolution::annual, {"t/yr", "kg"}, 2020);
  inv.at(0, 0, 0) = 1.5;
  inv.at(1, 1, 1) = 2.25;
  inv.record({"read_csv", "inventory.csv", {}});
  inv.record({"scale", "", {{"factor", "0.5"}, {"note", "tab\t \"q\" \\ \xc3\xa9"}}});
  return inv;
}

aqm::emis::Inventory grid_inventory() {
  const aqm::emis::LatLonGrid grid{{118.0, 118.5, 119.0}, {29.0, 29.5}};
  auto inv = aqm::emis::Inventory::on_grid({"power"}, {"CO"}, grid,
                                           aqm::emis::TimeResolution::monthly, {"t"}, 2021);
  inv.at(0, 0, 1, 2) = 3.0;
  return inv;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_netcdf_seeds DIR\n";
    return 2;
  }
  const fs::path netcdf = fs::path(argv[1]) / "fuzz_netcdf";
  const fs::path json = fs::path(argv[1]) / "fuzz_history_json";
  fs::create_directories(netcdf);
  fs::create_directories(json);

  Eigen::MatrixXd values(2, 3);
  values << 1.0, 2.0, std::nan(""), 4.0, 5.0, 6.0;
  aqm::LabelledMatrix shared(values, {"s1", "s2"}, {"Ca", "Zn", "Pb"}, {"ug/m3", "ug/m3", "ug/m3"});
  aqm::io::write_netcdf_matrix((netcdf / "matrix.nc").string(), shared, "conc", "test");
  aqm::LabelledMatrix mixed(values, {"s1", "s2"}, {"Ca", "NO2", "T"}, {"ug/m3", "ppb", "K"});
  aqm::io::write_netcdf_matrix((netcdf / "mixed_units.nc").string(), mixed, "obs", "test");

  aqm::GriddedField field;
  field.name = "NOx";
  field.units = "kg m-2 s-1";
  field.grid.y.values = {29.0, 29.5};
  field.grid.x.values = {118.0, 118.5, 119.0};
  field.data = {1, 2, 3, 4, 5, 6};
  aqm::io::write_netcdf_fields((netcdf / "field.nc").string(), {field});

  const auto places = place_inventory();
  aqm::emis::write_inventory_netcdf((netcdf / "inventory_places.nc").string(), places);
  aqm::emis::write_inventory_netcdf((netcdf / "inventory_grid.nc").string(), grid_inventory());
  std::ofstream(json / "history.json") << aqm::emis::detail::history_to_json(places.history());
  return 0;
}
