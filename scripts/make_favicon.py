"""Draws the site's icons from the same shape as favicon.svg, with Pillow.

    python scripts/make_favicon.py

Writes, next to favicon.svg in cms_templates/static/cms_templates/img/: favicon.ico (16, 32
and 48 px, for /favicon.ico and browsers that ask for it) and apple-touch-icon.png (180 px,
for phones' home screens). The W on the Bootstrap Italia blue, drawn large and scaled down so
the edges are smooth."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "cms_templates/static/cms_templates/img"

BLUE = (0, 102, 204, 255)  # #0066cc, as in favicon.svg
WHITE = (255, 255, 255, 255)
# favicon.svg's path on its 32x32 grid: "M6 9h3.2l2.3 10 2.6-10h3.8l2.6 10 2.3-10H26l-4 14h-3.6
# L16 14.6 13.6 23H10z", as absolute points.
W_SHAPE = [
    (6, 9), (9.2, 9), (11.5, 19), (14.1, 9), (17.9, 9), (20.5, 19), (22.8, 9), (26, 9),
    (22, 23), (18.4, 23), (16, 14.6), (13.6, 23), (10, 23),
]  # fmt: skip
GRID = 32
DRAW_SIZE = 512


def draw(size: int, *, rounded: bool = True) -> Image.Image:
    scale = DRAW_SIZE / GRID
    image = Image.new("RGBA", (DRAW_SIZE, DRAW_SIZE), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    radius = round(6 * scale) if rounded else 0
    canvas.rounded_rectangle([(0, 0), (DRAW_SIZE - 1, DRAW_SIZE - 1)], radius, fill=BLUE)
    canvas.polygon([(x * scale, y * scale) for x, y in W_SHAPE], fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    draw(48).save(IMG / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # Phones round the corners themselves and show transparency as black: a full square.
    draw(180, rounded=False).convert("RGB").save(IMG / "apple-touch-icon.png", optimize=True)
    print(f"Wrote {IMG / 'favicon.ico'} and {IMG / 'apple-touch-icon.png'}")


if __name__ == "__main__":
    main()
