"""The demo's people are fictional: what the demo did to them waits in their inboxes on the
site, and no e-mail leaves for it (nor fills the console or the development mailbox, where a
newcomer then reads only the e-mails of what they do themselves)."""

from wemi_community.accounts.demo import DEMO_DOMAIN
from wemi_community.accounts.models import User

from . import services


def after_seed() -> None:
    demo_people = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}").values_list(
        "pk", flat=True
    )
    services.pending_emails_skip(recipient_ids=demo_people)
