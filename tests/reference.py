"""The reference article (tests/data, the customer's reference document), read from its text and built through the ORM.

This is a test fixture, not the importer: it knows exactly where each part of this
one file is, so the article page can be checked against every part of it.
"""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.models import Article, ArticlePhoto, Mention, Quote
from media.models import Credit, Photo
from people.models import Organization, Person, Role

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "000_75329027fc359d53.txt"

# Who the reference names, in the nominative, with the role the text gives them.
PERSONS = {
    "Касым-Жомарт Токаев": ("президент Казахстана", "Касым-Жомарта Токаева; Касым-Жомарт Токаев"),
    "Никол Пашинян": ("премьер-министр Армении", ""),
    "Александр Лукашенко": ("президент Белоруссии", ""),
    "Владимир Путин": ("президент России", ""),
    "Эмомали Рахмон": ("президент Таджикистана", ""),
    "Акылбек Жапаров": (
        "председатель Кабинета министров и руководитель Администрации президента Киргизии",
        "",
    ),
    "Станислав Зась": ("генеральный секретарь ОДКБ", ""),
}


def reference_parts():
    """The reference file split into its parts: headline, date, dek, photos, paragraphs."""
    text = REFERENCE_FILE.read_text(encoding="utf-8-sig")
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    headline, date_line, dek, *rest = blocks
    photos, paragraphs = [], []
    i = 0
    while i < len(rest):
        if i + 1 < len(rest) and rest[i + 1].startswith("источник фото:"):
            credit = rest[i + 1].removeprefix("источник фото:").strip().rstrip(".")
            photos.append({"caption": rest[i], "credit": credit, "position": len(paragraphs)})
            i += 2
        else:
            paragraphs.append(rest[i])
            i += 1
    published_at = datetime.datetime.strptime(date_line, "%d-%m-%Y, %H:%M.").replace(
        tzinfo=ZoneInfo("Europe/Moscow")
    )
    quote = re.search(r"«(.+?)»", next(p for p in paragraphs if p.startswith("«"))).group(1)
    return {
        "headline": headline,
        "published_at": published_at,
        "dek": dek,
        "photos": photos,
        "paragraphs": paragraphs,
        "quote": quote,
    }


def build_reference_article():
    """Create the reference article, published, with its photos, persons, roles and quote."""
    parts = reference_parts()
    odkb = Organization.objects.create(
        name="Организация Договора о коллективной безопасности",
        short_name="ОДКБ",
        kind=Organization.Kind.INTERGOVERNMENTAL,
    )
    council = Organization.objects.create(
        name="Совет коллективной безопасности",
        kind=Organization.Kind.INTERGOVERNMENTAL,
        parent=odkb,
    )
    credit = Credit.objects.create(name=parts["photos"][0]["credit"])
    photos = [
        Photo.objects.create(caption=photo["caption"], credit=credit) for photo in parts["photos"]
    ]
    article = Article.objects.create(
        headline=parts["headline"],
        dek=parts["dek"],
        body="\n\n".join(parts["paragraphs"]),
        lead_photo=photos[0],
    )
    ArticlePhoto.objects.create(
        article=article, photo=photos[1], position=parts["photos"][1]["position"]
    )
    persons = {}
    for order, (name, (role_text, written_as)) in enumerate(PERSONS.items()):
        person = Person.objects.create(name=name)
        persons[name] = person
        organization = odkb if "ОДКБ" in role_text else None
        Role.objects.create(person=person, title=role_text, organization=organization)
        Mention.objects.create(
            article=article, person=person, role_text=role_text, written_as=written_as, order=order
        )
    persons["Касым-Жомарт Токаев"].photos.add(photos[0])
    Mention.objects.create(article=article, organization=odkb, order=10)
    Mention.objects.create(article=article, organization=council, order=11)
    Quote.objects.create(
        article=article, speaker=persons["Касым-Жомарт Токаев"], text=parts["quote"]
    )
    article.publish(at=parts["published_at"])
    return article
