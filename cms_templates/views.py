"""Friendly error pages. The 500 page renders without a request context on purpose: whatever
broke must not break the error page too."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found as default_page_not_found


def page_not_found(request, exception):
    return default_page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request):
    from django.utils import translation

    template = loader.get_template("500.html")
    context = {"LANGUAGE_CODE": translation.get_language() or "it"}
    return HttpResponseServerError(template.render(context))
