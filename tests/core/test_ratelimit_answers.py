"""Past a limit: the admin's sign-in is limited like the site's; a script asking for JSON
gets a JSON refusal in Italian, htmx a fragment for the page's alert area, everything else
the 429 page. Each test lowers its limit to two."""

import json

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from labs.models import MeToo, Need
from tests.factories import UserFactory
from tests.labs.helpers import need_category
from tests.labs.pages import url, world
from tests.participation.helpers import conversation_space, target_kwargs
from wemi_community.core.ratelimits import RATES
from wemi_community.participation.models import Comment

pytestmark = pytest.mark.django_db

STRONG = "Cortile-di-via-Padova-42"
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def limit_of_two(monkeypatch):
    def lower(*names):
        for name in names:
            monkeypatch.setitem(RATES, name, "2/h")

    return lower


def assert_page(response):
    assert response.status_code == 429
    text = response.content.decode()
    assert '<html lang="it"' in text and "Troppe richieste" in text
    assert int(response["Retry-After"]) > 0


def test_the_admins_sign_in_is_limited_by_address(limit_of_two):
    limit_of_two("admin_login")
    editor = UserFactory(email="editor@esempio.example", is_staff=True)
    editor.set_password(STRONG)
    editor.save()
    client = Client()
    wrong = {"username": editor.email, "password": "sbagliata-123"}
    assert client.post("/admin/login/", wrong).status_code == 200
    assert client.post("/admin/login/", wrong).status_code == 200
    assert_page(client.post("/admin/login/", {"username": editor.email, "password": STRONG}))
    assert "_auth_user_id" not in client.session
    # The form still opens; another address still signs in.
    assert client.get("/admin/login/").status_code == 200
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/admin/login/", wrong).status_code == 200


def test_the_admins_password_reset_shares_the_sites_limit(limit_of_two):
    limit_of_two("password_reset")
    client = Client()
    assert (
        client.post("/account/password/recupera/", {"email": "a@esempio.example"}).status_code
        == 302
    )
    assert client.post("/admin/password_reset/", {"email": "a@esempio.example"}).status_code == 302
    assert_page(client.post("/admin/password_reset/", {"email": "a@esempio.example"}))


def test_djangos_own_admin_is_not_mounted():
    # Were it mounted, its sign-in would need the same limit.
    with pytest.raises(NoReverseMatch):
        reverse("admin:login")


def test_htmx_gets_a_fragment_for_the_alert_area(limit_of_two):
    limit_of_two("comment")
    space = conversation_space()
    kwargs = target_kwargs(space)
    post = f"/partecipa/commenti/{kwargs['content_type_id']}/{kwargs['object_id']}/nuovo/"
    client = Client(HTTP_HX_REQUEST="true")
    client.force_login(UserFactory())
    assert client.post(post, {"text": "Uno"}).status_code == 200
    assert client.post(post, {"text": "Due"}).status_code == 200
    refused = client.post(post, {"text": "Tre"})
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "<html" not in text and 'role="alert"' in text
    assert "Troppe richieste: non è stato salvato nulla" in text
    assert refused["HX-Retarget"] == "#wemi-htmx-alerts"
    assert refused["HX-Reswap"] == "innerHTML"
    assert int(refused["Retry-After"]) > 0
    assert not Comment.objects.filter(body_source="Tre").exists()


def test_a_boosted_request_gets_the_page(limit_of_two):
    limit_of_two("certificate_check")
    client = Client(HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    for _ in range(2):
        client.get("/verifica/WEMI-AAAA-BBBB/")
    assert_page(client.get("/verifica/WEMI-AAAA-BBBB/"))


def test_every_page_has_the_alert_area_and_htmx_swaps_the_refusal():
    text = Client().get("/account/accedi/").content.decode()
    assert 'id="wemi-htmx-alerts"' in text
    config = text.split('<meta name="htmx-config" content=\'')[1].split("'>")[0]
    swapped = [rule["code"] for rule in json.loads(config)["responseHandling"] if rule["swap"]]
    assert any("429" in code for code in swapped)


def test_the_walls_script_gets_json_for_needs_and_me_too(limit_of_two):
    limit_of_two("need", "me_too")
    lab, clients, _people = world()
    data = {"category": need_category().pk}
    guest = clients["guest"]
    for text in ("Uno", "Due"):
        assert guest.post(url("need_post", lab), {**data, "text": text}, **JSON).status_code == 200
    refused = guest.post(url("need_post", lab), {**data, "text": "Tre"}, **JSON)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    body = refused.json()
    assert body["ok"] is False
    assert body["error"].startswith("Troppe richieste: non è stato salvato nulla.")
    assert int(refused["Retry-After"]) > 0
    assert not Need.objects.filter(text="Tre").exists()

    first, second = Need.objects.filter(lab=lab)
    member = clients["member"]
    assert member.post(url("me_too", lab, first.pk), **JSON).status_code == 200
    assert member.post(url("me_too", lab, second.pk), {"action": "remove"}, **JSON).status_code in (
        200,
        409,
    )
    refused = member.post(url("me_too", lab, second.pk), **JSON)
    assert refused.status_code == 429
    assert "Troppe richieste" in refused.json()["error"]
    assert not MeToo.objects.filter(need=second).exists()
