"""Helpers shared by the upload tests: small real dists made on the spot, running pyrelease, and
assertions that print what they saw. Test-only credentials; network traffic only to 127.0.0.1."""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import time
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from wheel_file import write_wheel  # noqa: E402


def make_dists(out_dir, name, version, extra_metadata="", module_text=None, metadata_version="2.1"):
    """Writes <name>-<version>-py3-none-any.whl and <name>-<version>.tar.gz (a flit_core project)
    into out_dir and returns [wheel, sdist]. The module `name` (normalized) holds __version__."""
    os.makedirs(out_dir, exist_ok=True)
    fname = name.replace("-", "_").lower()
    module = module_text if module_text is not None else '__version__ = "%s"\n' % version
    metadata = ("Metadata-Version: %s\nName: %s\nVersion: %s\nSummary: pyrelease upload test package\n"
                "Requires-Python: >=3.8\n%s" % (metadata_version, name, version, extra_metadata))
    di = "%s-%s.dist-info" % (fname, version)
    members = [("%s/__init__.py" % fname, module.encode()), ("%s/METADATA" % di, metadata.encode()),
               ("%s/WHEEL" % di, b"Wheel-Version: 1.0\nGenerator: upload_support\nRoot-Is-Purelib: true\nTag: py3-none-any\n")]
    wheel = os.path.join(out_dir, "%s-%s-py3-none-any.whl" % (fname, version))
    write_wheel(wheel, members, di, date_time=(2020, 2, 2, 0, 0, 0))
    sdist = os.path.join(out_dir, "%s-%s.tar.gz" % (fname, version))
    top = "%s-%s" % (fname, version)
    pyproject = ('[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"\n'
                 '[project]\nname = "%s"\nversion = "%s"\ndescription = "pyrelease upload test package"\n' % (name, version))
    files = [("PKG-INFO", metadata.encode()), ("pyproject.toml", pyproject.encode()),
             ("%s/__init__.py" % fname, module.encode())]
    with tarfile.open(sdist, "w:gz", format=tarfile.PAX_FORMAT) as t:
        for n, d in files:
            info = tarfile.TarInfo("%s/%s" % (top, n))
            info.size = len(d)
            info.mtime = 1580601600
            info.mode = 0o644
            t.addfile(info, io.BytesIO(d))
    return [wheel, sdist]


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def clean_env(**extra):
    """The environment without proxies or TWINE_* from the outside, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TWINE_") and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env["TWINE_NON_INTERACTIVE"] = "1"
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(argv, env=None, expect=None, timeout=300, stdin=subprocess.DEVNULL):
    """Runs argv, prints it and its output, and checks the exit code when `expect` is given."""
    print("$ " + " ".join(argv), flush=True)
    start = time.time()
    p = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout,
                       stdin=stdin)
    print(p.stdout + p.stderr + "[exit %d, %.1fs]" % (p.returncode, time.time() - start), flush=True)
    if expect is not None and p.returncode != expect:
        raise AssertionError("expected exit %d, got %d: %s" % (expect, p.returncode, " ".join(argv)))
    return p


def check_in(needle, text, what="output"):
    if needle not in text:
        raise AssertionError("expected %r in the %s" % (needle, what))


def check_not_in(needle, text, what="output"):
    if needle in text:
        raise AssertionError("did not expect %r in the %s" % (needle, what))


def fresh_venv(path):
    venv.EnvBuilder(with_pip=False, clear=True).create(path)
    return os.path.join(path, "bin", "python")


def pip_install(python, index_url, requirement, env=None):
    """pip (the one running these tests, targeting the venv's python) installs from index_url only."""
    return run([sys.executable, "-m", "pip", "--python", python, "install", "--no-cache-dir",
                "--disable-pip-version-check", "--index-url", index_url, requirement], env=env or clean_env(),
               expect=0)


def server_env(server, **extra):
    return clean_env(TWINE_USERNAME=server.username, TWINE_PASSWORD=server.password, **extra)


def load_json(text):
    return json.loads(text)
