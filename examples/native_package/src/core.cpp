// fastthing._core: the compiled half of fastthing, written against the plain CPython C API (the
// limited API too, so the same source builds the stable-ABI variant).
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <numeric>
#include <vector>

namespace {

// A sequence of numbers as doubles; false (with a Python exception set) otherwise.
bool ToDoubles(PyObject* seq, std::vector<double>* out) {
  Py_ssize_t n = PySequence_Size(seq);
  if (n < 0) return false;
  out->reserve(static_cast<size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PySequence_GetItem(seq, i);
    if (!item) return false;
    double v = PyFloat_AsDouble(item);
    Py_DECREF(item);
    if (v == -1.0 && PyErr_Occurred()) return false;
    out->push_back(v);
  }
  return true;
}

PyObject* Add(PyObject*, PyObject* args) {
  long a = 0, b = 0;
  if (!PyArg_ParseTuple(args, "ll", &a, &b)) return nullptr;
  return PyLong_FromLong(a + b);
}

PyObject* Dot(PyObject*, PyObject* args) {
  PyObject *xs = nullptr, *ys = nullptr;
  if (!PyArg_ParseTuple(args, "OO", &xs, &ys)) return nullptr;
  std::vector<double> x, y;
  if (!ToDoubles(xs, &x) || !ToDoubles(ys, &y)) return nullptr;
  if (x.size() != y.size()) {
    PyErr_SetString(PyExc_ValueError, "dot: the sequences differ in length");
    return nullptr;
  }
  return PyFloat_FromDouble(std::inner_product(x.begin(), x.end(), y.begin(), 0.0));
}

PyMethodDef kMethods[] = {
    {"add", Add, METH_VARARGS, "add(a, b): the sum of two integers"},
    {"dot", Dot, METH_VARARGS, "dot(xs, ys): the dot product of two sequences of numbers"},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef kModule = {PyModuleDef_HEAD_INIT, "_core", "fastthing's compiled core", -1, kMethods,
                       nullptr, nullptr, nullptr, nullptr};

}  // namespace

PyMODINIT_FUNC PyInit__core(void) { return PyModule_Create(&kModule); }
