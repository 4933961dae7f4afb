"""What the browser journeys share."""

import re

from tests.factories import DEFAULT_PASSWORD


def sign_in(page, server, user):
    """Signs ``user`` in through the login page, as people do."""
    page.goto(server.url + "/account/accedi/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Accedi").last.click()
    page.wait_for_url(re.compile(r"/account/profilo/$"))
