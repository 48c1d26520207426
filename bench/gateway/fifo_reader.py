"""Reads a keepalived notify_fifo; one line per entry: arrival (epoch microseconds), the entry."""
import sys
import time

with open(sys.argv[1], "r") as fifo, open(sys.argv[2], "a", buffering=1) as out:
    for line in fifo:
        out.write("%d %s" % (time.time_ns() // 1000, line))
