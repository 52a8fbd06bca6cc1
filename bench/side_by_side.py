"""The readers' site beside the Wagtail peer and a bare Django page, in one sitting (issue 12).

Not a test. One command serves, all at once (gunicorn, 2 workers each), our site in four
modes on the bench database (bench/site_bench.py builds it): nothing cached, fragments only,
the page cache on local memory and the page cache on Redis; the Wagtail 8 news site and the
bare Django "limit" pages from a folder of benchmark references (--peers). It loads one at a
time, page after page, in --rounds interleaved rounds (wrk -t2 -c8), so this machine's drift
hits all alike; every ratio is taken within a round, then the median of the rounds.

Each round also runs the long tail: random articles over the whole archive on the Redis
server with its cache emptied (FLUSHDB), twice: with the articles' pages rendered ahead of
readers, as the site does with NEWSROOM_SITE_ORIGIN set (the command renders those the
bulk-made data lacks), and with them deleted, so that every request is an article's first
view (the site without that setting). Each article is requested once, and the rate is
that pass's (the window's would count cached pages once the pass is over), unless the
window ends first. The cold pass is made TAIL_PASSES times, each followed at once by a
pass of as many requests of the one uncached article, and each pair gives a ratio (the
median over all pairs is compared): a pass's rate sometimes halves without a slow response,
on either server, and the machine drifts within a minute. Then the busy newsroom: the same
load on a cache warmed by visits of every article (VIEWS_TO_STORE each: a page is stored
from a process's second view), once quietly and once while another process saves one
article every 2 s through the ORM; the two take turns going first. (On a cold cache saves
cannot matter: every request is a first view either way.)

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom \\
        .venv/bin/python bench/side_by_side.py --peers PEERS --redis redis://127.0.0.1:6379/9

--peers: a folder holding wagtail/ (set up with its setup.sh, PGDATABASE=wagtail_peer by
default, see --wagtail-db) and limit/ (app.py). Without it the Wagtail side is skipped and the
bare and fixed pages are the site's own calibration pages (bench/calibration.py).
--redis: a Redis database this benchmark may empty; without it the Redis mode, the long
tail and the busy newsroom are skipped. --keep reuses the bench database of an earlier run
(else it is rebuilt with --articles articles). --only tail runs the long tail and the busy
newsroom alone, on the Redis server alone (a few minutes instead of the whole sitting).
Results go to var/bench/side_by_side.json.
"""

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import site_bench  # noqa: E402 - the bench database, servers and wrk, shared
from site_bench import HOST, PYTHON, ROOT, WORK  # noqa: E402

# Our four modes: (page cache, fragment cache, Redis), each its own server.
MODES = {
    "nothing cached": (False, False, False),
    "fragments": (False, True, False),
    "page cache, local memory": (True, True, False),
    "page cache, Redis": (True, True, True),
}
PORTS = {
    "nothing cached": 8211,
    "fragments": 8212,
    "page cache, local memory": 8213,
    "page cache, Redis": 8214,
    "wagtail": 8215,
    "limit": 8216,
}
# bench/calibration.py's pages, served by the site with nothing cached.
OWN_BARE = ("nothing cached", "bare 8 queries")
OWN_FIXED = ("nothing cached", "fixed 20 kB")
# The pages compared with Wagtail's, by the names of issue 12's table.
PUBLIC_PAGES = ("home", "article", "tag", "list, page 2", "person")
SEARCH = "search, common word"
SAVE_INTERVAL = 2.0  # seconds between an editor's saves in the busy newsroom
TAIL_TIMEOUT = 60  # seconds a long-tail request may take and still count
# Passes over the archive per round for the cold long tail, and as many over one uncached
# article to compare it with, each the median of its passes: a pass of 2,000 requests
# sometimes runs at half its rate with no slow response, on the uncached site as well
# (wrk holding an answer for 2 or 4 s; measured 2026-11-30: 275-750 req/s for the same pass).
TAIL_PASSES = 3
# A process stores a page from its MIN_VIEWS-th view of it (NEWSROOM_PAGE_CACHE_MIN_VIEWS):
# however the workers share a page's views, this many give one worker MIN_VIEWS of them
# (with 2 workers and 2 views each, 3).
VIEWS_TO_STORE = (site_bench.MIN_VIEWS - 1) * site_bench.WORKERS + 1


