#!/usr/bin/env python3
"""twine check parity for `pyrelease check`.

Builds a corpus in the work directory -- the dists pyrelease builds from the fixture projects,
third-party wheels already on disk (ensurepip's pip/setuptools, CPython's test wheels) and broken
variants generated from good ones -- then runs real twine check (its check() entry point,
in-process, one file at a time) and `pyrelease check --json` over it and compares:

* every file twine FAILS, pyrelease FAILS (with a twine-class finding);
* every file twine PASSES, pyrelease PASSES -- unless it reports findings beyond twine (PyPI
  upload rules, integrity), which are named in the table;
* "with warnings" agrees too.

Then the native reST checker is compared with readme_renderer on generated snippets.
Prints the agreement table; exits 1 on any disagreement.

usage: check_parity.py PYRELEASE PROJECTS_DIR WORK_DIR
"""
import io
import json
import logging
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_corpus as cc  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from owned_dir import fresh_dir  # noqa: E402

GOOD_RST = """Demo project
============

A *demo* with **strong** text, ``code``, a `link <https://example.org/>`_ and a
reference to Usage_.

.. image:: https://example.org/badge.svg
   :target: https://example.org/
   :alt: badge

Usage
-----

- item one
- item two

  nested paragraph

1. first
2. second

Example::

    pip install demo

.. code-block:: python

   import demo

+-------+-------+
| a     | b     |
+=======+=======+
| 1     | 2     |
+-------+-------+

=====  =====
col    col2
=====  =====
x      y
=====  =====

term
  definition

.. note:: A note.

Footnote [#]_ and citation [CIT2002]_.

.. [#] The footnote.
.. [CIT2002] The citation.

|sub| text.

.. |sub| replace:: substituted
"""

# (name, description body) -> twine must FAIL on each (reST errors of every kind).
BAD_RST = [
    ("title-underline-short", "Title long\n----\n\ntext\n"),
    ("overline-mismatch", "=====\nTitle\n====\n\ntext\n"),
    ("overline-too-short", "====\nTitle long long\n====\n\ntext\n"),
    ("inconsistent-title-levels", "A\n=\n\nB\n-\n\nC\n=\n\nD\n~\n\ntext\n"),
    ("unexpected-indentation", "para one\npara two\n    indented\n"),
    ("block-quote-unindent", "x\n\n  quoted\nback\n"),
    ("bullet-list-unindent", "- a\nb\n"),
    ("enumerated-list-unindent", "1. a\n2. b\nc\n"),
    ("definition-list-unindent", "term\n  def\nnext\n"),
    ("field-list-unindent", ":a: b\nc\n"),
    ("option-list-unindent", "-a  opt\nc\n"),
    ("explicit-markup-unindent", ".. note:: x\ny\n"),
    ("literal-block-expected", "a::\n\nb\n"),
    ("emphasis-no-end", "text *emphasis\n"),
    ("strong-no-end", "text **strong*\n"),
    ("literal-no-end", "text ``code\n"),
    ("interpreted-no-end", "text `ref\n"),
    ("substitution-no-end", "text |sub\n"),
    ("unknown-directive", ".. toctree::\n   :maxdepth: 2\n"),
    ("unknown-role", "See :py:class:`Foo`.\n"),
    ("sphinx-ref-role", "See :ref:`install`.\n"),
    ("unknown-target", "See missing_.\n"),
    ("unknown-phrase-target", "See `missing target`_.\n"),
    ("undefined-substitution", "Text |undefined|.\n"),
    ("anonymous-mismatch", "See here__.\n"),
    ("duplicate-explicit-target", ".. _a: https://x.example/\n.. _a: https://y.example/\n\ntext\n"),
    ("malformed-grid-table", "+-----+-----+\n| a   | b   |\n+-----+----+\n"),
    ("simple-table-margin", "=====  =====\na    x b\n=====  =====\n"),
    ("simple-table-border", "=====  =====\na      b\n=====  ====\n"),
    ("raw-disabled", ".. raw:: html\n\n   <b>x</b>\n"),
    ("include-disabled", ".. include:: other.rst\n"),
    ("image-no-argument", ".. image::\n"),
    ("image-unknown-option", ".. image:: x.png\n   :foo: 1\n"),
    ("note-no-content", ".. note::\n"),
    ("code-no-content", ".. code-block:: python\n"),
    ("too-many-auto-footnote-refs", "a [#]_ b [#]_\n\n.. [#] one\n"),
    ("unknown-citation", "See [CIT2002]_.\n"),
    ("transition-section-start", "Title\n=====\n\n----\n\ntext\n"),
    ("transition-document-end", "text\n\n----\n"),
    ("adjacent-transitions", "text\n\n----\n\n----\n\nmore\n"),
    ("pep-role-invalid", "See :pep:`eight`.\n"),
    ("only-a-comment", ".. nothing but a comment\n"),
    ("indirect-target-missing", ".. _a: b_\n\ntext\n"),
    ("table-no-blank-after", "+-----+-----+\n| a   | b   |\n+-----+-----+\ntext\n"),
    ("line-block-no-blank", "| a\n| b\nc\n"),
    ("section-in-list", "- item\n\n  Title\n  =====\n"),
    ("bad-markup-in-table-cell", "+-----+-----+\n| *a  | b   |\n+-----+-----+\n"),
    ("duplicate-section-ref", "A\n=\n\nx\n\nA\n=\n\nA_\n"),
]

