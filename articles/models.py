"""Articles, the sections they appear in, and what they say about whom."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from media.base import TimestampedModel, unique_slug
from media.models import Photo
from people.models import Organization, Person, Role


class Section(models.Model):
    """A part of the site ("Политика", "Экономика"): each article belongs to at most one."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in menus"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and the publish time has come.

        The one definition of "visible to readers": every public page, list,
        feed and count goes through it. A scheduled article (published with a
        future time) becomes visible by itself when its time comes.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        """What a list of article cards shows, in a fixed number of queries."""
        return self.select_related("section", "lead_photo__credit").order_by("-published_at", "-pk")

    def for_detail(self):
        """Everything the article page shows, in a fixed number of queries."""
        return self.select_related("section", "lead_photo__credit").prefetch_related(
            "authors",
            "tagged_items__tag",
            Prefetch(
                "article_photos",
                queryset=ArticlePhoto.objects.select_related("photo__credit").order_by(
                    "position", "order", "pk"
                ),
            ),
            Prefetch(
                "mentions",
                queryset=Mention.objects.select_related("person", "organization")
                .prefetch_related(
                    "person__variants",
                    Prefetch("person__roles", queryset=Role.objects.select_related("organization")),
                )
                .order_by("order", "pk"),
            ),
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("speaker").order_by("order", "pk"),
            ),
        )


class Article(TimestampedModel):
    """A news story: headline, dek, Markdown body, photos, and who it mentions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Part of the address. Made from the headline when left empty."),
    )
    dek = models.TextField(_("dek"), blank=True, help_text=_("The lede under the headline."))
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Markdown. Put persons' names in **bold**; paragraphs are separated by a blank line."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publish time"), null=True, blank=True, db_index=True)
    # Readers see "updated" only after a material change to a published article,
    # not after every save (updated_at); the workflow sets it.
    content_updated_at = models.DateTimeField(_("updated for readers"), null=True, blank=True)
    corrections = models.TextField(
        _("corrections note"), blank=True, help_text=_("Shown to readers with its date.")
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Optimistic locking: each save increments it; a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("section"),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="bylined_articles",
        verbose_name=_("bylines"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_articles",
        verbose_name=_("created by"),
        editable=False,
    )
    lead_photo = models.ForeignKey(
        Photo,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_of_articles",
        verbose_name=_("lead photo"),
    )
    tags = TaggableManager(_("tags"), blank=True)
    # Who and what the article names; each link is a Mention, which also keeps the role as written.
    persons = models.ManyToManyField(
        Person,
        through="Mention",
        through_fields=("article", "person"),
        related_name="articles",
        blank=True,
        verbose_name=_("persons mentioned"),
    )
    organizations = models.ManyToManyField(
        Organization,
        through="Mention",
        through_fields=("article", "organization"),
        related_name="articles",
        blank=True,
        verbose_name=_("organizations mentioned"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and withdraw articles")),
            ("edit_others_article", _("Can edit articles by other authors")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_publish_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # A slug is made once and then kept: published addresses must not move.
        if not self.slug:
            self.slug = unique_slug(self, self.headline, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_visible_to_readers(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def publish(self, at=None):
        """Publish now, or at ``at`` (a future time schedules it). Keeps an earlier publish time."""
        self.status = self.Status.PUBLISHED
        if at is not None:
            self.published_at = at
        elif self.published_at is None:
            self.published_at = timezone.now()
        self.save()

    def body_blocks(self):
        """The body as rendered, sanitized blocks with photos and quotes in place."""
        from articles.rendering import render_article_body

        return render_article_body(self)


class ArticlePhoto(models.Model):
    """A photo placed inside the body, after a given number of body paragraphs."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="article_photos", verbose_name=_("article")
    )
    photo = models.ForeignKey(
        Photo, on_delete=models.PROTECT, related_name="article_placements", verbose_name=_("photo")
    )
    position = models.PositiveIntegerField(
        _("after paragraph"),
        default=0,
        help_text=_("How many body paragraphs come before the photo (0: before the first)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "order", "pk"]
        verbose_name = _("photo in the body")
        verbose_name_plural = _("photos in the body")
        constraints = [
            models.UniqueConstraint(fields=["article", "photo"], name="unique_article_photo"),
        ]

    def __str__(self):
        return str(self.photo)


class Mention(models.Model):
    """A person or organization named in an article, with the role as written there."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("article")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentions",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentions",
        verbose_name=_("organization"),
    )
    role_text = models.CharField(
        _("role as written"),
        max_length=300,
        blank=True,
        help_text=_("The role as this article gives it, e.g. «премьер-министр Армении»."),
    )
    written_as = models.CharField(
        _("written in the text as"),
        max_length=500,
        blank=True,
        help_text=_(
            "Inflected forms used in the body, separated by «;», e.g. «Касым-Жомарта Токаева»."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organization__isnull=True)
                | Q(person__isnull=True, organization__isnull=False),
                name="mention_names_person_or_organization",
            ),
            models.UniqueConstraint(
                fields=["article", "person"],
                condition=Q(person__isnull=False),
                name="unique_person_mention",
            ),
            models.UniqueConstraint(
                fields=["article", "organization"],
                condition=Q(organization__isnull=False),
                name="unique_organization_mention",
            ),
        ]

    def __str__(self):
        return str(self.person or self.organization)

    @property
    def written_forms(self):
        return [form.strip() for form in self.written_as.split(";") if form.strip()]

    def role_for_display(self):
        """The role as written in the article, else the roles held when it was published."""
        if self.role_text or self.person is None:
            return self.role_text
        when = self.article.published_at or timezone.now()
        return ", ".join(role.title for role in self.person.roles_on(when))


class Quote(models.Model):
    """Words in «…» from an article, with the person who said them."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("article")
    )
    speaker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("speaker"),
    )
    text = models.TextField(
        _("quote"), help_text=_("The quoted words as in the body, without the «» marks.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"«{text}» — {self.speaker}"


class FormerSlug(models.Model):
    """An address an article had before its slug changed; it redirects to the current one."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="former_slugs", verbose_name=_("article")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.slug
