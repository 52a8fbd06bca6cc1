"""The editorial dashboard: the admin's landing page for the newsroom's staff.

What a reporter or editor needs first thing: their drafts, what waits for review,
what is scheduled next and when, what went out recently, and the photos still
awaiting their image file (each with a one-step link to supply it). The admin's
app list follows below it.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.db.models import Q

from newsroom.admin_names import ModelNamesSiteMixin

LIST_LENGTH = 10


def editorial_dashboard(user):
    """The dashboard's lists for ``user``: only what their permissions let them see."""
    from articles.models import Article
    from media.models import Photo

    dashboard = {}
    if user.has_perm("articles.view_article"):
        articles = Article.objects.select_related("section").order_by("-updated_at")
        dashboard["my_drafts"] = list(
            articles.filter(
                Q(created_by=user) | Q(authors=user), status=Article.Status.DRAFT
            ).distinct()[:LIST_LENGTH]
        )
        dashboard["in_review"] = list(
            articles.filter(status=Article.Status.REVIEW).order_by("updated_at")[:LIST_LENGTH]
        )
        dashboard["scheduled"] = list(articles.scheduled().order_by("published_at")[:LIST_LENGTH])
        dashboard["recently_published"] = list(
            Article.objects.published()
            .select_related("section")
            .order_by("-published_at")[:LIST_LENGTH]
        )
    if user.has_perm("media.view_photo"):
        dashboard["awaiting_image"] = list(
            Photo.objects.awaiting_image()
            .select_related("credit")
            .order_by("created_at")[:LIST_LENGTH]
        )
        dashboard["awaiting_image_count"] = Photo.objects.awaiting_image().count()
        dashboard["can_supply_images"] = user.has_perm("media.change_photo")
    return dashboard


class StaffNamesAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete; for an article's authors, staff listed by the name readers see.

    Picking authors needs the right to write articles, not the right to browse the user
    admin (which reporters and editors do not have): without this the picker stayed empty
    for everyone but superusers. It offers active staff only.
    """

    def picks_authors(self):
        source = self.source_field.model._meta.label_lower
        return self.model_admin.model is get_user_model() and source == "articles.article"

    def has_perm(self, request, obj=None):
        if self.picks_authors():
            user = request.user
            return user.has_perm("articles.add_article") or user.has_perm("articles.change_article")
        return super().has_perm(request, obj)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.picks_authors():
            queryset = queryset.filter(is_staff=True, is_active=True).select_related(
                "staff_profile"
            )
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if self.picks_authors():
            from articles.staff_admin import staff_choice_label

            result["text"] = staff_choice_label(obj)
        return result


class NewsroomAdminSite(ModelNamesSiteMixin, AdminSite):
    """The admin site, opening on the editorial dashboard; models named in the right case."""

    index_template = "admin/dashboard.html"

    def autocomplete_view(self, request):
        return StaffNamesAutocompleteJsonView.as_view(admin_site=self)(request)

    # The admin wraps every view of the site, this one too, in never_cache.
    def index(self, request, extra_context=None):
        context = {"dashboard": editorial_dashboard(request.user), **(extra_context or {})}
        return super().index(request, context)
