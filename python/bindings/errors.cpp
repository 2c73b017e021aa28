// C++ errors become Python built-ins by meaning, with the C++ message intact.
#include <cerrno>

#include "common.hpp"

namespace aqm::python {

void bind_errors(py::module_& m) {
  static py::exception<ParseError> parse_error(m, "ParseError", PyExc_ValueError);
  static py::exception<UnitError> unit_error(m, "UnitError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ParseError& e) {
      PyErr_SetString(parse_error.ptr(), e.what());
    } catch (const UnitError& e) {
      PyErr_SetString(unit_error.ptr(), e.what());
    } catch (const InvalidArgument& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const KeyError& e) {
      // KeyError's str() is the repr of its argument; the message stays readable.
      PyErr_SetString(PyExc_KeyError, e.what());
    } catch (const FileNotFound& e) {
      // OSError(errno, strerror, filename) so .errno and .filename are set as for open().
      py::object exc = py::reinterpret_borrow<py::object>(PyExc_FileNotFoundError)(
          ENOENT, e.what(), e.where().file);
      PyErr_SetObject(PyExc_FileNotFoundError, exc.ptr());
    } catch (const FileError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const Cancelled& e) {
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    }
  });
}

}  // namespace aqm::python
