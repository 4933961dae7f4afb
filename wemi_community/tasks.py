"""Platform-level tasks: they compose apps of different layers."""

import logging

from django.urls import reverse

logger = logging.getLogger(__name__)


def echo(value):
    """Returns its argument: lets the health checks and tests prove a task went through."""
    return value


def data_export_build(export_id: int) -> bool:
    """Builds a person's copy of their data and tells them it is ready, or that it failed.
    Idempotent: a copy no longer pending is left alone and nobody is told twice. Here, not
    in the accounts, because the notifications sit above them."""
    # Imported here: this module is imported by the task workers before the apps are ready.
    from wemi_community.accounts import data_rights, kinds
    from wemi_community.notifications.services import notify

    url = reverse("accounts:data_export")

    def tell(kind):
        return lambda export: notify([export.user_id], kind, url=url)

    try:
        built = data_rights.data_export_build(
            export_id=export_id, on_ready=tell(kinds.NOTIFY_DATA_EXPORT_READY)
        )
        return built is not None
    except Exception:
        logger.exception("The copy of personal data %s could not be built", export_id)
    data_rights.data_export_fail(
        export_id=export_id, on_failed=tell(kinds.NOTIFY_DATA_EXPORT_FAILED)
    )
    return False
