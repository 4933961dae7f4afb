"""The vendored Bootstrap Italia files the layout relies on are in the tree and complete."""

import re
from pathlib import Path

from django.conf import settings

from scripts import vendor_static

VENDOR = Path(settings.BASE_DIR) / "cms_templates" / "static" / "vendor" / "bootstrap-italia"


def test_every_pinned_package_is_vendored_with_its_version():
    for package in vendor_static.PACKAGES:
        folder = vendor_static.VENDOR_DIR / package.folder
        assert (folder / "VERSION").read_text().strip() == f"{package.name}@{package.version}"


def test_the_files_the_layout_uses_are_there_without_source_maps():
    for name in (
        "LICENSE",
        "css/bootstrap-italia.min.css",
        "js/bootstrap-italia.bundle.min.js",
        "svg/sprites.svg",
    ):
        assert (VENDOR / name).is_file(), name
    for name in ("css/bootstrap-italia.min.css", "js/bootstrap-italia.bundle.min.js"):
        assert b"sourceMappingURL" not in (VENDOR / name).read_bytes()[-500:]
    assert not list(VENDOR.rglob("*.map"))


def test_the_fonts_stylesheet_points_at_vendored_fonts():
    css = (VENDOR / "css" / "fonts.css").read_text()
    urls = re.findall(r"url\('([^']+)'\)", css)

    assert len(urls) >= 8
    for url in urls:
        assert (VENDOR / "css" / url).resolve().is_file(), url
    assert "font-family:'Titillium Web'" in css


def test_the_sprite_has_the_icons_the_templates_use():
    sprite = (VENDOR / "svg" / "sprites.svg").read_text()
    templates = Path(settings.BASE_DIR).glob("*/templates/**/*.html")
    used = set()
    for template in templates:
        used.update(re.findall(r'icon[ _a-z=]*"(it-[a-z-]+)"', template.read_text()))

    assert {"it-user", "it-burger", "it-pa"} <= used
    for name in used:
        assert f'id="{name}"' in sprite, name
