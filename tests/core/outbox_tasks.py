"""A task the outbox tests queue: it records each run, so a test can count them."""

RUNS: list[tuple] = []


def record(*args):
    RUNS.append(args)
    return len(RUNS)
