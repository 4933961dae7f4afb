from tests.faults.own_redis import own_redis, queue_on_own_redis  # noqa: F401
