"""The lab's demo web server (compose.yaml web1/web2): answers its host name on port 80, and ends at
SIGTERM (as PID 1 of a container a Python process otherwise ignores it, and `docker compose down`
waits out its grace period)."""
import http.server
import os
import signal
import socket
import sys

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
root = "/srv"
with open(os.path.join(root, "index.html"), "w") as page:
    page.write(socket.gethostname().split(".")[0] + "\n")
os.chdir(root)
http.server.ThreadingHTTPServer(("0.0.0.0", 80), http.server.SimpleHTTPRequestHandler).serve_forever()
