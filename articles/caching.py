"""The public site's page cache and HTTP validators, invalidated by a "site generation".

Every cached page and fragment is keyed by the current generation. The generation is
one cache entry holding a token, the time of the last change (the pages' Last-Modified)
and the publish time of the next scheduled article. Any save or delete of content
(articles, persons, organizations, photos, tags: see articles/signals.py) drops that
entry, so the next request starts a new generation and every old page is left to
expire. When the next scheduled article's time comes, the request that notices it
starts a new generation too: a scheduled article appears by itself, without cron.

The cache is local memory by default and Redis when REDIS_URL is set. Local memory is
per process: with several server processes and no Redis, a change made through one
process reaches the others' page caches only when their entries expire
(NEWSROOM_PAGE_CACHE_SECONDS); production refuses to start so unless told it runs one
process. With Redis unreachable every read here misses and every write is dropped
(newsroom/cache.py): the site is served uncached, and a new generation starts when Redis
answers again.

A save of a live article that changes only what its own page shows (its body,
corrections: articles/signals.py decides) keeps the generation. It starts a new "text
token" for that article's page and one for the pages that show or match article text
anywhere (feeds, sitemaps, search: TEXT_PAGES); those pages' keys and Last-Modified
include their tokens, so the home page, lists and other articles stay cached.

Staff (any logged-in user) are never served from, or stored in, the page cache.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date

STATE_KEY = "site:state"
# Pages besides an article's own that show its body's effects: the feeds' and sitemaps'
# update dates (content_updated_at), search's matches and snippets.
TEXT_KEY = "site:text"
TEXT_PAGES = {
    "rss",
    "atom",
    "section-rss",
    "section-atom",
    "tag-rss",
    "tag-atom",
    "person-rss",
    "person-atom",
    "search",
    "sitemap",
    "sitemap-section",
    "news-sitemap",
}


def site_state():
    """{"generation", "changed_at", "next_due"} of the public content, started anew when due."""
    state = cache.get(STATE_KEY)
    now = time.time()
    if state is None or (state["next_due"] is not None and state["next_due"] <= now):
        state = _new_state(now, state)
        cache.set(STATE_KEY, state, timeout=None)
    return state


def _new_state(now, previous):
    from articles.models import Article

    next_due = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    changed_at = now
    if previous is not None and previous["next_due"] is not None:
        # A scheduled article went live: the site changed at its publish time.
        changed_at = max(previous["changed_at"], min(now, previous["next_due"]))
    return {
        "generation": f"{time.time_ns():x}",
        "changed_at": changed_at,
        "next_due": next_due.timestamp() if next_due else None,
    }


def content_changed():
    """Start a new generation: every cached page and fragment is out of date."""
    cache.delete(STATE_KEY)


def article_text_changed(slug):
    """Only the article at ``slug`` changed, in what its own page shows: new tokens for its
    page and for TEXT_PAGES; the generation, and every other cached page, are kept."""
    token = {"token": f"{time.time_ns():x}", "changed_at": time.time()}
    cache.set_many({_article_key(slug): token, TEXT_KEY: token}, timeout=None)


def text_token():
    """The TEXT_PAGES' token, for their fragments ("" until an article's text first changes)."""
    token = cache.get(TEXT_KEY)
    return token["token"] if token else ""


def _article_key(slug):
    # Hashed: the slug comes from the address, which may be any length.
    return f"site:article:{hashlib.md5(slug.encode(), usedforsecurity=False).hexdigest()}"


def page_tokens(path):
    """The tokens, besides the generation, that the page at ``path`` depends on."""
    try:
        match = resolve(path)
    except Resolver404:
        return []
    if "articles" not in match.namespaces:
        return []
    if match.url_name == "detail":
        keys = [_article_key(match.kwargs["slug"])]
    elif match.url_name in TEXT_PAGES:
        keys = [TEXT_KEY]
    else:
        return []
    found = cache.get_many(keys)
    return [found[key] for key in keys if key in found]


def fragment_seconds():
    """How long a cached fragment lives; 0 (not cached) when fragments are turned off."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS if settings.NEWSROOM_FRAGMENT_CACHE else 0


def fragment_key(name, *parts):
    """A cache key for a piece of a page, valid for the current generation only."""
    # Parts may be long addresses: hashed, so any cache backend takes the key.
    digest = hashlib.md5(":".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()
    return f"fragment:{site_state()['generation']}:{name}:{digest}"


def cached_fragment(name, parts, compute):
    """``compute()``'s value for this generation, computed at most once per generation."""
    if not settings.NEWSROOM_FRAGMENT_CACHE:
        return compute()
    key = fragment_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, fragment_seconds())
    return value


class CachedCountPaginator(Paginator):
    """A paginator whose total is counted once per site generation (a list's COUNT(*)
    reads every matching row; the pages themselves read only theirs)."""

    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached_fragment("count", [self.count_key], lambda: Paginator.count.func(self))


def list_key(request):
    """What a list's content depends on: its address, without the page number."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}"


def _is_public_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    return not any(path.startswith(prefix) for prefix in _private_prefixes())


def _private_prefixes():
    return ("/admin/", settings.MEDIA_URL, settings.STATIC_URL)


def _is_logged_in(request):
    # A reader without a session cookie is anonymous: no session or user lookup needed.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _cacheable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-cache", "no-store"))


class PublicPageCacheMiddleware:
    """Serve anonymous readers from the page cache, with ETag/Last-Modified and 304s.

    Goes after AuthenticationMiddleware. Logged-in users get fresh, private, uncached pages;
    responses that set cookies or already say private/no-cache (previews) are never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_public_request(request):
            return self.get_response(request)
        if _is_logged_in(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True, max_age=0)
            return response
        state = site_state()
        tokens = page_tokens(request.path_info)
        if tokens:
            state = {
                "generation": ":".join([state["generation"], *(t["token"] for t in tokens)]),
                "changed_at": max([state["changed_at"], *(t["changed_at"] for t in tokens)]),
            }
        use_cache = settings.NEWSROOM_PAGE_CACHE
        key = self._key(request, state) if use_cache else None
        stored = cache.get(key) if key else None
        if stored is not None:
            response = self._restore(stored)
        else:
            response = self.get_response(request)
            if not _cacheable(response):
                return response
            self._add_validators(response, state)
            if key:
                cache.set(key, self._store(response), settings.NEWSROOM_PAGE_CACHE_SECONDS)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(state["changed_at"]),
            response=response,
        )

    @staticmethod
    def _key(request, state):
        address = f"{request.method == 'HEAD'}:{request.get_host()}:{request.get_full_path()}"
        digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
        return f"page:{state['generation']}:{digest}"

    @staticmethod
    def _add_validators(response, state):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date(int(state["changed_at"]))
        patch_cache_control(response, public=True, max_age=settings.NEWSROOM_HTTP_MAX_AGE)

    @staticmethod
    def _store(response):
        return (response.content, response.status_code, list(response.items()))

    @staticmethod
    def _restore(stored):
        content, status, headers = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response
