import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as wagtail_account
from wagtail.documents import urls as wagtaildocs_urls

from cms_templates import seo
from cms_templates.search_views import search
from cms_templates.views import favicon
from wemi_community.core.media import serve_media
from wemi_community.core.ratelimits import rate_limit

from .health import healthz


def private_media_refused(request, name):
    raise Http404


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The admin's sign-in and password reset with the site's limits: matched before
    # Wagtail's own URLs, which answer the same paths (Django's admin is not mounted).
    path("admin/login/", rate_limit("admin_login", key="ip")(wagtail_account.LoginView.as_view())),
    path(
        "admin/password_reset/",
        rate_limit("password_reset")(wagtail_account.PasswordResetView.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # For search engines, in no language: the sitemap lists the URLs of both.
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("favicon.ico", favicon, name="favicon"),
    # The public API speaks no page language: one URL per resource, versioned.
    path("api/v1/", include("api.urls")),
]

# Development tools (the local mailbox): their URLs exist only with DEBUG on.
dev_patterns = [path("dev/", include("wemi_community.devmail.urls"))] if settings.DEBUG else []

# Italian at "/", English under "/en/".
urlpatterns += i18n_patterns(
    *dev_patterns,
    path("account/", include("wemi_community.accounts.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("cerca/", search, name="search"),
    path("partecipa/", include("wemi_community.participation.urls")),
    path("notifiche/", include("wemi_community.notifications.urls")),
    path("proposte/", include("proposals.urls")),
    # Offers and shared services under the same path: /proposte/servizi/…, /proposte/ente/.
    path("proposte/", include("shared_services.urls")),
    path("laboratori/", include("labs.urls")),
    path("eventi/", include("events.urls")),
    path("volontariato/", include("volunteering.urls")),
    path("sportello/", include("desk.urls")),
    path("verifica/", include("wemi_community.certificates.urls")),
    path("osservatorio/", include("observatory.urls")),
    path("dati-aperti/", include("observatory.open_data_urls")),
    # Wagtail's page tree last: it answers every path the apps above did not.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Uploaded files as downloads, pictures excepted (core/media.py).
    urlpatterns = [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media),
        *urlpatterns,
    ]

# The copies of people's data are private: only the account's download view serves them, so
# the media URL refuses their folder (before the development server's media files; a proxy
# serving MEDIA_ROOT must refuse it too).
urlpatterns = [
    path(f"{settings.MEDIA_URL.strip('/')}/data-exports/<path:name>", private_media_refused),
    *urlpatterns,
]

handler404 = "cms_templates.views.page_not_found"
handler500 = "cms_templates.views.server_error"
