"""Runs the measured commands for run.py, one JSON request per line on stdin.

A separate small process, started before the benchmark builds its templates: a child
forked from it starts with this process's few megabytes, so the peak RSS that wait4
reports is the command's own, not the benchmark's.
"""

import json
import os
import sys
import time


def measure(command: list, environment: dict) -> dict:
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        try:
            os.execvpe(command[0], command, environment)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "max_rss_kib": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}


for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps(measure(request["command"], request["environment"])), flush=True)
