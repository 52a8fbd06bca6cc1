"""The public site's page cache and HTTP validators: a "site generation", and what each
page shows.

**The site generation.** Every cached page and fragment belongs to one generation. The
generation is one cache entry holding a token, the time of the last change (the pages'
Last-Modified) and the publish time of the next scheduled article. A change to which lists
an article appears in (publishing, withdrawing, deleting; its section, tags, publish time,
address, whom it names: articles/signals.py decides), and any save of a person,
organization, photo or tag, drops that entry: the next request starts a new generation and
every old page is left to expire. When the next scheduled article's time comes, the
request that notices it starts a new generation too: a scheduled article appears by
itself, without cron.

**What a page shows.** A save of a live article that changes only what it shows wherever
it appears (headline, dek, photo, body...) keeps the generation. While a page or fragment
renders, every article it reads is noted with its ``version`` (``article_shown``, from
the model's post_init, so no list, feed or card can forget it): its card; its dek and its
page are noted by what shows them (cards with deks, its own page, feeds, sitemaps). The
page is stored with those versions. The save sets the changed parts' tokens to the new
version (articles/signals.py says which), and a cached page is served only while none of
its articles has a token above the version it showed. So the pages showing what changed
are rendered again, and nothing else. Search pages also depend on the text token
(``text_token``), which every such save changes: it may change which articles match.

A hit reads the state, the text token and the page in one request to the cache; the
page's tokens only when the text token moved since the page was checked. A process also
keeps copies of the pages it served (``LocalPages``): a hit there reads the state and the
text token (with the page's tokens when some article changed), one request. On Redis a
process also mirrors the state and the text token while it hears of every change to them
by pub/sub (articles/cache_mirror.py): a hit on its copy of a page then sends no request
at all. A save's tokens are written with a message saying what it changed
(``cache_mirror.set_tokens``), so a page whose articles it did not change is checked against
that, with no request either; its tokens are read when this process may have missed a
change. So every write of the state or a token is announced. Tokens are read whenever
a page using them is read from the cache, so a cache that evicts the least recently used
entries drops a page before the tokens it depends on.

The cache is local memory by default and Redis when REDIS_URL is set. Local memory is
per process: with several server processes and no Redis, a change made through one
process reaches the others' page caches only when their entries expire
(NEWSROOM_PAGE_CACHE_SECONDS); production refuses to start so unless told it runs one
process. With Redis unreachable every read here misses and every write is dropped
(newsroom/cache.py): the site is served uncached, and a new generation starts when Redis
answers again.

A page is stored from a process's second view of it in a generation (``FirstViews``,
NEWSROOM_PAGE_CACHE_MIN_VIEWS): an archive page read once costs its reader no request to
the cache, and does not push the pages read often out of it.

Staff (any logged-in user) are never served from, or stored in, the page cache.
"""

import contextlib
import contextvars
import hashlib
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date

from articles import cache_mirror

STATE_KEY = "site:state"
# Set anew by every save that keeps the generation: the token of what articles' text
# matches (search), and the sign that a stored page's articles may have changed since.
TEXT_KEY = "shown:text"

# What the page or fragment being rendered shows: {token key: the version it shows}.
# ``None`` as a version: not read with the article, so taken from its token when stored.
_shown = contextvars.ContextVar("newsroom_shown", default=None)
# The state and text token read when this request began: its page and fragments use one
# generation, and need not check their articles while the text token is unchanged.
_request_state = contextvars.ContextVar("newsroom_request_state", default=None)
_request_text = contextvars.ContextVar("newsroom_request_text", default=None)


def site_state():
    """{"generation", "changed_at", "next_due"} of the public content, started anew when due."""
    state = _request_state.get()
    return state if state is not None else _current_state(cache.get(STATE_KEY))


def _current_state(state):
    """``state`` (as read from the cache), or the new generation that follows it: none yet
    (a new or emptied cache, a change), or its next scheduled article has gone live.

    Every server process that read the same state starts the same generation: a state
    started elsewhere meanwhile is taken (``cache.add``), and a scheduled article going
    live names its generation after the one before. Else each process would store its
    pages under a generation of its own, and the others would render them all again."""
    now = time.time()
    if state is None or (state["next_due"] is not None and state["next_due"] <= now):
        fresh = _new_state(now, state)
        # A text token, if there is none (a new cache), for the pages of this generation:
        # a save's message says which token it follows (articles/cache_mirror.py), and
        # one that follows none leaves every page to be checked against Redis once.
        cache.add(TEXT_KEY, (time.time_ns(), now), timeout=None)
        if state is not None:
            cache.set(STATE_KEY, fresh, timeout=None)
        elif not cache.add(STATE_KEY, fresh, timeout=None):
            # Started by another process since this one read none (or the cache does not
            # answer: then this request uses its own, and the next starts again).
            return cache.get(STATE_KEY) or fresh
        cache_mirror.announce()
        return fresh
    return state


