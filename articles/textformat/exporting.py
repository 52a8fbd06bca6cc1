"""Writing articles back out: the plain-text format staff use, and JSON Lines for machines.

``parsed_from_article`` turns a stored article into the same ``ParsedArticle`` the parser
makes from a file, so that ``to_text(parse_text(to_text(x)))`` round-trips and the
importer can tell an unchanged file by comparing the two texts.
"""

import json
import re
from pathlib import Path

from django.utils import timezone

from articles.models import Article
from articles.textformat.parsing import CREDIT_PREFIX, Paragraph, ParsedArticle, PhotoBlock

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def body_paragraphs(body):
    """The Markdown paragraphs of a body, as the format separates them."""
    return [part.strip() for part in PARAGRAPH_BREAK.split(body.strip()) if part.strip()]


def _photo_block(photo):
    # A photo added in the admin may have no caption; the format needs one line.
    caption = " ".join((photo.caption or photo.alt_text or "—").split())
    return PhotoBlock(caption=caption, credit=photo.credit.name)


def parsed_from_article(article):
    """The ``ParsedArticle`` a file for this article would parse into.

    The article's photos must be prefetched or are queried (lead photo with its credit,
    placed photos in order). An article without a publish time uses its creation time.
    """
    when = article.published_at or article.created_at or timezone.now()
    parsed = ParsedArticle(
        source=article.slug,
        headline=article.headline,
        published_at=timezone.localtime(when),
        dek=article.dek,
    )
    if article.lead_photo is not None:
        parsed.blocks.append(_photo_block(article.lead_photo))
    placements = sorted(article.article_photos.all(), key=lambda p: (p.position, p.order, p.pk))
    pending = iter(placements)
    placement = next(pending, None)
    paragraphs = body_paragraphs(article.body)
    for count in range(len(paragraphs) + 1):
        while placement is not None and (placement.position <= count or count == len(paragraphs)):
            parsed.blocks.append(_photo_block(placement.photo))
            placement = next(pending, None)
        if count < len(paragraphs):
            parsed.blocks.append(Paragraph(text=paragraphs[count]))
    return parsed


def format_date_line(when):
    return f"{timezone.localtime(when):%d-%m-%Y, %H:%M}."


def to_text(parsed):
    """The article in the newsroom's plain-text format (UTF-8 text, LF line endings)."""
    parts = [parsed.headline, format_date_line(parsed.published_at)]
    if parsed.dek or parsed.blocks:
        parts.append(parsed.dek)
    for block in parsed.blocks:
        if isinstance(block, PhotoBlock):
            parts.append(block.caption)
            parts.append(f"{CREDIT_PREFIX} {block.credit}.")
        else:
            parts.append(block.text)
    return "\n\n".join(parts) + "\n"


def articles_for_export(queryset=None):
    """Articles with everything an export writes, in a fixed number of queries."""
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.for_detail().order_by("published_at", "pk")


def to_record(article):
    """A JSON-ready dict of the article: its text, photos, persons, organizations, quotes."""
    parsed = parsed_from_article(article)
    photos = []
    count = 0
    for block in parsed.blocks:
        if isinstance(block, Paragraph):
            count += 1
        else:
            photos.append({"caption": block.caption, "credit": block.credit, "position": count})
    if article.lead_photo is not None and photos:
        photos[0]["lead"] = True
    return {
        "slug": article.slug,
        "url": article.get_absolute_url(),
        "headline": article.headline,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "status": article.status,
        "section": article.section.name if article.section else None,
        "dek": article.dek,
        "body": article.body,
        "photos": photos,
        "persons": [
            {
                "name": mention.person.name,
                "role": mention.role_text,
                "written_as": mention.written_forms,
            }
            for mention in article.mentions.all()
            if mention.person is not None
        ],
        "organizations": [
            {
                "name": mention.organization.name,
                "short_name": mention.organization.short_name,
                "parent": mention.organization.parent.name if mention.organization.parent else None,
            }
            for mention in article.mentions.all()
            if mention.organization is not None
        ],
        "quotes": [
            {"text": quote.text, "speaker": quote.speaker.name} for quote in article.quotes.all()
        ],
        "tags": sorted(item.tag.name for item in article.tagged_items.all()),
        "text": to_text(parsed),
    }


def export_text_files(articles, directory):
    """Write one ``<slug>.txt`` per article into ``directory``; returns how many."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for article in articles:
        path = directory / f"{article.slug}.txt"
        path.write_text(to_text(parsed_from_article(article)), encoding="utf-8")
        count += 1
    return count


def export_jsonl(articles, stream):
    """Write one JSON object per line per article to ``stream``; returns how many."""
    count = 0
    for article in articles:
        stream.write(json.dumps(to_record(article), ensure_ascii=False) + "\n")
        count += 1
    return count
