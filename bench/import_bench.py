"""Benchmark: generate N articles in the plain-text format, import them, report speed and memory.

    .venv/bin/python bench/import_bench.py              # 5,000 articles into a fresh SQLite
    .venv/bin/python bench/import_bench.py --count 1000
    DATABASE_URL=postgres://… .venv/bin/python bench/import_bench.py --use-database-url

Not a test: it prints articles per second and the peak resident memory at checkpoints, so
that "memory stays flat as the count grows" can be read off the output. The generated
text is invented: fictional names, roles and places, inflected with pymorphy3 so the
importer has real morphology to undo.
"""

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_NAMES = [
    "Андрей", "Борис", "Виктор", "Григорий", "Денис", "Евгений", "Игорь", "Кирилл", "Леонид",
    "Максим", "Олег", "Павел", "Роман", "Степан", "Тимур", "Фёдор", "Анна", "Вера", "Галина",
    "Дарья", "Елена", "Ирина", "Ксения", "Людмила", "Марина", "Наталья", "Ольга", "Светлана",
]  # fmt: skip
SURNAMES = [
    "Ветров", "Гончаров", "Дроздов", "Жуков", "Зимин", "Калинин", "Лебедев", "Медведев",
    "Некрасов", "Орлов", "Поляков", "Рябов", "Соловьёв", "Тихонов", "Уваров", "Фомин",
    "Харитонов", "Чернов", "Шубин", "Щукин", "Юдин", "Яковлев", "Белов", "Громов",
]  # fmt: skip
TITLES = [
    ("министр", "экономики"), ("губернатор", "области"), ("председатель", "правительства"),
    ("мэр", "города"), ("директор", "департамента"), ("президент", "компании"),
]  # fmt: skip
PLACES = ["Северной", "Южной", "Западной", "Восточной", "Приморской", "Озёрной", "Горной"]
CREDITS = ["пресс-служба правительства", "Северное информационное агентство", "архив редакции"]


def inflect(words, case, morph):
    """Put a nominative phrase into ``case`` with the dictionary (only for generating text)."""
    result = []
    for word in words.split():
        parse = next((p for p in morph.parse(word) if "nomn" in p.tag and "sing" in p.tag), None)
        form = parse.inflect({case}) if parse else None
        text = form.word if form else word.casefold()
        result.append(text[:1].upper() + text[1:] if word[:1].isupper() else text)
    return " ".join(result)


def make_article(number, rng, morph, persons):
    people = rng.sample(persons, 3)
    place = rng.choice(PLACES)
    minute = number % (24 * 60)
    day = 1 + (number // (24 * 60)) % 28
    date_line = f"{day:02d}-{1 + number % 12:02d}-2023, {minute // 60:02d}:{minute % 60:02d}."
    (n0, t0), (n1, t1), (n2, _t2) = people
    title0 = f"{t0[0]} {t0[1]} {place} области"
    title1 = f"{t1[0]} {t1[1]} {place} области"
    paragraphs = [
        f"В {inflect(place + ' области', 'loct', morph).lower().capitalize()} прошло совещание "
        f"№{number}. Его провёл {title0} **{n0}**.",
        f"По словам **{inflect(n0, 'gent', morph)}**, планы на год выполнены. "
        f"Доклад сделал {title1} **{n1}**.",
        f"«Мы справимся с задачей к концу года», – подчеркнул **{n0}**.",
        f"На совещании также выступил **{n2}**.",
    ]
    return (
        "\n\n".join(
            [
                f"Совещание №{number} прошло в {place.lower()} области",
                date_line,
                f"Участники обсудили планы на год, сообщение №{number}.",
                n0,
                f"источник фото: {rng.choice(CREDITS)}.",
                *paragraphs[:2],
                f"Участники совещания №{number}",
                f"источник фото: {rng.choice(CREDITS)}.",
                *paragraphs[2:],
            ]
        )
        + "\n"
    )


def peak_memory_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--checkpoint", type=int, default=1000)
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="Import into DATABASE_URL instead of a fresh SQLite file (it must be migrated).",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the generated files.")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    if not options.use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.textformat.importing import FAILED, import_paths
    from people.names import morph

    if not options.use_database_url:
        call_command("migrate", verbosity=0)

    rng = random.Random(2024)
    persons = []
    for first in FIRST_NAMES:
        for surname in rng.sample(SURNAMES, 6):
            female = first[-1] in "аяь" and first not in {"Игорь"}
            persons.append((f"{first} {surname + 'а' if female else surname}", rng.choice(TITLES)))
    files = workdir / "articles"
    files.mkdir()
    started = time.perf_counter()
    for number in range(options.count):
        text = make_article(number, rng, morph(), [(n, t) for n, t in persons])
        (files / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    generated = time.perf_counter() - started
    print(f"database: {connection.vendor}; generated {options.count} files in {generated:.1f}s")

    failed = 0
    started = time.perf_counter()
    for done, total, result in import_paths([files]):
        failed += result.status == FAILED
        if failed == 1 and result.status == FAILED:
            print("first failure:", result.message)
        if done % options.checkpoint == 0 or done == total:
            elapsed = time.perf_counter() - started
            print(
                f"{done:>6} articles  {elapsed:7.1f}s  {done / elapsed:6.1f} articles/s  "
                f"peak memory {peak_memory_mb():6.1f} MB"
            )
    print(f"failed: {failed}")
    if options.keep:
        print(f"files and database kept in {workdir}")
    else:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
