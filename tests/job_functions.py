"""Functions the background-job tests queue; a worker process imports them by their path."""

import os
import time
from pathlib import Path

import jobs


def add(a, b):
    return a + b


def fail_until(counter_path, failures):
    """Fail the first ``failures`` calls (counted in a file), then return the call's number."""
    counter = Path(counter_path)
    calls = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(calls))
    if calls <= failures:
        raise ConnectionError(f"call {calls}: the picture service is not answering")
    return calls


def always_fail():
    raise ValueError("Файл «лето.jpg» не читается")


def refuse():
    raise jobs.Failed("Файл «зима.txt» пуст: повтор не поможет")


def count_slowly(log_path, steps, seconds):
    """Log each start (with the process id), then count to ``steps``, reporting progress."""
    with open(log_path, "a") as log:
        log.write(f"{os.getpid()}\n")
    for step in range(1, steps + 1):
        time.sleep(seconds)
        jobs.progress(step, steps)
    return steps
