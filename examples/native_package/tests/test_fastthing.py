"""Run with the installed wheel: python -m pytest tests (or python tests/test_fastthing.py)."""
import fastthing


def test_add():
    assert fastthing.add(20, 22) == 42


def test_norm():
    assert fastthing.norm([3, 4]) == 5.0


if __name__ == "__main__":
    test_add()
    test_norm()
    print("ok")
