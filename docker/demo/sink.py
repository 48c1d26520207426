"""The lab's mail and webhook catcher (compose.yaml `sink`): SMTP on 2525 and HTTP on 8080.
Every message is printed (docker compose logs sink) and kept; GET /received lists them as JSON."""
import json
import signal
import sys
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECEIVED = []
LOCK = threading.Lock()


def keep(kind, **fields):
    entry = dict(kind=kind, at=time.time(), **fields)
    with LOCK:
        RECEIVED.append(entry)
    print(json.dumps(entry), flush=True)


class Mail(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to take a message: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 sink ESMTP")
        sender, to = "", []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("utf-8", "replace").strip()
            upper = verb.upper()
            if upper.startswith(("HELO", "EHLO")):
                self.reply("250 sink")
            elif upper.startswith("MAIL FROM:"):
                sender, to = verb[10:].strip().strip("<>"), []
                self.reply("250 OK")
            elif upper.startswith("RCPT TO:"):
                to.append(verb[8:].strip().strip("<>"))
                self.reply("250 OK")
            elif upper == "DATA":
                self.reply("354 end with .")
                lines = []
                while True:
                    data = self.rfile.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    lines.append(data.decode("utf-8", "replace").rstrip("\r\n"))
                subject = next((l[9:] for l in lines if l.lower().startswith("subject: ")), "")
                keep("mail", sender=sender, to=to, subject=subject)
                self.reply("250 OK")
            elif upper in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif upper == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class Hooks(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8", "replace")
        try:
            body = json.loads(body)
        except ValueError:
            pass
        keep("webhook", path=self.path, signature=self.headers.get("X-Vertalived-Signature"), body=body)
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        with LOCK:
            data = json.dumps(RECEIVED).encode()
        self.send_response(200 if self.path == "/received" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data if self.path == "/received" else b"{}")

    def log_message(self, *args):
        pass


# as PID 1 of a container a Python process ignores SIGTERM unless it says what to do
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
socketserver.ThreadingTCPServer.allow_reuse_address = True
mail = socketserver.ThreadingTCPServer(("0.0.0.0", 2525), Mail)
mail.daemon_threads = True
threading.Thread(target=mail.serve_forever, daemon=True).start()
print("sink: SMTP on 2525, webhooks on 8080 (GET /received)", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8080), Hooks).serve_forever()