# Descriptions that look odd but render: twine must PASS.
GOOD_RST_EDGES = [
    ("short-underline-paragraph", "Ti\n=\n\ntext\n"),
    ("arithmetic-stars", "2*3*4 and a * b\n"),
    ("quoted-markup", "'*' and \"*\" and (*) are not markup.\n"),
    ("escaped-markup", "\\*not emphasis\\* and \\`not code\\`\n"),
    ("nested-lists", "- a\n\n  - b\n\n    - c\n\n- d\n"),
    ("quoted-literal", "Example::\n\n> quoted\n> literal\n\nback\n"),
    ("embedded-alias", "See `here <a_>`_.\n\n.. _a: https://example.org/\n"),
    ("contents-with-sections", ".. contents::\n\nA\n=\n\ntext\n\nB\n=\n\nmore\n"),
    ("admonitions", ".. warning:: careful\n\n.. tip::\n\n   A tip.\n"),
    ("section-refs", "See Install_.\n\nInstall\n=======\n\nx\n"),
    ("doctest", "Usage:\n\n>>> 1 + 1\n2\n"),
    ("field-list", ":Author: me\n:Version: 1\n"),
]

MARKDOWN_OK = [
    ("md-gfm-table", "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
    ("md-tasklist", "- [x] done\n- [ ] todo\n"),
    ("md-html", "<p align=\"center\"><img src=\"x.png\"></p>\n\ntext\n"),
    ("md-bad-rst-is-fine", "Title long\n----\n\ntext *emphasis\n"),
    ("md-strikethrough-autolink", "~~old~~ www.example.org\n"),
]


def set_description(body, content_type="text/x-rst", drop_ct=False):
    def edit(headers, _):
        if drop_ct:
            headers = cc.edit_headers(headers, drop=["Description-Content-Type"])
        else:
            headers = cc.edit_headers(headers, set_={"Description-Content-Type": content_type})
        return headers, body

    return edit


def set_headers(set_=None, drop=(), add=(), body=None):
    def edit(headers, old_body):
        return cc.edit_headers(headers, set_=set_, drop=drop, add=add), old_body if body is None else body

    return edit


def build_fixtures(pyrelease, projects_dir, out_dir):
    dists = []
    for name in sorted(os.listdir(projects_dir)):
        proj = os.path.join(projects_dir, name)
        if not os.path.exists(os.path.join(proj, "pyproject.toml")) or name == "secrets":
            continue
        dest = os.path.join(out_dir, "built", name)
        r = subprocess.run([pyrelease, "build", "--project", proj, "--outdir", dest], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"note: pyrelease build {name} failed: {r.stderr.strip()[:200]}")
            continue
        dists += [os.path.join(dest, f) for f in sorted(os.listdir(dest))]
    return dists


def make_variants(base_wheel, base_sdist, out_dir):
    """[(path, expected_twine_verdict or None, expected_beyond_rules)]"""
    os.makedirs(out_dir, exist_ok=True)
    variants = []
    counter = [0]

    def wheel(tag, edit, twine=None, beyond=()):
        counter[0] += 1
        # A distinct, valid version per variant keeps file names unique and well-formed.
        sub = os.path.join(out_dir, f"{counter[0]:03d}-{tag}")
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, os.path.basename(base_wheel))
        cc.wheel_variant(base_wheel, path, edit)
        variants.append((path, twine, tuple(beyond)))

    def sdist(tag, edit, twine=None, beyond=()):
        counter[0] += 1
        sub = os.path.join(out_dir, f"{counter[0]:03d}-{tag}")
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, os.path.basename(base_sdist))
        cc.sdist_variant(base_sdist, path, edit)
        variants.append((path, twine, tuple(beyond)))

    wheel("good-rst", set_description(GOOD_RST), "PASSED")
    for tag, body in BAD_RST:
        wheel("rst-" + tag, set_description(body), "FAILED")
    for tag, body in GOOD_RST_EDGES:
        wheel("rst-ok-" + tag, set_description(body), "PASSED")
    for tag, body in MARKDOWN_OK:
        wheel(tag, set_description(body, "text/markdown"), "PASSED")
    # Markdown PyPI renders to nothing: twine passes, PyPI refuses.
    wheel("md-only-link-definition", set_description("[ref]: https://example.org/\n", "text/markdown"), "PASSED",
          ["description-markdown"])
    wheel("md-whitespace-only", set_description("   \n\n", "text/markdown"), "PASSED", ["description-markdown"])
    wheel("md-commonmark-variant", set_description("# T\n\ntext\n", "text/markdown; variant=CommonMark"), "PASSED")
    wheel("plain-text-bad-rst", set_description("Title long\n----\n*x\n", "text/plain"), "PASSED")
    # Missing or empty descriptions and content types.
    wheel("no-description", set_description(None), "PASSED with warnings")
    wheel("empty-description", set_description(""), "PASSED with warnings")
    wheel("unknown-description", set_description("UNKNOWN\n"), "PASSED with warnings")
    wheel("whitespace-rst-description", set_description("   \n\n"), "FAILED")
    wheel("no-content-type", set_description("A *valid* description.\n", drop_ct=True), "PASSED with warnings")
    wheel("no-content-type-bad-rst", set_description("Title long\n----\n", drop_ct=True), "FAILED")
    wheel("no-content-type-no-description", set_description(None, drop_ct=True), "PASSED with warnings")
    wheel("content-type-unknown", set_description("x\n", "text/foo"), "FAILED")
    wheel("content-type-typo", set_description("x\n", "test/x-rst"), "FAILED")
    wheel("content-type-bad-charset", set_description("x\n", "text/x-rst; charset=latin-1"), "FAILED")
    wheel("content-type-bad-variant", set_description("x\n", "text/markdown; variant=Foo"), "FAILED")
    wheel("content-type-utf8", set_description("x\n", "text/x-rst; charset=UTF-8"), "PASSED")
    # Required fields, metadata versions, malformed fields.
    wheel("no-name", set_headers(drop=["Name"]), "FAILED")
    wheel("no-version", set_headers(drop=["Version"]), "FAILED")
    wheel("bad-version", set_headers(set_={"Version": "1.0-foo-bar"}), "FAILED")
    wheel("bad-name", set_headers(set_={"Name": "-bad-name-"}), "FAILED")
    wheel("metadata-version-2.0", set_headers(set_={"Metadata-Version": "2.0"}), "FAILED")
    wheel("metadata-version-3.0", set_headers(set_={"Metadata-Version": "3.0"}), "FAILED")
    wheel("no-metadata-version", set_headers(drop=["Metadata-Version"]), "FAILED")
    # 1.0 predates Requires-Python and License-Expression, which the base declares.
    wheel("metadata-version-1.0", set_headers(set_={"Metadata-Version": "1.0"}, drop=["Description-Content-Type"]),
          "FAILED")
    wheel("metadata-version-1.2",
          set_headers(set_={"Metadata-Version": "1.2"},
                      drop=["Description-Content-Type", "License-Expression", "License-File", "Provides-Extra"]),
          "PASSED with warnings")
    wheel("unknown-field", set_headers(add=[("Foo-Bar", "baz")]), "FAILED")
    wheel("duplicate-summary", set_headers(add=[("Summary", "second")]), "FAILED")
    wheel("multiline-summary", set_headers(set_={"Summary": "line one\n        line two"}), "FAILED")
    wheel("bad-requires-dist", set_headers(add=[("Requires-Dist", "requests >= >= 2")]), "FAILED")
    wheel("bad-requires-python", set_headers(set_={"Requires-Python": "=>3.8"}), "FAILED")
    wheel("bad-provides-extra", set_headers(add=[("Provides-Extra", "-bad-")]), "FAILED")
    wheel("bad-license-expression", set_headers(set_={"License-Expression": "MIT OR"}), "FAILED")
    wheel("dynamic-name", set_headers(add=[("Dynamic", "Name")]), "FAILED")
    wheel("field-newer-than-version",
          set_headers(set_={"Metadata-Version": "2.1", "License-Expression": "MIT"}), "FAILED")
    wheel("description-header-and-body", set_headers(add=[("Description", "also here")]), "FAILED")
    # Rejected by PyPI, not by twine.
    wheel("bad-classifier", set_headers(add=[("Classifier", "Development Status ::  4 - Beta")]), "PASSED",
          ["pypi-metadata"])
    wheel("local-version", set_headers(set_={"Version": "0.1.0+local"}), "PASSED",
          ["pypi-metadata", "wheel-filename", "wheel-dist-info"])
    wheel("metadata-version-2.6", set_headers(set_={"Metadata-Version": "2.6"}), None, ["metadata-version-pypi"])
    # sdists: the same kinds of change in PKG-INFO.
    sdist("sdist-bad-rst", set_description("Title long\n----\n"), "FAILED")
    sdist("sdist-unknown-role", set_description("See :class:`x`.\n"), "FAILED")
    sdist("sdist-no-content-type", set_description("fine\n", drop_ct=True), "PASSED with warnings")
    sdist("sdist-no-version", set_headers(drop=["Version"]), "FAILED")
    sdist("sdist-unknown-field", set_headers(add=[("X-Custom", "1")]), "FAILED")
    sdist("sdist-good-rst", set_description(GOOD_RST), "PASSED")
    sdist("sdist-markdown-empty", set_description("[x]: https://e.org/\n", "text/markdown"), "PASSED",
          ["description-markdown"])
    return variants


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def twine_verdict(path):
    """Real twine check on one file: 'PASSED', 'PASSED with warnings' or 'FAILED' (+ detail)."""
    from twine.commands import check as twine_check

    handler = _Collect()
    logger = logging.getLogger("twine.commands.check")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    out = io.StringIO()
    old = sys.stdout
    sys.stdout = out
    try:
        failed = twine_check.check([path])
    except Exception as e:  # InvalidDistribution and friends: twine exits 1
        return "FAILED", f"{type(e).__name__}: {e}"[:200]
    finally:
        sys.stdout = old
        logger.removeHandler(handler)
    warned = any(r.levelno == logging.WARNING for r in handler.records)
    if failed:
        return "FAILED", " | ".join(str(r.getMessage())[:120] for r in handler.records)
    return ("PASSED with warnings" if warned else "PASSED"), ""


