#!/usr/bin/env python3
"""The index-server fixture works: each kind starts on 127.0.0.1 with upload auth (an
unauthenticated upload is refused), serves its simple index, and is gone after stop."""
import os
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from index_server import IndexServer  # noqa: E402

work = sys.argv[1]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
for kind in ("pypiserver", "devpi"):
    server = IndexServer(kind, os.path.join(work, kind)).start()
    try:
        assert server.upload_url.startswith("http://127.0.0.1:"), server.upload_url
        with opener.open(server.simple_url, timeout=10) as resp:
            assert resp.status == 200, resp.status
        try:
            opener.open(urllib.request.Request(server.upload_url, data=b":action=file_upload", method="POST"),
                        timeout=10)
            raise AssertionError("%s accepted an unauthenticated upload" % kind)
        except urllib.error.HTTPError as e:
            assert e.code in (401, 403), (kind, e.code)
        loaded = IndexServer.load(server.state_dir)
        assert loaded.pid == server.pid and loaded.simple_url == server.simple_url
    finally:
        server.stop()
    pid = IndexServer.load(os.path.join(work, kind)).pid
    try:
        os.kill(pid, 0)
        raise AssertionError("%s (pid %d) still runs after stop" % (kind, pid))
    except ProcessLookupError:
        pass
    print("%s: ok" % kind)
