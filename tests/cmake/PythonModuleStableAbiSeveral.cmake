# Every interpreter would give the same cp38-abi3 wheel.
pyrelease_add_python_module(_core core.c STABLE_ABI 3.8 PYTHONS python3 python3-other)
