"""Times a keepalived signal dump, as a keepalived exporter's scrape does: sends SIGNAL to PID,
then waits for FILE to appear and stop growing (polled every 0.2 ms). Prints milliseconds.
Usage: python3 dump_time.py PID SIGNAL FILE RUNS"""
import os
import signal
import sys
import time

pid, sig, path, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
number = signal.SIGRTMIN + 2 if sig == "RTMIN+2" else getattr(signal, "SIG" + sig)
for _ in range(runs):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    t0 = time.perf_counter()
    os.kill(pid, number)
    size, stable_since = -1, None
    while True:
        time.sleep(0.0002)
        try:
            s = os.path.getsize(path)
        except FileNotFoundError:
            continue
        now = time.perf_counter()
        if s != size or s == 0:
            size, stable_since = s, now
        elif now - stable_since >= 0.005:
            # done when it stopped growing 5 ms ago: the dump ended then
            print("%.2f" % ((stable_since - t0) * 1000))
            break
    time.sleep(0.05)
