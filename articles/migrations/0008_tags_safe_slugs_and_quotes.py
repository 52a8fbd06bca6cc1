"""Repair tags saved before articles/tags.py: an empty slug, or straight quotes in the name."""

from django.db import migrations

from articles.tags import russian_quotes
from media.base import unique_slug


def repair_tags(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    for tag in Tag.objects.filter(name__contains='"'):
        name = russian_quotes(tag.name)
        # Tags are case-insensitive (TAGGIT_CASE_INSENSITIVE): «X» and «x» are one tag.
        same = Tag.objects.filter(name__iexact=name).exclude(pk=tag.pk).first()
        if same is None:
            tag.name = name
            tag.save(update_fields=["name"])
            continue
        for item in TaggedItem.objects.filter(tag=tag):
            if TaggedItem.objects.filter(
                tag=same, content_type_id=item.content_type_id, object_id=item.object_id
            ).exists():
                item.delete()
            else:
                item.tag = same
                item.save(update_fields=["tag"])
        tag.delete()
    for tag in Tag.objects.filter(slug=""):
        tag.slug = unique_slug(tag, tag.name, max_length=100)
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_staff_profile_byline_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(repair_tags, migrations.RunPython.noop)]
