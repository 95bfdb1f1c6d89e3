from automation import Orchestrator, __version__
from automation.cli import default_steps


def test_runs_steps_in_order():
    assert Orchestrator(["fetch", "build"]).run() == ["fetched", "built"]


def test_default_pipeline_is_packaged():
    assert default_steps() == ["fetch", "build", "test"]


def test_version():
    assert __version__ == "1.2.0"
