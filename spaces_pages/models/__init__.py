"""Wagtail page types of the public site and the data of the Spazi WeMi."""

from .pages import HomePage, SpaceIndexPage, StandardPage
from .spaces import Closure, MapPoint, MapPointSource, OpeningSlot, SpacePage, space_marker
from .staff import SpaceStaffGroup

__all__ = [
    "Closure",
    "HomePage",
    "MapPoint",
    "MapPointSource",
    "OpeningSlot",
    "SpaceIndexPage",
    "SpacePage",
    "SpaceStaffGroup",
    "StandardPage",
    "space_marker",
]
