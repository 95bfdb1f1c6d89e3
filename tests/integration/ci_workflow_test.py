#!/usr/bin/env python3
"""The CI templates of `pyrelease init-ci`, rendered for the application example.

  ci_workflow_test.py PYRELEASE WORK_DIR lint
      Renders every forge (Gitea, GitHub, GitLab) with API tokens and, where the forge has it,
      trusted publishing; each file must parse as YAML, pass check-jsonschema with its vendored
      schema (vendor.github-workflows / vendor.gitlab-ci), and, for GitHub and Gitea, actionlint
      (found on PATH or in ~/go/bin, else installed with `go install`; exit 77 = skipped when
      neither actionlint nor go is there). Also: init-ci refuses to overwrite without --force,
      keeps an existing CHANGELOG.md, and refuses trusted publishing for Gitea.

  ci_workflow_test.py PYRELEASE WORK_DIR run FORGE SELF_WHEEL_DIR VERSION
      Runs the rendered workflow's `run:` steps (GitLab: before_script + script) job by job in
      order, against two pypiservers this test starts on 127.0.0.1 (test and production index).
      pyrelease gets onto the "runner" by the workflow's own install step: `python -m pip install
      pyrelease==VERSION`, with the runner's pip configured (PIP_FIND_LINKS) to find the self-wheel
      in SELF_WHEEL_DIR (`-`: no self-wheel target in this build, exit 77 = skipped); no other
      pyrelease is on PATH. The forge's own actions are replaced by small local equivalents:
      checkout = a copy of the project, setup-python (GitLab: the python image) = a fresh venv of
      this Python for every job, with its site-packages visible for the project's test tools,
      upload/download-artifact = copying dist/
      through a local store (GitLab: `artifacts:` and `needs:`). `${{ vars.* }}`, `${{ secrets.* }}`
      and the GitLab CI/CD variables point at the two servers. Then the production index must hold
      exactly the files that were verified on the test index (names and sha256), and the build
      job's tag check must refuse a tag that does not name the version."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import pathlib
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from index_server import IndexServer  # noqa: E402

EXAMPLE = os.path.join(HERE, "..", "..", "examples", "app_package")
TAG = "v1.2.0"  # the example's version
PY = "%d.%d" % sys.version_info[:2]
SKIP = 77


def run(argv, env=None, cwd=None, expect=0):
    print("$ " + " ".join(argv), flush=True)
    p = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(p.stdout, flush=True)
    if expect is not None and p.returncode != expect:
        raise AssertionError("exit %d (expected %d): %s" % (p.returncode, expect, " ".join(argv)))
    return p


def copy_project(dest):
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("dist", "build", "*.egg-info", "__pycache__"))
    return dest


def init_ci(exe, project, forge, *extra, expect=0):
    return run([exe, "init-ci", "--project", project, "--forge", forge, *extra], expect=expect)


# ---------------------------------------------------------------------------------------------
# lint

def find_actionlint(work):
    gopath_bin = os.path.join(os.environ.get("GOPATH", os.path.expanduser("~/go")), "bin", "actionlint")
    for candidate in (os.environ.get("ACTIONLINT"), shutil.which("actionlint"), gopath_bin):
        if candidate and os.path.exists(candidate):
            return candidate
    go = shutil.which("go") or ("/usr/local/go/bin/go" if os.path.exists("/usr/local/go/bin/go") else None)
    if not go:
        return None
    gobin = os.path.join(work, "gobin")
    run([go, "install", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"], env=dict(os.environ, GOBIN=gobin))
    return os.path.join(gobin, "actionlint")


def lint(exe, work):
    variants = [("gitea", []), ("github", []), ("github", ["--trusted-publishing"]), ("gitlab", []),
                ("gitlab", ["--trusted-publishing"]),
                # init-ci --native: wheels per Python (and runner) by the CMake `wheel` target.
                ("gitea", ["--native"]), ("github", ["--native"]),
                ("github", ["--native", "--trusted-publishing"]), ("gitlab", ["--native"]),
                ("gitlab", ["--native", "--trusted-publishing"])]
    actionlint = find_actionlint(work)
    cjs = shutil.which("check-jsonschema")
    rendered = []
    for forge, extra in variants:
        native = "--native" in extra
        tp = "--trusted-publishing" in extra
        project = copy_project(os.path.join(work, "%s%s%s" % (forge, "-native" if native else "", "-tp" if tp else "")))
        os.remove(os.path.join(project, "CHANGELOG.md"))  # written when absent, kept otherwise (below)
        p = init_ci(exe, project, forge, "--python", "3.11", "--python", "3.12", *extra)
        path = {"gitea": ".gitea/workflows/release.yml", "github": ".github/workflows/release.yml",
                "gitlab": ".gitlab-ci.yml"}[forge]
        full = os.path.join(project, path)
        assert ("Wrote " + full) in p.stdout, "init-ci did not name " + full
        for doc in ("RELEASING.md", "CHANGELOG.md"):
            assert ("Wrote " + os.path.join(project, doc)) in p.stdout, doc + " not written"
        changelog = open(os.path.join(project, "CHANGELOG.md")).read()
        assert "## [Unreleased]" in changelog and "## [1.2.0] - " in changelog, changelog
        releasing = open(os.path.join(project, "RELEASING.md")).read()
        assert path in releasing and not re.search(r"@[A-Z_]+@", releasing), "RELEASING.md: " + releasing[:200]
        assert ("CMake target `wheel`" in releasing) == native, "RELEASING.md describes the other build"
        text = open(full).read()
        assert "@" + "NAME@" not in text and not re.search(r"@[A-Z_]+@", text), "a placeholder is left in " + full
        data = yaml.safe_load(text)
        assert isinstance(data, dict), full + " is not a YAML mapping"
        expected_jobs = ["test", "build", "publish-test", "verify-test", "publish", "verify"]
        if native:
            expected_jobs[1:2] = ["sdist", "wheels", "build"]
            assert "cmake --build build --target wheel" in text and "wheel.json" in text, full
            assert "pyrelease preflight --project . --tag" in text, full
        if forge == "gitlab":
            jobs = [k for k in data if not k.startswith(".") and isinstance(data[k], dict) and "stage" in data[k]]
            assert jobs == expected_jobs, jobs
            if native:
                assert data["wheels"]["parallel"]["matrix"][0]["WHEEL_PYTHON"] == ["3.11", "3.12"]
                assert data["build"]["needs"] == ["sdist", "wheels"]
            blob = json.dumps(data)
            if tp:
                assert "id_tokens" in blob and "TESTPYPI_API_TOKEN" not in blob
            else:
                assert "$TESTPYPI_API_TOKEN" in blob and "$PYPI_API_TOKEN" in blob and "id_tokens" not in blob
        else:
            jobs = list(data["jobs"])
            assert jobs == expected_jobs, jobs
            assert data["jobs"]["verify-test"]["strategy"]["matrix"]["python"] == ["3.11", "3.12"]
            assert data[True if True in data else "on"]["push"]["tags"] == ["v*.*.*"]
            if native:
                matrix = data["jobs"]["wheels"]["strategy"]["matrix"]
                assert matrix["python"] == ["3.11", "3.12"] and "ubuntu-latest" in matrix["os"], matrix
                assert data["jobs"]["build"]["needs"] == ["sdist", "wheels"]
            if tp:
                assert data["jobs"]["publish"]["permissions"] == {"id-token": "write"}
                assert data["jobs"]["build"]["permissions"]["id-token"] == "write"  # Sigstore signing
                assert "secrets." not in text and "pypi_attestations sign" in text
            else:
                assert "secrets.TESTPYPI_API_TOKEN" in text and "secrets.PYPI_API_TOKEN" in text
                assert "id-token" not in text.split("jobs:")[1]
        rendered.append((forge, full))
        schema = "vendor.gitlab-ci" if forge == "gitlab" else "vendor.github-workflows"
        if cjs:
            run([cjs, "--builtin-schema", schema, full])
        if forge != "gitlab" and actionlint:
            run([actionlint, "-no-color", full], cwd=project)

    # The project's files are never replaced silently.
    project = os.path.join(work, "github")
    p = init_ci(exe, project, "github", expect=None)
    assert p.returncode != 0 and "--force" in p.stdout, "init-ci overwrote without --force"
    with open(os.path.join(project, "CHANGELOG.md"), "w") as f:
        f.write("# my own changelog\n")
    p = init_ci(exe, project, "github", "--force")
    assert open(os.path.join(project, "CHANGELOG.md")).read() == "# my own changelog\n", "CHANGELOG.md replaced"
    assert "Kept" in p.stdout
    p = init_ci(exe, os.path.join(work, "gitea"), "gitea", "--trusted-publishing", "--force", expect=None)
    assert p.returncode != 0 and "no OIDC" in p.stdout, "gitea accepted --trusted-publishing"
    missing = [what for what, tool in (("check-jsonschema", cjs), ("actionlint", actionlint)) if not tool]
    if missing:
        print("SKIPPED: %s not available (pip install check-jsonschema; go install "
              "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)" % " and ".join(missing))
        return SKIP
    return 0


# ---------------------------------------------------------------------------------------------
# run

class Runner:
    def __init__(self, exe, work, forge, test_server, prod_server, wheel_dir):
        self.exe, self.work, self.forge = exe, work, forge
        self.wheel_dir = wheel_dir
        self.store = os.path.join(work, "artifacts")
        os.makedirs(self.store)
        self.venvs = {}  # job label -> the venv its setup-python stand-in made
        self.values = {
            "vars.TEST_REPOSITORY_URL": test_server.upload_url, "vars.TEST_INDEX_URL": test_server.simple_url,
            "vars.PYPI_REPOSITORY_URL": prod_server.upload_url, "vars.PYPI_INDEX_URL": prod_server.simple_url,
            "secrets.TESTPYPI_API_TOKEN": test_server.password, "secrets.PYPI_API_TOKEN": prod_server.password,
            "github.ref_name": TAG,
        }
        self.project = copy_project(os.path.join(work, "project"))
        self.jobs_run = []
        self.log = ""

    def base_env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TWINE_", "GITHUB_", "GITLAB_", "CI_", "ACTIONS_", "PYRELEASE_"))
               and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
        env["HOME"] = os.path.join(self.work, "home")  # no .pypirc: only the workflow's variables
        os.makedirs(env["HOME"], exist_ok=True)
        # The runner's pip configuration: the self-wheel's directory as a find-links location (a
        # file: URL, as the list is split on spaces and CI's paths hold one), ahead of the rest.
        links = pathlib.Path(self.wheel_dir).resolve().as_uri()
        env["PIP_FIND_LINKS"] = " ".join(filter(None, [links, os.environ.get("PIP_FIND_LINKS")]))
        env["PATH"] = os.pathsep.join(d for d in env["PATH"].split(os.pathsep)
                                      if not os.path.exists(os.path.join(d, "pyrelease")))
        return env

    def setup_python(self, label):
        """A fresh venv for the job: `python` and the scripts pip installs are on its PATH."""
        venv = os.path.join(self.work, "venvs", label)
        run([sys.executable, "-m", "venv", "--system-site-packages", venv])
        self.venvs[label] = venv
        return os.path.join(venv, "bin")

    def workspace(self, name):
        ws = os.path.join(self.work, "jobs", name)
        os.makedirs(ws)
        return ws

    def shell(self, script, env, cwd, what):
        path = os.path.join(cwd, "..", os.path.basename(cwd) + "-step.sh")
        with open(path, "w") as f:
            f.write(script)
        print("--- %s" % what, flush=True)
        p = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", path], env=env, cwd=cwd, expect=None)
        self.log += p.stdout
        if p.returncode != 0:
            raise AssertionError("%s failed (exit %d)" % (what, p.returncode))
        return p

    # GitHub and Gitea ------------------------------------------------------------------------
    def expr(self, text, matrix):
        def sub(m):
            key = m.group(1).strip()
            if key.startswith("matrix."):
                return matrix[key[len("matrix."):]]
            if key not in self.values:
                raise AssertionError("the workflow uses ${{ %s }}, which this test does not provide" % key)
            return self.values[key]
        return re.sub(r"\$\{\{(.*?)\}\}", sub, str(text))

    def run_actions(self, wf):
        order, done = [], set()
        while len(order) < len(wf["jobs"]):
            for name, job in wf["jobs"].items():
                needs = job.get("needs", [])
                needs = [needs] if isinstance(needs, str) else needs
                if name not in done and all(n in done for n in needs):
                    order.append(name)
                    done.add(name)
        for name in order:
            job = wf["jobs"][name]
            matrix = job.get("strategy", {}).get("matrix", {})
            combos = [{}] if not matrix else [{"python": v} for v in matrix["python"]]
            for combo in combos:
                self.run_action_job(wf, name, job, combo)

    def run_action_job(self, wf, name, job, matrix):
        label = name + ("-" + "-".join(matrix.values()) if matrix else "")
        ws = self.workspace(label)
        github_path = os.path.join(self.work, "jobs", label + ".path")
        open(github_path, "w").close()
        env = self.base_env()
        env.update({"GITHUB_ACTIONS": "true", "GITHUB_PATH": github_path, "GITHUB_REF_NAME": TAG})
        if self.forge == "gitea":
            env["GITEA_ACTIONS"] = "true"
        for k, v in {**wf.get("env", {}), **job.get("env", {})}.items():
            env[k] = self.expr(v, matrix)
        for i, step in enumerate(job["steps"]):
            what = "%s: %s" % (label, step.get("name", step.get("uses", step.get("run", "")[:40])))
            uses = step.get("uses")
            if uses:
                action = uses.split("@")[0]
                with_ = {k: self.expr(v, matrix) for k, v in step.get("with", {}).items()}
                if action == "actions/checkout":
                    shutil.copytree(self.project, ws, dirs_exist_ok=True)
                elif action == "actions/setup-python":
                    assert with_["python-version"] == PY, "this test verifies with Python %s only" % PY
                    env["PATH"] = self.setup_python(label) + os.pathsep + env["PATH"]
                elif action == "actions/upload-artifact":
                    shutil.copytree(os.path.join(ws, with_["path"]), os.path.join(self.store, with_["name"]))
                elif action == "actions/download-artifact":
                    shutil.copytree(os.path.join(self.store, with_["name"]), os.path.join(ws, with_["path"]),
                                    dirs_exist_ok=True)
                else:
                    raise AssertionError("no local stand-in for the action " + uses)
                continue
            step_env = dict(env)
            for k, v in step.get("env", {}).items():
                step_env[k] = self.expr(v, matrix)
            self.shell(self.expr(step["run"], matrix), step_env, ws, what)
            with open(github_path) as f:  # GITHUB_PATH: directories for the next steps
                for line in f.read().splitlines():  # one directory a line; paths may hold spaces
                    if line not in env["PATH"].split(os.pathsep):
                        env["PATH"] = line + os.pathsep + env["PATH"]
        self.jobs_run.append(label)
        return ws

    # GitLab ----------------------------------------------------------------------------------
    def gitlab_vars(self):
        return {"TEST_REPOSITORY_URL": self.values["vars.TEST_REPOSITORY_URL"],
                "TEST_INDEX_URL": self.values["vars.TEST_INDEX_URL"],
                "PYPI_REPOSITORY_URL": self.values["vars.PYPI_REPOSITORY_URL"],
                "PYPI_INDEX_URL": self.values["vars.PYPI_INDEX_URL"],
                "TESTPYPI_API_TOKEN": self.values["secrets.TESTPYPI_API_TOKEN"],
                "PYPI_API_TOKEN": self.values["secrets.PYPI_API_TOKEN"],
                "CI_COMMIT_TAG": TAG, "GITLAB_CI": "true", "CI": "true"}

    @staticmethod
    def expand(value, env):
        return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: env.get(m.group(1), ""), str(value))

    def run_gitlab(self, ci):
        rule = ci["workflow"]["rules"][0]["if"].split("=~")[1].strip()
        assert re.search(rule.strip("/").replace("\\d", "[0-9]"), TAG), "the workflow rule does not match " + TAG
        jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "stage" in v and not k.startswith(".")}
        artifacts = {}
        for stage in ci["stages"]:
            for name, job in jobs.items():
                if job["stage"] != stage:
                    continue
                full = {}
                for base in ([job["extends"]] if isinstance(job.get("extends"), str) else job.get("extends", [])):
                    full.update(ci[base])
                full.update(job)
                combos = [{}]
                if "parallel" in full:
                    combos = []
                    for entry in full["parallel"]["matrix"]:
                        for key, values in entry.items():
                            combos += [{key: v} for v in (values if isinstance(values, list) else [values])]
                for combo in combos:
                    label = name + ("-" + "-".join(combo.values()) if combo else "")
                    assert all(v == PY for v in combo.values()), "this test verifies with Python %s only" % PY
                    ws = self.workspace(label)
                    shutil.copytree(self.project, ws, dirs_exist_ok=True)  # GitLab clones for every job
                    for dep in full.get("needs", []):
                        if dep in artifacts:
                            shutil.copytree(artifacts[dep], ws, dirs_exist_ok=True)
                    env = self.base_env()
                    env.update(self.gitlab_vars())
                    env["PATH"] = self.setup_python(label) + os.pathsep + env["PATH"]  # the image's python
                    env.update(combo)
                    for k, v in {**ci.get("variables", {}), **full.get("variables", {})}.items():
                        env[k] = self.expand(v, env)
                    script = "\n".join(full.get("before_script", []) + full["script"]) + "\n"
                    self.shell(script, env, ws, label)
                    if "artifacts" in full:
                        saved = os.path.join(self.store, label)
                        for rel in full["artifacts"]["paths"]:
                            shutil.copytree(os.path.join(ws, rel), os.path.join(saved, rel))
                        artifacts[name] = saved
                    self.jobs_run.append(label)


def simple_files(simple_url, project):
    with urllib.request.urlopen(simple_url.rstrip("/") + "/" + project + "/", timeout=10) as r:
        page = r.read().decode()
    files = {}
    for href in re.findall(r'href="([^"]+)"', page):
        m = re.match(r".*/([^/#]+)#sha256=([0-9a-f]{64})$", href)
        if m:
            files[m.group(1)] = m.group(2)
    return files


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_workflow(exe, work, forge, wheel_dir, version):
    wheels = [n for n in os.listdir(wheel_dir) if n.startswith("pyrelease-%s-" % version) and n.endswith(".whl")]
    assert len(wheels) == 1, "expected one pyrelease-%s wheel in %s: %r" % (version, wheel_dir, wheels)
    with IndexServer("pypiserver", os.path.join(work, "test-index"), username="__token__",
                     password="test-index-token-41d2") as test_server, \
         IndexServer("pypiserver", os.path.join(work, "prod-index"), username="__token__",
                     password="prod-index-token-9e07") as prod_server:
        r = Runner(exe, work, forge, test_server, prod_server, wheel_dir)
        # The default install step: pyrelease==<the version of the pyrelease that renders it>.
        init_ci(exe, r.project, forge, "--python", PY,
                "--test-command", "PYTHONPATH=src python -m pytest -q -p no:cacheprovider tests")
        path = {"gitea": ".gitea/workflows/release.yml", "github": ".github/workflows/release.yml",
                "gitlab": ".gitlab-ci.yml"}[forge]
        with open(os.path.join(r.project, path)) as f:
            doc = yaml.safe_load(f)
        # The forge checks out the tagged commit: a git work tree on the tag (preflight's git-clean).
        git = ["git", "-C", r.project, "-c", "user.name=ci", "-c", "user.email=ci@example.org"]
        run(git[:3] + ["init", "-q"])
        run(git + ["add", "-A"])
        run(git + ["commit", "-q", "-m", "release"])
        run(git + ["tag", TAG])
        if forge == "gitlab":
            r.run_gitlab(doc)
        else:
            r.run_actions(doc)
        expected_jobs = ["test", "build", "publish-test", "verify-test-" + PY, "publish", "verify-" + PY]
        assert r.jobs_run == expected_jobs, "jobs run: %r" % r.jobs_run
        # Every job but the test job installed pyrelease from the self-wheel into its own venv and
        # ran that one (no other pyrelease was on PATH).
        installers = [j for j in expected_jobs if j != "test"]
        assert sorted(r.venvs) == sorted(expected_jobs), "venvs made: %r" % sorted(r.venvs)
        for job in expected_jobs:
            program = os.path.join(r.venvs[job], "bin", "pyrelease")
            assert os.path.exists(program) == (job in installers), "%s: pyrelease in its venv: %s" % (
                job, os.path.exists(program))
        installed = r.log.count("Successfully installed pyrelease-" + version)
        assert installed == len(installers), "pip installed pyrelease %d times, not %d" % (installed, len(installers))
        assert r.log.count(wheels[0]) >= len(installers), "pip did not take " + wheels[0]
        assert r.log.count("pyrelease " + version) >= len(installers), "no `pyrelease --version` of " + version

        artifact = os.path.join(r.store, "dist" if forge != "gitlab" else "build", *([] if forge != "gitlab" else ["dist"]))
        built = {n: sha256(os.path.join(artifact, n)) for n in os.listdir(artifact)}
        on_test = simple_files(test_server.simple_url, "app-package")
        on_prod = simple_files(prod_server.simple_url, "app-package")
        print("artifact:", built, "\ntest index:", on_test, "\nproduction index:", on_prod)
        assert len(built) == 2 and any(n.endswith(".whl") for n in built), built
        assert on_test == built, "the test index does not hold exactly the artifact"
        assert on_prod == on_test, "the production index does not hold exactly the files verified on the test index"

        # The tag check refuses a tag that does not name the version.
        ws = os.path.join(work, "jobs", "build")
        env = r.base_env()
        env["PATH"] = os.path.join(r.venvs["build"], "bin") + os.pathsep + env["PATH"]
        env["TAG"] = "v9.9.9"
        env["PYPI_INDEX_URL"] = prod_server.simple_url
        check = doc["build"]["script"][0] if forge == "gitlab" else \
            [s for s in doc["jobs"]["build"]["steps"] if s.get("name", "").startswith("Preflight")][0]["run"]
        p = run(["bash", "-eo", "pipefail", "-c", check], env=env, cwd=ws, expect=None)
        assert p.returncode != 0 and "does not name the project's version 1.2.0" in p.stdout, "tag check passed v9.9.9"
        # ... and, once production has 1.2.0, the version that is not newer than the index's.
        env["TAG"] = TAG
        p = run(["bash", "-eo", "pipefail", "-c", check], env=env, cwd=ws, expect=None)
        assert p.returncode != 0 and "is not newer than 1.2.0" in p.stdout, "preflight passed a released version"
        # No token reached a log: the secrets are never echoed (the runner's own masking aside).
        for token in (test_server.password, prod_server.password):
            assert token not in r.log, "a token was printed by a step"
        assert "password <hidden>" in r.log
    return 0


def main():
    exe, work, mode = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    work = fresh_dir(work)
    if mode == "lint":
        return lint(exe, work)
    if mode == "run":
        wheel_dir, version = sys.argv[5:7]
        if wheel_dir == "-":
            print("SKIPPED: this build has no `self-wheel` target (it needs PYRELEASE_INSTALL=ON and no "
                  "PYRELEASE_SANITIZE), and the workflow installs pyrelease from that wheel")
            return SKIP
        return run_workflow(exe, work, sys.argv[4], wheel_dir, version)
    raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    sys.exit(main())
