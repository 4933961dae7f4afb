"""Writes of the Spazi WeMi: the groups of the people who run each space."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from guardian.shortcuts import assign_perm
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from wemi_community.participation.audit import audit_log

from .models import SpacePage, SpaceStaffGroup
from .permissions import COORDINATE_SPACE, OPERATE_DESK

# Group names are content the city's staff read in the admin: Italian, like the pages.
GROUP_PREFIXES = {
    SpaceStaffGroup.Role.COORDINATION: "Coordinamento",
    SpaceStaffGroup.Role.DESK: "Sportello",
}
# Coordinators edit and publish their page; nothing else of the tree.
COORDINATOR_PAGE_PERMISSIONS = ("change_page", "publish_page")
# ... and may upload images for it and pick existing ones.
COORDINATOR_IMAGE_PERMISSIONS = ("add_image", "choose_image")
GROUP_NAME_MAX = Group._meta.get_field("name").max_length


@dataclass(frozen=True)
class SpaceGroups:
    coordination: Group
    desk: Group
    created: bool


def _group_name(space: SpacePage, role: str) -> str:
    name = f"{GROUP_PREFIXES[role]} · {space.title}"[:GROUP_NAME_MAX]
    # Two spaces may share a title: the second gets its id to keep names unique.
    clash = Group.objects.filter(name=name).exclude(space_staff__space=space).exists()
    if clash:
        suffix = f" ({space.pk})"
        name = name[: GROUP_NAME_MAX - len(suffix)] + suffix
    return name


def _ensure_group(space: SpacePage, role: str) -> tuple[Group, bool]:
    link = SpaceStaffGroup.objects.select_related("group").filter(space=space, role=role).first()
    name = _group_name(space, role)
    if link is None:
        group, created = Group.objects.get_or_create(name=name)
        SpaceStaffGroup.objects.create(space=space, role=role, group=group)
        return group, created
    group = link.group
    if group.name != name:  # the space was renamed
        group.name = name
        group.save(update_fields=["name"])
    return group, False


def _page_permissions() -> list[Permission]:
    page_type = ContentType.objects.get_for_model(Page)
    return list(
        Permission.objects.filter(content_type=page_type, codename__in=COORDINATOR_PAGE_PERMISSIONS)
    )


@transaction.atomic
def space_groups_ensure(*, space: SpacePage, actor=None) -> SpaceGroups:
    """Creates, if missing, the space's "Coordinamento" and "Sportello" groups and gives them
    their powers on this space only. Idempotent: runs on every publish and on every seed.
    City staff then assign people by ticking the group on the person's page in the admin."""
    coordination, created_c = _ensure_group(space, SpaceStaffGroup.Role.COORDINATION)
    desk, created_d = _ensure_group(space, SpaceStaffGroup.Role.DESK)

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group in (coordination, desk):
        group.permissions.add(access_admin)
    for permission in _page_permissions():
        GroupPagePermission.objects.get_or_create(
            group=coordination, page=space, permission=permission
        )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=COORDINATOR_IMAGE_PERMISSIONS
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=coordination, collection=root_collection, permission=permission
            )
    assign_perm(COORDINATE_SPACE, coordination, space)
    assign_perm(OPERATE_DESK, desk, space)

    created = created_c or created_d
    if created:
        audit_log(
            actor=actor,
            action="spaces.staff_groups_created",
            target=space,
            data={"groups": [coordination.name, desk.name]},
        )
    return SpaceGroups(coordination=coordination, desk=desk, created=created)