def rst_fuzz_cases(seed=1234, count=400):
    """Random documents assembled from fragments real READMEs contain, good and bad."""
    frags = [
        "Title\n=====\n", "Sub\n---\n", "Plain paragraph text.\n", "Text with *emph* and **strong**.\n",
        "Text with ``code`` and `link <https://e.org>`_.\n", "- item\n- item two\n", "1. one\n2. two\n",
        "term\n  definition\n", ":field: value\n", "Example::\n\n    code\n", ".. note:: note\n",
        ".. code-block:: python\n\n   x = 1\n", ".. image:: https://e.org/x.png\n   :alt: x\n",
        "+---+---+\n| a | b |\n+---+---+\n", "===  ===\na    b\n===  ===\n", "> not a quote in rst\n",
        "  indented block\n", "----\n", "See Title_.\n", "See `Sub`_.\n", "Bad *emph\n", "Bad ``lit\n",
        "Bad `interp\n", "Unknown :foo:`x`.\n", ".. unknown:: x\n", "See nowhere_.\n", "|undef|\n",
        "Title long\n---\n", "a\nb\n    c\n", "- a\nb\n", ".. _t: https://e.org\n", "See t_.\n",
        "Footnote [#]_.\n", ".. [#] note\n", "2*3 and 'x*'\n", "Quoted ``*`` star.\n", ":sub:`2` and :sup:`x`\n",
        "..  comment\n", "Line with trailing ::\n", "| line\n| block\n", ">>> 1\n1\n", "-v  verbose\n",
    ]
    rnd = random.Random(seed)
    cases = []
    for _ in range(count):
        parts = [rnd.choice(frags) for _ in range(rnd.randint(1, 5))]
        sep = "\n" if rnd.random() < 0.85 else ""
        cases.append(sep.join(parts))
    return cases


