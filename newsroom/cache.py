"""A Redis cache that the site outlives: when Redis is unreachable, reads miss and writes are dropped.

``ResilientRedisCache`` is django-redis's ``RedisCache`` with three changes:

- A connection error or timeout never reaches the caller: ``get`` returns the default,
  ``set``/``delete`` do nothing (django-redis's own ``IGNORE_EXCEPTIONS``, forced on).
- The outage is logged once when it starts and once when it ends, per process (django-redis's
  ``DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS`` would log every failed call, that is every request).
- While Redis is down, calls do not touch the network: after a failure the server is tried
  again only every ``RETRY_SECONDS``, by one thread, with a ``PING``. So a Redis that hangs
  costs one socket timeout per interval, not one per request.

When the ping answers, ``reconnected`` is sent *before* any other call reaches Redis again.
Writes dropped during the outage (an invalidation, say) are lost, and Redis may come back
with its old data: a receiver makes whatever it keeps in the cache consistent again (the
site starts a new generation, articles/signals.py). A receiver's own cache calls go through.

Processes do not share this state: each one that meets the outage logs it and, when Redis
answers again, sends ``reconnected``.

A process may keep copies of a few entries (articles/cache_mirror.py): a write of one is
followed by ``announce()``, which tells this process at once (``announced``) and the others
by a message on ``changes_channel``. ``clear()`` announces too. ``advance_and_announce()``
writes and publishes in one transaction, with a message saying what it wrote.
"""

import logging
import threading
import time

from django.dispatch import Signal
from django.utils.functional import cached_property
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError, WatchError

logger = logging.getLogger(__name__)

# Sent with sender=the cache backend when Redis answers again after an outage.
reconnected = Signal()
# Sent with sender=the backend's class, cache=the backend, by ``announce()``: in this
# process, before the others hear of the change.
announced = Signal()

# Client methods that do no I/O of their own: they neither prove nor disprove that Redis is up.
# (``close`` runs at the end of every request; ``lock`` only builds a lock object.)
_NO_IO = frozenset({"close", "lock", "get_client", "make_key", "make_pattern", "encode", "decode"})


class _Health:
    """Whether one Redis server (one LOCATION) is reachable, shared by this process's threads."""

    def __init__(self, location, retry_seconds):
        self.location = location
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._local = threading.local()
        self.down_since = None  # time.monotonic() of the first failure, None while up
        self._retry_at = 0.0
        self._probing = False
        self._probe_failed = False

    def allows(self, probe):
        """May this call go to Redis? While down, one caller per interval probes first."""
        if self.down_since is None or getattr(self._local, "recovering", False):
            return True
        with self._lock:
            if self.down_since is None:
                return True
            if self._probing or time.monotonic() < self._retry_at:
                return False
            self._probing, self._probe_failed = True, False
        self._local.recovering = True
        ok = False
        try:
            probe()
            ok = not self._probe_failed
        except (ConnectionInterrupted, RedisError, OSError):
            pass
        finally:
            # Even if a receiver raised something else: the next interval probes again.
            self._local.recovering = False
            with self._lock:
                self._probing = False
                if ok:
                    outage = time.monotonic() - self.down_since
                    self.down_since = None
                else:
                    self._retry_at = time.monotonic() + self.retry_seconds
        if ok:
            logger.warning(
                "The cache at %s answers again after %.1f s; caching resumes.",
                self.location,
                outage,
            )
        return ok

    def failed(self, error):
        """A call failed; the first failure of an outage is logged."""
        with self._lock:
            if self._probing:
                self._probe_failed = True
            if self.down_since is not None:
                return
            self.down_since = time.monotonic()
            self._retry_at = self.down_since + self.retry_seconds
        logger.warning(
            "The cache at %s is unreachable (%s); the site serves uncached pages and "
            "retries every %s s.",
            self.location,
            error,
            self.retry_seconds,
        )