def our_pages(urls, word):
    return {
        "home": "/",
        "article": urls["article"],
        "tag": urls["tag"],
        "list, page 2": urls["section"] + "?page=2",
        "person": urls["person"],
        SEARCH: "/search/?q=" + quote(word),
    }


def wagtail_env(options):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        PGDATABASE=options.wagtail_db,
        PGHOST=env.get("PGHOST", "127.0.0.1"),
        PGPORT=env.get("PGPORT", "5432"),
        PGUSER=env.get("PGUSER", "postgres"),
        DJANGO_SETTINGS_MODULE="newsbase.settings",
        BENCH_SEARCH=options.word,
    )
    env.pop("DJANGO_DEBUG", None)
    return env


def wagtail_pages(folder, env):
    """Wagtail's own choice of pages (its bench/pages.py), under our names."""
    python = folder / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{folder}: no .venv; build the peer first (its setup.sh)")
    found = subprocess.run(
        [str(python), "bench/pages.py", "urls"], cwd=folder, env=env, capture_output=True, text=True
    )
    if found.returncode:
        raise SystemExit(f"the Wagtail peer has no pages to measure:\n{found.stderr[-2000:]}")
    out = found.stdout
    urls = dict(line.split(" ", 1) for line in out.strip().splitlines())
    return {
        "home": urls["home"],
        "article": urls["article"],
        "tag": urls["tag"],
        "list, page 2": urls["news_page2"],
        "person": urls["person"],
        SEARCH: urls["search"],
    }


