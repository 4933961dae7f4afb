"""How long `make run` takes to load the demo: migrate, seed_demo on the empty database, and
seed_demo again (which must find everything already there).

Each round builds a fresh database of its own (common.py) and runs the management commands
as `make run` does, in a process of their own, so every round starts cold. Prints each phase's
p50 and max over the rounds and the ratio of the second seed to the first."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from common import ROOT, percentile, prepare_database


def _timed(url: str, *command: str) -> float:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "wemi_community.settings.test",
    }
    env.pop("REDIS_URL", None)
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if finished.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{finished.stderr[-4000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()

    phases: dict[str, list[float]] = {"migrate": [], "seed": [], "seed again": []}
    label = ""
    for _ in range(options.rounds):
        url, label, drop = prepare_database(options.database_url, "bench_seed.sqlite3")
        try:
            phases["migrate"].append(_timed(url, "migrate", "--noinput"))
            phases["seed"].append(_timed(url, "seed_demo"))
            phases["seed again"].append(_timed(url, "seed_demo"))
        finally:
            if not options.keep:
                drop()

    print(f"Demo seed on {label}, rounds: {options.rounds}")
    for name, seconds in phases.items():
        print(f"  {name:<11} p50 {percentile(seconds, 0.5):6.1f} s   max {max(seconds):6.1f} s")
    first, again = percentile(phases["seed"], 0.5), percentile(phases["seed again"], 0.5)
    print(f"  second seed / first seed: {again / first:.2f}")


if __name__ == "__main__":
    main()
