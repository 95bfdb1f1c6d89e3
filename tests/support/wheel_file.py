"""Wheels written by tests: members and a RECORD of their hashes, as a build tool writes them."""
import base64
import hashlib
import zipfile


def record_hash(data):
    """RECORD's hash field for `data`: sha256=<urlsafe base64, unpadded>."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def write_wheel(path, members, dist_info, compression=zipfile.ZIP_DEFLATED):
    """Writes `members` [(name, bytes)] to the wheel `path`, then `dist_info`/RECORD listing each."""
    rows = []
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members:
            z.writestr(name, data)
            rows.append(f"{name},{record_hash(data)},{len(data)}")
        rows.append(f"{dist_info}/RECORD,,")
        z.writestr(f"{dist_info}/RECORD", "\n".join(rows) + "\n")
