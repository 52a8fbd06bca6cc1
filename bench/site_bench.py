"""Benchmark of the readers' site: requests per second and latency, with and without caches.

Not a test. It builds a separate database of 10,000 published articles with persons,
photos and tags (bulk_create), serves it with gunicorn (2 workers, production settings)
and loads home, article, person and search pages with wrk on 127.0.0.1, in three modes:
nothing cached, the page cache off (cached fragments on), and the page cache on.

    .venv/bin/python bench/site_bench.py                   # SQLite under var/bench/
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/site_bench.py

With DATABASE_URL it uses (and re-creates) the database named like it plus "_bench", on
the same server; the named database itself is not touched. Options: --articles,
--duration (seconds per page and mode, bounded to 60), --connections, --keep (reuse the
database built by an earlier run), --only PAGE… and --modes none|off|on (a part of the run).
Results go to stdout and var/bench/site_results.json.

Two commands serve bench/side_by_side.py, inside Django on the bench database: ``urls``
prints the pages it compares and every article's address (JSON); ``saver`` saves an article
every 2 s through the ORM until SIGTERM, then prints how many it saved.

The issue's targets were set on another machine, and this one's speed drifts by a third
within a minute. So each page is loaded in --rounds windows (3), taking turns with a
calibration page (bench/calibration.py): a bare view with 8 queries and a 20 kB template,
and, for the page cache, a fixed 20 kB response. Figures are medians over the windows.
Each target is printed scaled to this machine by the calibration measured in turns with
it ("target here"), with whether the run met it. Search is also measured with one
connection, for the p50 latency of a single reader.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench"
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", 8765
WORKERS = 2  # gunicorn workers per server: one per core of the 2-core machine
# A process stores a page in the page cache from its MIN_VIEWS-th view of it (the setting's
# default, given explicitly: side_by_side.py warms the cache by it).
MIN_VIEWS = 2

FIRST_NAMES = "Иван Пётр Сергей Андрей Олег Дмитрий Анна Мария Ирина Елена Ольга Наталья".split()
SURNAMES = (
    "Ершов Соколов Лаптев Воронцов Берёзкин Орлов Чернов Гришин Ковалёв Смирнов Волков "
    "Зайцев Морозов Никитин Фёдоров Белов Комаров Киселёв Макаров Андреев"
).split()
SENTENCES = [
    "Заседание прошло в здании областного правительства.",
    "Участники обсудили бюджет на следующий год и планы строительства.",
    "По словам собеседника, решение примут до конца месяца.",
    "В министерстве пообещали опубликовать подробности позже.",
    "Эксперты считают, что меры помогут снизить расходы.",
    "Жители города обратились с просьбой отремонтировать мост.",
    "На встрече присутствовали депутаты городской думы.",
    "Пресс-служба сообщила, что работы завершатся осенью.",
]


def environment(database_url, page_cache, fragment_cache=True):
    env = dict(os.environ)
    env.update(
        DJANGO_PRODUCTION="1",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS=HOST,
        NEWSROOM_VAR_DIR=str(WORK),
        DJANGO_MEDIA_ROOT=str(WORK / "uploads"),
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DATABASE_URL=database_url,
        NEWSROOM_PAGE_CACHE="1" if page_cache else "0",
        NEWSROOM_FRAGMENT_CACHE="1" if fragment_cache else "0",
        NEWSROOM_PAGE_CACHE_MIN_VIEWS=str(MIN_VIEWS),
        DJANGO_LOG_LEVEL="ERROR",
        # Two workers on local memory, on purpose: the bench measures the code, not Redis.
        NEWSROOM_ALLOW_LOCAL_CACHE="1",
        # No worker: the bench's data is bulk-made (no jobs), and a saver's job runs in process.
        NEWSROOM_JOBS_IN_PROCESS="1",
        # The project's settings plus two calibration pages (bench/calibration.py).
        DJANGO_SETTINGS_MODULE="bench.calibration",
    )
    env.pop("REDIS_URL", None)
    return env


def bench_database_url(suffix="bench"):
    """A database of the benchmark's own: DATABASE_URL's name plus ``_suffix`` on the same
    server, or ``var/bench/<suffix>.sqlite3`` without DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{WORK / f'{suffix}.sqlite3'}"
    base, _slash, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0]}_{suffix}"


def recreate_database(url):
    if url.startswith("sqlite"):
        sqlite_file = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def build(database_url, articles):
    """A new bench database of ``articles`` articles, with its photos and static files."""
    env = environment(database_url, page_cache=False)
    recreate_database(database_url)
    shutil.rmtree(WORK / "uploads", ignore_errors=True)
    run(["manage.py", "migrate", "--noinput", "-v0"], env)
    run([__file__, "populate", "--articles", str(articles)], env)
    run(["manage.py", "collectstatic", "--noinput", "-v0"], env)


