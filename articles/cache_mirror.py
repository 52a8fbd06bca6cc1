"""This process's copy of the few Redis entries every page-cache hit reads, so that a hit
needs no round trip to Redis.

The page cache (articles/caching.py) gives the mirror what it read (the site state and
the text token) and reads it back instead of Redis. A copy is only as good as the news of
its changes, so the mirror is trusted only while a thread of this process listens on the
cache's pub/sub channel (``ResilientRedisCache.changes_channel``) and Redis has answered
it lately:

- every write of a mirrored entry is followed by ``ResilientRedisCache.announce()``: this
  process drops its copy at once, the others when the message reaches them (a few ms);
- on any message, on (re)subscribing and on losing the connection, the copy is dropped
  and an *epoch* moves on. A read from Redis is kept only if the epoch did not move while
  it ran, so a message racing the read is never lost;
- Redis is pinged every ``PING_SECONDS`` while quiet; if it has not answered for
  ``TRUST_SECONDS`` (hung, or the network cut without a reset), the copy is not used and
  the connection is made anew. So a change never goes unseen longer than that.
- a copy is read anew from Redis once it is ``REFRESH_SECONDS`` old: entries may also go
  without a message (an operator's FLUSHDB, an eviction under ``allkeys-lru``, which hits
  that never read them would invite), and that is seen within a second, as a missing
  state that starts a new generation, not at the next save.

A save's message also says what it changed (``set_tokens``: the tokens it set, and the
text token it moved from and to). The thread keeps a log of these, so that a process can
check a page's articles against the changes since the page was last checked without asking
Redis (``changed_since``). The log holds only what is known to be complete: each change is
written and published in one transaction that follows the text token it read, so a chain
of changes from one text token to another is every change between them; a link missing
(a message lost, a change published without saying what it was, a token written without
a message) breaks the chain, and a (re)subscription starts a new log. Where the chain is
broken the page's tokens are read from Redis, as they were before.

While the thread is not subscribed every hit reads Redis as before (newsroom/cache.py
turns that into misses while Redis is down). Redis back from a restart is empty: the
copy was dropped when the connection was lost and is read anew after resubscribing.
Only for ResilientRedisCache: with local memory there is nothing to save.

The thread starts with the first read in each process (gunicorn forks its workers after
importing the site), never at import; it is a daemon.
"""

import json
import logging
import os
import threading
import time

import redis
from django.core.cache import caches
from django.dispatch import receiver
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from newsroom.cache import ResilientRedisCache, announced

logger = logging.getLogger(__name__)

PING_SECONDS = 0.5  # how often a quiet subscription asks Redis whether it is there
TRUST_SECONDS = 1.5  # how long after Redis's last answer the copy is still used
REFRESH_SECONDS = 1.0  # how long a copy is used before it is read from Redis again
RECONNECT_SECONDS = (0.1, 2.0)  # the first and the longest wait before connecting again
LOG_CHANGES = 500  # changes kept in the log (two a save: about 8 minutes of a save every 2 s)


