"""Building blocks shared by every app.

``media`` is the lowest app in the dependency chain (articles → people → media),
so what all three need lives here and can be imported without cycles.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from slugify import slugify


class TimestampedModel(models.Model):
    """Adds when a row was created and last changed, and who created it.

    ``created_by`` is set by the admin (``media.admin_tools.RecordsCreatorMixin``);
    rows made by scripts, the importer or the demo content have none.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_%(class)ss",
        verbose_name=_("created by"),
        editable=False,
    )

    class Meta:
        abstract = True


def transliterated_slug(text, max_length=80):
    """A readable ASCII slug for Russian text: "Никол Пашинян" → "nikol-pashinian"."""
    return slugify(text, max_length=max_length, word_boundary=True, save_order=True) or "item"


def unique_slug(instance, text, field="slug", max_length=80):
    """A transliterated slug for ``text`` that no other row of the model uses yet.

    A numeric suffix (-2, -3, …) tells apart rows whose text transliterates alike.
    """
    base = transliterated_slug(text, max_length=max_length - 6)
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    # The common case, a free slug, costs one indexed lookup; only a taken one needs the
    # prefix scan (a LIKE that SQLite cannot serve from the index).
    if not others.filter(**{field: base}).exists():
        return base
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def fold(text):
    """Text as compared everywhere (names, search, admin): lower case, Cyrillic too, ё as е.

    Character for character, so offsets in the folded text are offsets in the original.
    """
    # İ is the one letter whose lower case is two characters.
    return (text or "").replace("\u0130", "I").lower().replace("ё", "е")


def normalize_name(text):
    """The form names are compared in: folded, single spaces."""
    return " ".join(fold(text).split())