def run(args, env):
    subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True)


def populate(count):
    """Fill the (empty) bench database with ``count`` articles; runs inside Django."""
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, ArticlePhoto, Mention, Quote, Section
    from media.factories import generated_jpeg
    from media.models import Credit, Photo
    from people.models import Organization, Person, Role

    rng = random.Random(5)
    media_root = WORK / "uploads" / "photos" / "bench"
    media_root.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(12):
        (media_root / f"photo-{n}.jpg").write_bytes(generated_jpeg(seed=n))
        files.append(f"photos/bench/photo-{n}.jpg")

    sections = Section.objects.bulk_create(
        Section(name=name, slug=f"section-{n}", position=n)
        for n, name in enumerate(["Политика", "Экономика", "Общество", "Наука", "Спорт", "Мир"])
    )
    credits = Credit.objects.bulk_create(Credit(name=f"Фотослужба №{n}") for n in range(5))
    photos = Photo.objects.bulk_create(
        Photo(
            image=files[n % len(files)] if n % 10 else "",  # every tenth awaits its file
            width=1200 if n % 10 else None,
            height=800 if n % 10 else None,
            caption=f"Снимок {n}",
            alt_text=f"Снимок {n}",
            credit=credits[n % len(credits)],
        )
        for n in range(2000)
    )
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Министерство №{n}", short_name=f"М{n}", slug=f"org-{n}")
        for n in range(40)
    )
    names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES][:239]
    names.append("Касым-Жомарт Токаев")
    persons = Person.objects.bulk_create(
        Person(
            name=name,
            name_key=name.casefold().replace("ё", "е"),
            slug=f"person-{n}",
            portrait=photos[n],
        )
        for n, name in enumerate(names)
    )
    Role.objects.bulk_create(
        Role(
            person=person,
            title="министр",
            organization=organizations[n % len(organizations)],
            start_date=datetime.date(2015 + n % 8, 1, 1),
        )
        for n, person in enumerate(persons)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"тема {n}", slug=f"tema-{n}") for n in range(150))
    now = timezone.now()
    articles = []
    for n in range(count):
        mentioned = rng.sample(persons, 3)
        paragraphs = []
        for person in mentioned:
            paragraphs.append(f"**{person.name}** заявил: «{rng.choice(SENTENCES)[:-1]}».")
            paragraphs.append(" ".join(rng.sample(SENTENCES, 3)))
        articles.append(
            Article(
                headline=f"{mentioned[0].name}: {rng.choice(SENTENCES)[:-1]} (№{n})",
                slug=f"novost-{n}",
                dek=rng.choice(SENTENCES),
                body="\n\n".join(paragraphs),
                status=Article.Status.PUBLISHED,
                published_at=now - datetime.timedelta(minutes=n * 50 + 1),
                section=sections[n % len(sections)],
                lead_photo=photos[rng.randrange(len(photos))],
            )
        )
        articles[-1]._mentioned = mentioned
    Article.objects.bulk_create(articles, batch_size=1000)
    article_type = ContentType.objects.get_for_model(Article)
    Mention.objects.bulk_create(
        (
            Mention(article=article, person=person, order=order)
            for article in articles
            for order, person in enumerate(article._mentioned)
        ),
        batch_size=2000,
    )
    Quote.objects.bulk_create(
        (
            Quote(
                article=article,
                speaker=article._mentioned[0],
                text=article.body.split("«")[1].split("»")[0],
            )
            for article in articles[::2]
        ),
        batch_size=2000,
    )
    ArticlePhoto.objects.bulk_create(
        (
            ArticlePhoto(article=article, photo=photos[(article.pk * 7) % len(photos)], position=2)
            for article in articles
        ),
        batch_size=2000,
    )
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(tag=tag, content_type=article_type, object_id=article.pk)
            for article in articles
            for tag in rng.sample(tags, 3)
        ),
        batch_size=2000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh statistics and visibility maps, as autovacuum would give a live site.
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    print(f"populated: {Article.objects.count()} articles, {Person.objects.count()} persons")


def _django():
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()


def measured_urls():
    """Print, as JSON, the pages compared with other sites, picked as the Wagtail peer picks
    its own (the newest article, the busiest tag, the most-mentioned person), and the address
    of every published article (the long tail); runs inside Django."""
    _django()
    from django.db.models import Count
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import Article
    from people.models import Person

    published = Article.objects.published()
    tag = (
        Tag.objects.filter(taggit_taggeditem_items__object_id__in=published.values("pk"))
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "pk")
        .first()
    )
    person = (
        Person.objects.filter(mentions__article__in=published)
        .annotate(uses=Count("mentions"))
        .order_by("-uses", "pk")
        .first()
    )
    section = published.first().section
    print(
        json.dumps(
            {
                "article": published.first().get_absolute_url(),
                "tag": reverse("articles:tag", kwargs={"slug": tag.slug}),
                "section": reverse("articles:section", kwargs={"slug": section.slug}),
                "person": person.get_absolute_url(),
                "articles": [article.get_absolute_url() for article in published.only("slug")],
            }
        )
    )