def _new_state(now, previous):
    from articles.models import Article

    next_due = Article.objects.next_going_live()
    changed_at = now
    generation = f"{time.time_ns():x}"
    if previous is not None and previous["next_due"] is not None:
        # A scheduled article went live: the site changed at its publish time.
        changed_at = max(previous["changed_at"], min(now, previous["next_due"]))
        went_live = f"{previous['generation']}:{previous['next_due']}".encode()
        generation = hashlib.md5(went_live, usedforsecurity=False).hexdigest()[:16]
    return {
        "generation": generation,
        "changed_at": changed_at,
        "next_due": next_due.timestamp() if next_due else None,
    }


def content_changed():
    """Start a new generation: every cached page and fragment is out of date."""
    cache.delete(STATE_KEY)
    cache_mirror.announce()


# What a page may show of an article, each with a token per article: its card (headline,
# photo: wherever it appears), its dek (where a card or a page shows it), its page (its
# text and everything else on its own page, and its update date in feeds and sitemaps).
SHOWN_PARTS = ("card", "dek", "page")


def shown_key(part, article_id):
    return f"shown:{part}:{article_id}"


def article_shown_changed(article_id, version, parts):
    """The live article ``article_id``, now at ``version``, changed only in ``parts`` of
    what it shows (a page's part is always among them): the pages and fragments showing an
    older version of these parts are out of date, and search."""
    now = time.time()
    tokens = {shown_key(part, article_id): (version, now) for part in parts}
    # On Redis in one transaction with a message saying what changed, so that every
    # process checks its pages' articles against it without reading their tokens.
    if cache_mirror.set_tokens(tokens, TEXT_KEY, lambda text: (_next_text(text), now)):
        return
    # The text token last: a reader who sees it new sees the article's tokens new too.
    tokens[TEXT_KEY] = (_next_text(cache.get(TEXT_KEY)), now)
    cache.set_many(tokens, timeout=None)


def _next_text(token):
    """The text token after ``token`` (None: none yet). It only grows, even when servers'
    clocks disagree."""
    return max(time.time_ns(), token[0] + 1 if token else 0)


def article_shown(article, part="card"):
    """Note that the page or fragment being rendered shows ``part`` of ``article``.
    Its card is noted for every article read (articles/signals.py); its dek by the cards
    and pages that show it; its page by its own page, feeds and sitemaps."""
    shown = _shown.get()
    if shown is not None and article.pk is not None:
        # Deferred (not read): None, and the token read when the page is stored stands for it.
        _note(shown, shown_key(part, article.pk), article.__dict__.get("version"))


def article_shown_by_id(article_id, version, part="card"):
    """``article_shown`` for an article known by its id and version only (a stored list)."""
    shown = _shown.get()
    if shown is not None:
        _note(shown, shown_key(part, article_id), version)


def text_token():
    """The search pages' token, for their keys (noted as shown: they match article text).
    The one this request began with, when the page cache middleware read it already."""
    value = _request_text.get()
    if value is None:
        token = cache.get(TEXT_KEY)
        value = token[0] if token else 0
    shown = _shown.get()
    if shown is not None:
        _note(shown, TEXT_KEY, value)
    return str(value)


def _note(shown, key, version):
    """Note ``version`` of ``key`` as shown, keeping the oldest noted (None: not read with
    the article, so the token's when the page is stored)."""
    older = shown.get(key, version)
    if version is None:
        version = older
    elif older is not None:
        version = min(older, version)
    shown[key] = version


@contextlib.contextmanager
def _collecting():
    shown = {}
    reset = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(reset)


def noting_shown(compute):
    """(``compute()``, {token key: version} of the articles it showed): a fragment's
    articles, passed on to the enclosing page (or fragment) too."""
    with _collecting() as shown:
        value = compute()
    _pass_on(shown)
    return value, shown


