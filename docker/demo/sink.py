"""The lab's mail and webhook catcher (compose.yaml `sink`): SMTP on 2525 and HTTP on 8080.
Every message is printed (docker compose logs sink) and kept; GET /received lists them as JSON."""
import asyncore
import json
import smtpd
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


class Mail(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        subject = next((l[9:] for l in text.splitlines() if l.lower().startswith("subject: ")), "")
        keep("mail", sender=mailfrom, to=rcpttos, subject=subject)


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


Mail(("0.0.0.0", 2525), None)
threading.Thread(target=asyncore.loop, daemon=True).start()
print("sink: SMTP on 2525, webhooks on 8080 (GET /received)", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8080), Hooks).serve_forever()