def saver(interval):
    """Save one of the newest articles every ``interval`` seconds through the ORM, as an
    editor's save in the admin does (so the signals that invalidate caches fire), until
    SIGTERM; then print how many saves were made. Runs inside Django."""
    _django()
    from articles.models import Article
    from articles.workflow import ArticleChangedError

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    rng = random.Random()
    newest = list(Article.objects.published().values_list("pk", flat=True)[:50])
    saves, started = 0, time.monotonic()
    while not stop:
        article = Article.objects.get(pk=rng.choice(newest))
        # A small material change of the dek, the same size each time.
        article.dek = re.sub(r" \(правка \d+\)$", "", article.dek) + f" (правка {saves % 10})"
        try:
            article.save()
        except ArticleChangedError:
            continue  # saved meanwhile by its own job (its stored body): read it again
        saves += 1
        if saves == 1:
            print("saving", flush=True)  # the caller waits for this line
        next_save = started + saves * interval
        while not stop and time.monotonic() < next_save:
            time.sleep(0.05)
    print(json.dumps({"saves": saves, "seconds": round(time.monotonic() - started, 1)}))


def pages():
    """The URLs measured: a typical article, the most-mentioned person, a name search."""
    return {
        "home": "/",
        "article": "/news/novost-3/",
        "person": "/persons/person-239/",
        "search": "/search/?q=%D0%A2%D0%BE%D0%BA%D0%B0%D0%B5%D0%B2%D0%B0",  # «Токаева»
    }


# Measured once, with nothing cached: what this machine serves with the bare minimum.
CALIBRATION = {"bare view": "/bench/bare/", "fixed 20 kB": "/bench/fixed/"}


def start_server(env, port=PORT, app="newsroom.wsgi", cwd=ROOT, gunicorn=None, ready="/robots.txt"):
    """A gunicorn with ``WORKERS`` workers on ``port`` serving ``app`` (the site unless told
    otherwise), once it answers ``ready``. Its output goes to var/bench/gunicorn-<port>.log."""
    log = open(WORK / f"gunicorn-{port}.log", "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            gunicorn or str(Path(PYTHON).parent / "gunicorn"),
            app,
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=log,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}{ready}", timeout=5)
            return process
        except urllib.error.HTTPError:
            return process  # it answers, if not with 200: the measured pages will say
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn ({app} on port {port}) did not start; see {log.name}")


def stop_server(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wrk(url, duration, connections, threads=1, script=None, timeout=10):
    """One wrk window on ``url``; ``script`` is a Lua file choosing each request's path.
    A response slower than ``timeout`` seconds is not counted (an error)."""
    command = ["/usr/bin/wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s"]
    if script:
        command += ["-s", str(script)]
    # wrk's default 2 s timeout would drop slow responses (and not count them).
    command += ["--timeout", f"{timeout}s", "--latency", url]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + timeout + 30, check=True
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    failed = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result
    )
    row = {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1)),
        "p50_ms": _milliseconds(re.search(r"50%\s+([\d.]+\w+)", result).group(1)),
        "p99_ms": _milliseconds(re.search(r"99%\s+([\d.]+\w+)", result).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in failed.groups()) if failed else 0),
        "requests": int(re.search(r"(\d+) requests in", result).group(1)),
    }
    # A script that walks a list once says how long that took: its rate, not the window's.
    once = re.search(r"first pass: (\d+) responses in ([\d.]+) s", result)
    if once:
        row["requests"] = int(once.group(1))
        row["requests_per_second"] = int(once.group(1)) / max(float(once.group(2)), 1e-6)
    return row


