"""Seeing an article before readers do: staff preview and signed, expiring share links.

Both render the public template (``articles/article_detail.html``), so what is
previewed is what readers will get. A share link carries the article's id signed
with the site's secret key and the time it was made; after
``NEWSROOM_SHARE_LINK_DAYS`` days, or with a single character changed, it is a
plain 404 that says nothing about the draft.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from articles.models import Article

SHARE_SALT = "articles.share-link"


def share_link_lifetime():
    return datetime.timedelta(days=settings.NEWSROOM_SHARE_LINK_DAYS)


def make_share_token(article):
    """A token naming ``article``, signed and timestamped now."""
    return signing.dumps({"article": article.pk}, salt=SHARE_SALT, compress=True)


def share_link(request, article):
    """The absolute share link of ``article`` and when it stops working."""
    url = request.build_absolute_uri(
        reverse("articles:shared_preview", kwargs={"token": make_share_token(article)})
    )
    return url, timezone.now() + share_link_lifetime()


def article_from_token(token):
    """The article a valid, unexpired token names; Http404 for anything else."""
    try:
        payload = signing.loads(
            token, salt=SHARE_SALT, max_age=share_link_lifetime().total_seconds()
        )
        pk = int(payload["article"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError) as error:
        # SignatureExpired is a BadSignature: expired and tampered links look the same.
        raise Http404 from error
    return get_object_or_404(Article.objects.for_detail(), pk=pk)


def render_preview(request, article, **context):
    """The public article page for ``article``, whatever its state; never stored anywhere."""
    if article.published_at is None:
        # Shown as if it went out now, which is what readers would see; never saved.
        article.published_at = timezone.now()
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "is_preview": True, **context},
    )
    # A preview is never for search engines, and its address must not leak onward.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def shared_preview(request, token):
    """The article a share link names, for someone without an account."""
    return render_preview(request, article_from_token(token), is_shared_preview=True)