class Mirror:
    """A copy of some entries of one Redis cache (one server, database and key prefix)."""

    def __init__(self, location, channel, timeouts):
        self.location = location
        self.channel = channel
        self._timeouts = timeouts
        self._lock = threading.Lock()
        self._epoch = 0
        self._entries = None
        self._kept_at = float("-inf")  # time.monotonic() of the copy's reading
        self._answered = float("-inf")  # time.monotonic() of Redis's last answer; -inf: none
        self._pid = None
        # The changes heard since subscribing: {text token: (the one before, {key: version})}.
        self._log = {}

    def read(self):
        """(the entries kept, or None; a ticket for ``keep``, or None if it may not keep)."""
        if self._pid != os.getpid():
            self._start()
        # The epoch before the entries: a drop between the two reads makes the ticket stale.
        epoch, entries, kept_at = self._epoch, self._entries, self._kept_at
        if not self._trusted():
            return None, None
        if time.monotonic() - kept_at > REFRESH_SECONDS:
            entries = None  # read again, and kept again with this ticket
        return entries, epoch

    def keep(self, ticket, entries):
        """Keep ``entries`` read from Redis since ``read()`` gave ``ticket``, unless a
        change came in meanwhile."""
        with self._lock:
            if ticket == self._epoch and self._trusted():
                self._entries, self._kept_at = entries, time.monotonic()

    def changed_since(self, since, until):
        """{key: the highest version set} by the changes that moved the text token from
        ``since`` to ``until``, or None unless the log holds every one of them."""
        if self._pid != os.getpid() or not self._trusted():
            return None
        log, changed, text = self._log, {}, until
        while text != since:
            entry = log.get(text)
            if entry is None:
                return None
            text, tokens = entry
            if text is None or text < since:  # it found no token before it, or went past
                return None
            for key, version in tokens.items():
                if version > changed.get(key, version - 1):
                    changed[key] = version
        return changed

    def drop(self):
        with self._lock:
            self._epoch += 1
            self._entries = None

    def heard(self, data):
        """A message on the channel: the copy goes; a change it describes joins the log,
        one it does not describe (or cannot be read) ends the log."""
        change = None
        if data:
            try:
                message = json.loads(data)
                change = message["to"], message["from"], message["set"]
            except (ValueError, KeyError, TypeError):
                logger.warning("Cache mirror of %s: a message not understood", self.location)
        log = self._log
        if change is None or change[0] in log:
            self._log = log = {}
        if change is not None:
            log[change[0]] = change[1:]
            if len(log) > LOG_CHANGES:
                del log[next(iter(log))]
        self.drop()

    def _trusted(self):
        return time.monotonic() - self._answered < TRUST_SECONDS

    def _start(self):
        with self._lock:
            if self._pid == os.getpid():
                return
            # After a fork: the parent's copy and connection are not this process's.
            self._pid = os.getpid()
            self._epoch += 1
            self._entries = None
            self._answered = float("-inf")
            self._log = {}
        threading.Thread(target=self._watch, name="cache-mirror", daemon=True).start()

    def _watch(self):
        delay = RECONNECT_SECONDS[0]
        while True:
            connection = redis.Redis.from_url(
                self.location,
                socket_connect_timeout=self._timeouts[0],
                socket_timeout=self._timeouts[1],
                # A lost connection must end the subscription here, not be mended
                # unseen: messages sent meanwhile would be lost.
                retry=Retry(NoBackoff(), 0),
            )
            subscription = connection.pubsub()
            try:
                subscription.subscribe(self.channel)
                self._listen(subscription)
            except (RedisError, OSError) as error:
                logger.debug("Cache mirror of %s: %s", self.location, error)
            except Exception:
                # Whatever it was, the thread goes on: without it the copy is never used.
                logger.exception("Cache mirror of %s failed", self.location)
            finally:
                subscribed = self._answered > float("-inf")
                self._answered = float("-inf")
                self._log = {}  # messages may be lost from now on
                self.drop()
                subscription.close()
                connection.close()
            delay = RECONNECT_SECONDS[0] if subscribed else min(delay * 2, RECONNECT_SECONDS[1])
            time.sleep(delay)

    def _listen(self, subscription):
        """Drop the copy on every message, until the connection fails (raises)."""
        asked = time.monotonic()  # the subscription's answer is awaited like a ping's
        while True:
            message = subscription.get_message(timeout=PING_SECONDS)
            now = time.monotonic()
            if message is not None:
                if message["type"] == "message":
                    self.heard(message["data"])
                elif message["type"] != "pong":  # subscribed anew: every message from now on
                    self._log = {}
                    self.drop()
                self._answered, asked = now, None
            if asked is None and now - self._answered >= PING_SECONDS:
                subscription.ping()
                asked = now
            elif asked is not None and now - asked > TRUST_SECONDS:
                raise TimeoutError(f"no answer in {TRUST_SECONDS} s")


_mirrors = {}  # {(location, channel): Mirror}
_mirrors_lock = threading.Lock()
_NONE = object()


def _mirror_of(backend):
    """The mirror of ``backend``'s entries in this process; None unless it is Redis."""
    mirror = backend.__dict__.get("_page_mirror", _NONE)
    if mirror is _NONE:
        mirror = None
        if isinstance(backend, ResilientRedisCache):
            pool = backend.client.get_client(write=True).connection_pool.connection_kwargs
            timeouts = pool.get("socket_connect_timeout"), pool.get("socket_timeout")
            key = backend.location, backend.changes_channel
            with _mirrors_lock:
                mirror = _mirrors.setdefault(key, Mirror(*key, timeouts))
        # Cached on the backend, one per thread and settings: a hit looks it up once.
        backend._page_mirror = mirror
    return mirror


def read():
    """(the default cache's entries kept by ``keep``, or None; a ticket for ``keep``)."""
    mirror = _mirror_of(caches["default"])
    return mirror.read() if mirror is not None else (None, None)


def keep(ticket, entries):
    """Keep ``entries``, read from the default cache after ``read()`` gave ``ticket``."""
    if ticket is not None:
        _mirror_of(caches["default"]).keep(ticket, entries)


def changed_since(since, until):
    """{token key: the highest version set} by the changes that moved the text token from
    ``since`` to ``until``, as this process heard them; None when it cannot tell (not on
    Redis, not listening, or a change unheard): then read the tokens from the cache."""
    mirror = _mirror_of(caches["default"])
    return mirror.changed_since(since, until) if mirror is not None else None


def set_tokens(tokens, counter, advance):
    """On Redis: set ``tokens`` ({key: (version, time)}) and the token ``counter`` to
    ``advance(its value, or None)``, in one transaction announced with what it set, so
    that every process can check its pages against the change (``changed_since``). Returns
    False, having done nothing, on another cache."""
    backend = caches["default"]
    if not isinstance(backend, ResilientRedisCache):
        return False

    def message(previous, token):
        versions = {key: version for key, (version, _time) in tokens.items()}
        versions[counter] = token[0]
        change = {"from": previous[0] if previous else None, "to": token[0], "set": versions}
        return json.dumps(change).encode()

    backend.advance_and_announce(counter, advance, tokens, message)
    return True


def announce():
    """After a write of an entry kept here: every process drops its copy (on Redis)."""
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        backend.announce()


@receiver(announced, dispatch_uid="articles_cache_mirror_announced")
def _announced(sender, cache, **kwargs):
    """This process's own change: its copy goes at once, before the message comes back."""
    mirror = _mirrors.get((cache.location, cache.changes_channel))
    if mirror is not None:
        mirror.drop()
