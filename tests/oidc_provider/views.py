"""The provider's sign-in (the person of the person file, no password, no consent) and its
claims: the SPID/CIE profile's codice fiscale, names and e-mail."""

from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from oauth2_provider.oauth2_validators import OAuth2Validator

from .people import current_person

# The claims of each person signed in here, by username (one process serves them all).
PEOPLE: dict[str, dict] = {}


def sign_in(request):
    person = current_person()
    user, _created = User.objects.get_or_create(username=person["username"])
    PEOPLE[user.username] = person
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return HttpResponseRedirect(next_url)


class GatewayValidator(OAuth2Validator):
    # Every claim in every answer (the scopes' filter would drop the custom ones).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        person = PEOPLE.get(request.user.username) or current_person()
        return {key: value for key, value in person.items() if key != "username"}
