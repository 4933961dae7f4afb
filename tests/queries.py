"""Measuring what a page costs in SQL queries, for the tests that prove a page's count does not
grow with its rows: build the page with few rows and count, add many rows, then assert the same
count with ``django_assert_num_queries(few)``.

    few = queries_for(client, url)
    ...  # four times as many rows of every kind the page shows
    text = page_text(client, url)  # the rows are there (and the caches warm again)
    with django_assert_num_queries(few):
        client.get(url)
"""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _get(client, url: str, data: dict | None = None):
    response = client.get(url, data)
    assert response.status_code == 200, (url, response.status_code)
    return response


def page_text(client, url: str, data: dict | None = None) -> str:
    """The page's HTML (spaces collapsed), read once. The first request of a page also warms
    what a running server keeps between requests (Wagtail's site root paths, the cached
    roles), so a count taken after it measures the page, not the warm-up."""
    return re.sub(r"\s+", " ", _get(client, url, data).content.decode())


def queries_for(client, url: str, data: dict | None = None) -> int:
    """The number of SQL queries of one GET of ``url`` (200, a page or a file), once warm."""
    _get(client, url, data)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url, data)
    return len(queries)
