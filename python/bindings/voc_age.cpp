// Photochemical-age bindings (aqm._core.voc): OH exposure from a species pair, emission ratio,
// initial concentrations.  Arrays cross as numpy; aqm/voc/age.py adds labels and warnings.
#include <aqm/voc/photochemical_age.hpp>

#include "common.hpp"

namespace aqm::python {

void bind_voc_age(py::module_& voc) {
  voc.def(
      "oh_exposure",
      [](double ratio0, double ratio, double k_fast, double k_slow) {
        return voc::oh_exposure(ratio0, ratio, k_fast, k_slow);
      },
      py::arg("ratio0"), py::arg("ratio"), py::arg("k_fast"), py::arg("k_slow"));
  voc.def(
      "pair_oh_exposure",
      [](const Eigen::VectorXd& fast, const Eigen::VectorXd& slow, double ratio0,
         const Eigen::VectorXd& k_fast, const Eigen::VectorXd& k_slow, double mdl_fast,
         double mdl_slow) {
        const voc::PairExposure r =
            voc::pair_oh_exposure(fast, slow, ratio0, k_fast, k_slow, mdl_fast, mdl_slow);
        std::vector<int> status;
        status.reserve(r.status.size());
        for (const voc::AgeStatus st : r.status) status.push_back(static_cast<int>(st));
        py::dict d;
        d["oh_exposure"] = r.oh_exposure;
        d["status"] = status;
        d["n_clipped"] = r.n_clipped;
        d["n_missing"] = r.n_missing;
        d["n_below_mdl"] = r.n_below_mdl;
        return d;
      },
      py::arg("fast"), py::arg("slow"), py::arg("ratio0"), py::arg("k_fast"), py::arg("k_slow"),
      py::arg("mdl_fast") = 0.0, py::arg("mdl_slow") = 0.0);
  voc.def("emission_ratio", &voc::emission_ratio, py::arg("fast"), py::arg("slow"), py::arg("use"),
          py::arg("percentile"), py::arg("mdl_fast") = 0.0, py::arg("mdl_slow") = 0.0);
  voc.def("initial_concentrations", &voc::initial_concentrations, py::arg("observed"), py::arg("k"),
          py::arg("oh_exposure"));
  const auto as_dict = [](const voc::ExposureEstimate& r) {
    py::dict d;
    d["oh_exposure"] = r.oh_exposure;
    d["sd"] = r.sd;
    return d;
  };
  voc.def(
      "combine_exposures",
      [as_dict](const Eigen::MatrixXd& oh_exposure, const Eigen::MatrixXd& sd) {
        return as_dict(voc::combine_exposures(oh_exposure, sd));
      },
      py::arg("oh_exposure"), py::arg("sd"));
  voc.def(
      "smooth_exposure",
      [as_dict](const Eigen::VectorXd& time, const Eigen::VectorXd& oh_exposure,
                const Eigen::VectorXd& sd, double window) {
        return as_dict(voc::smooth_exposure(time, oh_exposure, sd, window));
      },
      py::arg("time"), py::arg("oh_exposure"), py::arg("sd"), py::arg("window"));
}

}  // namespace aqm::python
