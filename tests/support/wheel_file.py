"""Wheels written by tests: members and a RECORD of their hashes, as a build tool writes them."""
import base64
import hashlib
import zipfile


def record_hash(data):
    """RECORD's hash field for `data`: sha256=<urlsafe base64, unpadded>."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def write_zip(path, members, compression=zipfile.ZIP_DEFLATED, date_time=None):
    """Writes `members` [(name, bytes)] as they are (RECORD included or not). With `date_time`, every
    member gets that timestamp and mode 0644, so the same members give the same bytes."""
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members:
            if date_time is None:
                z.writestr(name, data)
                continue
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.compress_type = compression
            z.writestr(info, data)


def write_wheel(path, members, dist_info, compression=zipfile.ZIP_DEFLATED, date_time=None):
    """Writes `members` [(name, bytes)] to the wheel `path`, then `dist_info`/RECORD listing each."""
    rows = [f"{name},{record_hash(data)},{len(data)}" for name, data in members]
    rows.append(f"{dist_info}/RECORD,,")
    record = ("\n".join(rows) + "\n").encode()
    write_zip(path, list(members) + [(f"{dist_info}/RECORD", record)], compression, date_time)
