"""The two groups of people who run each space: its coordination and its desk."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .spaces import SpacePage


class SpaceStaffGroup(models.Model):
    """Links a space to the Django group of its coordinators, or of its desk operators.

    The link lives outside the page on purpose: page fields are copied into revisions, and
    publishing an old revision would otherwise point the page at no group, or another."""

    class Role(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        DESK = "desk", _("Desk")

    space = models.ForeignKey(
        SpacePage, on_delete=models.CASCADE, related_name="staff_groups", verbose_name=_("space")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="space_staff", verbose_name=_("group")
    )

    class Meta:
        verbose_name = _("staff group of a space")
        verbose_name_plural = _("staff groups of the spaces")
        constraints = [
            models.UniqueConstraint(fields=["space", "role"], name="spaces_staff_group_unique_role")
        ]

    def __str__(self) -> str:
        return self.group.name
