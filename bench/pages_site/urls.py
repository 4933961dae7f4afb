"""The floor (a Django view with no database, about 12 KB of HTML) before the project's URLs."""

from django.http import HttpResponse
from django.urls import path

from wemi_community import urls as site_urls

_ROW = "<li><a href='/spazi/'>Uno spazio WeMi del quartiere, con i suoi orari</a></li>\n"
FLOOR_HTML = (
    "<!doctype html><html lang='it'><head><meta charset='utf-8'><title>Floor</title></head>"
    "<body><ul>\n" + _ROW * (12_000 // len(_ROW)) + "</ul></body></html>"
).encode()


def floor(request):
    return HttpResponse(FLOOR_HTML)


# The project's patterns themselves (its i18n_patterns cannot be include()d), after the floor.
urlpatterns = [path("__floor__/", floor), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
