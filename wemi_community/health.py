"""``/healthz``: is each part the platform needs actually working, right now?

The channel layer is checked with a real send/receive round trip and the task queue by asking
its broker, so a Redis that is down shows up here and not first in a user's browser."""

import asyncio
import logging
import time
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django_q.brokers import get_broker
from django_q.conf import Conf

logger = logging.getLogger(__name__)
CHECK_TIMEOUT = 3.0


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


async def _check_channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    nonce = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "nonce": nonce})
    message = await layer.receive(channel)
    if message.get("nonce") != nonce:
        raise RuntimeError("round trip returned another message")
    return {"backend": type(layer).__name__}


def _check_task_queue() -> dict:

    broker = get_broker()
    if not broker.ping():
        raise RuntimeError("broker did not answer")
    return {
        "broker": type(broker).__name__,
        "queued": broker.queue_size(),
        "sync": bool(Conf.SYNC),
    }


async def _run(name: str, check) -> tuple[str, dict]:
    started = time.perf_counter()
    try:
        if asyncio.iscoroutinefunction(check):
            detail = await asyncio.wait_for(check(), CHECK_TIMEOUT)
        else:
            detail = await asyncio.wait_for(
                sync_to_async(check, thread_sensitive=True)(), CHECK_TIMEOUT
            )
        state = {"status": "up", **detail}
    except Exception as exc:  # noqa: BLE001 - any failure means "down", with the reason
        logger.warning("healthz: %s is down: %s", name, exc)
        state = {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}
    state["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return name, state


@never_cache
async def healthz(request):
    results = dict(
        await asyncio.gather(
            _run("database", _check_database),
            _run("channel_layer", _check_channel_layer),
            _run("task_queue", _check_task_queue),
        )
    )
    healthy = all(part["status"] == "up" for part in results.values())
    return JsonResponse(
        {"status": "up" if healthy else "down", "checks": results},
        status=200 if healthy else 503,
    )
