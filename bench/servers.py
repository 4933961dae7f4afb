#!/usr/bin/env python
"""The ASGI servers compared: uvicorn, granian and daphne serving the same pages and websockets,
with one worker, then uvicorn and granian with two (daphne runs one process).

    .venv/bin/python bench/servers.py --database-file var/bench/bench_pages_demo.sqlite3 \\
                                      --redis-url redis://127.0.0.1:6379/9

Runs bench/pages.py once per server and number of workers on the same loaded database (kept by
``bench/pages.py --keep``), on a few pages (``--only``, the floor always), and prints per run the
requests per second and p95 of each page, the websockets' handshakes, and the scaling from one
worker to two. Two workers need Redis (serve.py refuses them without). The exit code is 1 if a
run failed a check.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT

RUNS = [("uvicorn", 1), ("granian", 1), ("daphne", 1), ("uvicorn", 2), ("granian", 2)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-file", default="")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    parser.add_argument(
        "--only",
        default="home (it),proposals (it),proposal (it),events (it),resident: notifications",
        help="pages whose name contains one of these (comma-separated)",
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--sockets", type=int, default=100)
    args = parser.parse_args()

    database = (
        ["--database-file", args.database_file]
        if args.database_file
        else ["--database-url", args.database_url, "--reuse"]
    )
    results, failed = {}, False
    for server, workers in RUNS:
        if workers > 1 and not args.redis_url:
            continue
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [
                sys.executable,
                str(ROOT / "bench" / "pages.py"),
                *database,
                "--server", server, "--workers", str(workers),
                "--only", args.only, "--users", str(args.users),
                "--duration", str(args.duration), "--warmup", str(args.warmup),
                "--sockets", str(args.sockets),
                "--json", out.name,
            ]  # fmt: skip
            if args.redis_url:
                command += ["--redis-url", args.redis_url]
            print(f"\n=== {server}, {workers} worker(s)", flush=True)
            failed |= subprocess.run(command, cwd=ROOT).returncode != 0
            text = Path(out.name).read_text()
            if text:
                results[(server, workers)] = json.loads(text)

    names = [row["name"] for row in next(iter(results.values()))["rows"]] if results else []
    print("\nrequests per second (p95 ms under load)")
    print(f"{'page':30}" + "".join(f"{f'{s} ×{w}':>18}" for s, w in results))
    for name in names:
        cells = []
        for run in results.values():
            row = next((r for r in run["rows"] if r["name"] == name), None)
            cells.append(f"{row['rps']:9.1f} ({row['p95']:4.0f})" if row else f"{'-':>16}")
        print(f"{name[:30]:30}" + "".join(f"{c:>18}" for c in cells))
    sockets = [run.get("websockets") or {} for run in results.values()]
    cells = [f"{w.get('p95', 0):.0f} ({w.get('refused', '-')})" for w in sockets]
    print(f"{'websockets p95 ms (refused)':30}" + "".join(f"{c:>18}" for c in cells))
    print(
        f"{'largest process MB':30}"
        + "".join(f"{max(r['rss'] or [0]):18.0f}" for r in results.values())
    )
    for server in ("uvicorn", "granian"):
        one, two = results.get((server, 1)), results.get((server, 2))
        if one and two:
            ratios = []
            for row in one["rows"]:
                other = next((r for r in two["rows"] if r["name"] == row["name"]), None)
                if other and row["rps"]:
                    ratios.append(other["rps"] / row["rps"])
            if ratios:
                ratios.sort()
                print(
                    f"{server}: 2 workers / 1 worker, requests per second: median "
                    f"{ratios[len(ratios) // 2]:.2f} (from {ratios[0]:.2f} to {ratios[-1]:.2f})"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
