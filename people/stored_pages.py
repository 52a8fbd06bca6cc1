"""A person page's own parts, rendered once and kept in the database.

A person's page is their JSON-LD (``head``) and their profile (portrait, name, roles held
today and before, bio), then what changes with articles (photos, quotes, the list of
articles) and the site's frame. The first two depend on the person and a few rows around
them; they are rendered on a reader's first request and stored (``StoredPersonPage``), and
later requests read them with the person, in the same query, instead of reading the roles,
organizations and name variants and rendering them. No cache is involved: this holds with
the page cache and fragments off. The design is the article page's
(articles/stored_pages.py).

A stored rendering is used only while its fingerprint matches: the person's fields it
shows, today's date (which roles are held today), the address it was rendered for (the
JSON-LD's absolute addresses), the language and time zone, where photos are stored and
served from, and the code and templates that render it. What else the parts show changes
without the person's row; ``SHOWN_IN_PROFILES`` lists those rows, and saving or deleting
one clears the pages showing it, in the same transaction (``clear``).

A clearing moves the page's ``stamp`` on; a rendering is stored only if the stamp read
with the person is still the stamp, so one racing a change is never kept (a first
rendering makes the row, stamp 0, and is stored by the next request).
"""

import hashlib
from functools import lru_cache

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.safestring import mark_safe

from media.models import Credit, Photo
from newsroom import rendered
from newsroom.origin import site_origin
from people.models import NameVariant, Organization, Person, Role, StoredPersonPage

# What renders the stored parts: a change to any of these files makes every stored page
# out of date (their contents are in the fingerprint).
TEMPLATES = ("people/person_head.html", "people/person_profile.html")
MODULES = (
    "people.views",
    "people.models",
    "media.figures",
    "media.renditions",
    "media.templatetags.photos",
    # The template filters the profile and JSON-LD use ({% load public %}): named, not
    # imported, as a template names them.
    "articles.templatetags.public",
    "newsroom.typography",
    "newsroom.origin",
)

# The person's own fields the parts show.
SHOWN_FIELDS = ("name", "slug", "bio", "portrait_id", "updated_at")


@lru_cache(maxsize=1)
def code_fingerprint():
    """A digest of the templates, modules and translations that render the stored parts."""
    return rendered.code_digest(TEMPLATES, MODULES)


def fingerprint(person, request, today):
    """What a stored rendering of ``person``'s parts for ``request`` must have been
    rendered from."""
    parts = [str(getattr(person, name)) for name in SHOWN_FIELDS]
    parts += [
        today.isoformat(),  # which roles are held today
        site_origin(request),  # the JSON-LD's absolute addresses
        *rendered.environment(),
        code_fingerprint(),
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def person_parts(person, request, today, render):
    """{"head": …, "profile": …}: ``person``'s stored parts if current, else those of
    ``render()``, stored for the next reader when the stamp read with the person allows.
    ``person`` comes from ``with_stored_page()``."""
    stored = _stored_page(person)
    current = fingerprint(person, request, today)
    if stored is not None and stored.fingerprint == current:
        # Rendered by the template above and the json_ld filter (escaped), as stored.
        return {"head": mark_safe(stored.head), "profile": mark_safe(stored.profile)}  # noqa: S308
    parts = render()
    if stored is None:
        # A row to hold the stamp: this rendering read the rows it shows before the row
        # existed, so it is not kept; the next reader's is.
        StoredPersonPage.objects.bulk_create(
            [StoredPersonPage(person_id=person.pk)], ignore_conflicts=True
        )
    else:
        StoredPersonPage.objects.filter(pk=person.pk, stamp=stored.stamp).update(
            fingerprint=current, head=str(parts["head"]), profile=str(parts["profile"])
        )
    return parts


def with_stored_page(persons):
    """``persons`` (a queryset) read with their stored pages, in the same query."""
    return persons.select_related("stored_page")


def _stored_page(person):
    try:
        return person.stored_page
    except ObjectDoesNotExist:
        return None


def clear(persons, using=None):
    """Forget the stored pages of ``persons`` (a queryset of Person) and move their stamps
    on, so that no rendering begun before is stored."""
    pages = StoredPersonPage.objects.using(using or persons.db).filter(person__in=persons)
    pages.update(stamp=F("stamp") + 1, fingerprint="", head="", profile="")


# What else the stored parts show: each model whose rows a profile shows, and the persons
# a row of it is shown for.
SHOWN_IN_PROFILES = {
    Person: lambda person: Q(pk=person.pk),
    Role: lambda role: Q(pk=role.person_id),
    NameVariant: lambda variant: Q(pk=variant.person_id),
    Organization: lambda organization: Q(roles__organization_id=organization.pk),
    Photo: lambda photo: Q(portrait_id=photo.pk),
    Credit: lambda credit: Q(portrait__credit_id=credit.pk),
}


def _clear_showing(sender, instance, using=None, raw=False, **kwargs):
    if not raw:
        clear(Person.objects.filter(SHOWN_IN_PROFILES[sender](instance)), using)


def _clear_former_person(sender, instance, using=None, raw=False, **kwargs):
    """A role or name variant moved to another person leaves the first one's page."""
    if raw or instance.pk is None:
        return
    former = sender._default_manager.using(using).filter(pk=instance.pk).values("person_id")
    clear(Person.objects.filter(pk__in=former), using)


def connect():
    """Connect the clearings (PeopleConfig.ready)."""
    for model in SHOWN_IN_PROFILES:
        uid = f"people_stored_pages_{model._meta.label_lower}"
        post_save.connect(_clear_showing, sender=model, dispatch_uid=f"{uid}_saved")
        # Before the delete: deleting a photo or organization empties the references first.
        pre_delete.connect(_clear_showing, sender=model, dispatch_uid=f"{uid}_deleting")
        post_delete.connect(_clear_showing, sender=model, dispatch_uid=f"{uid}_deleted")
    for model in (Role, NameVariant):
        pre_save.connect(
            _clear_former_person,
            sender=model,
            dispatch_uid=f"people_stored_pages_{model._meta.label_lower}_moving",
        )
