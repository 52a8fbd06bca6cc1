"""What a tag's name and slug may be, whoever saves it (admin, taggit, code).

Two names break things as taggit stores them:

* a name without a letter or digit ("!!!") slugifies to "", and a page linking to
  the tag cannot build its address; such a tag gets a transliterated or generic slug;
* a name with a straight double quote cannot be written in the admin's tag field
  (taggit's format quotes with it and has no escape), so every save split it into
  several tags; straight quotes become «ёлочки», as Russian text has them anyway.
"""

import re

from media.base import unique_slug

_OPENING_QUOTE = re.compile(r'(^|[\s(\[«])"')


def russian_quotes(name):
    """``name`` with straight double quotes as «»: opening at a word's start, else closing."""
    return _OPENING_QUOTE.sub(r"\1«", name).replace('"', "»")


def fallback_slug(tag):
    """A slug for a tag whose name taggit's slugify turns into nothing, unique among tags."""
    return unique_slug(tag, tag.name, max_length=100)


def prepare_tag(sender, instance, raw=False, **kwargs):
    """pre_save of taggit's Tag: a writable name and a usable slug."""
    if raw:
        return
    instance.name = russian_quotes(instance.name)
    if not instance.slug:
        instance.slug = fallback_slug(instance)
