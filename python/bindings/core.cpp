// Logging hand-off, thread control and seeded streams.
#include <csignal>

#include "common.hpp"

namespace aqm::python {
namespace {

// The Python callable that receives C++ log records.  Held by a leaked pointer: a py::object
// destroyed after interpreter shutdown would crash.
py::object* log_handler = nullptr;

void set_log_handler(py::object handler) {
  if (handler.is_none()) {
    set_log_sink({});
    return;
  }
  if (!log_handler) log_handler = new py::object();
  *log_handler = std::move(handler);
  set_log_sink([](LogLevel level, std::string_view message) {
    if (!Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    try {
      (*log_handler)(static_cast<int>(level), std::string(message));
    } catch (py::error_already_set& e) {
      // A failing handler must not break the computation that logged; but a signal handler
      // that ran during the call (Ctrl-C, aqm._atomic's SIGTERM) raised here, and swallowing
      // that would lose the signal: trip it again for the next check.
      if (e.matches(PyExc_KeyboardInterrupt)) PyErr_SetInterruptEx(SIGINT);
      if (e.matches(PyExc_SystemExit)) PyErr_SetInterruptEx(SIGTERM);
    }
  });
}

}  // namespace

void bind_core(py::module_& m) {
  m.def("_set_log_handler", &set_log_handler, py::arg("handler"),
        "Route C++ log records to handler(level: int, message: str); None disables.");
  m.def(
      "_log", [](int level, const std::string& msg) { log(static_cast<LogLevel>(level), msg); },
      "Emit a record through the C++ sink (for tests).");
  m.def("default_threads", &default_threads,
        "Threads a batch uses when n_threads is None: OpenMP's default (all cores, "
        "OMP_NUM_THREADS or a threadpoolctl limit).");
  m.def("have_openmp", &have_openmp, "True when batches run on several threads.");
  m.def(
      "_random_uniform",
      [](std::uint64_t seed, std::uint64_t stream, std::size_t n) {
        RandomStream r(seed, stream);
        std::vector<double> out(n);
        for (auto& x : out) x = r.uniform();
        return out;
      },
      py::arg("seed"), py::arg("stream"), py::arg("n"));
  m.def(
      "_parallel_sum_test",
      [](std::size_t n_items, int n_threads, std::size_t work, py::object progress) {
        return run_without_gil(std::move(progress), [&](const Progress& hooks) {
          std::vector<double> out(n_items);
          parallel_for(
              n_items, n_threads,
              [&](std::size_t i) {
                RandomStream r(1, i);
                double acc = 0;
                for (std::size_t k = 0; k < work; ++k) acc += r.uniform();
                out[i] = acc;
              },
              hooks);
          return out;
        });
      },
      py::arg("n_items"), py::arg("n_threads"), py::arg("work"), py::arg("progress") = py::none(),
      "Seeded busy work over items (tests thread-count independence, progress and Ctrl-C).");
}

}  // namespace aqm::python
