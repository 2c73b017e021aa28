// C++ errors become Python built-ins by meaning, with the C++ message intact.
#include <cerrno>

#include "common.hpp"

namespace aqm::python {
namespace {

// A message as a Python str even when it quotes bytes of a file that is not UTF-8 (a Latin-1
// species name): those bytes show as \xNN instead of the decoding failing in the translator.
py::object readable(const std::string& text) {
  PyObject* s =
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "backslashreplace");
  if (!s) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(s);
}

void set_error(PyObject* type, const char* message) {
  PyErr_SetObject(type, readable(message).ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  static py::exception<ParseError> parse_error(m, "ParseError", PyExc_ValueError);
  static py::exception<UnitError> unit_error(m, "UnitError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ParseError& e) {
      set_error(parse_error.ptr(), e.what());
    } catch (const UnitError& e) {
      set_error(unit_error.ptr(), e.what());
    } catch (const InvalidArgument& e) {
      set_error(PyExc_ValueError, e.what());
    } catch (const KeyError& e) {
      // KeyError's str() is the repr of its argument; the message stays readable.
      set_error(PyExc_KeyError, e.what());
    } catch (const FileNotFound& e) {
      // OSError(errno, strerror, filename) so .errno and .filename are set as for open().
      py::object exc = py::reinterpret_borrow<py::object>(PyExc_FileNotFoundError)(
          ENOENT, readable(e.what()), readable(e.where().file));
      PyErr_SetObject(PyExc_FileNotFoundError, exc.ptr());
    } catch (const FileError& e) {
      set_error(PyExc_OSError, e.what());
    } catch (const Cancelled& e) {
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    }
  });
}

}  // namespace aqm::python
