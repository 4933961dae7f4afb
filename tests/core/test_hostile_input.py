"""Hostile ids and choices never reach the database as a crash.

A number larger than any database integer (``99999999999999999999``, ``2**63``), a negative
one, or a number written otherwise (``1e5``, ``٣``, ``²``, ``0x10``) given as an id in a URL,
as a list's filter or as a form's choice is a 404 or a message next to the field, on SQLite
and on PostgreSQL alike. The tests enumerate the places rather than list them: every model's
id and relation, every URL pattern of the project, every list page and parameter the code
reads, every form class of the project apps. The client raises any exception of a view, so a
500 fails the test."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.test import RequestFactory
from django.urls import get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern, URLResolver
from django.utils.datastructures import MultiValueDict
from wagtail.models import Page

from tests.factories import UserFactory
from wemi_community.core.ids import MAX_ID, IdConverter, parse_id

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TOO_LARGE = [
    "99999999999999999999",
    "-99999999999999999999",
    str(2**31),  # past PostgreSQL's integer
    str(2**63),  # past SQLite's and PostgreSQL's bigint
    str(10**30),
]
WRITTEN_OTHERWISE = ["1e5", "٣", "²", "0x10", "1.5"]
HOSTILE = TOO_LARGE + WRITTEN_OTHERWISE
# For the page sweeps (a request each): one of each kind keeps them quick.
HOSTILE_FOR_PAGES = ["99999999999999999999", "-99999999999999999999", str(2**63), "²", "1e5"]


def _project_package(module: str) -> bool:
    return any(module == app or module.startswith(app + ".") for app in settings.PROJECT_APPS)


def _import_project_modules() -> None:
    for app in settings.PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, app + "."):
            if re.search(r"\.(migrations|management|tests)(\.|$)", info.name):
                continue
            importlib.import_module(info.name)


def _subclasses(base) -> list:
    found, todo = [], [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if _project_package(cls.__module__) and cls not in found:
                found.append(cls)
    return found


_import_project_modules()
PROJECT_FORMS = sorted(_subclasses(forms.BaseForm), key=lambda c: f"{c.__module__}.{c.__name__}")
PROJECT_FILTERSETS = sorted(
    _subclasses(django_filters.FilterSet), key=lambda c: f"{c.__module__}.{c.__name__}"
)


# --- The database: every id and relation of every model -----------------------------------


def _integer_lookups() -> list:
    params = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            integer = isinstance(field, models.IntegerField) or (
                field.is_relation
                and field.many_to_one
                and isinstance(field.target_field, models.IntegerField)
            )
            if integer and (field.primary_key or field.is_relation):
                params.append(
                    pytest.param(model, field.name, id=f"{model._meta.label}.{field.name}")
                )
    return params


@pytest.mark.parametrize(("model", "name"), _integer_lookups())
def test_an_out_of_range_id_finds_no_row_through_any_lookup(model, name):
    """Django answers "no row" for ``=`` on an integer column; the project extends it to
    ``__in`` and to relations (``space=``, a page's ``pk=``), where the databases crash."""
    manager = model._base_manager
    for text in TOO_LARGE:
        value = int(text)
        assert list(manager.filter(**{name: value})) == []
        assert list(manager.filter(**{f"{name}__in": [value]})) == []
        assert list(manager.filter(**{f"{name}__in": [text]})) == []
        assert list(manager.exclude(**{f"{name}__in": [value]}).filter(pk__in=[])) == []


def test_the_values_in_range_of_a_list_are_still_found():
    page = Page.objects.first()
    assert list(Page.objects.filter(pk__in=[page.pk, 2**63]).values_list("pk", flat=True)) == [
        page.pk
    ]


# --- URLs: every pattern with an id ------------------------------------------------------

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
FILLERS = {
    "str": "2025-01",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _walk(patterns, prefix="", module=""):
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            part = ""
        elif isinstance(pattern.pattern, RoutePattern):
            part = str(pattern.pattern)
        else:
            regex = str(pattern.pattern).lstrip("^").rstrip("$")
            # A regex path: only the plain ones (the API's lists) can be written out.
            part = regex if re.fullmatch(r"[\w\-./]*", regex) else None
        if part is None:
            continue
        if isinstance(pattern, URLResolver):
            name = getattr(pattern.urlconf_module, "__name__", module)
            yield from _walk(pattern.url_patterns, prefix + part, name)
        else:
            yield prefix + part, pattern


ROUTES = list(_walk(get_resolver().url_patterns))


def _is_project(pattern) -> bool:
    return _project_package(pattern.lookup_str) or any(
        pattern.lookup_str.startswith(app + ".") for app in settings.PROJECT_APPS
    )


def _fill(route: str, number: str) -> str:
    def value(match):
        kind = match.group(1) or "str"
        return number if kind in ("int", "id") else FILLERS[kind]

    return "/" + CONVERTER.sub(value, route)


def _with_ids(project: bool) -> list:
    return [
        pytest.param(route, id=route)
        for route, pattern in ROUTES
        if re.search(r"<(int|id):", route) and ("<id:" in route) == project
    ]


@pytest.fixture
def superuser_client(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    client.admin = admin
    return client


def test_the_project_paths_take_ids_with_the_id_converter():
    """``<int:…>`` takes any number of digits; ``<id:…>`` only what a database holds."""
    # Under admin/ Wagtail writes the paths of the project's snippets and viewsets itself.
    wrong = [
        route
        for route, pattern in ROUTES
        if "<int:" in route and _is_project(pattern) and not route.startswith("admin/")
    ]
    assert wrong == []
    assert _with_ids(project=True)


def test_the_id_converter():
    converter = IdConverter()
    assert converter.to_python("42") == 42
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    for text in ("0", str(MAX_ID + 1), "99999999999999999999", "٣"):
        with pytest.raises(ValueError):
            converter.to_python(text)
    assert [parse_id(v) for v in ("7", " 7 ", "²", "٣", "1e5", "-3", None, "0x10")] == [
        7,
        7,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


@pytest.mark.parametrize("route", _with_ids(project=True))
def test_a_project_path_with_a_too_large_id_is_not_found(superuser_client, route):
    for number in (str(2**31), "99999999999999999999"):
        url = _fill(route, number)
        assert superuser_client.get(url).status_code == 404, url
        assert superuser_client.post(url).status_code == 404, url


@pytest.mark.parametrize("route", _with_ids(project=False))
def test_a_framework_path_with_a_too_large_id_never_fails(superuser_client, route):
    """Wagtail's own paths keep ``<int:…>``: the lookups above make them answer."""
    for number in (str(2**63), "99999999999999999999"):
        url = _fill(route, number)
        assert superuser_client.get(url).status_code < 500, url


# --- Lists and pages: every parameter the code reads --------------------------------------

READ = re.compile(r"(?:GET|POST|query_params|source|params)\.get(?:list)?\(\s*[\"']([\w-]+)[\"']")


def _parameters_read() -> set[str]:
    names: set[str] = set()
    for app in settings.PROJECT_APPS:
        for path in (ROOT / app.replace(".", "/")).rglob("*.py"):
            if "migrations" not in path.parts:
                names |= set(READ.findall(path.read_text()))
    for filterset in PROJECT_FILTERSETS:
        names |= set(filterset.base_filters)
    return names


PARAMETERS = sorted(_parameters_read())
FORM_FIELDS = sorted({name for form in PROJECT_FORMS for name in form.base_fields})


def test_the_parameters_include_the_lists_filters():
    assert {"spazio", "space", "municipio", "skill", "categoria", "sessione"} <= set(PARAMETERS)


def _pages() -> list:
    """Every path without an id: the apps' lists and forms, and the live pages of the tree."""
    params = []
    for route, pattern in ROUTES:
        if "<" in route or not _is_project(pattern) or route.startswith("admin/"):
            continue
        params.append(pytest.param("/" + route, pattern, id=route or "/"))
    return params


def _api_parameters(pattern) -> list[str] | None:
    view = getattr(getattr(pattern.callback, "cls", None), "filterset_class", None)
    if view is None:
        return None
    return [*view.base_filters, "page", "page_size", "ordering"]


@pytest.mark.parametrize(("path", "pattern"), _pages())
def test_every_page_takes_hostile_parameters(superuser_client, path, pattern):
    """All the parameters any view reads, with a hostile value each: the page answers (the
    filter is left out or its field says why), it never fails."""
    names = _api_parameters(pattern) or PARAMETERS
    for value in HOSTILE_FOR_PAGES:
        superuser_client.force_login(superuser_client.admin)
        response = superuser_client.get(path, dict.fromkeys(names, value))
        assert response.status_code < 500, (path, value)


@pytest.mark.parametrize(("path", "pattern"), _pages())
def test_every_form_takes_hostile_choices(superuser_client, path, pattern):
    """Every field of every form of the project, posted with a hostile value each."""
    if path.startswith("/api/") or re.search(r"esci|logout", path):
        pytest.skip("the API is read-only; signing out takes no field")
    for value in HOSTILE_FOR_PAGES:
        superuser_client.force_login(superuser_client.admin)
        data = dict.fromkeys(FORM_FIELDS, value)
        response = superuser_client.post(path, data)
        assert response.status_code < 500, (path, value)


def test_the_tree_pages_take_hostile_filters(superuser_client):
    urls = [page.url for page in Page.objects.live().specific() if page.url]
    assert any("spazi" in url for url in urls)
    for url in urls:
        for value in HOSTILE_FOR_PAGES:
            response = superuser_client.get(url, dict.fromkeys(PARAMETERS, value))
            assert response.status_code < 500, (url, value)


# --- Forms: every form class of the project, and every FilterSet -------------------------


def _observatory_form(form_class, data, user):
    from django.http import QueryDict

    from observatory.selectors import Catalogue

    params = QueryDict(mutable=True)
    for name, values in data.lists():
        params.setlist(name, values)
    return form_class(params, catalogue=Catalogue.load())


# How the views build the forms that take more than data (see each view).
BUILDERS = {
    "observatory.forms.ObservatoryFilterForm": _observatory_form,
    "shared_services.forms.OfferForm": lambda cls, data, user: cls(data, organisations=[]),
    "shared_services.forms.DeliveryCheckForm": lambda cls, data, user: cls(data, entry_id=1),
    "labs.forms.ThemeChoiceForm": lambda cls, data, user: cls(data, themes=[], allow_none=True),
    "labs.forms.LabCreateForm": lambda cls, data, user: cls(data, user=user),
    "wemi_community.notifications.forms.NotificationSettingsForm": (
        lambda cls, data, user: cls(data, user=user)
    ),
}


def _build(form_class, data, user):
    key = f"{form_class.__module__}.{form_class.__name__}"
    if key in BUILDERS:
        return BUILDERS[key](form_class, data, user)
    if issubclass(form_class, forms.ModelForm) and not form_class._meta.model:
        return None  # a base other forms fill in
    return form_class(data)


def _choice_or_number(field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.IntegerField, forms.ModelChoiceField))


def _integers(value):
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _integers(item)


def _form_params() -> list:
    return [
        pytest.param(cls, id=f"{cls.__module__}.{cls.__name__}")
        for cls in PROJECT_FORMS
        if any(_choice_or_number(field) for field in cls.base_fields.values())
        or f"{cls.__module__}.{cls.__name__}" in BUILDERS
    ]


@pytest.mark.parametrize("form_class", _form_params())
def test_every_form_refuses_hostile_choices_next_to_the_field(form_class):
    user = UserFactory()
    empty = _build(form_class, MultiValueDict(), user)
    if empty is None:
        pytest.skip("a base class")
    for value in HOSTILE:
        data = MultiValueDict({empty.add_prefix(name): [value] for name in empty.fields})
        form = _build(form_class, data, user)
        form.is_valid()
        form.render()  # the view shows it again, with its errors
        cleaned = getattr(form, "cleaned_data", {})
        for name, field in form.fields.items():
            if not _choice_or_number(field):
                continue
            too_large = [n for n in _integers(cleaned.get(name)) if abs(n) > MAX_ID]
            assert not too_large, (name, value)
            chosen = cleaned.get(name)
            kept = chosen not in (None, "", [], ()) and chosen != field.initial
            if isinstance(field, forms.ChoiceField) and value in TOO_LARGE:
                assert name in form.errors or not kept, (name, value, chosen)
            for message in form.errors.get(name, []):
                # Django's own messages, translated: the page speaks Italian.
                assert "valid choice" not in message and "whole number" not in message


def _filterset_model(filterset_class):
    """The model a FilterSet filters: its own Meta, the API view that uses it, or the list
    page's (see each view)."""
    from events.models import Event
    from labs.models import Lab
    from proposals.models import Proposal
    from spaces_pages.models import SpacePage
    from volunteering.models import Opportunity

    if filterset_class._meta.model:
        return filterset_class._meta.model
    for _route, pattern in ROUTES:
        view = getattr(pattern.callback, "cls", None)
        if getattr(view, "filterset_class", None) is filterset_class:
            return view.queryset.model
    known = {
        "spaces_pages.filters.SpaceFilter": SpacePage,
        "proposals.filters.ProposalFilter": Proposal,
        "volunteering.filters.OpportunityFilter": Opportunity,
        "events.filters.CalendarFilter": Event,
        "events.filters.EventFilter": Event,
        "labs.filters.LabFilter": Lab,
        "api.filters.SpaceFilters": Event,  # the API's "where" filters, mixed into others
    }
    return known[f"{filterset_class.__module__}.{filterset_class.__name__}"]


@pytest.mark.parametrize(
    "filterset_class",
    [pytest.param(c, id=f"{c.__module__}.{c.__name__}") for c in PROJECT_FILTERSETS],
)
def test_every_filterset_filters_with_hostile_values(filterset_class):
    """Each filter with a hostile value, alone: the list is read (the filter applied or left
    out), nothing fails."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    model = _filterset_model(filterset_class)
    for name in filterset_class.base_filters:
        for value in HOSTILE:
            data = MultiValueDict({name: [value]})
            filterset = filterset_class(
                data, queryset=model._default_manager.all(), request=request
            )
            list(filterset.qs[:1])
            filterset.form.render()