def pass_on_shown(shown):
    """Note ``shown`` (from ``noting_shown``) for the page being rendered."""
    _pass_on(shown)


def _pass_on(shown):
    """A fragment's articles are the enclosing page's (or fragment's) too."""
    outer = _shown.get()
    if outer is not None:
        for key, version in shown.items():
            _note(outer, key, version)


def _settle(shown):
    """({token key: version}, the latest change among them) to store with what was rendered
    with ``shown``; None instead of the versions when one changed while it rendered."""
    if not shown:
        return {}, 0.0
    tokens = cache.get_many(list(shown))
    settled, changed_at = {}, 0.0
    for key, version in shown.items():
        token = tokens.get(key)
        if token is None:
            settled[key] = 0 if version is None else version
            continue
        changed_at = max(changed_at, token[1])
        if version is not None and token[0] > version:
            return None, changed_at
        settled[key] = token[0] if version is None else version
    return settled, changed_at


def _still_current(shown, tokens):
    """Whether none of the articles (and text) in ``shown`` changed since, by ``tokens``."""
    return all(tokens.get(key, (0,))[0] <= version for key, version in shown.items())


def fragment_seconds():
    """How long a cached fragment lives; 0 (not cached) when fragments are turned off."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS if settings.NEWSROOM_FRAGMENT_CACHE else 0


def fragment_key(name, *parts):
    """A cache key for a piece of a page, valid for the current generation only."""
    # Parts may be long addresses: hashed, so any cache backend takes the key.
    digest = hashlib.md5(":".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()
    return f"part:{site_state()['generation']}:{name}:{digest}"


def cached_fragment(name, parts, compute, seconds=None):
    """``compute()``'s value for this generation, computed again only when an article it
    shows has changed since (or it expired after ``seconds``)."""
    seconds = fragment_seconds() if seconds is None else seconds
    if not settings.NEWSROOM_FRAGMENT_CACHE or not seconds:
        return compute()
    key = fragment_key(name, *parts)
    text = _request_text.get()
    stored = cache.get(key)
    if stored is not None:
        value, shown, stored_text = stored
        unchanged = text is not None and text == stored_text
        if unchanged or not shown or _still_current(shown, cache.get_many(list(shown))):
            _pass_on(shown)
            return value
    value, shown = noting_shown(compute)
    settled, _changed_at = _settle(shown)
    if settled is not None:
        cache.set(key, (value, settled, text), seconds)
    return value


class CachedCountPaginator(Paginator):
    """A paginator whose total is counted once per site generation (a list's COUNT(*)
    reads every matching row; the pages themselves read only theirs)."""

    def __init__(self, *args, count_key, stored_key=None, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        # Lists whose matches change only with the list generation (not search) also keep
        # their count in the database (articles.stored_fragments), under this key.
        self.stored_key = stored_key
        self.request = request

    @cached_property
    def count(self):
        def counted():
            if self.stored_key is None:
                return Paginator.count.func(self)
            return self.object_list.with_stored_count(self.stored_key, self.request).count()

        return cached_fragment("count", [self.count_key], counted)


def list_key(request):
    """What a list's content depends on: its address, without the page number."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}"


def _is_public_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    return not request.path_info.startswith(_private_prefixes())


def _private_prefixes():
    return ("/admin/", settings.MEDIA_URL, settings.STATIC_URL)


def _may_be_staff(request):
    # Only a session logs anyone in: a reader without its cookie is anonymous, known so
    # before the session and authentication middleware (after this one) run at all.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _cacheable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-cache", "no-store"))


class StoredPage(NamedTuple):
    generation: str
    shown: dict  # {token key: version}, as in _shown
    changed_at: float
    content: bytes
    status: int
    headers: list
    stored_at: float
    text: int = -1  # the text token when its articles were last known current


