#!/usr/bin/env python3
"""A tiny upload endpoint on 127.0.0.1 that records what clients send, for comparing pyrelease's
requests with twine's. Every POST is parsed as multipart/form-data and appended to
<record-dir>/requests.jsonl as {"path", "headers", "fields": [[name, value] ...], "files": [[name,
filename, content_type, size, sha256] ...], "order": [part name ...]}. GETs answer 404 (no simple
index).

  --reply CODE [--reply-body TEXT]   answer POSTs with CODE (default 200) and TEXT
  --redirect-to PATH                 answer POSTs with 301 Location: PATH
  --fail-first N                     answer the first N POSTs with 503 (recorded all the same)
  --echo                             echo the Authorization header (in the reason phrase, a header
                                     and the body) and the request body back (with --reply 401)
  --tls-cert PEM --tls-key PEM       serve HTTPS with this certificate
  --client-ca PEM                    and require a client certificate signed by (or equal to) this one
  --index PROJECT [--file-host HOST] also a tiny index of PROJECT: /simple/ lists it, /PROJECT/json
                                     lists an earlier file and every uploaded one under
                                     http://HOST:PORT/files/ (HOST 127.0.0.1 by default), which
                                     serves the uploaded bytes and records each GET, and whether it
                                     carried an Authorization header, in <record-dir>/gets.jsonl;
                                     each GET of the listing goes to <record-dir>/listings.jsonl
                                     with the number of uploaded files it showed

Started as a child of the test (RecordingServer below); writes its port to <record-dir>/port."""
import argparse
import email.parser
import email.policy
import hashlib
import http.server
import json
import os
import socketserver
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lifetime import end_with_parent  # noqa: E402


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        args = self.server.args
        if not args.index:
            self._send(404, b"no simple index here")
            return
        project, port = args.index, self.server.server_address[1]
        if self.path == "/simple/":
            self._send(200, ('<a href="%s/">%s</a>' % (project, project)).encode(), "text/html")
        elif self.path == "/%s/json" % project:
            base = "http://%s:%d/files/" % (args.file_host, port)
            with self.server.lock:
                names = ["old-0.1.tar.gz"] + sorted(self.server.stored)
            doc = {"releases": {"any": [{"url": base + n} for n in names]}}
            with self.server.lock, open(os.path.join(self.server.record_dir, "listings.jsonl"), "a") as f:
                f.write(json.dumps({"stored": len(names) - 1}) + "\n")
            self._send(200, json.dumps(doc).encode(), "application/json")
        elif self.path.startswith("/files/"):
            name = self.path[len("/files/"):]
            with self.server.lock, open(os.path.join(self.server.record_dir, "gets.jsonl"), "a") as f:
                f.write(json.dumps({"path": self.path, "authorization": "Authorization" in self.headers}) + "\n")
                data = self.server.stored.get(name)
            self._send(200, data) if data is not None else self._send(404, b"not here")
        else:
            self._send(404, b"not here")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        head = "Content-Type: %s\r\n\r\n" % self.headers.get("Content-Type", "")
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head.encode() + body)
        fields, files, order = [], [], []
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            order.append(name)
            filename = part.get_param("filename", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if filename is not None:
                files.append([name, filename, part.get_content_type(), len(payload),
                              hashlib.sha256(payload).hexdigest()])
                with self.server.lock:
                    self.server.stored[filename] = payload
            else:
                fields.append([name, payload.decode("utf-8")])
        record = {"path": self.path, "headers": dict(self.headers.items()), "fields": fields, "files": files,
                  "order": order,
                  "chunked": "chunked" in self.headers.get("Transfer-Encoding", "")}
        with open(os.path.join(self.server.record_dir, "requests.jsonl"), "a") as f:
            f.write(json.dumps(record) + "\n")
        args = self.server.args
        if args.redirect_to:
            self.send_response(301)
            self.send_header("Location", args.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if args.echo:
            auth = self.headers.get("Authorization", "")
            text = "you sent Authorization: %s\nand this body:\n%s" % (auth, body[:8192].decode("latin-1"))
            self._send(args.reply, text.encode("latin-1"), args.reply_type, reason="Bad credentials " + auth,
                       extra=[("WWW-Authenticate", 'Basic realm="echo"'), ("X-Echo-Authorization", auth)])
            return
        with self.server.lock:
            self.server.posts += 1
            failing = self.server.posts <= args.fail_first
        if failing:
            self._send(503, b"try again", reason="Service Unavailable")
            return
        self._send(args.reply, (args.reply_body or "").encode(), args.reply_type)

    def _send(self, code, body, content_type="text/plain", reason=None, extra=()):
        self.send_response(code, reason)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("record_dir")
    p.add_argument("--reply", type=int, default=200)
    p.add_argument("--reply-body", default="")
    p.add_argument("--reply-type", default="text/plain")
    p.add_argument("--redirect-to", default="")
    p.add_argument("--echo", action="store_true")
    p.add_argument("--fail-first", type=int, default=0, help="answer the first N POSTs with 503")
    p.add_argument("--tls-cert", default="")
    p.add_argument("--tls-key", default="")
    p.add_argument("--client-ca", default="")
    p.add_argument("--index", default="", metavar="PROJECT")
    p.add_argument("--file-host", default="127.0.0.1")
    args = p.parse_args()
    os.makedirs(args.record_dir, exist_ok=True)
    server = Server(("127.0.0.1", 0), Handler)
    server.record_dir, server.args = args.record_dir, args
    server.posts, server.lock, server.stored = 0, threading.Lock(), {}
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        if args.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.client_ca)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    with open(os.path.join(args.record_dir, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(os.path.join(args.record_dir, "port.tmp"), os.path.join(args.record_dir, "port"))
    end_with_parent()  # a test script killed at its timeout leaves no server behind
    server.serve_forever()


class RecordingServer:
    """with RecordingServer(dir, "--reply", "400") as rec: rec.url, rec.requests()"""

    def __init__(self, record_dir, *args):
        self.record_dir, self.args = record_dir, args

    def __enter__(self):
        os.makedirs(self.record_dir, exist_ok=True)
        for n in ("port", "requests.jsonl", "gets.jsonl", "listings.jsonl"):
            if os.path.exists(os.path.join(self.record_dir, n)):
                os.remove(os.path.join(self.record_dir, n))
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), self.record_dir, *self.args])
        port_file = os.path.join(self.record_dir, "port")
        for _ in range(100):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        self.port = int(open(port_file).read())
        scheme = "https" if "--tls-cert" in self.args else "http"
        self.url = "%s://127.0.0.1:%d/legacy/" % (scheme, self.port)
        return self

    def requests(self):
        path = os.path.join(self.record_dir, "requests.jsonl")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f]

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()


if __name__ == "__main__":
    main()
