#!/usr/bin/env python
"""Runs the ASGI server and the task cluster together; Ctrl-C (or SIGTERM) stops both.

If either process dies, the other is stopped too, so the site never runs silently without
its task worker."""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()

    env = {**os.environ}
    env.setdefault("DJANGO_SETTINGS_MODULE", "wemi_community.settings.dev")
    python = sys.executable
    commands = {
        "web": [
            python,
            "-m",
            "daphne",
            "-b",
            args.host,
            "-p",
            str(args.port),
            "wemi_community.asgi:application",
        ],
        "tasks": [python, str(ROOT / "manage.py"), "qcluster"],
    }
    processes = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in commands.items()}
    print(
        f"WeMi Community on http://{args.host}:{args.port}/ (task worker running). "
        "Ctrl-C stops both.",
        flush=True,
    )

    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    exit_code = 0
    while not stopping:
        for name, proc in processes.items():
            if proc.poll() is not None:
                print(f"The {name} process exited ({proc.returncode}); stopping.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
        time.sleep(0.3)

    for proc in processes.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for proc in processes.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    print("Stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
