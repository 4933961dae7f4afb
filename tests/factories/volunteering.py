"""Volunteers, opportunities, shifts, sign-ups, hours and offers of help, made through the
services."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from volunteering import hours as hours_service
from volunteering import offers, services
from volunteering.models import HourEntry, Opportunity, Shift, Signup, VolunteerOffer

from . import UserFactory
from .roles import CoordinatorFactory
from .spaces import SpaceFactory


class VolunteerFactory(UserFactory):
    """A person with a volunteer profile (an adult, no skills, no availability given)."""

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        data = {"age_group": "adult", "skills": [], "languages": [], "availability": 0}
        services.profile_save(actor=self, data={**data, **kwargs})
        self.__dict__.pop("_wemi_volunteer_profile", None)


class OpportunityFactory(factory.Factory):
    class Meta:
        model = Opportunity

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Accoglienza allo Spazio {n}")

    @classmethod
    def _create(cls, model_class, *, space, title):
        return services.opportunity_create(
            actor=CoordinatorFactory(space=space),
            space=space,
            data={
                "title": title,
                "description": "Accogliere chi arriva.",
                "commitment": "one_off",
                "min_age": 18,
                "cancel_hours": 24,
                "languages": [],
                "skills": [],
            },
        )


class ShiftFactory(factory.Factory):
    """A shift ``days`` days from now, two hours long."""

    class Meta:
        model = Shift

    opportunity = factory.SubFactory(OpportunityFactory)
    days = 5
    capacity = 2

    @classmethod
    def _create(cls, model_class, *, opportunity, days, capacity):
        starts_at = timezone.now() + datetime.timedelta(days=days)
        return services.shift_add(
            actor=CoordinatorFactory(space=opportunity.space),
            opportunity=opportunity,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            capacity=capacity,
            place="Sala grande",
        )


class SignupFactory(factory.Factory):
    class Meta:
        model = Signup

    shift = factory.SubFactory(ShiftFactory)
    volunteer = factory.SubFactory(VolunteerFactory)

    @classmethod
    def _create(cls, model_class, *, shift, volunteer):
        return services.signup_create(actor=volunteer, shift=shift)


class HourEntryFactory(factory.Factory):
    """Hours a volunteer logged at ``space`` yesterday, waiting for approval."""

    class Meta:
        model = HourEntry

    volunteer = factory.SubFactory(VolunteerFactory)
    space = factory.SubFactory(SpaceFactory)
    hours = 2

    @classmethod
    def _create(cls, model_class, *, volunteer, space, hours):
        return hours_service.hours_log(
            actor=volunteer,
            space=space,
            day=timezone.localdate() - datetime.timedelta(days=1),
            hours=hours,
            activity="Accoglienza",
        )


class VolunteerOfferFactory(factory.Factory):
    """An offer of help; ``state`` open or withdrawn (by its volunteer)."""

    class Meta:
        model = VolunteerOffer

    volunteer = factory.SubFactory(VolunteerFactory)
    title = "Conversazione in italiano, il martedì"
    state = VolunteerOffer.State.OPEN

    @classmethod
    def _create(cls, model_class, *, volunteer, title, state):
        offer = offers.offer_publish(actor=volunteer, data={"title": title})
        if state == VolunteerOffer.State.WITHDRAWN:
            offer = offers.offer_withdraw(actor=volunteer, offer=offer)
        return offer
