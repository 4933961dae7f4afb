"""What the evidence's tests compare: every column of the figures."""

from wemi_community.evidence.models import Figure

FIGURE_FIELDS = (
    "grain",
    "kind",
    "month",
    "municipio_id",
    "nil_id",
    "space_id",
    "category_id",
    "area_id",
    "isee_band",
    "facts",
    "persons",
    "people",
    "households",
    "quantity",
    "family_cents",
    "city_cents",
)


def figures_now() -> list[tuple]:
    """Every figure, every column, in a stable order."""
    return sorted(Figure.objects.values_list(*FIGURE_FIELDS))
