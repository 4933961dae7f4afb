"""Demo volunteering, written through the services (``services.py``, ``hours.py``,
``offers.py``), so that places, waitlists, hours and notifications are what the site itself
would write. The plan and the texts are in ``demo_data.py``.

Runs after the other modules' demos (settings.PROJECT_APPS order). Idempotent: once the demo
opportunities exist, a new seed leaves them as they are. Shifts and hours that already
happened are written in the future or today, as the services require, then moved back."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from spaces_pages.demo import DEMO_STAFF_SPACE, demo_spaces, ensure_coordinator
from spaces_pages.models import SpacePage
from wemi_community.accounts.demo import clock_time, demo_email, demo_person, say
from wemi_community.accounts.models import User
from wemi_community.catalogue.models import Municipio
from wemi_community.core.milan import in_rome

from . import hours, offers, services, slots
from .demo_data import LOGGED_HOURS, OFFERS, OPPORTUNITIES, VOLUNTEERS
from .models import HourEntry, Opportunity, Shift, Signup, Skill


def already_seeded() -> bool:
    return Opportunity.objects.filter(title=OPPORTUNITIES[0].title).exists()


def seed(*, size: int = 1, stdout: TextIO | None = None) -> None:
    """Creates the demo volunteering unless it is there. ``size`` is not used."""
    if already_seeded():
        say(stdout, "Volunteering: the demo is already there, left as it is.")
        return
    slugs = {spec.space for spec in OPPORTUNITIES}
    spaces = demo_spaces(slugs)
    coordinator = User.objects.filter(email=demo_email("coordinatrice")).first()
    volunteer = User.objects.filter(email=demo_email("volontario")).first()
    missing = sorted(slugs - spaces.keys())
    if missing or coordinator is None or volunteer is None:
        say(stdout, f"Volunteering: demo skipped, missing spaces or accounts ({missing}).")
        return
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        summary = DemoVolunteering(spaces, coordinator).run()
    say(stdout, summary)


class DemoVolunteering:
    def __init__(self, spaces: dict[str, SpacePage], coordinator: User):
        self.spaces = spaces
        self.today = timezone.localdate()
        self.coordinators = {DEMO_STAFF_SPACE: coordinator}
        self.people: dict[str, User] = {}
        self.skills = {skill.name: skill for skill in Skill.objects.all()}

    def coordinator_of(self, slug: str) -> User:
        if slug not in self.coordinators:
            space = self.spaces[slug]
            self.coordinators[slug] = ensure_coordinator(
                space, f"coordinamento.{slug}", f"Coordinamento {space.title} (demo)"
            )
        return self.coordinators[slug]

    def run(self) -> str:
        for local_part, name, municipio, age, skills, languages, when, bio in VOLUNTEERS:
            person = (
                User.objects.get(email=demo_email(local_part))
                if name is None
                else demo_person(local_part, name, municipio)
            )
            services.profile_save(
                actor=person,
                data={
                    "age_group": age,
                    "skills": [self.skills[skill] for skill in skills],
                    "languages": list(languages),
                    "availability": slots.mask_of(when),
                    "municipio": Municipio.objects.get(number=municipio),
                    "bio": bio,
                    "active": True,
                },
            )
            self.people[local_part] = person
        created = [self.build(spec) for spec in OPPORTUNITIES]
        self.log_hours()
        for local_part, title, description, skills, municipio, when in OFFERS:
            offers.offer_publish(
                actor=self.people[local_part],
                data={
                    "title": title,
                    "description": description,
                    "skills": [self.skills[skill] for skill in skills],
                    "municipio": Municipio.objects.get(number=municipio),
                    "availability": slots.mask_of(when),
                },
            )
        return (
            f"Volunteering: {len(self.people)} volunteers, {len(created)} opportunities, "
            f"{len(OFFERS)} offers."
        )

    def build(self, spec) -> Opportunity:
        coordinator = self.coordinator_of(spec.space)
        opportunity = services.opportunity_create(
            actor=coordinator,
            space=self.spaces[spec.space],
            data={
                "title": spec.title,
                "description": spec.description,
                "skills": [self.skills[skill] for skill in spec.skills],
                "languages": list(spec.languages),
                "commitment": spec.commitment,
                "min_age": spec.min_age,
            },
        )
        for shift_spec in spec.shifts:
            past = shift_spec.days < 0
            # What already happened is written next week, then moved back.
            day = self.today + datetime.timedelta(days=shift_spec.days if not past else 7)
            shift = services.shift_add(
                actor=coordinator,
                opportunity=opportunity,
                starts_at=in_rome(day, clock_time(shift_spec.start)),
                ends_at=in_rome(day, clock_time(shift_spec.end)),
                capacity=shift_spec.capacity,
                place=shift_spec.place,
            )
            for local_part in shift_spec.volunteers:
                services.signup_create(actor=self.people[local_part], shift=shift)
            if past:
                # The same wall-clock times on the past day, whatever the clocks did between.
                then = self.today + datetime.timedelta(days=shift_spec.days)
                starts_at = in_rome(then, clock_time(shift_spec.start))
                ends_at = in_rome(then, clock_time(shift_spec.end))
                Shift.objects.filter(pk=shift.pk).update(
                    starts_at=starts_at,
                    ends_at=ends_at,
                    slots=slots.shift_mask(starts_at, ends_at),
                )
                if not shift_spec.recorded:
                    continue
                came = {self.people[local_part].pk for local_part in shift_spec.came}
                for signup in Signup.objects.filter(shift=shift, state="confirmed"):
                    hours.attendance_confirm(
                        actor=coordinator, signup=signup, attended=signup.volunteer_id in came
                    )
        return opportunity

    def log_hours(self) -> None:
        for local_part, slug, days_ago, amount, activity, approve in LOGGED_HOURS:
            entry = hours.hours_log(
                actor=self.people[local_part],
                space=self.spaces[slug],
                day=self.today,
                hours=Decimal(amount),
                activity=activity,
            )
            HourEntry.objects.filter(pk=entry.pk).update(
                date=self.today - datetime.timedelta(days=days_ago)
            )
            if approve:
                hours.hours_review(actor=self.coordinator_of(slug), entry=entry, approve=True)
