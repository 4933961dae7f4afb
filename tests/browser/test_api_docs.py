"""The API's documentation page in a real browser: Swagger UI from our own static files,
its operations listed, no Content Security Policy violation (csp_watcher fails the test on
any)."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_api_docs_render_their_operations_under_the_csp(live_server, browser_page):
    page = browser_page
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/events/" in path for path in paths)
    assert any("/api/v1/observatory/demand/" in path for path in paths)
    # Everything came from the site itself: no CDN.
    assert all(url.startswith(live_server.url) for url in requests), requests
    # An operation opens and can be tried against the API.
    page.locator(".opblock-summary-path", has_text="/api/v1/spaces/").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert "200" in status.inner_text()
