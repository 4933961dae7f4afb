"""Who the test provider signs in (no Django here: the site's tests import it too)."""

import json
import os
from pathlib import Path

# Who signs in when nobody said otherwise.
DEFAULT_PERSON = {
    "username": "maria",
    "given_name": "Maria",
    "family_name": "Rossi",
    "email": "maria.rossi@esempio.example",
    # The SPID/CIE profiles' claim, with the "TINIT-" prefix of the SPID attribute.
    "https://attributes.eid.gov.it/fiscal_number": "TINIT-RSSMRA85T50F205V",
}


def current_person() -> dict:
    """The person in ``OIDC_PROVIDER_PERSON`` (a JSON file the tests write), else the default
    one. Read at each sign-in and each token, so a test changes it between two flows."""
    path = os.environ.get("OIDC_PROVIDER_PERSON")
    if path and Path(path).exists():
        return json.loads(Path(path).read_text())
    return DEFAULT_PERSON
