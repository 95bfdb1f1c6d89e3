from src_layout_demo.util import double

def test_double():
    assert double(2) == 4
