"""Time pages in process, each request taking turns with the calibration page.

Not a test. Where wrk through gunicorn measures a whole server, this calls the site's WSGI
application directly, in one process, as gunicorn would (request_started/finished fire, so
connection reuse and health checks run as in production), and times each request. Every
page's request is followed by one of the calibration page (bench/calibration.py: 8
primary-key queries and a 20 kB template through the site's middleware), so the machine's
drift cancels in the ratio page ÷ calibration, printed with the medians:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/inprocess.py \
        / /news/SLUG/ --requests 300

Run it on a database built by site_bench.py (its ``build``). It uses site_bench's
environment: production settings, page cache and fragments off (nothing cached);
``--page-cache`` turns both on (the requests after the warm-up are hits), on local memory,
or on Redis with ``--redis URL`` (use a database of your own: the bench's entries go there).
``--profile URL`` prints a cProfile summary of that page instead (--requests of it).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CALIBRATION = "/bench/bare/"
# Sent with the calibration page's requests: with the page cache on, a session cookie keeps
# it out of the cache (a reader with one gets a fresh page), so it still does its queries.
CALIBRATION_COOKIE = {"HTTP_COOKIE": "sessionid=bench-calibration"}


def application(page_cache=False, redis_url=""):
    import site_bench

    database_url = os.environ.get("DATABASE_URL", "")
    os.environ.update(site_bench.environment(database_url, page_cache, page_cache))
    if redis_url:
        os.environ.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX="bench-inprocess")
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def request(app, url, headers=None):
    """One GET of ``url`` through the WSGI application; its status and body size."""
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **(headers or {}),
    }
    status = []
    result = app(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        size = sum(len(chunk) for chunk in result)
    finally:
        result.close()  # request_finished: what gunicorn does after each response
    return status[0], size


def timed(app, url, headers=None):
    started = time.perf_counter()
    status, size = request(app, url, headers)
    elapsed = time.perf_counter() - started
    if not status.startswith("200"):
        raise SystemExit(f"{url}: {status}")
    return elapsed, size


def measure(app, urls, requests):
    """{url: (median ms, median ratio to the calibration page, size)}"""
    for url in [CALIBRATION, *urls]:
        for _ in range(5):  # warm: templates compiled, connection open
            timed(app, url, CALIBRATION_COOKIE if url == CALIBRATION else None)
    times = {url: [] for url in urls}
    ratios = {url: [] for url in urls}
    sizes = {}
    calibration = []
    for _ in range(requests):
        for url in urls:
            elapsed, sizes[url] = timed(app, url)
            reference, _size = timed(app, CALIBRATION, CALIBRATION_COOKIE)
            times[url].append(elapsed)
            ratios[url].append(elapsed / reference)
            calibration.append(reference)
    print(f"calibration {CALIBRATION}: {statistics.median(calibration) * 1000:.2f} ms")
    for url in urls:
        ms = statistics.median(times[url]) * 1000
        ratio = statistics.median(ratios[url])
        print(
            f"{url}: {ms:.3f} ms, {ratio:.3f}× the calibration page's time "
            f"(speed {1 / ratio:.0%} of it), {sizes[url]:,} bytes"
        )


def profile(app, url, requests):
    for _ in range(5):
        timed(app, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        timed(app, url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    print(out.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*", default=["/"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", help="print a cProfile summary of this page instead")
    parser.add_argument("--page-cache", action="store_true", help="page cache and fragments on")
    parser.add_argument("--redis", default="", help="the cache on this Redis URL, not local memory")
    args = parser.parse_args()
    app = application(args.page_cache, args.redis)
    if args.profile:
        profile(app, args.profile, args.requests)
    else:
        measure(app, args.urls, args.requests)


if __name__ == "__main__":
    main()
