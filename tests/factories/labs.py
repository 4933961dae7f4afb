"""Labs in each phase, with their facilitator, members with an account and guests, made
through the services (people join while the lab takes them, then it moves on)."""

from __future__ import annotations

import factory

from labs import services
from labs.models import Lab
from labs.states import SEQUENCE

from . import UserFactory
from .roles import CoordinatorFactory
from .spaces import SpaceFactory

Phase = Lab.Phase


class LabFactory(factory.Factory):
    """``phase`` is any of ``Lab.Phase``. ``members`` (accounts) and ``guests`` (nicknames)
    join in listening; the lab gets ``facilitator``, ``member_participants`` and
    ``guest_participants`` (participant, raw key) as attributes. A requested or declined lab
    was asked for by ``requested_by``."""

    class Meta:
        model = Lab

    space = factory.SubFactory(SpaceFactory)
    phase = Phase.LISTENING
    visibility = Lab.Visibility.PRIVATE
    title = factory.Sequence(lambda n: f"Condominio via Palmieri {n}")
    facilitator = factory.SubFactory(UserFactory, display_name="Paolo facilitatore")
    requested_by = factory.SubFactory(UserFactory, display_name="Chi ha chiesto")
    members = ()
    guests = ()

    @classmethod
    def _create(cls, model_class, *, space, phase, visibility, title, facilitator, **people):
        data = {"title": title, "kind": "condominium", "place": "Via Palmieri 53"}
        coordinator = CoordinatorFactory(space=space)
        if phase in (Phase.REQUESTED, Phase.DECLINED):
            lab = services.lab_request(
                actor=people["requested_by"],
                space=space,
                data={**data, "visibility": visibility},
            )
            if phase == Phase.DECLINED:
                lab = services.lab_request_decide(coordinator=coordinator, lab=lab, approve=False)
            lab.facilitator, lab.member_participants, lab.guest_participants = None, [], []
            return lab
        lab = services.lab_create(
            coordinator=coordinator,
            space=space,
            data={**data, "visibility": visibility},
            facilitators=[facilitator],
        )
        members = [
            services.join_with_account(actor=user, token=lab.invite_token)
            for user in people["members"]
        ]
        guests = [
            services.join_as_guest(token=lab.invite_token, nickname=nickname)
            for nickname in people["guests"]
        ]
        while lab.phase != phase:
            assert lab.phase in SEQUENCE, phase
            lab = services.lab_advance(actor=facilitator, lab=lab)
        lab.refresh_from_db()
        lab.facilitator, lab.member_participants, lab.guest_participants = (
            facilitator,
            members,
            guests,
        )
        return lab