def site_urls(database_url):
    """The compared pages and every article's address, picked inside Django."""
    env = site_bench.environment(database_url, page_cache=False)
    out = subprocess.run(
        [PYTHON, site_bench.__file__, "urls"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def vacuum(database_url):
    """VACUUM ANALYZE the bench database, as autovacuum keeps a live site's (it may be off
    on a benchmark machine: then the renderings' and saves' dead rows and stale statistics
    would slow every later window, lists' counts lose their index-only scans)."""
    import psycopg

    if database_url.startswith("postgres"):
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")


def redis_flush(url):
    """Empty the Redis database and say so, as ``cache.clear()`` does: the servers' copies
    of the site state (articles/cache_mirror.py) go too, and the next request is cold."""
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    db = client.connection_pool.connection_kwargs.get("db", 0)
    for channel in client.pubsub_channels(f"*:{db}:changes"):
        client.publish(channel, b"")


def forget_stored_pages(database_url):
    """Delete the articles' stored pages (articles/stored_pages.py), as a deploy that
    changes their templates makes them out of date: every article's next view renders it."""
    env = site_bench.environment(database_url, page_cache=False)
    code = "from articles.models import StoredPage; StoredPage.objects.all().delete()"
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


def long_tail_script(paths, threads, once=False, name="long_tail"):
    """A wrk script: each thread walks its share of ``paths`` in order, again and again;
    ``once``: each stops after its share, and the script prints how long the pass took
    (wrk's own rate counts its whole window: a fast pass would go on to cached pages).
    Written to var/bench/<name>.lua: a script kept across passes needs a name of its own."""
    # Percent-encoded (a slug may be Cyrillic), so each is a plain ASCII string for Lua.
    lua_paths = ",\n".join(json.dumps(quote(path, safe="/%?=&")) for path in paths)
    script = WORK / f"{name}.lua"
    text = (
        "-- Written by bench/side_by_side.py: each wrk thread walks its share of the list.\n"
        f"paths = {{\n{lua_paths}\n}}\n"
        "local threads = {}\n"
        "function setup(thread)\n"
        "  thread:set('offset', #threads)\n"
        "  table.insert(threads, thread)\n"
        "end\n"
        "function init(args)\n"
        "  position = offset\n"
        "end\n"
        "function request()\n"
        "  local path = paths[(position % #paths) + 1]\n"
        f"  position = position + {threads}\n"
        "  return wrk.format('GET', path)\n"
        "end\n"
    )
    if once:
        text += (
            "local ffi = require('ffi')\n"
            "ffi.cdef('typedef struct { long s; long ns; } bench_time;"
            " int clock_gettime(int, bench_time *);')\n"
            "local function now()\n"
            "  local t = ffi.new('bench_time'); ffi.C.clock_gettime(1, t)\n"
            "  return tonumber(t.s) + tonumber(t.ns) / 1e9\n"
            "end\n"
            "function init(args)\n"
            "  position = offset; started = now(); answered = 0; finished = -1\n"
            f"  share = math.floor((#paths - 1 - offset) / {threads}) + 1\n"
            "end\n"
            "function response(status, headers, body)\n"
            "  answered = answered + 1\n"
            "  if answered == share then\n"
            "    finished = now() - started; wrk.thread:stop()\n"
            "  end\n"
            "end\n"
            "function done(summary, latency, requests)\n"
            "  local seconds, total = 0, 0\n"
            "  for _, thread in ipairs(threads) do\n"
            "    local took = thread:get('finished')\n"
            "    if took < 0 then return end -- a thread did not finish its share\n"
            "    seconds = math.max(seconds, took); total = total + thread:get('share')\n"
            "  end\n"
            "  io.write(string.format('first pass: %d responses in %.3f s\\n', total, seconds))\n"
            "end\n"
        )
    script.write_text(text)
    return script


class Sitting:
    """The servers of one sitting and the windows measured on them."""

    def __init__(self, options, database_url):
        self.options = options
        self.database_url = database_url
        self.servers = {}  # name -> process
        self.plan = []  # (server, page, url)
        self.rows = {}  # (server, page) -> [wrk result per round]

    def url(self, server, path):
        return f"http://{HOST}:{PORTS[server]}{path}"

    def start(self, urls, peers, tail_only=False):
        options = self.options
        for mode, (page_cache, fragments, redis) in MODES.items():
            if redis and not options.redis:
                print(f"skipped: {mode} (no --redis)")
                continue
            if tail_only and not redis and mode != "nothing cached":
                continue  # the uncached article is the long tail's yardstick
            env = site_bench.environment(self.database_url, page_cache, fragments)
            if redis:
                env["REDIS_URL"] = options.redis
            self.servers[mode] = site_bench.start_server(env, port=PORTS[mode])
            self.article_path = urls["article"]
            for page, path in our_pages(urls, options.word).items():
                self.plan.append((mode, page, self.url(mode, path)))
        if peers and not tail_only:
            folder = peers / "wagtail"
            env = wagtail_env(options)
            pages = wagtail_pages(folder, env)
            self.servers["wagtail"] = site_bench.start_server(
                env,
                port=PORTS["wagtail"],
                app="newsbase.wsgi:application",
                cwd=folder,
                gunicorn=str(folder / ".venv" / "bin" / "gunicorn"),
                ready="/",
            )
            for page, path in pages.items():
                self.plan.append(("wagtail", page, self.url("wagtail", path)))
            # The bare page needs only Django and gunicorn: the project's own environment.
            self.servers["limit"] = site_bench.start_server(
                dict(os.environ), port=PORTS["limit"], app="app:application",
                cwd=peers / "limit", ready="/static-page",
            )  # fmt: skip
            self.bare, self.fixed = ("limit", "bare 8 queries"), ("limit", "fixed 20 kB")
            paths = {self.bare: "/queries", self.fixed: "/static-page"}
        elif tail_only:
            self.bare, self.fixed = OWN_BARE, OWN_FIXED  # not measured: the tail alone
            return
        else:
            print("skipped: the Wagtail peer (no --peers); bare and fixed pages: the site's own")
            paths = {}
            self.bare = OWN_BARE
            self.fixed = OWN_FIXED
        # The same two pages inside the site (its middleware, PostgreSQL): what the stack
        # itself costs, beside what the pages cost.
        paths[OWN_BARE] = site_bench.CALIBRATION["bare view"]
        paths[OWN_FIXED] = site_bench.CALIBRATION["fixed 20 kB"]
        for (server, page), path in paths.items():
            self.plan.append((server, page, self.url(server, path)))

    def stop(self):
        for process in self.servers.values():
            site_bench.stop_server(process)

    def window(self, url, seconds, connections=None, script=None, timeout=10):
        connections = connections or self.options.connections
        return site_bench.wrk(url, seconds, connections, min(2, connections), script, timeout)

    def prewarm(self):
        """Fresh workers speed up over their first seconds: load every page a little first."""
        for _server, _page, url in self.plan:
            for _ in range(2):
                urllib.request.urlopen(url, timeout=60).read()
            self.window(url, 2)

    def measure_round(self, number):
        for server, page, url in self.plan:
            # A page cache emptied by the long tail is filled again before its window.
            urllib.request.urlopen(url, timeout=60).read()
            row = self.window(url, self.options.window)
            self.rows.setdefault((server, page), []).append(row)
            print(
                f"round {number} {server:<25} {page:<20} {row['requests_per_second']:>8.1f} req/s"
                f"  p50 {row['p50_ms']:>7.1f} ms  errors {row['errors']}",
                flush=True,
            )
        # One reader searching: the latency a reader waits, without a queue of others.
        url = next(u for s, p, u in self.plan if s == "nothing cached" and p == SEARCH)
        row = self.window(url, self.options.window, connections=1)
        row_key = ("nothing cached", SEARCH + ", one reader")
        self.rows.setdefault(row_key, []).append(row)
        print(f"round {number} nothing cached, search, one reader: p50 {row['p50_ms']} ms")

    def long_tail(self, number, paths, rng):
        """The cold long tail taking turns with its yardstick; first views; then the busy
        newsroom's quiet and busy windows (taking turns going first), each on a cache warmed
        by visits of every article: on a cold cache every request is a first view, saves or
        not, and the ratio would tell only how much of the window came after the first
        pass."""
        self.cold_pairs(number, paths, rng)
        self.tail_window(number, "long tail", "first views", paths, rng)
        order = ("quiet", "busy") if number % 2 else ("busy", "quiet")
        for load in order:
            self.tail_window(number, "busy newsroom", load, paths, rng, warm=True)

    def cold_pairs(self, number, paths, rng):
        """``TAIL_PASSES`` cold passes of the long tail, each followed at once by its
        yardstick, a pass of as many requests of the one uncached article, on a database
        vacuumed alike: each ratio is taken within a pair, seconds apart, as this machine's
        speed drifts by a third within a minute (three of one, then three of the other, put
        a minute's drift between the sides)."""
        url = self.url("nothing cached", "/")
        one_article = [self.article_path] * len(paths)
        script = long_tail_script(one_article, threads=2, once=True, name="one_article")
        tails, ones = [], []
        for _ in range(TAIL_PASSES):
            tails.append(self.tail_pass("cold", paths, rng)[0])
            vacuum(self.database_url)
            ones.append(self.window(url, self.options.tail_window, script=script))
        pairs = list(zip(tails, ones, strict=True))
        tail, one = median_pass(tails), median_pass(ones)
        tail["archive"] = len(paths)
        tail["pair_ratios"] = [
            t["requests_per_second"] / o["requests_per_second"] for t, o in pairs
        ]
        tail["pair_p50_ratios"] = [o["p50_ms"] / t["p50_ms"] for t, o in pairs]
        self.rows.setdefault(("long tail", "cold"), []).append(tail)
        self.rows.setdefault(("long tail", "one article, nothing cached"), []).append(one)
        print(
            f"round {number} long tail, cold, then one article uncached, in pairs of"
            f" {len(paths)} requests once: "
            + "; ".join(
                f"{t['requests_per_second']:.0f} / {o['requests_per_second']:.0f} req/s"
                f" (p50 {t['p50_ms']:.1f} / {o['p50_ms']:.1f} ms)"
                for t, o in pairs
            ),
            flush=True,
        )

    def tail_pass(self, load, paths, rng, warm=False):
        """One window of the long-tail load on the Redis server (a pass over every article
        once, unless ``warm``): its wrk row, and the saves made meanwhile (``busy``)."""
        redis_flush(self.options.redis)
        if load == "first views":
            forget_stored_pages(self.database_url)  # every request renders its page
        elif not warm:
            # As with NEWSROOM_SITE_ORIGIN set: each page rendered when it changed, ahead of
            # readers (the bulk-made data had no saves: the command renders what is missing).
            self.render_pages_ahead()
        vacuum(self.database_url)
        walk = paths[:]
        rng.shuffle(walk)
        if warm:
            self.visit_each(walk)
        script = long_tail_script(walk, threads=2, once=not warm)
        saver = self.start_saver() if load == "busy" else None
        try:
            row = self.window(
                self.url("page cache, Redis", "/"),
                self.options.tail_window,
                script=script,
                # First views may queue for many seconds: a response dropped by wrk would
                # still cost the server its work and count for nothing.
                timeout=TAIL_TIMEOUT,
            )
        finally:
            saves = self.stop_saver(saver) if saver else None
        return row, saves

    def tail_window(self, number, name, load, paths, rng, warm=False):
        row, saves = self.tail_pass(load, paths, rng, warm)
        row["archive"] = len(paths)
        if saves is not None:
            row["saves"] = saves
        self.rows.setdefault((name, load), []).append(row)
        print(
            f"round {number} {name}, {load:<5} {row['requests_per_second']:>8.1f} req/s"
            f"  p50 {row['p50_ms']:>7.1f} ms  errors {row['errors']}"
            f"  requests {row['requests']} of {len(paths)} articles"
            + (f"  saves {saves}" if saves is not None else ""),
            flush=True,
        )

    def render_pages_ahead(self):
        env = site_bench.environment(self.database_url, page_cache=False)
        origin = self.url("page cache, Redis", "")
        started = time.monotonic()
        command = [PYTHON, "manage.py", "render_article_pages", "--origin", origin]
        done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"  {done.stdout.decode().strip()} ({time.monotonic() - started:.0f} s)", flush=True)

    def visit_each(self, paths):
        """Every article ``VIEWS_TO_STORE`` times (connections at a time), so each is in the
        page cache."""

        def visit(path):
            url = self.url("page cache, Redis", quote(path, safe="/%?=&"))
            urllib.request.urlopen(url, timeout=TAIL_TIMEOUT).read()

        with ThreadPoolExecutor(self.options.connections) as pool:
            list(pool.map(visit, [path for path in paths for _ in range(VIEWS_TO_STORE)]))

    def start_saver(self):
        env = site_bench.environment(self.database_url, page_cache=True)
        env["REDIS_URL"] = self.options.redis
        # Each save renders the saved article's page ahead of readers, in process.
        env["NEWSROOM_SITE_ORIGIN"] = self.url("page cache, Redis", "")
        process = subprocess.Popen(
            [PYTHON, site_bench.__file__, "saver"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        # Django is up and the first save made before the window opens.
        if process.stdout.readline().strip() != "saving":
            raise SystemExit("the saver stopped at once; run `site_bench.py saver` to see why")
        return process

    def stop_saver(self, process):
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=30)
        last = out.strip().splitlines()[-1:]
        if process.returncode or not last or not last[0].startswith("{"):
            raise SystemExit(f"the saver failed (exit {process.returncode}); its output: {out!r}")
        return json.loads(last[0])["saves"]


def median_pass(rows):
    """The pass with the median rate (the lower middle one of an even count), with the
    rates of all passes."""
    ordered = sorted(rows, key=lambda row: row["requests_per_second"])
    row = dict(ordered[(len(ordered) - 1) // 2])
    row["passes"] = [p["requests_per_second"] for p in rows]
    return row


def per_round(rows, numerator, denominator, key="requests_per_second"):
    """The median over the rounds of numerator / denominator, each from the same round."""
    if numerator not in rows or denominator not in rows:
        return None
    ratios = [
        a[key] / b[key] for a, b in zip(rows[numerator], rows[denominator], strict=True) if b[key]
    ]
    return statistics.median(ratios) if ratios else None


def median(rows, key, field="requests_per_second"):
    return statistics.median(row[field] for row in rows[key]) if key in rows else None


def targets(rows, bare, fixed):
    """Issue 12's targets: (what, measured as text, met or None when not measured)."""
    out = []
    for page in PUBLIC_PAGES:
        ratio = per_round(rows, ("nothing cached", page), ("wagtail", page))
        out.append(
            (
                f"{page}, nothing cached >= 4x Wagtail",
                None if ratio is None else f"{ratio:.2f}x",
                None if ratio is None else ratio >= 4,
            )
        )
    ratio = per_round(rows, ("nothing cached", "article"), bare)
    out.append(
        (
            f"article, nothing cached >= 35% of the bare 8-query page ({bare[0]})",
            None if ratio is None else f"{ratio:.1%}",
            None if ratio is None else ratio >= 0.35,
        )
    )
    one = median(rows, ("nothing cached", SEARCH + ", one reader"), "p50_ms")
    loaded = median(rows, ("nothing cached", SEARCH), "p50_ms")
    out.append(
        (
            "search, common word, nothing cached: p50 < 50 ms (one reader)",
            None if one is None else f"{one:.1f} ms (8 connections: {loaded:.0f} ms)",
            None if one is None else one < 50,
        )
    )
    for mode in ("page cache, local memory", "page cache, Redis"):
        ratio = per_round(rows, (mode, "article"), fixed)
        out.append(
            (
                f"article, {mode} >= 80% of the fixed page ({fixed[0]})",
                None if ratio is None else f"{ratio:.1%}",
                None if ratio is None else ratio >= 0.8,
            )
        )
    # Each cold pass against the one-article pass right after it (``cold_pairs``): the
    # median of every pair's ratio, over all rounds. A pass lasts until its last answer,
    # and wrk now and then holds a connection's answer for 2 or 4 s (its timer's period:
    # gunicorn's own log shows no request over 0.12 s then), which halves that pass's
    # rate, on either side; the median request's time does not see such stalls, and is
    # printed beside it.
    cold = rows.get(("long tail", "cold"), [])
    pairs = [ratio for row in cold for ratio in row.get("pair_ratios", ())]
    by_p50 = [ratio for row in cold for ratio in row.get("pair_p50_ratios", ())]
    ratio = statistics.median(pairs) if pairs else None
    window = per_round(rows, ("long tail", "cold"), ("nothing cached", "article"))
    quiet = median(rows, ("long tail", "cold"))
    out.append(
        (
            "long tail, cold page cache (Redis), pages rendered ahead >= one article uncached"
            " (passes of once-each requests, in pairs)",
            None
            if ratio is None
            else f"{quiet:.1f} req/s = {ratio:.2f}x (median of {len(pairs)} pairs)"
            + f"; {statistics.median(by_p50):.2f}x by the median request's time"
            + ("" if window is None else f" ({window:.2f}x the article's own window)"),
            None if ratio is None else ratio >= 1,
        )
    )
    ratio = per_round(rows, ("busy newsroom", "busy"), ("busy newsroom", "quiet"))
    out.append(
        (
            f"busy newsroom (a save every {SAVE_INTERVAL:.0f} s) >= 70% of the quiet, warm cache",
            None if ratio is None else f"{ratio:.0%}",
            None if ratio is None else ratio >= 0.7,
        )
    )
    return out


def report(rows, bare, fixed, options):
    modes = [m for m in MODES if any(key[0] == m for key in rows)]
    has_wagtail = any(key[0] == "wagtail" for key in rows)
    head = f"{'page':<22}" + "".join(f"{m[:24]:>26}" for m in modes)
    if has_wagtail:
        head += f"{'Wagtail 8':>18}{'uncached ÷ Wagtail':>20}"
    print(f"\nrequests/s, medians of {options.rounds} rounds (p50 ms for search)")
    print(head)
    for page in (*PUBLIC_PAGES, SEARCH) if options.only != "tail" else ():
        line = f"{page:<22}"
        for mode in modes:
            value = median(rows, (mode, page))
            cell = "" if value is None else f"{value:,.1f}"
            if page == SEARCH and value is not None:
                cell += f" ({median(rows, (mode, page), 'p50_ms'):,.0f} ms)"
            line += f"{cell:>26}"
        if has_wagtail:
            value = median(rows, ("wagtail", page))
            cell = f"{value:,.1f}"
            if page == SEARCH:
                cell += f" ({median(rows, ('wagtail', page), 'p50_ms'):,.0f} ms)"
            ratio = per_round(rows, ("nothing cached", page), ("wagtail", page))
            line += f"{cell:>18}{ratio:>20.2f}"
        print(line)
    for server in dict.fromkeys((bare[0], OWN_BARE[0])) if options.only != "tail" else ():
        where = "bare Django (limit)" if server == "limit" else "inside the site (calibration)"
        print(
            f"{where}: bare 8 queries {median(rows, (server, bare[1])):,.1f} req/s,"
            f" fixed 20 kB {median(rows, (server, fixed[1])):,.1f} req/s"
        )
    if ("busy newsroom", "busy") in rows:
        ratios = [
            busy["requests_per_second"] / quiet["requests_per_second"]
            for busy, quiet in zip(
                rows[("busy newsroom", "busy")], rows[("busy newsroom", "quiet")], strict=True
            )
        ]
        print(
            f"long tail, cold: {median(rows, ('long tail', 'cold')):,.1f} req/s (pages rendered"
            f" ahead; one uncached article requested as often:"
            f" {median(rows, ('long tail', 'one article, nothing cached')):,.1f}),"
            f" {median(rows, ('long tail', 'first views')):,.1f} (first views, no site"
            " origin); busy newsroom:"
            f" quiet {median(rows, ('busy newsroom', 'quiet')):,.1f},"
            f" busy {median(rows, ('busy newsroom', 'busy')):,.1f} req/s"
            f" (busy ÷ quiet per round: {', '.join(f'{r:.2f}' for r in ratios)})"
        )
    errors = {f"{s}: {p}": sum(r["errors"] for r in runs) for (s, p), runs in rows.items()}
    errors = {key: n for key, n in errors.items() if n}
    if errors:
        print(f"NON-2xx OR FAILED RESPONSES: {errors}")
    print("\ntarget" + " " * 66 + "measured" + " " * 28 + "met")
    results = targets(rows, bare, fixed)
    for what, measured, met in results:
        if met is None and options.only:
            continue
        verdict = "not measured" if met is None else ("met" if met else "NOT MET")
        print(f"{what:<72}{measured or '':<36}{verdict}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=Path, help="folder holding wagtail/ and limit/")
    parser.add_argument("--redis", help="a Redis database URL this benchmark may empty")
    parser.add_argument("--wagtail-db", default="wagtail_peer", help="the peer's PGDATABASE")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="reuse the bench database")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--window", type=int, default=8, help="seconds per page and round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--tail-window",
        type=int,
        default=30,
        help="seconds per long-tail window: first views are slow, and wrk counts only"
        " the requests that finish inside the window",
    )
    parser.add_argument("--word", default="бюджет", help="the common word searched for")
    parser.add_argument(
        "--only",
        choices=["tail"],
        help="tail: only the long tail and the busy newsroom, on the Redis server alone",
    )
    options = parser.parse_args()
    if options.only == "tail" and not options.redis:
        parser.error("--only tail needs --redis")
    if options.peers and not (options.peers / "wagtail").is_dir():
        parser.error(f"--peers {options.peers}: no wagtail/ folder there")
    if options.peers and not (options.peers / "limit" / "app.py").is_file():
        parser.error(f"--peers {options.peers}: no limit/app.py there")
    if not Path("/usr/bin/wrk").exists():
        parser.error("wrk is missing: apt-get install wrk")
    if options.redis:
        import redis

        try:
            redis.Redis.from_url(options.redis).ping()
        except (redis.RedisError, ValueError) as error:
            parser.error(f"--redis {options.redis}: {error}")
    options.window = max(2, min(options.window, 60))
    options.tail_window = max(2, min(options.tail_window, 120))
    WORK.mkdir(parents=True, exist_ok=True)
    database_url = site_bench.bench_database_url()
    if not options.keep:
        site_bench.build(database_url, options.articles)
    else:  # the code may have migrations the kept database lacks
        env = site_bench.environment(database_url, page_cache=False)
        site_bench.run(["manage.py", "migrate", "--noinput", "-v0"], env)
        vacuum(database_url)
    urls = site_urls(database_url)
    sitting = Sitting(options, database_url)
    rng = random.Random(12)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    # Other work on this machine shows here; ratios within a round are what count.
    load = [os.getloadavg()[0]]
    try:
        sitting.start(urls, options.peers, tail_only=options.only == "tail")
        sitting.prewarm()
        if options.redis:  # fills shared parts (portraits, menus) as a live site has them
            walk = urls["articles"][:]
            rng.shuffle(walk)
            redis_flush(options.redis)
            sitting.window(
                sitting.url("page cache, Redis", "/"), 5, script=long_tail_script(walk, 2)
            )
        for number in range(1, options.rounds + 1):
            if options.only != "tail":
                vacuum(database_url)  # after the last round's long tail and saves
                sitting.measure_round(number)
            if options.redis:
                sitting.long_tail(number, urls["articles"], rng)
    finally:
        sitting.stop()
    load.append(os.getloadavg()[0])
    print(
        f"\nstarted {started}; load average (1 min) {load[0]:.1f} at the start, {load[1]:.1f} at the end"
    )
    results = report(sitting.rows, sitting.bare, sitting.fixed, options)
    (WORK / "side_by_side.json").write_text(
        json.dumps(
            {
                "started": started,
                "load_average": load,
                "database": database_url.split("://")[0],
                "articles": len(urls["articles"]),
                "rounds": {f"{s}: {p}": runs for (s, p), runs in sitting.rows.items()},
                "targets": [{"target": t, "measured": m, "met": ok} for t, m, ok in results],
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