class LocalPages:
    """This process's copies of the pages it served last (NEWSROOM_PAGE_CACHE_LOCAL_MB of
    their bodies at most), so that a hit reads only the state and the text token from the
    cache, and the page's tokens with them when an article changed since: one request,
    not the page itself. Checked like the shared copy: generation and tokens."""

    def __init__(self):
        self._pages = OrderedDict()
        self._lock = threading.Lock()
        self._size = 0
        # The newest text token this process has seen: a page checked before it needs
        # its articles' tokens read, and they come in the same request as the state.
        self.text = 0

    def get(self, key):
        with self._lock:
            page, expires = self._pages.get(key, (None, 0.0))
            if page is None:
                return None
            if expires <= time.time():  # as the shared copy has
                self._remove(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key, page):
        limit = settings.NEWSROOM_PAGE_CACHE_LOCAL_MB * 1024 * 1024
        expires = page.stored_at + settings.NEWSROOM_PAGE_CACHE_SECONDS
        with self._lock:
            self._remove(key)
            self._pages[key] = (page, expires)
            self._size += len(page.content)
            while self._size > limit and self._pages:
                self._remove(next(iter(self._pages)))

    def drop(self, key):
        with self._lock:
            self._remove(key)

    def _remove(self, key):
        page, _expires = self._pages.pop(key, (None, 0.0))
        if page is not None:
            self._size -= len(page.content)


local_pages = LocalPages()


class FirstViews:
    """How many times this process served each page in the current site generation, so
    that a page goes into the page cache only from its NEWSROOM_PAGE_CACHE_MIN_VIEWS-th
    view on. Most of an archive's pages are read once in a while (the long tail, crawlers):
    stored at their first view, each would cost its reader the cache's requests (the page's
    tokens, its store) and push pages read often out of the cache. Counted per process,
    which costs no request: with several processes a page may need a few more views. (A
    page this process holds a copy of, from an earlier generation, is not counted: it was
    read often enough, and is stored again at once.)"""

    LIMIT = 20_000  # pages counted at most (a few megabytes), the least recent forgotten

    def __init__(self):
        self._views = OrderedDict()
        self._lock = threading.Lock()

    def admit(self, key, generation):
        """Count a view of the page at ``key``: whether it is to be stored."""
        needed = settings.NEWSROOM_PAGE_CACHE_MIN_VIEWS
        if needed <= 1:
            return True
        with self._lock:
            counted, views = self._views.pop(key, (None, 0))
            views = views + 1 if counted == generation else 1
            self._views[key] = (generation, views)
            if len(self._views) > self.LIMIT:
                self._views.popitem(last=False)
        return views >= needed


first_views = FirstViews()


def _look_up(key):
    """(the site state, the text token, the stored page at ``key`` if still current or
    None, whether this view of it may be stored: ``FirstViews``). On Redis with this
    process's mirror of the state and text token (articles/cache_mirror.py): no request to
    the cache for a page this process has a copy of or is not to store yet, one for
    another. Else one when this process has a copy; else two. One more when an article
    changed since the page was checked, or when this process's copy is of an older
    generation (the shared page may be of this one)."""
    local = local_pages.get(key) if key else None
    mirrored, ticket = cache_mirror.read()
    check = False
    if mirrored is not None:
        found = mirrored
    else:
        check = local is not None and local.text != local_pages.text
        wanted = [STATE_KEY, TEXT_KEY, *(local.shown if check else [key] if local is None else [])]
        found = cache.get_many(wanted if key else wanted[:2])
        # Only what Redis holds: without a state (none yet, or Redis unreachable) the
        # next request reads again.
        if STATE_KEY in found:
            cache_mirror.keep(ticket, {k: found[k] for k in (STATE_KEY, TEXT_KEY) if k in found})
    state = _current_state(found.get(STATE_KEY))
    token = found.get(TEXT_KEY)
    if token is None and state is not found.get(STATE_KEY):
        token = cache.get(TEXT_KEY)  # the one the new generation began with
    text = token[0] if token else 0
    local_pages.text = max(local_pages.text, text)
    admitted = not key or local is not None or first_views.admit(key, state["generation"])
    if mirrored is not None and local is None and key:
        if not admitted:
            return state, text, None, False
        found = {**mirrored, key: cache.get(key)}
    page = local or found.get(key)
    if local is not None and local.generation != state["generation"]:
        # This process's copy is of an older generation; another process may have stored
        # this generation's page already: read it rather than render the page again.
        local_pages.drop(key)
        local, check = None, False
        page = cache.get(key)
    if page is None or page.generation != state["generation"]:
        return state, text, None, admitted
    if page.text != text:  # an article changed since: is it one of this page's?
        # What this process heard of the changes since, if it heard every one; else
        # the tokens, read with the state or now.
        changed = None if check else cache_mirror.changed_since(page.text, text)
        if changed is not None:
            current = not any(changed.get(k, v) > v for k, v in page.shown.items())
            checked = text
        else:
            tokens = found if check else cache.get_many([TEXT_KEY, *page.shown])
            current = _still_current(page.shown, tokens)
            checked = tokens.get(TEXT_KEY, (0,))[0]
        if not current:
            if local is not None:
                local_pages.drop(key)
            return state, text, None, admitted
        page = page._replace(text=checked)
        local = None  # keep the checked copy
    if local is None:
        local_pages.put(key, page)
    return state, text, page, admitted


