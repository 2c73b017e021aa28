#include "aqm/io/hdf5.hpp"

#include <hdf5.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "aqm/core/error.hpp"
#include "aqm/io/atomic_output.hpp"

namespace aqm::io {
namespace {

// HDF5 prints its error stack to stderr by default; libaqm never prints, it throws.
struct QuietErrors {
  H5E_auto2_t func = nullptr;
  void* data = nullptr;
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func, &data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func, data); }
};

// Owns one HDF5 identifier.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t), const std::string& path, const std::string& what)
      : id_(id), close_(close) {
    if (id_ < 0) throw FileError(Location{path, 0, 0, what}, "HDF5 call failed");
  }
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void check(herr_t status, const std::string& path, const std::string& what) {
  if (status < 0) throw FileError(Location{path, 0, 0, what}, "HDF5 call failed");
}

void put_attr(hid_t obj, const std::string& name, const std::string& value,
              const std::string& path) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, path, name);
  check(H5Tset_size(type, std::max<std::size_t>(value.size(), 1)), path, name);
  check(H5Tset_cset(type, H5T_CSET_UTF8), path, name);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, path, name);
  Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, path,
              name);
  check(H5Awrite(attr, type, value.empty() ? "" : value.c_str()), path, name);
}

bool get_attr(hid_t obj, const std::string& name, std::string& value, const std::string& path) {
  if (H5Aexists(obj, name.c_str()) <= 0) return false;
  Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, path, name);
  Handle ftype(H5Aget_type(attr), H5Tclose, path, name);
  if (H5Tget_class(ftype) != H5T_STRING) return false;
  if (H5Tis_variable_str(ftype) > 0) {
    Handle mtype(H5Tcopy(H5T_C_S1), H5Tclose, path, name);
    H5Tset_size(mtype, H5T_VARIABLE);
    H5Tset_cset(mtype, H5Tget_cset(ftype));
    char* s = nullptr;
    check(H5Aread(attr, mtype, &s), path, name);
    value = s ? s : "";
    Handle space(H5Aget_space(attr), H5Sclose, path, name);
    H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, &s);
  } else {
    const std::size_t n = H5Tget_size(ftype);
    std::string buf(n, '\0');
    check(H5Aread(attr, ftype, buf.data()), path, name);
    value = buf.substr(0, buf.find('\0'));
  }
  return true;
}

void write_doubles(hid_t group, const std::string& name, const std::vector<hsize_t>& shape,
                   const double* data, const std::string& path) {
  Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose,
               path, name);
  Handle ds(
      H5Dcreate2(group, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, path, name);
  check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), path, name);
}

void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& values,
                   const std::string& path) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, path, name);
  check(H5Tset_size(type, H5T_VARIABLE), path, name);
  check(H5Tset_cset(type, H5T_CSET_UTF8), path, name);
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, path, name);
  Handle ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            H5Dclose, path, name);
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& s : values) ptrs.push_back(s.c_str());
  if (n) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), path, name);
}

std::vector<hsize_t> shape_of(hid_t ds, const std::string& path, const std::string& name) {
  Handle space(H5Dget_space(ds), H5Sclose, path, name);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

std::vector<double> read_doubles(hid_t group, const std::string& name, std::vector<hsize_t>& shape,
                                 const std::string& path) {
  if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0)
    throw KeyError(Location{path, 0, 0, name}, "no such dataset");
  Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, path, name);
  shape = shape_of(ds, path, name);
  std::size_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<double> v(n);
  if (n) check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), path, name);
  return v;
}

std::vector<std::string> read_strings(hid_t group, const std::string& name,
                                      const std::string& path) {
  Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, path, name);
  const auto shape = shape_of(ds, path, name);
  const std::size_t n = shape.empty() ? 0 : shape[0];
  Handle ftype(H5Dget_type(ds), H5Tclose, path, name);
  std::vector<std::string> out;
  if (H5Tget_class(ftype) != H5T_STRING)
    throw InvalidArgument(Location{path, 0, 0, name}, "expected a string dataset");
  if (H5Tis_variable_str(ftype) > 0) {
    Handle mtype(H5Tcopy(H5T_C_S1), H5Tclose, path, name);
    H5Tset_size(mtype, H5T_VARIABLE);
    H5Tset_cset(mtype, H5Tget_cset(ftype));
    std::vector<char*> ptrs(n, nullptr);
    if (n) check(H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), path, name);
    for (auto* p : ptrs) out.emplace_back(p ? p : "");
    Handle space(H5Dget_space(ds), H5Sclose, path, name);
    if (n) H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, ptrs.data());
  } else {
    const std::size_t len = H5Tget_size(ftype);
    std::string buf(n * len, '\0');
    if (n) check(H5Dread(ds, ftype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), path, name);
    for (std::size_t i = 0; i < n; ++i) {
      std::string s = buf.substr(i * len, len);
      out.push_back(s.substr(0, s.find('\0')));
    }
  }
  return out;
}

hid_t open_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw FileNotFound(Location{path}, "no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw FileError(Location{path}, "not an HDF5 file");
  return H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
}

hid_t open_group(hid_t file, const std::string& name, const std::string& path) {
  if (name.empty() || H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0)
    throw KeyError(Location{path, 0, 0, name}, "no such variable in the file");
  return H5Gopen2(file, name.c_str(), H5P_DEFAULT);
}

void check_units(hid_t group, const std::string& name, const std::string& expected,
                 const std::string& path, std::string& found) {
  const bool has = get_attr(group, "units", found, path);
  if (expected.empty()) return;
  if (!has)
    throw UnitError(Location{path, 0, 0, name},
                    "variable has no units attribute; expected '" + expected + "'");
  if (found != expected)
    throw UnitError(Location{path, 0, 0, name},
                    "units are '" + found + "', expected '" + expected + "'");
}

