"""Pages of 50 rows by default, 100 at most; a size or a page that is not a whole number in
range is refused with a message (400), a page past the last one is a 404."""

from __future__ import annotations

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .exceptions import ApiNotFound

MAX_DIGITS = 9


def whole_number(raw: str) -> int | None:
    raw = raw.strip()
    # ASCII digits only: "²" and "٣" are digits to str.isdigit but not to int().
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_DIGITS:
        return None
    return int(raw)


class Pagination(PageNumberPagination):
    page_size = 50
    max_page_size = 100
    page_query_param = "page"
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(most)d.") % {"most": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        number = whole_number(raw)
        if number is None or number < 1:
            raise ValidationError({self.page_query_param: [_("Give a whole number from 1 up.")]})
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise ApiNotFound(
                _("There is no page %(number)d: the last one is %(last)d.")
                % {"number": number, "last": paginator.num_pages}
            ) from None
        return list(self.page)
