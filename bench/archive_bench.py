"""Benchmark of a large archive: the admin's article list and search, and the public search.

Not a test. It builds a separate database of N articles (100,000 by default) with the site
benchmark's data builder (bench/site_bench.py ``populate``, bulk_create), gives a part of
them other states and bylines so that each of the change list's filters selects something,
and then times single requests in-process, nothing cached, as a logged-in editor:

- the admin's article change list: page 1, page 50, each filter, a search («Токаев»);
- the public search for a common word (every article has it) and a rare one.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/archive_bench.py
    .venv/bin/python bench/archive_bench.py --articles 20000     # SQLite under var/bench/

With DATABASE_URL it uses (and re-creates) the database named like it plus "_archive", on
the same server; the named database itself is not touched. Options: --articles, --keep
(reuse the database of an earlier run), --repeat (requests per page; the median is shown).
Each figure is printed with the issue's target (at 100,000 articles) and whether it is met.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.site_bench import (  # noqa: E402
    WORK,
    bench_database_url,
    environment,
    populate,
    recreate_database,
    run,
)

# The targets at 100,000 articles, in milliseconds (single requests, nothing cached).
ADMIN_TARGET_MS = 300
PUBLIC_SEARCH_TARGET_MS = 150
COMMON_WORD = "заседание"  # in every article's body
RARE_WORD = "Токаева"  # one person of 240: about one article in eighty
EDITORS = 8


def vary():
    """Give the archive an editorial desk's mix: some drafts, articles in review,
    unpublished and scheduled ones, and a byline (and creator) on every article."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import F
    from django.utils import timezone

    from articles.models import Article

    articles = Article.objects.all()
    by_tens, by_hundreds = articles.alias(n=F("pk") % 10), articles.alias(n=F("pk") % 100)
    by_tens.filter(n=0).update(status="draft", published_at=None)
    by_hundreds.filter(n=21).update(status="review", published_at=None)
    by_hundreds.filter(n=33).update(status="unpublished")
    future = timezone.now() + datetime.timedelta(days=3)
    for pk in by_hundreds.filter(n=77).values_list("pk", flat=True)[:30]:
        articles.filter(pk=pk).update(published_at=future + datetime.timedelta(minutes=pk))
    users = get_user_model()
    editors = [
        users.objects.create_user(f"editor{n}", f"editor{n}@example.com", "bench")
        for n in range(EDITORS)
    ]
    byline = Article.authors.through
    byline.objects.bulk_create(
        (
            byline(article_id=pk, user_id=editors[pk % EDITORS].pk)
            for pk in articles.values_list("pk", flat=True).iterator()
        ),
        batch_size=5000,
    )
    articles.update(created_by_id=F("pk") % EDITORS + editors[0].pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    print(f"varied: {articles.exclude(status='published').count()} not published")


def pages():
    """[(name, url, target ms)] of what an editor and a reader open."""
    from django.contrib.auth import get_user_model
    from taggit.models import Tag

    from articles.models import Section

    admin = "/admin/articles/article/"
    section = Section.objects.order_by("pk").first()
    tag = Tag.objects.order_by("pk").first()
    editor = get_user_model().objects.filter(username="editor1").first()
    filters = [
        ("state: draft", {"state": "draft"}),
        ("state: in review", {"state": "review"}),
        ("state: scheduled", {"state": "scheduled"}),
        ("state: published", {"state": "live"}),
        ("state: unpublished", {"state": "unpublished"}),
        ("section", {"section__id__exact": section.pk}),
        ("author", {"author": editor.pk if editor else 0}),
        ("photo awaiting file", {"awaiting_image": "yes"}),
        ("tag", {"tags__id__exact": tag.pk}),
        ("published in a year", {"published_at__year": time.gmtime().tm_year}),
    ]
    from articles.models import Article

    # Page 50 of the list (100 a page), or its last page in a smaller archive.
    page = min(50, max(1, -(-Article.objects.count() // 100)))
    rows = [
        ("admin list, page 1", admin, ADMIN_TARGET_MS),
        (f"admin list, page {page}", f"{admin}?p={page - 1}", ADMIN_TARGET_MS),
    ]
    rows += [(f"admin filter: {n}", f"{admin}?{urlencode(q)}", ADMIN_TARGET_MS) for n, q in filters]
    rows += [
        ("admin search «Токаев»", f"{admin}?{urlencode({'q': 'Токаев'})}", ADMIN_TARGET_MS),
        ("admin search, 2 words", f"{admin}?{urlencode({'q': 'Токаев бюджет'})}", ADMIN_TARGET_MS),
        ("public search, common", f"/search/?{urlencode({'q': COMMON_WORD})}", 150),
        ("public search, rare", f"/search/?{urlencode({'q': RARE_WORD})}", 150),
        ("public search, page 3", f"/search/?{urlencode({'q': COMMON_WORD, 'page': 3})}", 150),
    ]
    return rows


def measure(repeat):
    """Print the median time of each page over ``repeat`` requests (after one warm-up)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from articles.models import Article

    user = get_user_model().objects.filter(username="bench-chief").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-chief", "chief@example.com", "x")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    # This machine is shared: its load says how far to trust the figures.
    print(f"\n{Article.objects.count():,} articles, load average {os.getloadavg()[0]:.1f}")
    print(f"{'page':<36}{'median ms':>10}{'min ms':>9}{'target':>8}{'met':>5}")
    for name, url, target in pages():
        timings = []
        for _ in range(repeat + 1):
            cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        median = statistics.median(timings[1:])
        met = "yes" if median < target else "NO"
        print(f"{name:<36}{median:>10.0f}{min(timings[1:]):>9.0f}{target:>8}{met:>5}", flush=True)
    print("targets: the issue's, at 100,000 articles on PostgreSQL; single requests, no cache")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="bench", choices=["bench", "build", "time"])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="reuse the database of a last run")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    if options.command == "build":  # inside the bench database's environment
        populate(options.articles)
        vary()
        return
    if options.command == "time":
        setup_django()
        measure(max(1, options.repeat))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    database_url = bench_database_url("archive")
    env = environment(database_url, page_cache=False, fragment_cache=False)
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    if not options.keep:
        recreate_database(database_url)
        run(["manage.py", "migrate", "--noinput", "-v0"], env)
        started = time.perf_counter()
        run([__file__, "build", "--articles", str(options.articles)], env)
        print(f"built in {time.perf_counter() - started:.0f} s")
    else:
        run(["manage.py", "migrate", "--noinput", "-v0"], env)
    run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([__file__, "time", "--repeat", str(options.repeat)], env)


if __name__ == "__main__":
    main()
