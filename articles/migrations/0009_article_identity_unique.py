"""One article per headline and publish time: what a re-import of the plain-text format finds.

Two imports running at once could create the same article twice before this. Those
copies are kept (nothing is deleted by a migration): each later copy's publish time is
moved by a few microseconds, invisible to readers (pages and the text format show
minutes), so the constraint holds; the copies are listed so editors can delete them.
The oldest article of each group keeps the identity a re-import finds.
"""

import datetime

from django.db import migrations, models
from django.db.models import Count


def separate_duplicates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    groups = (
        Article.objects.filter(published_at__isnull=False)
        .values("headline", "published_at")
        .annotate(copies=Count("pk"))
        .filter(copies__gt=1)
        .order_by("published_at", "headline")
    )
    for group in groups:
        same = Article.objects.filter(
            headline=group["headline"], published_at=group["published_at"]
        ).order_by("pk")
        first, *copies = same.values_list("pk", flat=True)
        moment = group["published_at"]
        for pk in copies:
            moment += datetime.timedelta(microseconds=1)
            while Article.objects.filter(headline=group["headline"], published_at=moment).exists():
                moment += datetime.timedelta(microseconds=1)
            Article.objects.filter(pk=pk).update(published_at=moment)
            print(
                f"\n  article {pk} duplicates article {first} «{group['headline']}»: "
                "kept, with its publish time moved by microseconds; delete it if it is a copy",
                end="",
            )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0008_tags_safe_slugs_and_quotes"),
    ]

    operations = [
        migrations.RunPython(separate_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("headline", "published_at"), name="unique_article_headline_publish_time"
            ),
        ),
    ]
