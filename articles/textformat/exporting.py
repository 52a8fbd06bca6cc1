"""Writing articles back out: the plain-text format staff use, and JSON Lines for machines.

``parsed_from_article`` turns a stored article into the same ``ParsedArticle`` the parser
makes from a file, so that ``to_text(parse_text(to_text(x)))`` round-trips and the
importer can tell an unchanged file by comparing the two texts.
"""

import json
from pathlib import Path

from django.utils import timezone

from articles.models import Article
from articles.paragraphs import line_after, normalize_newlines, split_paragraphs
from articles.textformat.parsing import CREDIT_PREFIX, Paragraph, ParsedArticle, PhotoBlock


def _body_with_photos(body, placements):
    """The format's blocks for the body: its blank-line blocks, each placed photo between them.

    A photo "after paragraph N" stands before the line where paragraph N + 1 begins, as
    ``articles.paragraphs`` counts them (a loose list is one paragraph); where no blank
    line separates that paragraph from the one before, the format gets one there.
    """
    lines = normalize_newlines(body).split("\n")
    paragraphs = split_paragraphs("\n".join(lines))
    cuts = [line_after(paragraphs, placement.position, len(lines)) for placement in placements]
    pieces, chunk, start = [], [], 0
    for number, line in enumerate(lines):
        if chunk and (not line.strip() or number in cuts):
            pieces.append((start, "\n".join(chunk).strip()))
            chunk = []
        if line.strip():
            start = number if not chunk else start
            chunk.append(line)
    if chunk:
        pieces.append((start, "\n".join(chunk).strip()))
    blocks, pending = [], list(zip(cuts, placements, strict=True))
    for start, text in pieces:
        while pending and pending[0][0] <= start:
            blocks.append(_photo_block(pending.pop(0)[1].photo))
        blocks.append(Paragraph(text=text))
    blocks += [_photo_block(placement.photo) for _cut, placement in pending]
    return blocks


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
    parsed.blocks += _body_with_photos(article.body, placements)
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
    photos = [
        {"caption": block.caption, "credit": block.credit, "position": position}
        for position, block in parsed.placed_photos()
    ]
    if parsed.lead_photo is not None:
        lead = parsed.lead_photo
        photos.insert(0, {"caption": lead.caption, "credit": lead.credit, "position": 0})
        if article.lead_photo is not None:
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
