#!/usr/bin/env python3
"""TLS: verification is on by default (an unknown CA fails at once, without retries, and nothing is
sent), --cert / TWINE_CERT trust a private CA, and --client-cert presents a client certificate to a
server that requires one. Certificates are made on the spot with the openssl command.

usage: upload_tls_test.py PYRELEASE WORK_DIR"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from owned_dir import fresh_dir  # noqa: E402

from recording_server import RecordingServer
from upload_support import check_in, check_not_in, clean_env, make_dists, run

pyrelease, work = sys.argv[1:3]
fresh_dir(work)


def self_signed(stem, cn, san=None):
    key, cert = os.path.join(work, stem + ".key"), os.path.join(work, stem + ".pem")
    config = os.path.join(work, stem + ".cnf")  # our own: no dependency on the system's openssl.cnf
    with open(config, "w") as f:
        f.write("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = %s\n" % cn)
    argv = ["openssl", "req", "-x509", "-config", config, "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
            cert, "-days", "2"]
    if san:
        argv += ["-addext", "subjectAltName=" + san]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return key, cert


server_key, server_cert = self_signed("server", "127.0.0.1", "IP:127.0.0.1")
client_key, client_cert = self_signed("client", "pyrelease test client")
client_pem = os.path.join(work, "client-with-key.pem")
with open(client_pem, "w") as f:
    f.write(open(client_cert).read() + open(client_key).read())
files = make_dists(os.path.join(work, "dists"), "tls-test", "1.0")
env = clean_env(TWINE_USERNAME="tls-user", TWINE_PASSWORD="tls-password")
base = [pyrelease, "upload", "--no-check", "--retry-delay", "0.1"]

with RecordingServer(os.path.join(work, "rec"), "--tls-cert", server_cert, "--tls-key", server_key) as rec:
    p = run(base + ["--repository-url", rec.url, files[0]], env=env, expect=1)
    check_in("SSL certificate problem", p.stderr)
    check_in("(curl error 60)", p.stderr)
    check_not_in("retrying", p.stderr)
    assert rec.requests() == [], "nothing may be sent to an unverified server"
    run(base + ["--repository-url", rec.url, "--cert", server_cert, files[0]], env=env, expect=0)
    env_cert = dict(env, TWINE_CERT=server_cert)
    run(base + ["--repository-url", rec.url, files[1]], env=env_cert, expect=0)
    assert [r["files"][0][1] for r in rec.requests()] == [os.path.basename(f) for f in files], rec.requests()

with RecordingServer(os.path.join(work, "mtls"), "--tls-cert", server_cert, "--tls-key", server_key,
                     "--client-ca", client_cert) as rec:
    run(base + ["--repository-url", rec.url, "--cert", server_cert, "--retries", "0", files[0]], env=env, expect=1)
    assert rec.requests() == []
    run(base + ["--repository-url", rec.url, "--cert", server_cert, "--client-cert", client_pem, files[0]], env=env,
        expect=0)
    assert len(rec.requests()) == 1
print("ok: tls")
