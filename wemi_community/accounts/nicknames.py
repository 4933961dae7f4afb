"""Nicknames: the unique @name a person is mentioned by, derived from the display name."""

from django.contrib.auth import get_user_model
from django.utils.text import slugify

MAX_LENGTH = 40


def nickname_base(display_name: str) -> str:
    base = slugify(display_name or "").replace("-", ".")[: MAX_LENGTH - 6].strip("._-")
    return base or "persona"


def unique_nickname(display_name: str, *, taken=None) -> str:
    """The first free "name", "name2", "name3"… (``taken`` lets a migration pass its own model)."""
    model = taken or get_user_model()
    base = nickname_base(display_name)
    existing = set(
        model.objects.filter(nickname__startswith=base).values_list("nickname", flat=True)
    )
    if base not in existing:
        return base
    number = 2
    while f"{base}{number}" in existing:
        number += 1
    return f"{base}{number}"