def installed_rst_descriptions():
    """The reST long descriptions of the distributions installed here (docutils, twine's
    dependencies, ...): real READMEs, as seen on PyPI."""
    import importlib.metadata as md

    docs = set()
    for d in md.distributions():
        m = d.metadata
        ct = (m.get("Description-Content-Type") or "text/x-rst").split(";")[0].strip().lower()
        desc = m.get_payload() or m.get("Description") or ""
        if ct == "text/x-rst" and desc.strip() and desc.strip() != "UNKNOWN":
            docs.add(desc)
    return sorted(docs)


def rst_mutation_cases(docs, seed=7, count=1500):
    """Real READMEs with 1-3 random edits each (lines dropped, indented, dedented, characters
    removed, markup characters inserted, blank lines added): the mistakes people make."""
    rnd = random.Random(seed)
    cases = []
    for _ in range(count if docs else 0):
        lines = rnd.choice(docs).split("\n")
        if len(lines) > 40:
            start = rnd.randrange(0, len(lines) - 40)
            lines = lines[start:start + 40]
        for _ in range(rnd.randint(1, 3)):
            if not lines:
                break
            i = rnd.randrange(len(lines))
            op = rnd.random()
            if op < 0.2:
                del lines[i]
            elif op < 0.4:
                lines[i] = "  " + lines[i]
            elif op < 0.55:
                lines[i] = lines[i].lstrip()
            elif op < 0.7 and lines[i]:
                j = rnd.randrange(len(lines[i]))
                lines[i] = lines[i][:j] + lines[i][j + 1:]
            elif op < 0.8:
                lines.insert(i, "")
            elif op < 0.9 and lines[i]:
                j = rnd.randrange(len(lines[i]) + 1)
                lines[i] = lines[i][:j] + rnd.choice(["*", "`", "_", "|", "**", "``", ":", "::", " "]) + lines[i][j:]
            else:
                lines[i] = lines[i] + rnd.choice(["_", "::", "`", "*"])
        cases.append("\n".join(lines) + "\n")
    return cases


