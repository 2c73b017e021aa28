#pragma once
// Binding C++ option and result structs as Python classes from one list of fields: the
// properties, the pickle state and `_fields` all come from that list, so they cannot drift
// apart.  Eigen members are returned as numpy arrays that view the object (read-only for
// results); enum members cross as their string names.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "common.hpp"

namespace aqm::python {

/// A data member shown to Python under `name` as it is.
template <class T, class M>
struct Member {
  const char* name;
  M T::*ptr;
  const char* doc;
};

template <class T, class M>
Member<T, M> member(const char* name, M T::*ptr, const char* doc = "") {
  return {name, ptr, doc};
}

/// A data member shown to Python as another type V (an enum as its name, vector<bool> as
/// a list of bool): `to` and `from` convert both ways.
template <class T, class M, class V>
struct Converted {
  const char* name;
  M T::*ptr;
  V (*to)(const M&);
  M (*from)(const V&);
  const char* doc;
};

template <class T, class M, class V>
Converted<T, M, V> converted(const char* name, M T::*ptr, V (*to)(const M&), M (*from)(const V&),
                             const char* doc = "") {
  return {name, ptr, to, from, doc};
}

namespace detail {

template <class T, class M>
void define(py::class_<T>& c, const Member<T, M>& f, bool writable) {
  if (writable) c.def_readwrite(f.name, f.ptr, f.doc);
  else c.def_readonly(f.name, f.ptr, f.doc);
}

template <class T, class M, class V>
void define(py::class_<T>& c, const Converted<T, M, V>& f, bool writable) {
  auto get = [f](const T& o) { return f.to(o.*(f.ptr)); };
  if (writable)
    c.def_property(
        f.name, get, [f](T& o, const V& v) { o.*(f.ptr) = f.from(v); }, f.doc);
  else c.def_property_readonly(f.name, get, f.doc);
}

template <class T, class M>
py::object state_of(const T& o, const Member<T, M>& f) {
  return py::cast(o.*(f.ptr));
}

template <class T, class M, class V>
py::object state_of(const T& o, const Converted<T, M, V>& f) {
  return py::cast(f.to(o.*(f.ptr)));
}

template <class T, class M>
void restore(T& o, const Member<T, M>& f, py::handle h) {
  o.*(f.ptr) = h.cast<M>();
}

template <class T, class M, class V>
void restore(T& o, const Converted<T, M, V>& f, py::handle h) {
  o.*(f.ptr) = f.from(h.cast<V>());
}

template <class T, class... Fields>
py::class_<T> bind_fields(py::handle scope, const char* name, const char* doc, bool writable,
                          Fields... fields) {
  py::class_<T> c(scope, name, doc);
  (define(c, fields, writable), ...);
  c.attr("_fields") = py::make_tuple(fields.name...);
  if (writable)  // options compare by value (a model's recipe of calls compares equal)
    c.def("__eq__", [fields...](const T& a, const T& b) {
      return py::make_tuple(state_of(a, fields)...).equal(py::make_tuple(state_of(b, fields)...));
    });
  const std::string type_name = name;
  c.def(py::pickle([fields...](const T& o) { return py::make_tuple(state_of(o, fields)...); },
                   [fields..., type_name](const py::tuple& t) {
                     if (t.size() != sizeof...(Fields))
                       throw std::runtime_error("cannot unpickle " + type_name + ": " +
                                                std::to_string(t.size()) + " fields, expected " +
                                                std::to_string(sizeof...(Fields)));
                     T o;
                     std::size_t i = 0;
                     (restore(o, fields, t[i++]), ...);
                     return o;
                   }));
  return c;
}

}  // namespace detail

/// A result struct: read-only properties, picklable (batch workers ship results back).
template <class T, class... Fields>
py::class_<T> result_class(py::handle scope, const char* name, const char* doc, Fields... fields) {
  return detail::bind_fields<T>(scope, name, doc, false, fields...);
}

/// An options struct: default-constructible with the C++ defaults, fields read-write, picklable.
template <class T, class... Fields>
py::class_<T> options_class(py::handle scope, const char* name, const char* doc, Fields... fields) {
  auto c = detail::bind_fields<T>(scope, name, doc, true, fields...);
  c.def(py::init<>());
  return c;
}

}  // namespace aqm::python
