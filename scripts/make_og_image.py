"""Draws the site's default link-preview image (OpenGraph, 1200x630) with Pillow.

    python scripts/make_og_image.py

Writes cms_templates/static/cms_templates/img/og-default.png: the site name on the Bootstrap
Italia blue, in Titillium Web (the design system's typeface, vendored with it)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "cms_templates/static/vendor/bootstrap-italia/fonts/Titillium_Web"
OUTPUT = ROOT / "cms_templates/static/cms_templates/img/og-default.png"

WIDTH, HEIGHT = 1200, 630
BLUE = (0, 102, 204)  # #0066cc, Bootstrap Italia primary
DARK_BLUE = (0, 64, 128)  # #004080, the footer's blue
WHITE = (255, 255, 255)
MARGIN = 96


def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONTS / f"titillium-web-v10-latin-ext_latin-{weight}.woff2"), size
    )


def draw() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    canvas = ImageDraw.Draw(image)
    # A darker band at the foot, like the slim header of the site, carries the owner's name.
    band_top = HEIGHT - 120
    canvas.rectangle([(0, band_top), (WIDTH, HEIGHT)], fill=DARK_BLUE)
    canvas.text(
        (MARGIN, band_top + 60), "Comune di Milano", font=font("600", 40), fill=WHITE, anchor="lm"
    )

    canvas.rectangle([(MARGIN, 150), (MARGIN + 96, 158)], fill=WHITE)
    canvas.text((MARGIN, 190), "WeMi Community", font=font("700", 120), fill=WHITE, anchor="lt")
    canvas.text(
        (MARGIN, 350),
        "Servizi condivisi, laboratori e attività\ndegli Spazi WeMi",
        font=font("600", 46),
        fill=WHITE,
        anchor="la",
        spacing=14,
    )
    return image


if __name__ == "__main__":
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUTPUT, optimize=True)
    print(f"Wrote {OUTPUT.relative_to(ROOT)}")
