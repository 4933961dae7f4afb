from tests.faults.own_redis import own_redis  # noqa: F401
