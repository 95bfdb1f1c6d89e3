#!/usr/bin/env python3
"""Trusted publishing (OIDC) and PEP 740 attestations in `pyrelease upload`, against servers on
127.0.0.1 that this test starts.

The OIDC server plays three parts, with the request and response shapes the index documents:
  GET  /github/token?api-version=2.0&audience=<aud>  (Authorization: bearer <request token>)
       -> {"value": <jwt>}                      the GitHub Actions token service
  GET  /_/oidc/audience -> {"audience": ...}       the index
  POST /_/oidc/mint-token {"token": <jwt>} -> {"success": true, "token": ..., "expires": ...}
       or 422 {"message": "Token request failed", "errors": [{"code", "description"}]}
  POST /legacy/  the upload endpoint: records the Authorization header and the form fields.

Scenarios: github (success), gitlab (success from PYPI_ID_TOKEN), no-permission (GitHub job without
`id-token: write`), refused (the index's error text shown), attestations (the form field),
attestations-missing, attestations-bad-json, no-url (credentials UX: only TWINE_USERNAME/PASSWORD).
Every scenario also checks that no token (request token, JWT, minted token) reaches the output.

usage: trusted_publishing_test.py PYRELEASE WORK_DIR SCENARIO"""
import base64
import email.parser
import email.policy
import http.server
import json
import os
import sys
import threading
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from owned_dir import fresh_dir  # noqa: E402
from upload_support import check_in, check_not_in, clean_env, make_dists, run  # noqa: E402

AUDIENCE = "local-test-audience"
REQUEST_TOKEN = "gh-request-token-5c1e0a77"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm93bmVyL3Byb2oifQ.c2lnbmF0dXJlLTkxYjM"
MINTED = "pypi-minted-token-3f9d2c41e8"
SECRETS = (REQUEST_TOKEN, JWT, MINTED)


