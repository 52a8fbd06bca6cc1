"""The editorial dashboard: the admin's landing page for the newsroom's staff.

What a reporter or editor needs first thing: their drafts, what waits for review,
what is scheduled next and when, what went out recently, and the photos still
awaiting their image file (each with a one-step link to supply it). The admin's
app list follows below it.
"""

from django.contrib.admin import AdminSite
from django.db.models import Q
from django.utils import timezone

from newsroom.admin_names import ModelNamesSiteMixin

LIST_LENGTH = 10


def editorial_dashboard(user):
    """The dashboard's lists for ``user``: only what their permissions let them see."""
    from articles.models import Article
    from media.models import Photo

    dashboard = {}
    if user.has_perm("articles.view_article"):
        now = timezone.now()
        articles = Article.objects.select_related("section").order_by("-updated_at")
        dashboard["my_drafts"] = list(
            articles.filter(
                Q(created_by=user) | Q(authors=user), status=Article.Status.DRAFT
            ).distinct()[:LIST_LENGTH]
        )
        dashboard["in_review"] = list(
            articles.filter(status=Article.Status.REVIEW).order_by("updated_at")[:LIST_LENGTH]
        )
        dashboard["scheduled"] = list(
            articles.filter(status=Article.Status.PUBLISHED, published_at__gt=now).order_by(
                "published_at"
            )[:LIST_LENGTH]
        )
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


class NewsroomAdminSite(ModelNamesSiteMixin, AdminSite):
    """The admin site, opening on the editorial dashboard; models named in the right case."""

    index_template = "admin/dashboard.html"

    # The admin wraps every view of the site, this one too, in never_cache.
    def index(self, request, extra_context=None):
        context = {"dashboard": editorial_dashboard(request.user), **(extra_context or {})}
        return super().index(request, context)