def _milliseconds(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command", nargs="?", default="bench", choices=["bench", "populate", "urls", "saver"]
    )
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="reuse the database of a last run")
    parser.add_argument("--only", nargs="*", help="measure only these pages (default: all)")
    parser.add_argument("--modes", nargs="*", help="only these modes: none, off, on")
    parser.add_argument("--rounds", type=int, default=3, help="windows per page (interleaved)")
    options = parser.parse_args()
    if options.command == "populate":
        populate(options.articles)
        return
    if options.command == "urls":
        measured_urls()
        return
    if options.command == "saver":
        saver(interval=2.0)
        return
    duration = max(1, min(options.duration, 60))
    WORK.mkdir(parents=True, exist_ok=True)
    database_url = bench_database_url()
    env = environment(database_url, page_cache=False)
    if not options.keep:
        build(database_url, options.articles)
    else:
        run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    results = {"database": database_url.split("://")[0], "articles": options.articles}
    modes = (
        # Nothing cached: every request renders everything from the database.
        ("none", "no caches", False, False),
        # The page cache off; cached fragments (rendered article, lists, counts) on.
        ("off", "cache off", False, True),
        ("on", "cache on", True, True),
    )
    all_bare_rows = []
    window = max(2, duration // options.rounds)
    for short, mode, page_cache, fragment_cache in modes:
        if options.modes and short not in options.modes:
            continue
        measured = dict(pages())
        if options.only:
            measured = {name: path for name, path in measured.items() if name in options.only}
        if short == "none":
            measured["fixed 20 kB"] = CALIBRATION["fixed 20 kB"]
        server = start_server(environment(database_url, page_cache, fragment_cache))
        try:
            for name, path in measured.items():
                url = f"http://{HOST}:{PORT}{path}"
                # With the page cache on, the bare view would be a cache hit: the cached
                # modes are read against the fixed response measured with nothing cached.
                alongside = (
                    None if short == "on" else f"http://{HOST}:{PORT}{CALIBRATION['bare view']}"
                )
                page_rows, bare_rows = interleaved(
                    url, alongside, window, options.rounds, options.connections
                )
                results[f"{mode}: {name}"] = row = summary(page_rows)
                if bare_rows:
                    row["bare_view_alongside"] = summary(bare_rows)["requests_per_second"]
                    all_bare_rows.extend(bare_rows)
                if name == "search" and short != "on":
                    # The latency target is for one reader at a time, not a queue.
                    results[f"{mode}: search, 1 conn."] = wrk(url, duration, 1)
        finally:
            stop_server(server)
    if all_bare_rows:
        results["bare view (all windows)"] = summary(all_bare_rows)
    report(results)
    (WORK / "site_results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


def interleaved(url, calibration_url, window, rounds, connections):
    """wrk results of ``url`` in ``rounds`` windows of ``window`` seconds, each followed by
    one on the calibration page: this machine's speed drifts by a third within a minute, so
    a page and its yardstick are measured in turns."""
    for address in filter(None, (url, calibration_url)):
        for _ in range(3):  # warm up: renditions, fragments, connections
            urllib.request.urlopen(address, timeout=30).read()
    page, calibration = [], []
    for _ in range(rounds):
        page.append(wrk(url, window, connections))
        if calibration_url:
            calibration.append(wrk(calibration_url, window, connections))
    return page, calibration


def summary(rows):
    """The median of each figure over the windows, and the windows' rates."""
    medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    return {**medians, "windows": [row["requests_per_second"] for row in rows]}


# The targets (requests/s on a 2-core machine) and the machine they were set on:
# there, the bare view served about 1,400 requests/s and the fixed response about 5,000.
TARGETS = {"article": 500, "home": 300, "person": 300, "search": 300}
CACHED_TARGET = 2500
REFERENCE = {"bare view": 1400, "fixed 20 kB": 5000}


def scaled_target(results, mode, page):
    """The issue's target for this page and mode, scaled to this machine: targets with the
    page cache off scale with the bare view measured in turns with the page (the same kind
    of work), the page cache's target with the fixed response."""
    row = results.get(f"{mode}: {page}", {})
    if mode == "cache on":
        fixed = results.get("no caches: fixed 20 kB")
        if fixed is None:
            return None
        return CACHED_TARGET * fixed["requests_per_second"] / REFERENCE["fixed 20 kB"]
    if page not in TARGETS or "bare_view_alongside" not in row:
        return None
    return TARGETS[page] * row["bare_view_alongside"] / REFERENCE["bare view"]


def report(results):
    print(
        f"\n{'page':<28}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'target here':>13}{'met':>5}"
    )
    for key, value in results.items():
        if not isinstance(value, dict):
            continue
        mode, _colon, page = key.partition(": ")
        target = scaled_target(results, mode, page)
        verdict = (
            "" if target is None else ("yes" if value["requests_per_second"] >= target else "NO")
        )
        print(
            f"{key:<28}{value['requests_per_second']:>8.0f}{value['p50_ms']:>9.2f}"
            f"{value['p99_ms']:>9.2f}{value['errors']:>8}"
            f"{'' if target is None else f'{target:.0f}':>13}{verdict:>5}"
        )
    print(
        "target here: the issue's target x this run's calibration page / its figure on the"
        f" issue's machine ({REFERENCE['bare view']:,} req/s bare view,"
        f" {REFERENCE['fixed 20 kB']:,} fixed)"
    )


if __name__ == "__main__":
    main()
