"""The site's own pages: home, content pages and the index of the Spazi WeMi."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms_templates.blocks import BodyBlock

INTRO_FEATURES = ["bold", "italic", "link"]
SPACES_PER_PAGE = 30

# Below the home page, a page has the same slug in every language: /spazi/… and /en/spazi/…,
# like the modules' /proposte/ and /en/proposte/. So a page's address in the other language is
# its own address with the other prefix, whatever a translator does (wagtail-localize).
SAME_SLUG_IN_EVERY_LANGUAGE = [SynchronizedField("slug", overridable=False)]


class HomePage(Page):
    """The site root: what WeMi is, the spaces by Municipio and the ways in for each user."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("What WeMi is, in two sentences."),
    )
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["spaces_pages.SpaceIndexPage", "spaces_pages.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        # Imported here: those modules import the page models (a cycle within the app).
        from spaces_pages import sections, selectors

        context = super().get_context(request, *args, **kwargs)
        context["space_index"] = selectors.space_index_page()
        context["spaces_by_municipio"] = selectors.spaces_by_municipio()
        context["home_sections"] = sections.home_sections()
        return context


class StandardPage(Page):
    """A plain content page: accessibility statement, privacy notice, "about WeMi"."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["spaces_pages.HomePage", "spaces_pages.StandardPage"]
    subpage_types = ["spaces_pages.StandardPage"]
    override_translatable_fields = SAME_SLUG_IN_EVERY_LANGUAGE

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class SpaceIndexPage(Page):
    """/spazi/: every Spazio WeMi, filtered by Municipio or by text, with a map."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("A sentence on what the Spazi WeMi are, above the list."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["spaces_pages.HomePage"]
    subpage_types = ["spaces_pages.SpacePage"]
    # One per language tree.
    max_count_per_parent = 1
    override_translatable_fields = SAME_SLUG_IN_EVERY_LANGUAGE

    class Meta:
        verbose_name = _("index of the Spazi WeMi")
        verbose_name_plural = _("indexes of the Spazi WeMi")

    def filtered_spaces(self, data):
        """The live spaces under this index, through the list's filters (``data``: the query
        string); a filter with a wrong value is left out and its field says why."""
        # Imported here: those modules import the page models (a cycle within the app).
        from spaces_pages.filters import SpaceFilter

        from .spaces import SpacePage

        spaces = (
            SpacePage.objects.child_of(self)
            .live()
            .public()
            .select_related("municipio", "nil")
            # The boundaries are hundreds of kB of GeoJSON that a list never shows.
            .order_by("municipio__number", "title")
        )
        return SpaceFilter(data or None, queryset=spaces)

    def route(self, request, path_components):
        """A space's address: its page read in one query with its Municipio and NIL (the
        index holds spaces only), where Wagtail reads the page, then its own row, then each."""
        if not path_components:
            return super().route(request, path_components)
        # Imported here: that module imports this one's neighbours (a cycle within the app).
        from .spaces import SpacePage

        children = SpacePage.objects.child_of(self).select_related("municipio", "nil")
        try:
            space = children.get(slug=path_components[0])
        except SpacePage.DoesNotExist as error:
            raise Http404 from error
        space._cached_parent_obj = self  # as Wagtail's own routing: no query for the parent
        return space.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        # Imported here: those modules import the page models (a cycle within the app).
        from .spaces import Closure, space_marker

        context = super().get_context(request, *args, **kwargs)
        filterset = self.filtered_spaces(request.GET)
        form = filterset.form
        # One query for every matching space: the map shows them all, the list a page of them.
        spaces = list(filterset.qs)
        paginator = Paginator(spaces, SPACES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        # Hours and closures only for the spaces shown: two queries whatever their number.
        prefetch_related_objects(
            page_obj.object_list,
            "opening_slots",
            Prefetch(
                "closures",
                queryset=Closure.objects.filter(end_date__gte=timezone.localdate()),
            ),
        )
        context.update(
            {
                "filter_form": form,
                "is_filtered": form.is_bound and form.is_valid() and form.has_changed(),
                "spaces": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": paginator,
                "result_count": len(spaces),
                "spaces_json": [space_marker(space, request) for space in spaces],
            }
        )
        return context