def rst_agreement(pyrelease, work, cases):
    import readme_renderer.rst

    d = os.path.join(work, "rst-fuzz")
    fresh_dir(d)
    paths = []
    for i, c in enumerate(cases):
        p = os.path.join(d, f"case{i:04d}.rst")
        with open(p, "w") as f:
            f.write(c)
        paths.append(p)
    args = [pyrelease, "check", "--json"]
    for p in paths:
        args += ["--readme", p]
    r = subprocess.run(args, capture_output=True, text=True)
    ours = {f["path"]: not f["failed"] for f in json.loads(r.stdout)["files"]}
    agree, bad = 0, []
    for p, c in zip(paths, cases):
        ok = readme_renderer.rst.render(c, stream=io.StringIO()) is not None
        if ok == ours[p]:
            agree += 1
        else:
            bad.append((p, ok))
    return agree, len(cases), bad


def main():
    pyrelease, projects_dir, work = sys.argv[1:4]
    work = os.path.join(work, "check-parity")
    fresh_dir(work)
    built = build_fixtures(pyrelease, projects_dir, work)
    base_wheel = next(p for p in built if os.path.basename(p).startswith("rst_readme") and p.endswith(".whl"))
    base_sdist = next(p for p in built if os.path.basename(p).startswith("rst_readme") and p.endswith(".tar.gz"))
    third_party = cc.find_third_party_dists()
    variants = make_variants(base_wheel, base_sdist, os.path.join(work, "variants"))

    corpus = [(p, None, (), "built") for p in built]
    corpus += [(p, None, (), "third-party") for p in third_party]
    corpus += [(p, t, b, "variant") for p, t, b in variants]

    r = subprocess.run([pyrelease, "check", "--json"] + [p for p, *_ in corpus], capture_output=True, text=True)
    report = {f["path"]: f for f in json.loads(r.stdout)["files"]}

    rows, disagreements = [], 0
    kinds = {}
    for path, expected, beyond_expected, kind in corpus:
        tv, detail = twine_verdict(path)
        ours = report[path]
        twine_rules_fail = ours["twine_failed"]
        twine_rules_warn = any(f["twine"] and f["level"] == "warning" for f in ours["findings"])
        beyond = sorted({f["rule"] for f in ours["findings"] if not f["twine"] and f["level"] == "error"})
        if tv == "FAILED":
            agree = ours["failed"] and twine_rules_fail
        else:
            agree = not twine_rules_fail and (twine_rules_warn == (tv == "PASSED with warnings"))
        problems = []
        if not agree:
            problems.append("verdict differs from twine")
        if expected is not None and expected != tv:
            problems.append(f"corpus expected twine {expected}")
        missing = [b for b in beyond_expected if b not in beyond]
        if missing:
            problems.append("missing beyond-twine finding(s) " + ", ".join(missing))
        ok = not problems
        disagreements += 0 if ok else 1
        k = kinds.setdefault(kind, [0, 0])
        k[0] += 1 if ok else 0
        k[1] += 1
        rows.append((os.path.relpath(path, work) if path.startswith(work) else path, tv, ours["status"],
                     ",".join(beyond), "ok" if ok else "DISAGREE: " + "; ".join(problems) + f" [{detail}]"))

    w = max(len(r[0]) for r in rows)
    print(f"{'file':<{w}}  {'twine check':<21} {'pyrelease check':<21} beyond-twine findings")
    for name, tv, ps, beyond, verdict in rows:
        print(f"{name:<{w}}  {tv:<21} {ps:<21} {beyond or '-'}  {verdict if verdict != 'ok' else ''}")
    total = len(rows)
    print()
    for kind, (a, n) in kinds.items():
        print(f"{kind:<12} {a}/{n} agree")
    n_variants = sum(1 for c in corpus if c[3] == "variant")
    twine_failed = sum(1 for r in rows if r[1] == "FAILED")
    print(f"parity: {total - disagreements}/{total} files agree with twine check "
          f"({n_variants} generated variants, {len(third_party)} third-party, {len(built)} built; "
          f"twine failed {twine_failed})")

    docs = installed_rst_descriptions()
    results = []
    for label, cases in (("installed packages' reST descriptions", docs),
                         ("generated fragment documents", rst_fuzz_cases()),
                         ("mutated real READMEs", rst_mutation_cases(docs))):
        agree, n, bad = rst_agreement(pyrelease, work, cases)
        results.append((agree, n))
        print(f"reST checker vs readme_renderer, {label}: {agree}/{n} agree")
        for p, ok in bad[:10]:
            print(f"  DISAGREE {p}: readme_renderer {'renders' if ok else 'fails'}")
    if n_variants < 60:
        print(f"error: only {n_variants} variants (need at least 60)")
        return 1
    return 0 if disagreements == 0 and all(a == n for a, n in results) else 1


if __name__ == "__main__":
    sys.exit(main())
