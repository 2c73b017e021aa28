// Bindings of aqm/emis/pipeline.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_pipeline(py::module_& m) {
  // fused day pipeline
  m.def(
      "day_pipeline",
      [](const Inventory& inv, const std::string& pollutant, int year, int month, int day,
         std::vector<int> utc_offset, std::map<std::string, TemporalProfile> temporal,
         std::vector<SpeciationProfile> profiles, std::map<std::string, std::string> assignment,
         SpeciesMapping mechanism, const std::string& output, const std::string& basis,
         const std::string& unit,
         std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>> scale,
         const std::string& dtype, int n_threads, std::optional<py::array> out, py::object progress,
         std::optional<Scenario> scenario) {
        DayPipelineOptions o;
        o.pollutant = pollutant;
        o.year = year;
        o.month = month;
        o.day = day;
        o.utc_offset_hours = std::move(utc_offset);
        o.temporal = std::move(temporal);
        o.profiles = std::move(profiles);
        o.assignment = std::move(assignment);
        o.mechanism = std::move(mechanism);
        o.output = output_from(output);
        o.basis = basis_from(basis);
        o.unit = unit;
        o.n_threads = n_threads;
        if (scale) o.scale.assign(scale->data(), scale->data() + scale->size());
        o.scenario = std::move(scenario);
        if (dtype != "float32" && dtype != "float64")
          throw InvalidArgument(argument("dtype"),
                                "must be 'float32' or 'float64', got '" + dtype + "'");
        std::unique_ptr<DayPipeline> pipe;
        {
          py::gil_scoped_release nogil;
          pipe = std::make_unique<DayPipeline>(inv, std::move(o));
        }
        std::vector<py::ssize_t> shape{24, py::ssize_t(pipe->n_species())};
        if (inv.grid()) {
          shape.push_back(py::ssize_t(inv.grid()->ny()));
          shape.push_back(py::ssize_t(inv.grid()->nx()));
        } else {
          shape.push_back(py::ssize_t(inv.n_places()));
        }
        const bool single = dtype == "float32";
        py::array result;
        void* target = nullptr;
        if (out) {
          py::array a = *out;
          const bool ok_type =
              single ? a.dtype().is(py::dtype::of<float>()) : a.dtype().is(py::dtype::of<double>());
          if (!ok_type) throw InvalidArgument(argument("out"), "dtype must be " + dtype);
          if (!(a.flags() & py::array::c_style) || !a.writeable())
            throw InvalidArgument(argument("out"), "must be a writeable C-contiguous array");
          if (std::size_t(a.size()) != pipe->size())
            throw InvalidArgument(argument("out"), "needs " + std::to_string(pipe->size()) +
                                                       " values (24 x species x places), got " +
                                                       std::to_string(a.size()));
          target = a.mutable_data();
          result = a;
        } else if (single) {
          auto buf = allocate_output<float>(pipe->size());  // uninitialised: run writes every value
          target = buf.get();
          result = adopt_buffer(std::move(buf), shape);
        } else {
          auto buf = allocate_output<double>(pipe->size());
          target = buf.get();
          result = adopt_buffer(std::move(buf), shape);
        }
        run_without_gil(progress, [&](const Progress& hooks) {
          if (single) pipe->run(static_cast<float*>(target), hooks);
          else pipe->run(static_cast<double*>(target), hooks);
          return 0;
        });
        return py::make_tuple(result, pipe->species(), pipe->unit());
      },
      py::arg("inventory"), py::arg("pollutant"), py::arg("year"), py::arg("month"), py::arg("day"),
      py::arg("utc_offset_hours"), py::arg("temporal"), py::arg("profiles"), py::arg("assignment"),
      py::arg("mechanism"), py::arg("output") = "moles", py::arg("basis") = "mechanism",
      py::arg("unit") = "mol s-1", py::arg("scale") = py::none(), py::arg("dtype") = "float32",
      py::arg("n_threads") = 0, py::arg("out") = py::none(), py::arg("progress") = py::none(),
      py::arg("scenario") = py::none());
}

}  // namespace aqm::python::emis_bindings
