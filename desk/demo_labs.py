"""The desk's residents in the listening lab of its space: the operator joins two residents
who signed the desk's consent and have no online account, and writes down their needs for
them at the counter (through the labs' services, so the lab's wall and the audit trail have
them as the site itself would)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from labs import needs
from labs import services as lab_services
from labs.models import Lab, Need, Participant
from wemi_community.catalogue.models import ServiceCategory

from .models import DeskResident

LAB_TITLE = "Condominio via Palmieri 53"
# (first name, last name, service, need, days ago)
DEMO_NEEDS = [
    (
        "Giuseppina",
        "Ferri",
        "Acquisto e consegna spesa e farmaci",
        "Qualcuno che mi porti la spesa il sabato: le scale sono diventate troppe",
        6,
    ),
    (
        "Mario",
        "Colombo",
        "Badante di condominio",
        "Una persona che passi la sera da mia moglie quando io sono in ospedale",
        3,
    ),
]


def seed_lab_needs(space, operator) -> None:
    lab = Lab.objects.filter(title=LAB_TITLE, space=space, phase=Lab.Phase.LISTENING).first()
    if lab is None:
        return
    for first, last, service_name, text, days_ago in DEMO_NEEDS:
        resident = (
            DeskResident.objects.filter(user__first_name=first, user__last_name=last, space=space)
            .select_related("user")
            .first()
        )
        category = ServiceCategory.objects.filter(
            level=ServiceCategory.Level.LEVEL2, name=service_name
        ).first()
        if resident is None or category is None:
            continue
        if Participant.objects.filter(lab=lab, user=resident.user).exists():
            continue
        participant = lab_services.join_with_account(
            actor=operator, token=lab.invite_token, person=resident.user
        )
        need = needs.need_post(
            actor=operator, participant=participant, category=category, text=text
        )
        when = timezone.now() - datetime.timedelta(days=days_ago)
        Need.objects.filter(pk=need.pk).update(created_at=when)
        Participant.objects.filter(pk=participant.pk).update(joined_at=when)
