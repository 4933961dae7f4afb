"""The local mailbox of development: each e-mail the site sends, kept as an ``.eml`` file
under ``WEMI_DEV_MAILBOX_DIR`` (``var/mail/``), so the web server, the task worker and the
mailbox page share it. Only the newest ``KEEP`` stay."""

from __future__ import annotations

import email
import email.policy
import os
import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from django.conf import settings

KEEP = 200
SUFFIX = ".eml"
# <nanoseconds>-<random>: sorts by time, and a crafted id can never name another file.
ID_RE = re.compile(r"^\d{19,20}-[0-9a-f]{8}$")


@dataclass(frozen=True)
class StoredMessage:
    id: str
    subject: str
    sender: str
    recipients: list[str]
    sent_at: datetime
    text: str

    @property
    def to(self) -> str:
        return ", ".join(self.recipients)


def directory() -> Path:
    return Path(settings.WEMI_DEV_MAILBOX_DIR)


def store(messages) -> None:
    """Keeps a copy of each Django ``EmailMessage``."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    for message in messages:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        data = message.message().as_bytes(linesep="\n")
        # Written aside, then renamed: the page never reads half a message.
        partial = folder / f".{name}.part"
        partial.write_bytes(data)
        os.replace(partial, folder / f"{name}{SUFFIX}")
    _prune(folder)


def _ids(folder: Path) -> list[str]:
    """Newest first."""
    names = [path.stem for path in folder.glob(f"*{SUFFIX}") if ID_RE.match(path.stem)]
    return sorted(names, key=lambda name: int(name.split("-")[0]), reverse=True)


def _prune(folder: Path) -> None:
    for old in _ids(folder)[KEEP:]:
        (folder / f"{old}{SUFFIX}").unlink(missing_ok=True)


def _parse(message_id: str, data: bytes) -> StoredMessage:
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    body = parsed.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    try:
        sent_at = parsedate_to_datetime(parsed["Date"])
    except (TypeError, ValueError):
        sent_at = datetime.fromtimestamp(int(message_id.split("-")[0]) / 1e9, tz=UTC)
    if sent_at.tzinfo is None:
        # Django writes the Date header in UTC as "-0000", which parses as naive.
        sent_at = sent_at.replace(tzinfo=UTC)
    return StoredMessage(
        id=message_id,
        subject=str(parsed["Subject"] or ""),
        sender=str(parsed["From"] or ""),
        recipients=[address for _name, address in getaddresses(parsed.get_all("To", []))],
        sent_at=sent_at,
        text=text,
    )


def messages(*, to: str = "", limit: int = 50) -> tuple[list[StoredMessage], int]:
    """The newest messages (to ``to`` only, when given) and how many there are in all."""
    folder = directory()
    if not folder.is_dir():
        return [], 0
    found = []
    total = 0
    wanted = to.strip().lower()
    for message_id in _ids(folder):
        message = get(message_id)
        if message is None:
            continue
        if wanted and wanted not in (address.lower() for address in message.recipients):
            continue
        total += 1
        if len(found) < limit:
            found.append(message)
    return found, total


def get(message_id: str) -> StoredMessage | None:
    if not ID_RE.match(message_id):
        return None
    try:
        data = (directory() / f"{message_id}{SUFFIX}").read_bytes()
    except OSError:
        return None
    return _parse(message_id, data)


def clear() -> int:
    folder = directory()
    removed = 0
    for message_id in _ids(folder) if folder.is_dir() else []:
        (folder / f"{message_id}{SUFFIX}").unlink(missing_ok=True)
        removed += 1
    return removed