# The request headers that may make a response 304 or 412 (get_conditional_response).
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


# What the middleware after the page cache gives every response (SecurityMiddleware,
# the CSP and Permissions-Policy middleware): a 304 or 412 made here keeps them.
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Permissions-Policy",
    "Permissions-Policy-Report-Only",
)


class PublicPageCacheMiddleware:
    """Serve anonymous readers from the page cache, with ETag/Last-Modified and 304s.

    Goes first, so that a hit runs no other middleware: a stored page keeps the headers
    they gave it, security headers and CSP included, and a 304 gets those
    (``SECURITY_HEADERS``) as it did when they came after it. Pages are stored by scheme:
    an http request is never served one stored for https, so it still meets the HTTPS
    redirect (and HSTS goes only where it went). A request with a session cookie (an
    editor, perhaps) is passed on to the session and authentication middleware and gets
    a fresh page, private and uncached if its user is logged in. Responses that set
    cookies or already say private/no-cache (previews) are never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_public_request(request):
            return self.get_response(request)
        if _may_be_staff(request):
            # Never from the cache; the authentication middleware, inside, finds out.
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is None or user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True, max_age=0)
            return response
        try:
            key = self._key(request) if settings.NEWSROOM_PAGE_CACHE else None
        except DisallowedHost:
            # Refused inside, as before, with the security headers that come with it.
            return self.get_response(request)
        state, text, page, admitted = _look_up(key)
        if page is not None:
            response, changed_at = self._restore(page), page.changed_at
        else:
            reset = _request_state.set(state), _request_text.set(text)
            try:
                with _collecting() as shown:
                    response = self.get_response(request)
            finally:
                _request_state.reset(reset[0])
                _request_text.reset(reset[1])
            if not _cacheable(response):
                return response
            if admitted:
                settled, changed_at = _settle(shown)
                changed_at = max(state["changed_at"], changed_at)
            else:
                # Not stored yet: its articles' tokens are not read for a Last-Modified
                # (the ETag validates it), so the view costs no request to the cache.
                settled, changed_at = None, None
            self._add_validators(response, changed_at)
            if key and settled is not None:
                page = self._store(response, state, settled, changed_at, text)
                cache.set(key, page, settings.NEWSROOM_PAGE_CACHE_SECONDS)
                local_pages.put(key, page)
        if not any(map(request.META.__contains__, _CONDITIONAL)):
            return response  # what get_conditional_response gives without conditions
        conditional = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=None if changed_at is None else int(changed_at),
            response=response,
        )
        if conditional is not response:  # 304 or 412: with the page's security headers
            for name in SECURITY_HEADERS:
                if name in response and name not in conditional:
                    conditional[name] = response[name]
        return conditional

    @staticmethod
    def _key(request):
        address = (
            f"{request.method == 'HEAD'}:{request.scheme}:{request.get_host()}"
            f":{request.get_full_path()}"
        )
        digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
        return f"page:{digest}"

    @staticmethod
    def _add_validators(response, changed_at):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        if changed_at is not None:
            response["Last-Modified"] = http_date(int(changed_at))
        patch_cache_control(response, public=True, max_age=settings.NEWSROOM_HTTP_MAX_AGE)

    @staticmethod
    def _store(response, state, shown, changed_at, text):
        headers = list(response.items())
        return StoredPage(
            state["generation"],
            shown,
            changed_at,
            response.content,
            response.status_code,
            headers,
            time.time(),
            text,
        )

    @staticmethod
    def _restore(page):
        response = HttpResponse(page.content, status=page.status)
        # The headers were checked (charset, newlines) when the page was made: taken as
        # they are, not checked again one by one, which was a sixth of a hit's time.
        response.headers._store.update(
            (name.lower(), (name, value)) for name, value in page.headers
        )
        return response