_health = {}
_health_lock = threading.Lock()


def _health_of(location, retry_seconds):
    with _health_lock:
        if location not in _health:
            _health[location] = _Health(location, retry_seconds)
        return _health[location]


class _GuardedClient:
    """django-redis's client, with every call that reaches Redis watched by ``_Health``."""

    def __init__(self, client, health, probe):
        self._client = client
        self._health = health
        self._probe = probe

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name in _NO_IO or not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            if not self._health.allows(self._probe):
                raise ConnectionInterrupted(connection=None)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._health.failed(error)
                raise

        return guarded


class ResilientRedisCache(RedisCache):
    """django-redis's cache that degrades to no cache while Redis is unreachable.

    OPTIONS, besides django-redis's own: ``RETRY_SECONDS`` (default 2), how long after a
    failure Redis is tried again. Give ``SOCKET_CONNECT_TIMEOUT`` and ``SOCKET_TIMEOUT``
    small values (settings.py does): they bound what one failed call costs.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        retry_seconds = float(options.pop("RETRY_SECONDS", 2))
        options["IGNORE_EXCEPTIONS"] = True
        super().__init__(server, {**params, "OPTIONS": options})
        self.location = server
        self._health = _health_of(server, retry_seconds)
        self._guarded = None

    @property
    def client(self):
        if self._guarded is None:
            self._guarded = _GuardedClient(super().client, self._health, self._probe)
        return self._guarded

    @cached_property
    def changes_channel(self):
        """The pub/sub channel of ``announce()``. Pub/sub spans the whole server, so the
        name holds the database and the key prefix: sites and test runs sharing a Redis
        on other databases or prefixes do not hear each other."""
        db = self.client.get_client(write=True).connection_pool.connection_kwargs.get("db", 0)
        return f"{self.key_prefix}:{db}:changes"

    def announce(self):
        """Say that entries processes may keep copies of have changed: to this process at
        once (``announced``), to the others on ``changes_channel``. Call it after the write.
        Dropped, like a write, while Redis is unreachable."""
        announced.send(sender=self.__class__, cache=self)
        if not self._health.allows(self._probe):
            return
        try:
            self.client.get_client(write=True).publish(self.changes_channel, b"")
        except (RedisError, OSError) as error:
            self._health.failed(error)

    def advance_and_announce(self, counter, advance, data, message):
        """Set ``counter`` to ``advance(its value, or None)`` and the entries ``data`` (no
        expiry), and publish ``message(that value or None, the new one)`` on
        ``changes_channel``, in one transaction: retried while another writer moves
        ``counter`` meanwhile. So the messages of such writes come in the order of the
        writes, each following the value the one before set: a listener that missed one
        can tell. Then ``announced`` in this process. Returns the value set, or None when
        dropped (Redis unreachable)."""
        value = None
        if self._health.allows(self._probe):
            client = self.client  # guarded: its health is this one's
            key = client.make_key(counter)
            entries = {client.make_key(k): client.encode(v) for k, v in data.items()}
            try:
                with client.get_client(write=True).pipeline() as pipe:
                    while value is None:
                        pipe.watch(key)
                        stored = pipe.get(key)
                        previous = None if stored is None else client.decode(stored)
                        new = advance(previous)
                        pipe.multi()
                        pipe.mset({**entries, key: client.encode(new)})
                        pipe.publish(self.changes_channel, message(previous, new))
                        try:
                            pipe.execute()
                        except WatchError:
                            continue  # another write moved the counter: read it again
                        value = new
            except (RedisError, OSError) as error:
                self._health.failed(error)
        announced.send(sender=self.__class__, cache=self)
        return value

    def clear(self):
        super().clear()
        self.announce()

    def _probe(self):
        """Ping the server; if it answers, let receivers repair what the outage left stale."""
        self._guarded._client.get_client(write=True).ping()
        reconnected.send(sender=self.__class__, cache=self)