class OidcIndex(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    refuse = False
    log = []  # (method, path, headers, body or form)

    def log_message(self, *args):
        pass

    def _reply(self, code, doc):
        body = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        self.log.append(("GET", self.path, dict(self.headers.items()), None))
        if url.path == "/_/oidc/audience":
            return self._reply(200, {"audience": AUDIENCE})
        if url.path == "/github/token":
            if self.headers.get("Authorization") != "bearer " + REQUEST_TOKEN:
                return self._reply(401, {"message": "bad request token"})
            if query.get("audience") != [AUDIENCE] or query.get("api-version") != ["2.0"]:
                return self._reply(400, {"message": "wrong query %r" % url.query})
            return self._reply(200, {"value": JWT})
        self._reply(404, {"message": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path == "/_/oidc/mint-token":
            self.log.append(("POST", self.path, dict(self.headers.items()), body.decode()))
            try:
                token = json.loads(body)["token"]
            except (ValueError, KeyError):
                return self._reply(422, {"message": "Token request failed",
                                         "errors": [{"code": "invalid-payload", "description": "bad payload"}]})
            if self.refuse or token != JWT:
                return self._reply(422, {"message": "Token request failed", "errors": [
                    {"code": "invalid-publisher",
                     "description": "valid token, but no corresponding publisher (local test refuses)"}]})
            return self._reply(200, {"success": True, "token": MINTED, "expires": 2000000000})
        if self.path == "/legacy/":
            head = "Content-Type: %s\r\n\r\n" % self.headers.get("Content-Type", "")
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head.encode() + body)
            fields = []
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if part.get_param("filename", header="content-disposition") is None:
                    fields.append([name, (part.get_payload(decode=True) or b"").decode()])
            self.log.append(("POST", self.path, dict(self.headers.items()), fields))
            return self._reply(200, {"message": "OK"})
        self._reply(404, {"message": "not found"})


def start_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OidcIndex)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def uploads():
    return [entry for entry in OidcIndex.log if entry[0] == "POST" and entry[1] == "/legacy/"]


def no_secrets_in(p):
    for s in SECRETS:
        check_not_in(s, p.stdout + p.stderr)


def main():
    exe, work, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
    work = fresh_dir(work)
    wheel, sdist = make_dists(os.path.join(work, "dist"), "tp-demo", "1.0.0")
    home = os.path.join(work, "home")  # no .pypirc
    os.makedirs(home)
    server, base = start_server()
    upload_url = base + "/legacy/"
    github = {"GITHUB_ACTIONS": "true", "ACTIONS_ID_TOKEN_REQUEST_URL": base + "/github/token?api-version=2.0",
              "ACTIONS_ID_TOKEN_REQUEST_TOKEN": REQUEST_TOKEN}
    upload = [exe, "upload", "--non-interactive", "--repository-url", upload_url, wheel, sdist]

    if scenario in ("github", "gitlab"):
        extra = github if scenario == "github" else {"GITLAB_CI": "true", "PYPI_ID_TOKEN": JWT}
        p = run(upload, env=clean_env(HOME=home, **extra), expect=0)
        sent = uploads()
        assert len(sent) == 2, "expected two uploads, got %d" % len(sent)
        expected = "Basic " + base64.b64encode(("__token__:" + MINTED).encode()).decode()
        for _, _, headers, _ in sent:
            assert headers.get("Authorization") == expected, "upload not authorized with the minted token"
        mint = [e for e in OidcIndex.log if e[1] == "/_/oidc/mint-token"]
        assert len(mint) == 1 and json.loads(mint[0][3]) == {"token": JWT}, "mint-token body: %r" % (mint,)
        assert mint[0][2].get("Content-Type") == "application/json"
        if scenario == "github":
            assert any(e[1].startswith("/github/token") for e in OidcIndex.log), "the GitHub token was not requested"
        check_in("Trusted publishing", p.stderr)
        no_secrets_in(p)
    elif scenario == "no-permission":
        # A GitHub job without `permissions: id-token: write` has no ACTIONS_ID_TOKEN_REQUEST_* variables.
        for mode in (["--trusted-publishing", "always"], []):
            p = run(upload + mode, env=clean_env(HOME=home, GITHUB_ACTIONS="true", TWINE_USERNAME="__token__"))
            assert p.returncode != 0, "upload without identity or password succeeded"
            check_in("id-token: write", p.stderr)
        assert not uploads(), "something was uploaded"
    elif scenario == "refused":
        OidcIndex.refuse = True
        p = run(upload, env=clean_env(HOME=home, **github))
        assert p.returncode != 0
        check_in("refused the token exchange", p.stderr)
        check_in("Token request failed", p.stderr)
        check_in("invalid-publisher", p.stderr)
        check_in("valid token, but no corresponding publisher (local test refuses)", p.stderr)
        check_in("nothing was uploaded", p.stderr)
        assert not uploads(), "something was uploaded after a refused exchange"
        no_secrets_in(p)
    elif scenario.startswith("attestations"):
        env = clean_env(HOME=home, TWINE_USERNAME="__token__", TWINE_PASSWORD=MINTED)
        docs = {}
        for dist in (wheel, sdist):
            docs[os.path.basename(dist)] = {"version": 1, "verification_material": {"certificate": "MII" + dist[-8:]},
                                            "envelope": {"statement": "eyJ0", "signature": "c2ln"}}
            with open(dist + ".publish.attestation", "w") as f:
                json.dump(docs[os.path.basename(dist)], f)
        if scenario == "attestations":
            # dist/* as a shell expands it: the attestation files travel with their dist, not as dists.
            everything = sorted(os.path.join(work, "dist", n) for n in os.listdir(os.path.join(work, "dist")))
            p = run([exe, "upload", "--non-interactive", "--attestations", "--repository-url", upload_url] + everything,
                    env=env, expect=0)
            sent = uploads()
            assert len(sent) == 2, "expected two uploads, got %d" % len(sent)
            for _, _, _, fields in sent:
                names = [n for n, _ in fields]
                filename = dict(fields).get("name") and [v for n, v in fields if n == "sha256_digest"]
                att = [v for n, v in fields if n == "attestations"]
                assert len(att) == 1, "expected one attestations field, got %r" % names
                assert isinstance(json.loads(att[0]), list) and json.loads(att[0])[0] in docs.values()
                assert filename
            # Each dist got its own attestation (the certificates differ).
            sent_docs = sorted(json.loads(dict(f)["attestations"])[0]["verification_material"]["certificate"]
                               for _, _, _, f in sent)
            assert sent_docs == sorted(d["verification_material"]["certificate"] for d in docs.values())
            no_secrets_in(p)
        elif scenario == "attestations-missing":
            os.remove(sdist + ".publish.attestation")
            p = run([exe, "upload", "--non-interactive", "--attestations", "--repository-url", upload_url, wheel, sdist],
                    env=env)
            assert p.returncode != 0
            check_in("has no attestation", p.stderr)
            check_in(os.path.basename(sdist) + ".publish.attestation", p.stderr)
            assert not uploads(), "uploaded although an attestation is missing"
        else:
            with open(wheel + ".publish.attestation", "w") as f:
                f.write("{not json")
            p = run([exe, "upload", "--non-interactive", "--attestations", "--repository-url", upload_url, wheel, sdist],
                    env=env)
            assert p.returncode != 0
            check_in(os.path.basename(wheel) + ".publish.attestation: not a JSON attestation", p.stderr)
            assert not uploads(), "uploaded although an attestation is not JSON"
    elif scenario == "no-url":
        env = clean_env(HOME=home, TWINE_USERNAME="__token__", TWINE_PASSWORD=MINTED)
        p = run([exe, "upload", "--non-interactive", wheel, sdist], env=env)
        assert p.returncode != 0
        check_in("TWINE_REPOSITORY_URL=", p.stderr)
        check_in("[pypi]", p.stderr)
        check_in("repository = ", p.stderr)
        check_in("--repository-url", p.stderr)
        check_not_in("In CMake", p.stderr)
        no_secrets_in(p)
        env["PYRELEASE_CALLER"] = "cmake"
        p = run([exe, "upload", "--non-interactive", wheel, sdist], env=env)
        check_in("-DPYRELEASE_REPOSITORY=<url>", p.stderr)
    else:
        raise SystemExit("unknown scenario " + scenario)
    server.shutdown()
    print("ok: " + scenario)


if __name__ == "__main__":
    main()
