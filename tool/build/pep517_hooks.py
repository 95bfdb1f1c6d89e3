# pyrelease's PEP 517 hook runner. pyrelease runs it with the build environment's interpreter and
# the source tree as the working directory:
#
#     python pep517_hooks.py <request.json> <response.json>
#
# request:  {"hook": name, "backend": "module:object", "backend_path": [...], "kwargs": {...}}
#           or {"hook": "_unpack_sdist", "kwargs": {"archive": path, "dest": dir}}
# response: {"return": value} | {"unsupported": true} | {"error": text}
#
# The backend's own output goes to this process's stdout/stderr, which pyrelease captures; the
# response travels in a file so that nothing the backend prints can be mistaken for it.
import importlib
import json
import os
import sys
import tarfile
import traceback

# Hooks a backend may leave out, and what PEP 517 says they mean then.
OPTIONAL_DEFAULTS = {
    "get_requires_for_build_sdist": [],
    "get_requires_for_build_wheel": [],
}


def load_backend(spec, backend_path):
    if backend_path:
        # In-tree backends (PEP 517 backend-path) come first, and must be inside the tree.
        root = os.path.realpath(os.getcwd())
        paths = [os.path.realpath(os.path.join(root, p)) for p in backend_path]
        for p in paths:
            if os.path.commonpath([root, p]) != root:
                raise RuntimeError("backend-path entry %r is outside the source tree" % p)
        sys.path[:0] = paths
    module_name, _, object_path = spec.partition(":")
    obj = importlib.import_module(module_name)
    for attr in filter(None, object_path.split(".")):
        obj = getattr(obj, attr)
    return obj


def unpack_sdist(archive, dest):
    with tarfile.open(archive) as tar:
        try:
            tar.extractall(dest, filter="data")
        except TypeError:  # Python without extraction filters: refuse what they would refuse
            for member in tar.getmembers():
                name = os.path.normpath(member.name)
                if name.startswith(("/", "..")) or member.islnk() or member.issym() or member.isdev():
                    raise RuntimeError("unsafe member in sdist: %r" % member.name)
            tar.extractall(dest)
    return None


def run(request):
    hook = request["hook"]
    kwargs = request.get("kwargs", {})
    if hook == "_unpack_sdist":
        return {"return": unpack_sdist(kwargs["archive"], kwargs["dest"])}
    backend = load_backend(request["backend"], request.get("backend_path") or [])
    function = getattr(backend, hook, None)
    if function is None:
        if hook in OPTIONAL_DEFAULTS:
            return {"return": OPTIONAL_DEFAULTS[hook]}
        return {"unsupported": True}
    return {"return": function(**kwargs)}


def main():
    request_path, response_path = sys.argv[1], sys.argv[2]
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    status = 0
    try:
        response = run(request)
    except BaseException as e:  # the backend's failure is reported, whatever it raised
        traceback.print_exc()
        response = {"error": "%s: %s" % (type(e).__name__, e)}
        status = 1
    with open(response_path, "w", encoding="utf-8") as f:
        json.dump(response, f)
    sys.exit(status)


if __name__ == "__main__":
    main()
