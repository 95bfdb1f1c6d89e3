"""The smallest package released through find_package(PyRelease)."""

__version__ = "0.1.0"


def main() -> int:
    print(f"hello-release {__version__}")
    return 0
