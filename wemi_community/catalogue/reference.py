"""Loads the real reference data shipped in ``catalogue/data`` (attribution in its README).

Every loader is idempotent: it updates rows by their natural key and never duplicates. The
loaders take the model classes as arguments so the same code runs in the data migration (with
historical models) and from ``seed_demo``/``load_reference_data`` (with the live ones).
"""

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"
SIX_PLACES = Decimal("0.000001")


def _coord(value: float) -> Decimal:
    return Decimal(str(value)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def polygon_centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of a GeoJSON Polygon/MultiPolygon's outer rings."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    total_area = cx = cy = 0.0
    for polygon in polygons:
        ring = polygon[0]
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            total_area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if total_area == 0:
        xs = [pt[0] for poly in polygons for pt in poly[0]]
        ys = [pt[1] for poly in polygons for pt in poly[0]]
        return sum(ys) / len(ys), sum(xs) / len(xs)
    total_area /= 2
    return cy / (6 * total_area), cx / (6 * total_area)


def _has_boundary_field(model) -> bool:
    # The first data migration's models still kept the boundary on the row itself.
    return any(field.name == "boundary" and field.concrete for field in model._meta.get_fields())


def _store_boundary(row, geometry: dict, Boundary) -> None:
    if Boundary is not None and geometry:
        owner = row._meta.model_name
        Boundary.objects.update_or_create(**{owner: row}, defaults={"geometry": geometry})


def load_municipi(Municipio, MunicipioBoundary=None) -> int:
    features = json.loads((DATA_DIR / "milano_municipi.geojson").read_text("utf-8"))["features"]
    for feature in features:
        number = int(feature["properties"]["ZONADEC"])
        lat, lon = polygon_centroid(feature["geometry"])
        defaults = {
            "name": f"Municipio {number}",
            "centroid_lat": _coord(lat),
            "centroid_lon": _coord(lon),
        }
        inline = _has_boundary_field(Municipio)
        if inline:
            defaults["boundary"] = feature["geometry"]
        municipio, _created = Municipio.objects.update_or_create(number=number, defaults=defaults)
        if not inline:
            _store_boundary(municipio, feature["geometry"], MunicipioBoundary)
    return len(features)


def load_nils(Municipio, Nil, NilBoundary=None) -> int:
    geometries = {
        int(f["properties"]["ID_NIL"]): f["geometry"]
        for f in json.loads((DATA_DIR / "milano_nil.geojson").read_text("utf-8"))["features"]
    }
    municipi = {m.number: m for m in Municipio.objects.all()}
    count = 0
    with (DATA_DIR / "milano_nil.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = int(row["id_nil"])
            defaults = {
                # The City's spelling ("Città Studi"); the open data's capitals are in "nil".
                "name": row["name"].strip(),
                "municipio": municipi[int(row["municipio"])],
                "centroid_lat": _coord(float(row["lat"])),
                "centroid_lon": _coord(float(row["lon"])),
            }
            inline = _has_boundary_field(Nil)
            if inline:
                defaults["boundary"] = geometries.get(code, {})
            nil, _created = Nil.objects.update_or_create(code=code, defaults=defaults)
            if not inline:
                _store_boundary(nil, geometries.get(code, {}), NilBoundary)
            count += 1
    return count


def load_categories(ServiceCategory) -> int:
    """Areas, level-1 groups and level-2 services with their English names, keeping the
    order of the CSV."""
    nodes: dict[tuple[str, ...], object] = {}
    positions: dict[tuple[str, ...], int] = {}
    count = 0
    has_english = any(field.name == "name_en" for field in ServiceCategory._meta.get_fields())
    with (DATA_DIR / "catalogo_servizi.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            path: tuple[str, ...] = ()
            for level, key in enumerate(("area", "level1", "level2"), start=1):
                name = row[key].strip()
                # English names are ours (see data/README.md); a copy without them loads too.
                name_en = (row.get(f"{key}_en") or "").strip()
                parent_path, path = path, (*path, name)
                if path in nodes:
                    continue
                siblings = positions.get(parent_path, 0)
                positions[parent_path] = siblings + 1
                node, _ = ServiceCategory.objects.update_or_create(
                    slug=slugify("-".join(path))[:200],
                    defaults={
                        "parent": nodes.get(parent_path),
                        "level": level,
                        "name": name,
                        "position": siblings,
                        "basis": row["basis"].strip() if level == 3 else "",
                        # Older data migrations run this with a model that has no English yet.
                        **({"name_en": name_en} if has_english else {}),
                    },
                )
                nodes[path] = node
                count += 1
    return count


def load_keywords(ServiceCategory) -> int:
    """The other words people use for a service or a group ("badante", "tata"), which the
    site search finds them by. Sets the categories named in the file; the rest keep theirs."""
    count = 0
    with (DATA_DIR / "sinonimi_servizi.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            count += ServiceCategory.objects.filter(
                name=row["service"].strip(), level__gt=1
            ).update(keywords=row["keywords"].strip())
    return count


@transaction.atomic
def load_all(
    Municipio, Nil, ServiceCategory, MunicipioBoundary=None, NilBoundary=None
) -> dict[str, int]:
    loaded = {
        "municipi": load_municipi(Municipio, MunicipioBoundary),
        "nil": load_nils(Municipio, Nil, NilBoundary),
        "categories": load_categories(ServiceCategory),
    }
    # Older data migrations run this with a model that has no keywords yet.
    if any(field.name == "keywords" for field in ServiceCategory._meta.get_fields()):
        loaded["keywords"] = load_keywords(ServiceCategory)
    return loaded


def load_reference_data() -> dict[str, int]:
    # Imported here: the data migrations import this module and pass their own models.
    from .models import Municipio, MunicipioBoundary, Nil, NilBoundary, ServiceCategory

    return load_all(Municipio, Nil, ServiceCategory, MunicipioBoundary, NilBoundary)
