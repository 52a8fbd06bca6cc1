"""The calibration pages of bench/calibration.py, beside the whole site."""

from django.http import HttpResponse
from django.urls import include, path

# Mostly markup, as a page template is; the loop prints each article's headline and link.
_TEMPLATE = (
    "<!DOCTYPE html><html lang=ru><head><title>{{ title }}</title></head><body><ul>"
    '{% for article in articles %}<li><a href="/news/{{ article.slug }}/">{{ article.headline }}'
    "</a></li>{% endfor %}</ul>" + "<p>" + "калибровка " * 900 + "</p></body></html>"
)
_FIXED = ("<!DOCTYPE html><p>" + "x" * 20000 + "</p>").encode()
_template = None


def bare(request):
    """8 primary-key queries and a template of about 20 kB."""
    global _template
    from django.template import engines

    from articles.models import Article

    if _template is None:
        _template = engines["django"].from_string(_TEMPLATE)
    articles = [Article.objects.get(pk=pk) for pk in range(1, 9)]
    return HttpResponse(_template.render({"articles": articles, "title": "bare"}, request))


def fixed(request):
    return HttpResponse(_FIXED)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/fixed/", fixed),
    path("", include("newsroom.urls")),
]
