#!/usr/bin/env python3
"""An HTTP forward proxy on 127.0.0.1 for fault tests: clients reach it through the standard proxy
variables (http_proxy=http://127.0.0.1:PORT, read by libcurl itself). GETs are forwarded; POSTs
(uploads) can be made to fail first:

  --fail-posts N         answer the first N POSTs with 503 (a Retry-After-less "Service Unavailable")
  --drop-posts 1,3       for these POSTs (1-based), read half the body, then close the connection
                         without an answer: what a client sees when the server dies mid-upload

  --faults a,b,...       the fault for each POST in turn (1st POST: a, 2nd: b, ...; later POSTs are
                         forwarded; the last one repeats when it ends in '*'):
                           ok        forward
                           503       answer 503 without forwarding
                           reset     read half the body, then reset the connection (RST)
                           stall     read half the body, then stay silent for --stall seconds
                           truncate  forward, then answer with half a response and close
                           junk      forward, then answer with HTTP/0.9-style junk (no status line)
                           junk-lost answer junk without forwarding
                           drop200   read the body, answer 200 OK without forwarding (not stored)
                           308       answer 308 Permanent Redirect to the same URL plus "moved/"
                           corrupt   forward with the first byte of the uploaded file changed (a
                                     server or middlebox that stores other bytes than were sent)
  --stall SECONDS        how long a stall lasts (default 6)
  --empty-root PATH      answer GETs of PATH (an index's simple root page) with a page that lists no
                         project, as an index that wrongly leaves projects out of its root would

Counts are written to <state-dir>/stats.json after each request (with "upstream": the status of
every forwarded POST, "posts_by_file": how many POSTs each file name got, and "requests": every
request's "METHOD /path" in the order they came); the port to <state-dir>/port."""
import argparse
import re
import struct
import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lifetime import end_with_parent  # noqa: E402


