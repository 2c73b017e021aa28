// Bindings of aqm/emis/regrid.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_regrid(py::module_& m) {
  // regridding
  py::class_<ConservativeRegridder>(m, "ConservativeRegridder")
      .def(py::init([](LatLonGrid s, LatLonGrid t) {
        py::gil_scoped_release nogil;
        return ConservativeRegridder(std::move(s), std::move(t));
      }))
      .def_property_readonly("source", &ConservativeRegridder::source)
      .def_property_readonly("target", &ConservativeRegridder::target)
      .def_property_readonly("inside_fraction", &ConservativeRegridder::inside_fraction)
      .def("triplets",
           [](const ConservativeRegridder& r) {
             std::vector<long> rows, cols;
             std::vector<double> vals;
             const auto& w = r.weights();
             for (Eigen::Index k = 0; k < w.outerSize(); ++k)
               for (ConservativeRegridder::Weights::InnerIterator it(w, k); it; ++it) {
                 rows.push_back(long(it.row()));
                 cols.push_back(long(it.col()));
                 vals.push_back(it.value());
               }
             return std::make_tuple(rows, cols, vals);
           })
      .def(
          "apply",
          [](const ConservativeRegridder& r,
             py::array_t<double, py::array::c_style | py::array::forcecast> x, bool flux) {
            if (x.ndim() != 2 || std::size_t(x.shape(1)) != r.source().size())
              throw InvalidArgument(argument("regrid"), "input must be (n_fields, n_source_cells)");
            const std::size_t nf = std::size_t(x.shape(0)), ns = r.source().size(),
                              nt = r.target().size();
            std::vector<double> in(x.data(), x.data() + x.size());
            py::array_t<double> out({py::ssize_t(nf), py::ssize_t(nt)});
            std::vector<double> outside(nf);
            double* o = out.mutable_data();
            {
              py::gil_scoped_release nogil;
              for (std::size_t f = 0; f < nf; ++f) {
                std::vector<double> field(in.begin() + long(f * ns),
                                          in.begin() + long((f + 1) * ns));
                RegridStats st;
                auto y = flux ? r.apply_flux(field, &st) : r.apply_extensive(field, &st);
                std::copy(y.begin(), y.end(), o + f * nt);
                outside[f] = st.outside;
              }
            }
            return std::make_tuple(out, outside);
          },
          py::arg("values"), py::arg("flux") = false);
  m.def("regrid", [](const Inventory& inv, const ConservativeRegridder& r) {
    std::vector<double> outside;
    Inventory out;
    {
      py::gil_scoped_release nogil;
      out = regrid(inv, r, &outside);
    }
    return std::make_tuple(out, outside);
  });
}

}  // namespace aqm::python::emis_bindings
