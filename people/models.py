"""Named persons, the organizations they belong to, and the roles they hold over time."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from media.base import TimestampedModel, normalize_name, unique_slug
from media.models import Photo


class Organization(TimestampedModel):
    """A state body, intergovernmental organization, agency or company (ОДКБ)."""

    class Kind(models.TextChoices):
        STATE_BODY = "state_body", _("state body")
        INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organization")
        PRESS_SERVICE = "press_service", _("press service")
        NEWS_AGENCY = "news_agency", _("news agency")
        COMPANY = "company", _("company")
        PARTY = "party", _("political party")
        NGO = "ngo", _("non-governmental organization")
        OTHER = "other", _("other")

    name = models.CharField(_("full name"), max_length=300)
    short_name = models.CharField(
        _("short name or acronym"), max_length=100, blank=True, db_index=True
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        Photo,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logo_of",
        verbose_name=_("logo"),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        permissions = [
            (
                "edit_any_organization",
                _("Can change organizations added by others or named in published articles"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="organization_not_own_parent"
            ),
        ]

    def __str__(self):
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.short_name or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:organization", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name


class PersonQuerySet(models.QuerySet):
    def matching_name(self, name):
        """Persons whose name or a name variant equals ``name``, ignoring case and ё/е."""
        key = normalize_name(name)
        return self.filter(Q(name_key=key) | Q(variants__name_key=key)).distinct()


class Person(TimestampedModel):
    """A named person, their name always in the nominative ("Касым-Жомарт Токаев")."""

    name = models.CharField(_("full name (nominative)"), max_length=200)
    # The name as compared: case-folded, ё as е. Kept in a column so lookups use an index
    # on every database (SQLite's LOWER() and LIKE fold only ASCII).
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    portrait = models.ForeignKey(
        Photo,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portrait_of",
        verbose_name=_("portrait"),
    )
    photos = models.ManyToManyField(
        Photo,
        blank=True,
        related_name="persons_shown",
        verbose_name=_("shown in photos"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        permissions = [
            (
                "edit_any_person",
                _("Can change persons added by others or named in published articles"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_name(self.name)
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person", kwargs={"slug": self.slug})

    def roles_on(self, date):
        """The roles this person held on ``date`` (uses prefetched roles when present)."""
        return [role for role in self.roles.all() if role.held_on(date)]

    @property
    def current_roles(self):
        return self.roles_on(timezone.localdate())


class NameVariant(models.Model):
    """Another spelling or transliteration of a person's name ("Kassym-Jomart Tokayev")."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="variants", verbose_name=_("person")
    )
    name = models.CharField(_("name variant"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        constraints = [
            models.UniqueConstraint(fields=["person", "name_key"], name="unique_name_variant"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_name(self.name)
        super().save(*args, **kwargs)


class RoleQuerySet(models.QuerySet):
    def held_on(self, date):
        """Roles held on ``date``: begun by then (or undated) and not yet ended."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=date),
            Q(end_date__isnull=True) | Q(end_date__gte=date),
        )


class Role(TimestampedModel):
    """A title a person holds, optionally at an organization, for a span of time."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    title = models.CharField(_("title"), max_length=300)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organization"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # An article states a role on its date, which says nothing of when the office was taken:
    # shown as "as of", never as a start, until an editor enters the real dates.
    stated_on = models.DateField(
        _("stated on"),
        null=True,
        blank=True,
        help_text=_("The date of the article the role was read from."),
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        permissions = [
            (
                "edit_any_role",
                _(
                    "Can change roles added by others or of persons and organizations named in published articles"
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="role_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.title}"

    def held_on(self, date):
        if isinstance(date, datetime.datetime):
            date = timezone.localdate(date)
        started = self.start_date is None or self.start_date <= date
        not_ended = self.end_date is None or self.end_date >= date
        return started and not_ended


class StoredPersonPage(models.Model):
    """A person page's own parts as last rendered, so that a reader's request does not
    render them again (people.stored_pages says when they are current)."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_page",
        verbose_name=_("person"),
    )
    # Moves on with every clearing: a rendering begun before it is not stored.
    stamp = models.PositiveIntegerField(default=0)
    # What the parts were rendered from (people.stored_pages.fingerprint); "": cleared.
    fingerprint = models.CharField(max_length=64, blank=True)
    head = models.TextField(blank=True)
    profile = models.TextField(blank=True)

    class Meta:
        verbose_name = _("stored person page")
        verbose_name_plural = _("stored person pages")
        default_permissions = ()  # derived, rendered again by itself: nothing for staff to grant

    def __str__(self):
        return str(self.person_id)
