from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from articles import menu
from articles.caching import fragment_seconds, site_state, text_token
from newsroom.origin import absolute_url

# Query parameters that change what a page shows, so they belong in its canonical address.
CANONICAL_PARAMETERS = ("q", "page")


def site_navigation(request):
    """The sections menu (articles.menu), the canonical address, the year."""
    return {
        # Read once per request however many menus show it (and not at all from a cached page).
        "nav_items": SimpleLazyObject(lambda: menu.menu_items(request)),
        "canonical_url": lambda: canonical_url(request),
        "current_year": lambda: timezone.localdate().year,
        # For {% cache %} fragments: valid for this generation of the content only.
        "site_generation": lambda: site_state()["generation"],
        # For fragments showing or matching article text (search): see articles.caching.
        "text_token": text_token,
        "fragment_seconds": fragment_seconds,
    }


def canonical_url(request):
    """This page's absolute address, keeping only the parameters that select its content."""
    query = QueryDict(mutable=True)
    for name in CANONICAL_PARAMETERS:
        value = request.GET.get(name, "").strip()
        if value and not (name == "page" and value == "1"):
            query[name] = value
    address = absolute_url(request, request.path)
    return f"{address}?{query.urlencode()}" if query else address
