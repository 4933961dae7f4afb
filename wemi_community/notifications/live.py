"""Live push to a person's open pages. Services call ``push_to_user`` after their transaction
commits; the consumer in ``consumers.py`` delivers it to every tab the person has open."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def push_to_user(user_id: int, payload: dict) -> None:
    """Queues a live message for one user, sent once the current transaction commits."""

    def send():
        layer = get_channel_layer()
        async_to_sync(layer.group_send)(
            user_group(user_id), {"type": "notify.push", "payload": payload}
        )

    transaction.on_commit(send)
