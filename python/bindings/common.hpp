#pragma once
// Shared helpers for the binding files: matrix conversion, GIL-aware progress and Ctrl-C.

#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <aqm/core.hpp>

namespace aqm::python {
namespace py = pybind11;

/// A LabelledMatrix crosses the boundary as a plain tuple; aqm/io.py builds DataFrames from it.
using MatrixTuple = std::tuple<Eigen::MatrixXd, std::vector<std::string>, std::vector<std::string>,
                               std::vector<std::string>, std::string, std::string>;

inline MatrixTuple to_tuple(const LabelledMatrix& m) {
  return {m.values(), m.row_labels(), m.column_labels(), m.column_units(), m.row_dim, m.col_dim};
}

inline LabelledMatrix from_tuple(const MatrixTuple& t) {
  LabelledMatrix m(std::get<0>(t), std::get<1>(t), std::get<2>(t), std::get<3>(t));
  if (!std::get<4>(t).empty()) m.row_dim = std::get<4>(t);
  if (!std::get<5>(t).empty()) m.col_dim = std::get<5>(t);
  return m;
}

/// Progress hooks for a C++ batch running with the GIL released.  They take the GIL only when
/// called (between work items, on the calling thread), report to an optional Python callable
/// and check for Ctrl-C; a pending Python exception is kept and re-raised after the batch.
class PyProgress {
 public:
  explicit PyProgress(py::object callback) : callback_(std::move(callback)) {}

  Progress hooks() {
    Progress p;
    p.update = [this](std::size_t done, std::size_t total) {
      if (callback_.is_none() || error_) return;
      py::gil_scoped_acquire gil;
      try {
        callback_(done, total);
      } catch (py::error_already_set& e) {
        error_ = std::make_shared<py::error_already_set>(std::move(e));
      }
    };
    p.should_stop = [this]() {
      if (error_) return true;
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) error_ = std::make_shared<py::error_already_set>();
      return static_cast<bool>(error_);
    };
    return p;
  }

  /// Call after catching aqm::Cancelled: re-raises the Python error that caused the stop.
  [[noreturn]] void rethrow_cancel() {
    if (error_) throw *error_;
    throw Cancelled("cancelled");
  }

 private:
  py::object callback_;
  std::shared_ptr<py::error_already_set> error_;
};

/// Run `work` without the GIL; a Ctrl-C or a failing progress callback stops it.
template <class Work>
auto run_without_gil(py::object progress_callback, Work&& work) {
  PyProgress progress(std::move(progress_callback));
  try {
    py::gil_scoped_release nogil;
    return work(progress.hooks());
  } catch (const Cancelled&) {
    progress.rethrow_cancel();
  }
}

void bind_errors(py::module_& m);
void bind_core(py::module_& m);
void bind_io(py::module_& m);
void bind_pmf(py::module_& m);
void bind_emis(py::module_& m);
void bind_chem(py::module_& m);
void bind_box(py::module_& m);
void bind_species(py::module_& m);
void bind_voc(py::module_& voc);      // voc.cpp: identification, profile library
void bind_voc_age(py::module_& voc);  // voc_age.cpp: photochemical age

}  // namespace aqm::python
