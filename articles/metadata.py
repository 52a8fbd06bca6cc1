"""What search engines and social networks read: schema.org JSON-LD and share images."""

from django.utils.translation import gettext as _

from media.renditions import share_image
from newsroom.origin import absolute_url


def publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": _("Newsroom"),
        "url": absolute_url(request, "/"),
    }


def news_article(article, request):
    """schema.org NewsArticle for a published article (uses its prefetched authors and tags)."""
    url = absolute_url(request, article.get_absolute_url())
    authors = [{"@type": "Person", "name": name} for name in article.byline_names()]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.dek,
        "inLanguage": "ru",
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.content_updated_at or article.published_at).isoformat(),
        "author": authors or [publisher(request)],
        "publisher": publisher(request),
    }
    image = share_image(article.lead_photo, request)
    if image:
        data["image"] = [image["url"]]
    if article.section:
        data["articleSection"] = article.section.name
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    return data
