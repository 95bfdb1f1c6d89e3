"""Writes a fixture project the tests describe inline: {relative path: text or bytes}."""
import textwrap


def write_project(root, files):
    """Writes each file under root (a Path), making its directories; text is dedented and loses
    its first newline, so it can be written as an indented triple-quoted string; bytes are
    written as they are."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"))
