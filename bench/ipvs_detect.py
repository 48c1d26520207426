#!/usr/bin/env python3
"""Real server DOWN/UP to kernel change, end to end, for one program (run inside the IPVS VM by bench/ipvs.sh).

Writes the configuration (VS virtual servers x 2 real servers on 127.0.0.1, TCP_CHECK every second, no retry),
serves every real server itself, starts PROGRAM (the rest of the command line; its output in OUT_JSON.log), waits until `ipvsadm -Ln`
lists every real server, then CHANGES times: stops one listener and times until the kernel's table no longer lists
it, starts it again and times until it is listed again. Prints a JSON summary. Only 127.0.0.1 and 198.18.0.0/15.
Usage: ipvs_detect.py OUT_JSON CONF VS CHANGES PROGRAM...
"""
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time

out, conf, vs, changes, program = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
ports = [20000 + i for i in range(2 * vs)]

with open(conf, "w") as f:
    f.write("global_defs {\n  router_id detect\n}\n")
    for i in range(vs):
        f.write(f"virtual_server 198.18.20.{i + 1} 80 {{\n  delay_loop 1\n  lb_algo rr\n  lb_kind NAT\n"
                f"  protocol TCP\n")
        for p in ports[2 * i:2 * i + 2]:
            f.write(f"  real_server 127.0.0.1 {p} {{\n    TCP_CHECK {{\n      connect_timeout 1\n      retry 0\n"
                    f"    }}\n  }}\n")
        f.write("}\n")

listeners = {}


def serve(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)

    def loop():
        while True:
            try:
                c, _ = s.accept()
                c.close()
            except OSError:
                return
    threading.Thread(target=loop, daemon=True).start()
    listeners[port] = s


def unserve(port):
    s = listeners.pop(port)
    s.shutdown(socket.SHUT_RDWR)
    s.close()


def listed():
    text = subprocess.run(["ipvsadm", "-Ln"], capture_output=True, text=True).stdout
    return set(int(m) for m in re.findall(r"-> 127\.0\.0\.1:(\d+)", text))


def until(pred, limit=60.0):
    t0 = time.monotonic()
    while not pred():
        if time.monotonic() - t0 > limit:
            return None
        time.sleep(0.01)
    return time.monotonic()


for p in ports:
    serve(p)
proc = subprocess.Popen(program, stdout=open(out + ".log", "w"), stderr=subprocess.STDOUT)
start = time.monotonic()
full = until(lambda: listed() >= set(ports), 600)
time.sleep(3)  # every real server checked at least once before the first change
rnd = random.Random(42)
down, up = [], []
for _ in range(changes):
    p = rnd.choice(ports)
    unserve(p)
    print(time.strftime("%H:%M:%S", time.gmtime()), "stopped", p, flush=True)
    t0 = time.monotonic()
    t = until(lambda: p not in listed())
    down.append(None if t is None else round((t - t0) * 1000))
    serve(p)
    print(time.strftime("%H:%M:%S", time.gmtime()), "started", p, flush=True)
    t0 = time.monotonic()
    t = until(lambda: p in listed())
    up.append(None if t is None else round((t - t0) * 1000))
proc.terminate()
proc.wait(60)


def pct(xs, q):
    xs = sorted(x for x in xs if x is not None)
    return xs[min(len(xs) - 1, max(0, int(round(q * len(xs))) - 1))] if xs else None


json.dump({"program": os.path.basename(program[0]), "fullTableMs": None if full is None else round((full - start) * 1000),
           "downP50Ms": pct(down, 0.5), "downMaxMs": pct(down, 1.0), "upP50Ms": pct(up, 0.5),
           "upMaxMs": pct(up, 1.0), "downMs": down, "upMs": up}, open(out, "w"), indent=1)
