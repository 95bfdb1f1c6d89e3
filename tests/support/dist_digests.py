"""The sha256 of every sdist and wheel under a directory (an index, a dist/ folder), by file name:
what tests compare to show that one index got exactly the bytes another one got."""
import hashlib
import os


def dist_digests(root):
    out = {}
    for parent, _, names in os.walk(root):
        for name in names:
            if name.endswith((".whl", ".tar.gz")):
                with open(os.path.join(parent, name), "rb") as f:
                    out[name] = hashlib.sha256(f.read()).hexdigest()
    return out
