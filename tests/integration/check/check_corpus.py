"""Builds the `pyrelease check` test corpus: variants of good wheels and sdists with one thing changed.

Used by check_parity.py (twine parity) and check_beyond_twine.py (PyPI and integrity rules).
Every archive is written deterministically with Python's zipfile/tarfile, so a variant differs
from its base only where the variant says.
"""
import io
import os
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from wheel_file import record_hash, write_zip  # noqa: E402,F401 (record_hash: for the corpus users)


def read_wheel(path):
    """Returns [(name, bytes)] in archive order."""
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist() if not i.is_dir()]


def dist_info_of(members):
    for name, _ in members:
        top = name.split("/")[0]
        if top.endswith(".dist-info"):
            return top
    raise ValueError("no .dist-info")


def write_wheel(path, members, fix_record=True, compression=zipfile.ZIP_DEFLATED):
    """Writes members; with fix_record, RECORD is regenerated so it matches exactly."""
    if fix_record:
        di = dist_info_of(members)
        rows = []
        body = [(n, d) for n, d in members if n != f"{di}/RECORD"]
        for n, d in body:
            rows.append(f"{n},{record_hash(d)},{len(d)}")
        rows.append(f"{di}/RECORD,,")
        members = body + [(f"{di}/RECORD", ("\n".join(rows) + "\n").encode())]
    write_zip(path, members, compression, date_time=(2020, 2, 2, 0, 0, 0))
    return path


def replace_member(members, name, data):
    out = [(n, data if n == name else d) for n, d in members]
    if not any(n == name for n, _ in members):
        out.append((name, data))
    return out


def read_sdist(path):
    with tarfile.open(path, "r:gz") as t:
        out = []
        for m in t.getmembers():
            if m.isfile():
                out.append((m.name, t.extractfile(m).read()))
        return out


def write_sdist(path, members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for n, d in members:
            info = tarfile.TarInfo(n)
            info.size = len(d)
            info.mtime = 1580601600
            info.mode = 0o644
            t.addfile(info, io.BytesIO(d))
    import gzip

    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=1580601600) as g:
            g.write(buf.getvalue())
    return path


def split_metadata(text):
    """(headers [(name, value)], body) of a core-metadata file, folding kept simple."""
    head, sep, body = text.partition("\n\n")
    headers = []
    for line in head.split("\n"):
        if line.startswith((" ", "\t")) and headers:
            headers[-1] = (headers[-1][0], headers[-1][1] + "\n" + line)
        elif ":" in line:
            k, v = line.split(":", 1)
            headers.append((k, v.strip()))
    return headers, body


def join_metadata(headers, body):
    text = "".join(f"{k}: {v}\n" for k, v in headers)
    if body is not None:
        text += "\n" + body
    return text


def edit_headers(headers, set_=None, drop=(), add=()):
    set_ = dict(set_ or {})
    out = []
    lowered = {k.lower(): v for k, v in set_.items()}
    seen = set()
    for k, v in headers:
        lk = k.lower()
        if lk in {d.lower() for d in drop}:
            continue
        if lk in lowered:
            if lk in seen:
                continue
            seen.add(lk)
            out.append((k, lowered[lk]))
        else:
            out.append((k, v))
    for k, v in set_.items():
        if k.lower() not in seen and k.lower() not in {h.lower() for h, _ in headers}:
            out.append((k, v))
    out.extend(add)
    return out


def wheel_variant(base, out_path, meta_edit):
    """Copy of wheel `base` whose METADATA is meta_edit(headers, body) -> (headers, body)."""
    members = read_wheel(base)
    di = dist_info_of(members)
    text = dict(members)[f"{di}/METADATA"].decode("utf-8")
    headers, body = split_metadata(text)
    headers, body = meta_edit(headers, body)
    members = replace_member(members, f"{di}/METADATA", join_metadata(headers, body).encode("utf-8"))
    return write_wheel(out_path, members)


def sdist_variant(base, out_path, meta_edit):
    members = read_sdist(base)
    top = members[0][0].split("/")[0]
    text = dict(members)[f"{top}/PKG-INFO"].decode("utf-8")
    headers, body = split_metadata(text)
    headers, body = meta_edit(headers, body)
    members = replace_member(members, f"{top}/PKG-INFO", join_metadata(headers, body).encode("utf-8"))
    return write_sdist(out_path, members)


def find_third_party_dists():
    """Wheels already on this machine: ensurepip's bundled pip/setuptools of every Python found,
    and the wheels CPython's own test suite ships. Never downloads anything."""
    import glob
    import sys

    roots = {sys.base_prefix, os.path.dirname(sys.base_prefix)}
    found = set()
    for root in roots:
        for pattern in ("lib/python*/ensurepip/_bundled/*.whl", "*/lib/python*/ensurepip/_bundled/*.whl",
                        "lib/python*/test/*.whl", "*/lib/python*/test/*.whl",
                        "lib/python*/test/wheeldata/*.whl", "*/lib/python*/test/wheeldata/*.whl"):
            found.update(glob.glob(os.path.join(root, pattern)))
    for sysdir in glob.glob("/usr/lib/python3*/ensurepip/_bundled/*.whl") + glob.glob(
        "/usr/share/python-wheels/*.whl"
    ):
        found.add(sysdir)
    return sorted(found)