std::vector<std::string> split_dims(const std::string& dims) {
  std::vector<std::string> out;
  std::istringstream in(dims);
  for (std::string d; in >> d;) out.push_back(d);
  return out;
}

}  // namespace

void write_hdf5_matrix(const std::string& path, const LabelledMatrix& m, const std::string& name,
                       const std::string& long_name) {
  AQM_CHECK(!name.empty(), "variable name is empty");
  AQM_CHECK(m.row_dim != "values" && m.col_dim != "values" && m.row_dim != m.col_dim,
            "dimension names must differ from each other and from 'values'");
  QuietErrors quiet;
  AtomicOutput out(path);
  {
    Handle file(H5Fcreate(out.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                H5Fclose, path, "create");
    Handle group(H5Gcreate2(file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                 path, name);
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = m.values();
    write_doubles(group, "values", {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())},
                  rm.data(), path);
    write_strings(group, m.row_dim, m.row_labels(), path);
    write_strings(group, m.col_dim, m.column_labels(), path);
    write_strings(group, "column_units", m.column_units(), path);
    put_attr(group, "units", m.common_units(), path);
    put_attr(group, "long_name", long_name.empty() ? name : long_name, path);
    put_attr(group, "dims", m.row_dim + " " + m.col_dim, path);
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), path, "flush");
  }
  out.commit();
}

LabelledMatrix read_hdf5_matrix(const std::string& path, const std::string& name,
                                const std::string& expected_units) {
  QuietErrors quiet;
  Handle file(open_file(path), H5Fclose, path, "open");
  Handle group(open_group(file, name, path), H5Gclose, path, name);
  std::string units, dims_attr;
  check_units(group, name, expected_units, path, units);
  get_attr(group, "dims", dims_attr, path);
  const auto dims = split_dims(dims_attr);
  if (dims.size() != 2)
    throw InvalidArgument(Location{path, 0, 0, name}, "not a labelled matrix (dims attribute)");
  std::vector<hsize_t> shape;
  const auto flat = read_doubles(group, "values", shape, path);
  if (shape.size() != 2) throw InvalidArgument(Location{path, 0, 0, name}, "values are not 2-D");
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm(
      static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
  std::copy(flat.begin(), flat.end(), rm.data());
  auto col_units = H5Lexists(group, "column_units", H5P_DEFAULT) > 0
                       ? read_strings(group, "column_units", path)
                       : std::vector<std::string>(shape[1], units);
  LabelledMatrix m(Eigen::MatrixXd(rm), read_strings(group, dims[0], path),
                   read_strings(group, dims[1], path), col_units);
  m.row_dim = dims[0];
  m.col_dim = dims[1];
  return m;
}

void write_hdf5_fields(const std::string& path, const std::vector<GriddedField>& fields) {
  AQM_CHECK(!fields.empty(), "no fields to write");
  for (const auto& f : fields) f.validate();
  QuietErrors quiet;
  AtomicOutput out(path);
  {
    Handle file(H5Fcreate(out.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                H5Fclose, path, "create");
    for (const auto& f : fields) {
      Handle group(H5Gcreate2(file, f.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Gclose, path, f.name);
      const Axis* axes[4] = {&f.grid.time, &f.grid.level, &f.grid.y, &f.grid.x};
      std::string dims;
      std::vector<hsize_t> shape;
      for (const Axis* a : axes) {
        write_doubles(group, a->name, {a->size()}, a->values.data(), path);
        Handle ds(H5Dopen2(group, a->name.c_str(), H5P_DEFAULT), H5Dclose, path, a->name);
        put_attr(ds, "units", a->units, path);
        dims += (dims.empty() ? "" : " ") + a->name;
        shape.push_back(a->size());
      }
      write_doubles(group, "values", shape, f.data.data(), path);
      put_attr(group, "units", f.units, path);
      put_attr(group, "long_name", f.long_name.empty() ? f.name : f.long_name, path);
      put_attr(group, "standard_name", f.standard_name, path);
      put_attr(group, "dims", dims, path);
    }
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), path, "flush");
  }
  out.commit();
}

GriddedField read_hdf5_field(const std::string& path, const std::string& name,
                             const std::string& expected_units) {
  QuietErrors quiet;
  Handle file(open_file(path), H5Fclose, path, "open");
  Handle group(open_group(file, name, path), H5Gclose, path, name);
  GriddedField f;
  f.name = name;
  check_units(group, name, expected_units, path, f.units);
  get_attr(group, "long_name", f.long_name, path);
  get_attr(group, "standard_name", f.standard_name, path);
  std::string dims_attr;
  get_attr(group, "dims", dims_attr, path);
  const auto dims = split_dims(dims_attr);
  if (dims.size() != 4)
    throw InvalidArgument(Location{path, 0, 0, name}, "not a gridded field (dims attribute)");
  Axis* axes[4] = {&f.grid.time, &f.grid.level, &f.grid.y, &f.grid.x};
  for (int k = 0; k < 4; ++k) {
    std::vector<hsize_t> shape;
    axes[k]->name = dims[static_cast<std::size_t>(k)];
    axes[k]->values = read_doubles(group, axes[k]->name, shape, path);
    Handle ds(H5Dopen2(group, axes[k]->name.c_str(), H5P_DEFAULT), H5Dclose, path, axes[k]->name);
    axes[k]->units.clear();
    get_attr(ds, "units", axes[k]->units, path);
  }
  std::vector<hsize_t> shape;
  f.data = read_doubles(group, "values", shape, path);
  f.validate();
  return f;
}

}  // namespace aqm::io