class Proxy(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    return head.decode("latin-1"), rest


def corrupt_file_part(body):
    """The multipart body with the first byte of its file part changed (same length)."""
    m = re.search(rb'filename="[^"]*"[^\r]*\r\n(?:[^\r]+\r\n)*\r\n', body)
    if not m or m.end() >= len(body):
        return body
    at = m.end()
    return body[:at] + bytes([body[at] ^ 0xFF]) + body[at + 1:]


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        srv = self.server
        client = self.request
        while True:
            head, rest = read_head(client)
            if head is None:
                return
            lines = head.split("\r\n")
            method, target, version = lines[0].split(" ", 2)
            headers = [l for l in lines[1:] if l]
            length = 0
            for h in headers:
                if h.lower().startswith("content-length:"):
                    length = int(h.split(":", 1)[1])
            with srv.lock:
                srv.stats.setdefault("requests", []).append("%s %s" % (method, urllib.parse.urlsplit(target).path))
                if method == "POST":
                    srv.stats["posts"] += 1
                    n = srv.stats["posts"]
                else:
                    srv.stats["gets"] += 1
                    n = 0
            fault = srv.fault_for(n) if method == "POST" else "ok"
            if fault in ("reset", "stall"):
                got = len(rest)
                while got < length // 2:
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    got += len(chunk)
                self._count(fault)
                if fault == "stall":
                    time.sleep(srv.stall)
                # SO_LINGER 0: close() sends RST, as a crashing server or a middlebox does
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                return
            if method == "POST" and n in srv.drop_posts:
                got = len(rest)
                while got < length // 2:
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    got += len(chunk)
                self._count("dropped")
                client.shutdown(socket.SHUT_RDWR)
                client.close()
                return
            body = rest
            while len(body) < length:
                chunk = client.recv(min(1 << 20, length - len(body)))
                if not chunk:
                    return
                body += chunk
            if method == "POST":
                m = re.search(rb'filename="([^"]+)"', body)
                if m:
                    with srv.lock:
                        by_file = srv.stats.setdefault("posts_by_file", {})
                        name = m.group(1).decode()
                        by_file[name] = by_file.get(name, 0) + 1
            if method == "GET" and srv.empty_root and urllib.parse.urlsplit(target).path == srv.empty_root:
                self._count("empty_root")
                page = b"<!DOCTYPE html><html><body><h1>Simple Index</h1></body></html>"
                client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
                               % (len(page), page))
                continue
            if fault in ("503", "drop200", "308", "junk-lost"):
                self._count(fault)
                if fault == "503":
                    client.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy")
                    continue
                if fault == "drop200":
                    client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                    continue
                if fault == "308":
                    path = urllib.parse.urlsplit(target).path
                    client.sendall(b"HTTP/1.1 308 Permanent Redirect\r\nLocation: %smoved/\r\nContent-Length: 0\r\n\r\n"
                                   % path.encode())
                    continue
                client.sendall(b"GARBAGE FROM A BROKEN MIDDLEBOX\r\n\r\n")
                client.close()
                return
            if method == "POST" and n <= srv.fail_posts:
                self._count("failed_503")
                msg = b"upstream busy, try again"
                client.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s"
                               % (len(msg), msg))
                continue
            if fault == "corrupt":
                self._count(fault)
                body = corrupt_file_part(body)
            url = urllib.parse.urlsplit(target)
            host, port = url.hostname, url.port or 80
            if host not in ("127.0.0.1", "localhost"):
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            path = url.path + ("?" + url.query if url.query else "")
            kept = [h for h in headers if not h.lower().startswith(("proxy-", "connection:"))]
            request = ("%s %s %s\r\n%s\r\nConnection: close\r\n\r\n" % (method, path or "/", version, "\r\n".join(kept))).encode("latin-1") + body
            try:
                upstream = socket.create_connection((host, port), timeout=60)
                upstream.sendall(request)
                response = b""
                while True:
                    chunk = upstream.recv(65536)
                    if not chunk:
                        break
                    response += chunk
                upstream.close()
            except OSError as e:
                msg = ("proxy: upstream %s:%s: %s" % (host, port, e)).encode()
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: %d\r\n\r\n%s" % (len(msg), msg))
                return
            self._count("forwarded")
            if method == "POST":
                status = response.split(b" ", 2)[1].decode() if response.startswith(b"HTTP/") else "?"
                with srv.lock:
                    srv.stats.setdefault("upstream", []).append(status)
                self._count("forwarded_post")
            if fault == "truncate":
                self._count(fault)
                client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\nonly part of the answer")
            elif fault == "junk":
                self._count(fault)
                client.sendall(b"GARBAGE FROM A BROKEN MIDDLEBOX\r\n\r\n")
            else:
                client.sendall(response)
            client.close()
            return  # upstream closed: so do we

    def _count(self, key):
        srv = self.server
        with srv.lock:
            srv.stats[key] = srv.stats.get(key, 0) + 1
            with open(os.path.join(srv.state_dir, "stats.json.tmp"), "w") as f:
                json.dump(srv.stats, f)
            os.replace(os.path.join(srv.state_dir, "stats.json.tmp"), os.path.join(srv.state_dir, "stats.json"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("state_dir")
    p.add_argument("--fail-posts", type=int, default=0)
    p.add_argument("--drop-posts", default="")
    p.add_argument("--faults", default="")
    p.add_argument("--stall", type=float, default=6.0)
    p.add_argument("--empty-root", default="")
    args = p.parse_args()
    os.makedirs(args.state_dir, exist_ok=True)
    srv = Proxy(("127.0.0.1", 0), Handler)
    srv.state_dir, srv.fail_posts = args.state_dir, args.fail_posts
    srv.drop_posts = {int(x) for x in args.drop_posts.split(",") if x}
    srv.stats = {"posts": 0, "gets": 0}
    srv.stall = args.stall
    srv.empty_root = args.empty_root
    faults = [f for f in args.faults.split(",") if f]

    def fault_for(n):
        if not faults or n < 1:
            return "ok"
        if n <= len(faults):
            return faults[n - 1].rstrip("*")
        return faults[-1].rstrip("*") if faults[-1].endswith("*") else "ok"
    srv.fault_for = fault_for
    srv.lock = threading.Lock()
    with open(os.path.join(args.state_dir, "port.tmp"), "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(os.path.join(args.state_dir, "port.tmp"), os.path.join(args.state_dir, "port"))
    end_with_parent()  # a test script killed at its timeout leaves no server behind
    srv.serve_forever()


class FlakyProxy:
    """with FlakyProxy(dir, "--fail-posts", "2") as proxy: proxy.url, proxy.stats()"""

    def __init__(self, state_dir, *args):
        self.state_dir, self.args = state_dir, args

    def __enter__(self):
        os.makedirs(self.state_dir, exist_ok=True)
        for n in ("port", "stats.json"):
            if os.path.exists(os.path.join(self.state_dir, n)):
                os.remove(os.path.join(self.state_dir, n))
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), self.state_dir, *self.args])
        port_file = os.path.join(self.state_dir, "port")
        for _ in range(100):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        self.url = "http://127.0.0.1:%s" % open(port_file).read()
        return self

    def stats(self):
        path = os.path.join(self.state_dir, "stats.json")
        return json.load(open(path)) if os.path.exists(path) else {}

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()


if __name__ == "__main__":
    main()
