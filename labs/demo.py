"""Demo labs, written through the services (``services.py`` and ``codesign.py``), so that
counts, themes, drafts, notifications and the audit trail are what the site itself would
write. The plan and the texts are in ``demo_data.py``.

Runs after the accounts, spaces and proposals demos (settings.PROJECT_APPS order).
Idempotent: once the demo labs exist, a new seed leaves them as they are. The timeline (the
lab opened weeks ago) is set by back-dating the rows the services wrote."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from proposals import joins as proposal_joins
from spaces_pages.demo import DEMO_STAFF_SPACE, demo_spaces, ensure_coordinator
from spaces_pages.models import SpacePage
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.participation import comments

from . import codesign, needs, services
from .demo_data import CAPUANA_COORDINATOR, LABS, REQUEST, LabSpec
from .models import Lab, MeToo, Need, Participant, Theme
from .states import SEQUENCE

Phase = Lab.Phase


def _write(stdout, text: str) -> None:
    if stdout:
        stdout.write(text + "\n")


def already_seeded() -> bool:
    return Lab.objects.filter(title__in=[spec.title for spec in LABS]).exists()


def seed(*, size: int = 1, stdout: TextIO | None = None) -> None:
    """Creates the demo labs unless they are there. ``size`` is not used: the synthetic spaces
    of a load test get no labs."""
    if already_seeded():
        _write(stdout, "Labs: the demo labs are already there, left as they are.")
        return
    slugs = {spec.space for spec in LABS}
    spaces = demo_spaces(slugs)
    accounts = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(
            email__in=[demo_email(name) for name in ("coordinatrice", "facilitatore", *_locals())]
        )
    }
    missing = sorted(slugs - spaces.keys())
    if missing or "coordinatrice" not in accounts or "facilitatore" not in accounts:
        _write(stdout, f"Labs: demo skipped, missing spaces or accounts ({missing}).")
        return
    # The drafts' texts are written in the site's language, as a facilitator here would.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        summary = DemoLabs(spaces, accounts).run()
    _write(stdout, summary)


def _locals() -> set[str]:
    return {name for spec in LABS for name in spec.accounts} | {REQUEST[0]}


class DemoLabs:
    def __init__(self, spaces: dict[str, SpacePage], accounts: dict[str, User]):
        self.spaces = spaces
        self.accounts = accounts
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.coordinators = {DEMO_STAFF_SPACE: accounts["coordinatrice"]}
        self.categories = {
            category.name: category
            for category in ServiceCategory.objects.exclude(level=ServiceCategory.Level.AREA)
        }

    def run(self) -> str:
        self.seed_capuana_coordinator()
        labs = [self.build(spec) for spec in LABS]
        resident_local, data = REQUEST
        services.lab_request(
            actor=self.accounts[resident_local],
            space=self.spaces[DEMO_STAFF_SPACE],
            data=data,
        )
        return "Labs: " + "; ".join(f"{lab.title} ({lab.get_phase_display()})" for lab in labs)

    def seed_capuana_coordinator(self) -> None:
        local_part, name, _municipio = CAPUANA_COORDINATOR
        self.coordinators["capuana"] = ensure_coordinator(self.spaces["capuana"], local_part, name)

    # --- One lab ------------------------------------------------------------------------------

    def _dates(self, spec: LabSpec) -> dict:
        return {
            phase: (
                self.today + datetime.timedelta(days=start),
                self.today + datetime.timedelta(days=start + length),
            )
            for phase, start, length in spec.dates
        }

    def build(self, spec: LabSpec) -> Lab:
        facilitator = self.accounts["facilitatore"]
        lab = services.lab_create(
            coordinator=self.coordinators[spec.space],
            space=self.spaces[spec.space],
            data={
                "title": spec.title,
                "kind": spec.kind,
                "place": spec.place,
                "description": spec.description,
                "visibility": spec.visibility,
            },
            facilitators=[facilitator],
            dates=self._dates(spec),
        )
        members = self.join(lab, spec)
        for need_spec in spec.needs:
            need = needs.need_post(
                actor=members[need_spec.who].user,
                participant=members[need_spec.who],
                category=self.categories[need_spec.category],
                text=need_spec.text,
                anonymous=need_spec.anonymous,
            )
            for who in need_spec.me_too:
                needs.me_too_add(actor=members[who].user, participant=members[who], need=need)
        target = SEQUENCE.index(spec.phase)
        if target >= SEQUENCE.index(Phase.AGGREGATION):
            lab = services.lab_advance(actor=facilitator, lab=lab)
            self.group_into_themes(lab, spec, facilitator)
        drafts = []
        if target >= SEQUENCE.index(Phase.CO_DESIGN):
            lab = services.lab_advance(actor=facilitator, lab=lab)
            drafts = self.write_drafts(lab, spec, facilitator, members)
        if target >= SEQUENCE.index(Phase.ACTION):
            lab = services.lab_advance(actor=facilitator, lab=lab)
            self.publish(drafts, spec, facilitator, members)
        if target >= SEQUENCE.index(Phase.EVALUATION):
            lab = services.lab_advance(actor=facilitator, lab=lab)
            for who, rating, comment in spec.evaluations:
                codesign.evaluation_submit(
                    actor=members[who].user,
                    participant=members[who],
                    rating=rating,
                    comment=comment,
                )
        if target >= SEQUENCE.index(Phase.CLOSED):
            lab = services.lab_advance(actor=facilitator, lab=lab)
        self.backdate(lab, spec)
        return lab

    def join(self, lab: Lab, spec: LabSpec) -> dict[str, Participant]:
        members = {}
        for local_part in spec.accounts:
            participant = services.join_with_account(
                actor=self.accounts[local_part], token=lab.invite_token
            )
            members[participant.nickname] = participant
        for nickname in spec.guests:
            participant, _key = services.join_as_guest(token=lab.invite_token, nickname=nickname)
            members[nickname] = participant
        return members

    def group_into_themes(self, lab: Lab, spec: LabSpec, facilitator: User) -> None:
        themes = {
            title: codesign.theme_create(actor=facilitator, lab=lab, title=title)
            for title in spec.themes
        }
        texts = {need_spec.text: need_spec.theme for need_spec in spec.needs if need_spec.theme}
        for need in Need.objects.filter(lab=lab, text__in=list(texts)):
            codesign.need_move(actor=facilitator, need=need, theme=themes[texts[need.text]])

    def write_drafts(self, lab, spec: LabSpec, facilitator: User, members: dict) -> list:
        drafts = []
        for title, audience, pricing_mode, days, slots in spec.drafts:
            theme = Theme.objects.get(lab=lab, title=title)
            proposal = codesign.draft_create(actor=facilitator, theme=theme)
            proposal = codesign.draft_update(
                actor=facilitator,
                proposal=proposal,
                data={
                    "audience": audience,
                    "pricing_mode": pricing_mode,
                    "days": list(days),
                    "time_slots": list(slots),
                },
            )
            drafts.append(proposal)
        if spec.poll and drafts:
            question, options, votes = spec.poll
            poll = codesign.poll_create(
                actor=facilitator, proposal=drafts[0], question=question, options=options
            )
            by_label = {option.label: option for option in poll.options.all()}
            for who, label in votes.items():
                codesign.poll_vote(
                    actor=members[who].user,
                    participant=members[who],
                    poll=poll,
                    option_id=by_label[label].pk,
                )
        for local_part, text in spec.comments:
            if drafts:
                comments.comment_post(actor=self.accounts[local_part], target=drafts[0], text=text)
        return drafts

    def publish(self, drafts: list, spec: LabSpec, facilitator: User, members: dict) -> None:
        for proposal in drafts:
            proposal = codesign.draft_publish(actor=facilitator, proposal=proposal)
            for who, size in spec.joins.items():
                proposal_joins.proposal_join(
                    actor=members[who].user, proposal=proposal, household_size=size
                )

    def backdate(self, lab: Lab, spec: LabSpec) -> None:
        opened = timezone.now() + datetime.timedelta(days=spec.dates[0][1])
        Lab.objects.filter(pk=lab.pk).update(created_at=opened, invite_created_at=self.now)
        Participant.objects.filter(lab=lab).update(joined_at=opened)
        # The needs arrive over the listening days, each "me too" a few hours after its need.
        listened = min(opened + datetime.timedelta(days=spec.dates[0][2]), self.now)
        posted = list(Need.objects.filter(lab=lab).order_by("pk"))
        step = (listened - opened) / (len(posted) + 1)
        for index, need in enumerate(posted, start=1):
            when = opened + step * index
            Need.objects.filter(pk=need.pk).update(created_at=when)
            for hours, me_too in enumerate(MeToo.objects.filter(need=need).order_by("pk"), 1):
                later = min(when + datetime.timedelta(hours=hours), self.now)
                MeToo.objects.filter(pk=me_too.pk).update(created_at=later)
