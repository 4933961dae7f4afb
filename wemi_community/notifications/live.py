"""Live push to a person's open pages. Services call ``push_to_user`` after their transaction
commits; the consumer in ``consumers.py`` delivers it to every tab the person has open."""

from wemi_community.core.live import group_send_after_commit


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def push_to_user(user_id: int, payload: dict) -> None:
    """Queues a live message for one user, sent once the current transaction commits (a
    channel layer that is down loses it, and the write stands)."""
    group_send_after_commit(user_group(user_id), {"type": "notify.push", "payload": payload})
