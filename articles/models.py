"""Articles, the sections they appear in, and what they say about whom."""

import reversion
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Count, F, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles import workflow
from articles.bylines import authors_prefetch, byline_name
from media.base import TimestampedModel, unique_slug
from media.models import Photo
from people.models import Organization, Person


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


def detail_prefetches(body_rendered=False):
    """The related rows the article page renders, for ``prefetch_related(_objects)``.

    With ``body_rendered`` (the article holds a current rendering of its body and of whom
    it names, articles.rendering), without what only that rendering reads.
    """
    prefetches = [
        authors_prefetch(),
        "tags",
        Prefetch(
            "article_photos",
            queryset=ArticlePhoto.objects.select_related("photo__credit").order_by(
                "position", "order", "pk"
            ),
        ),
    ]
    return prefetches if body_rendered else [*prefetches, *body_prefetches()]


def body_prefetches():
    """What rendering the body reads (articles.rendering): quotes, and the mentions with
    their persons' name variants and roles."""
    return [
        Prefetch("quotes", queryset=Quote.objects.order_by("order", "pk")),
        Prefetch(
            "mentions",
            queryset=Mention.objects.select_related("person", "organization")
            .prefetch_related("person__variants", "person__roles")
            .order_by("order", "pk"),
        ),
    ]


# What article cards and feed entries read (ArticleQuerySet.for_cards).
CARD_FIELDS = (
    "headline",
    "slug",
    "dek",
    "published_at",
    "content_updated_at",
    "version",  # a cached page keeps the versions it shows (articles.caching)
    "section",
    "lead_photo",
    *(f"lead_photo__{name}" for name in ("image", "width", "height", "alt_text", "caption")),
    "lead_photo__renditions",
)
SECTION_CARD_FIELDS = ("section__name", "section__slug")
# An article's own columns a card shows (without its section's and lead photo's).
LIST_FIELDS = tuple(field for field in CARD_FIELDS if "__" not in field)
# A card's stored parts, read with it by list pages (articles.stored_cards): as
# annotations ``stored_<name>``, not a StoredPage object per article.
STORED_CARD_FIELDS = ("stamp", "card", "card_stamp", "card_fingerprint")
# How many of the newest articles sharing a person or tag are ranked for "related".
RELATED_CANDIDATES = 100


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, and the publish time has come (by ``at``,
        now when not given).

        The one definition of "visible to readers": every public page, list,
        feed and count goes through it. A scheduled article (published with a
        future time) becomes visible by itself when its time comes.
        """
        at = timezone.now() if at is None else at
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=at)

    def scheduled(self):
        """Published with a publish time still to come: each goes live by itself then."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def published_or_scheduled(self):
        """What readers see now or will see by itself when its time comes."""
        return self.filter(status=Article.Status.PUBLISHED)

    def going_live_in_turn(self):
        """These still scheduled, in the order they go live by themselves."""
        return self.scheduled().order_by("published_at", "pk")

    def next_going_live(self):
        """When the first of these still scheduled goes live by itself (None: none is)."""
        return self.going_live_in_turn().values_list("published_at", flat=True).first()

    def for_listing(self):
        """What a list of article cards shows, newest first, in one query."""
        return self.for_cards(*SECTION_CARD_FIELDS).order_by("-published_at", "-pk")

    def for_card_list(self, joined=False):
        """A list of cards, newest first, each with its stored card parts
        (articles.stored_cards): the cards are put together from them instead of rendered.
        Only the article's own columns are read (its section and lead photo only for the
        cards not stored, in one more query), or with ``joined`` those of ``for_listing``
        (a list whose page makes more queries: no more for the cards)."""
        articles = self.for_listing() if joined else self.only(*LIST_FIELDS)
        return articles.with_stored_cards().order_by("-published_at", "-pk")

    def with_stored_count(self, key, request=None):
        """These articles, whose ``count()`` (a paginator's) is kept in the database while
        the list generation stays (articles.stored_fragments), under ``key``: a list whose
        matches depend on its address alone (not search's) gives that address."""
        articles = self._chain()
        articles._stored_count = (key, request)
        return articles

    def count(self):
        # Only the queryset with_stored_count() returned is counted from storage: _chain()
        # does not copy _stored_count, so a filtered or sliced clone counts for itself.
        stored = getattr(self, "_stored_count", None)
        if stored is None or self._result_cache is not None:
            return super().count()
        from articles.stored_fragments import stored_fragment  # it reads this module

        key, request = stored
        return stored_fragment("count", [key], super().count, request, using=self.db)

    def with_stored_cards(self):
        """These articles with their stored card parts (``STORED_CARD_FIELDS``): each gets
        its card's parts, stored or rendered, when the list is read
        (articles.stored_cards.prepare)."""
        from articles.stored_cards import StoredCardIterable

        articles = self.annotate(
            **{f"stored_{name}": F(f"stored_page__{name}") for name in STORED_CARD_FIELDS}
        )
        articles._iterable_class = StoredCardIterable
        return articles

    def for_cards(self, *more):
        """Only the columns a card (or a feed entry) reads, with the lead photo's: a list
        reads no body, and no photo credit (a thumbnail shows none). Fewer columns and
        joins are what a list's query costs to build, plan and read."""
        return self.only(*CARD_FIELDS, *more).select_related(
            *{field.partition("__")[0] for field in (*CARD_FIELDS, *more) if "__" in field}
        )

    def for_detail(self):
        """Everything the article page shows, in a fixed number of queries."""
        return self.for_page().prefetch_related(*detail_prefetches())

    def for_page(self):
        """The article row the page needs before its body (prefetch the rest when rendering)."""
        return self.select_related("section", "lead_photo__credit")

    def most_used_tags(self, limit):
        """The ``limit`` tags these articles carry most often, most used first, then by name.

        One query however many tags there are (the admin's tag filter lists these).
        """
        from taggit.models import Tag

        tagged = "taggit_taggeditem_items"
        conditions = {
            f"{tagged}__content_type__app_label": "articles",
            f"{tagged}__content_type__model": "article",
        }
        if self.query.has_filters():
            # Joined to the articles only when they are a selection: with all of them,
            # the join doubled the time (0.5 s at 100,000 articles on PostgreSQL).
            conditions[f"{tagged}__object_id__in"] = self.values("pk")
        # One filter() call: the count then counts the rows it selects.
        tags = Tag.objects.filter(**conditions).annotate(uses=Count(tagged))
        return tags.order_by("-uses", "name")[:limit]

    def search(self, query):
        """Articles matching a reader's query, best first (see articles/search.py)."""
        from articles.search import search

        return search(self, query)

    def related_to(self, article, person_ids, tag_ids, limit=5):
        """Other articles sharing the most persons and tags with ``article``, newest first
        (their headline, address, date and lead photo for a thumbnail), as a list.

        ``person_ids`` and ``tag_ids`` are whom it names and its tags (the article page has
        them stored with its parts, articles.stored_pages).
        Only the newest RELATED_CANDIDATES sharing anything are ranked, so a person in
        thousands of articles stays cheap. One query, written in SQL: built with the ORM
        it cost a third of the article page's time. The candidates carry the columns shown
        and only the few shown are joined to their photos (joining whole tables for them
        made PostgreSQL scan them). Which articles may be shown still
        comes from this queryset (``published()``), as a subquery.
        """
        person_ids, tag_ids = sorted(person_ids), sorted(tag_ids)
        if not person_ids and not tag_ids:
            return []
        visible_sql, visible_params = self.order_by().values("pk").query.sql_with_params()
        tables = {
            "article": self.model._meta.db_table,
            "mention": Mention._meta.db_table,
            "tagged": self.model.tags.through._meta.db_table,
            "photo": Photo._meta.db_table,
        }
        content_type = ContentType.objects.get_for_model(self.model).pk
        persons = ", ".join(["%s"] * len(person_ids)) or "NULL"
        tags = ", ".join(["%s"] * len(tag_ids)) or "NULL"
        mentions_of = f"SELECT article_id FROM {tables['mention']} WHERE person_id IN ({persons})"
        tagged_with = (
            f"SELECT object_id FROM {tables['tagged']}"
            f" WHERE content_type_id = %s AND tag_id IN ({tags})"
        )
        sql = f"""
            WITH candidate AS (
                SELECT a.id, a.headline, a.slug, a.published_at, a.lead_photo_id, a.version
                FROM {tables["article"]} a
                WHERE a.id IN ({visible_sql}) AND a.id <> %s
                  AND (a.id IN ({mentions_of}) OR a.id IN ({tagged_with}))
                ORDER BY a.published_at DESC, a.id DESC
                LIMIT %s
            )
            , ranked AS (
                SELECT c.*,
                    (SELECT COUNT(*) FROM {tables["mention"]} m
                     WHERE m.article_id = c.id AND m.person_id IN ({persons}))
                  + (SELECT COUNT(*) FROM {tables["tagged"]} t
                     WHERE t.object_id = c.id AND t.content_type_id = %s AND t.tag_id IN ({tags}))
                    AS shared
                FROM candidate c
                ORDER BY shared DESC, c.published_at DESC, c.id DESC
                LIMIT %s
            )
            SELECT r.id, r.headline, r.slug, r.published_at, r.lead_photo_id, r.version,
                p.image AS photo_image, p.width AS photo_width, p.height AS photo_height,
                p.alt_text AS photo_alt_text, p.caption AS photo_caption,
                p.renditions AS photo_renditions
            FROM ranked r LEFT JOIN {tables["photo"]} p ON p.id = r.lead_photo_id
            ORDER BY r.shared DESC, r.published_at DESC, r.id DESC
        """  # noqa: S608 - only table names and placeholders are formatted in
        params = [
            *visible_params,
            article.pk,
            *person_ids,
            content_type,
            *tag_ids,
            RELATED_CANDIDATES,
            *person_ids,
            content_type,
            *tag_ids,
            limit,
        ]
        related = list(self.model.objects.raw(sql, params))
        renditions = Photo._meta.get_field("renditions")
        for item in related:  # their thumbnails, from the same query
            if item.lead_photo_id:
                item.lead_photo = Photo(
                    pk=item.lead_photo_id,
                    image=item.photo_image,
                    width=item.photo_width,
                    height=item.photo_height,
                    alt_text=item.photo_alt_text,
                    caption=item.photo_caption,
                    renditions=renditions.from_db_value(
                        item.photo_renditions, None, connections[self.db]
                    ),
                )
        return related

    def latest_per_section(self, per_section=3):
        """[(section, [article, …]), …]: each section's newest articles, in menu order.

        Two queries, each reading only the rows it returns: the sections with the ids of
        their newest articles (one probe of the ``article_section_newest`` index per
        section and place), then those articles with their stored cards (a third for the
        cards not stored). The per-place subquery is built once and repeated with its
        OFFSET: built with the ORM per place, it cost more than both queries take to run.
        """
        outer = connections[self.db].ops.quote_name
        section_id = RawSQL(f"{outer(Section._meta.db_table)}.{outer('id')}", [])
        newest = self.filter(section_id=section_id).order_by("-published_at", "-pk").values("pk")
        sql, params = newest.query.get_compiler(self.db).as_sql()
        places = [f"newest_{n}" for n in range(per_section)]
        sections = Section.objects.annotate(
            **{
                place: RawSQL(
                    f"{sql} LIMIT 1 OFFSET {n}", params, output_field=models.BigIntegerField()
                )
                for n, place in enumerate(places)
            }
        )
        ids = {section: [getattr(section, place) for place in places] for section in sections}
        wanted = [pk for row in ids.values() for pk in row if pk]
        found = self.filter(pk__in=wanted).for_card_list().in_bulk()
        blocks = []
        for section, row in ids.items():
            articles = [found[pk] for pk in row if pk in found]
            for article in articles:
                article.section = section
            if articles:
                blocks.append((section, articles))
        return blocks


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
    # The body's text as readers see it, kept by articles.rendering (not edited, not shown
    # to editors): {"fingerprint": of the body it was rendered from, "blocks": [...]}.
    rendered_body = models.JSONField(_("rendered body"), default=dict, blank=True, editable=False)
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
        # Drafts (no publish time yet) first, as PostgreSQL sorts a descending NULL by
        # default; said outright so SQLite, which sorts it last, lists them the same way.
        ordering = [F("published_at").desc(nulls_first=True), "-created_at"]
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
            # What identifies an article in the plain-text format (a re-import finds it by
            # this): one article per headline and publish time, even with imports at once.
            models.UniqueConstraint(
                fields=["headline", "published_at"], name="unique_article_headline_publish_time"
            ),
        ]
        # Readers' lists run newest first over published articles only: these keep each
        # list (and each section's newest few on the home page) an index scan.
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="article_published_newest",
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=Q(status="published"),
                name="article_section_newest",
            ),
            # The admin's change list, in this model's ordering: all of it, and by state.
            models.Index(fields=["-published_at", "-created_at", "-id"], name="article_desk_order"),
            models.Index(
                fields=["status", "-published_at", "-created_at", "-id"],
                name="article_desk_state_order",
            ),
        ]

    def __str__(self):
        return self.headline

    # What readers would notice: changing one of these on a live article is an update.
    MATERIAL_FIELDS = ("headline", "dek", "body", "lead_photo_id")
    # Owned by the workflow: only the state changes below set them; a revert keeps them
    # (articles.workflow.keep_workflow_state).
    WORKFLOW_FIELDS = ("status", "published_at", "withdrawn_reason")

    def save(self, *args, **kwargs):
        """Save, refusing a stale copy (optimistic locking) and keeping the reader-facing dates.

        Each save of an existing article increments ``version``; saving a copy whose
        ``version`` is no longer the stored one raises ``workflow.ArticleChangedError``
        instead of silently overwriting someone else's save. A material change to a live
        article sets ``content_updated_at``; filling in the corrections note sets
        ``corrected_at``.
        """
        # A slug is made once and then kept: published addresses must not move.
        if not self.slug:
            self.slug = unique_slug(self, self.headline, max_length=120)
        if self.pk is None or self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic(using=kwargs.get("using")):
            stored = (
                type(self)
                ._default_manager.select_for_update()
                .filter(pk=self.pk)
                .values("version", "status", "published_at", "corrections", *self.MATERIAL_FIELDS)
                .first()
            )
            if stored is not None:
                self._apply_stored(stored, kwargs)
            super().save(*args, **kwargs)

    def _apply_stored(self, stored, save_kwargs):
        if stored["version"] != self.version:
            raise workflow.ArticleChangedError(self, stored["version"])
        now = timezone.now()
        changed = ["version"]
        self.version = stored["version"] + 1
        was_live = (
            stored["status"] == self.Status.PUBLISHED
            and stored["published_at"] is not None
            and stored["published_at"] <= now
        )
        if was_live and any(getattr(self, name) != stored[name] for name in self.MATERIAL_FIELDS):
            self.content_updated_at = now
            changed.append("content_updated_at")
        if self.corrections.strip() != (stored["corrections"] or "").strip():
            self.corrected_at = now if self.corrections.strip() else None
            changed.append("corrected_at")
        if save_kwargs.get("update_fields") is not None:
            save_kwargs["update_fields"] = {*save_kwargs["update_fields"], *changed}

    def clean(self):
        """The headline may not make this article another one's twin (same publish time).

        The admin's form has no publish-time field, so Django's own check of the unique
        constraint would skip it; this one gives the editor a message instead of an error.
        """
        super().clean()
        if self.published_at is None:
            return
        twins = type(self)._default_manager.filter(
            headline=self.headline, published_at=self.published_at
        )
        if twins.exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "headline": _(
                        "Another article has this headline and the same publish time; "
                        "change the headline."
                    )
                },
                code="identity",
            )

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_visible_to_readers(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published with a publish time still to come: it goes live by itself then."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def publish(self, at=None, by=None):
        """Publish now, or at ``at``. Keeps an earlier publish time unless ``at`` is given.

        A future ``at`` schedules the article; a past one dates an archived or late story
        at its original publication time (readers see it as published then). ``by`` is
        the user doing it: they need the editors' permission (giving the time included),
        and every photo the article carries needs alt text. ``by=None`` is a trusted
        system caller (the importer, the demo content), for which neither is checked.
        The history entry names the time when one was given.
        """
        workflow.check_publish(by, self)
        if at is not None:
            workflow.check_publish_time(by, self)
        if by is not None:
            workflow.check_alt_text(self)
        self.status = self.Status.PUBLISHED
        now = timezone.now()
        if at is not None:
            self.published_at = at
            comment = (
                _("Scheduled for %(time)s")
                if at > now
                else _("Published with the publish time %(time)s")
            )
            comment = comment % {"time": workflow.local_time(at)}
        else:
            if self.published_at is None or (by is not None and self.published_at > now):
                # "Publish now" on a scheduled article brings it forward; a first publication
                # sets the time, which later publications (after a withdrawal) keep.
                self.published_at = now
            comment = _("Published")
        self._save_state_change(by, comment)

    def schedule(self, at, by=None):
        """Publish at ``at``, a future time: readers see the article from then on, by itself."""
        if at is None or at <= timezone.now():
            raise ValidationError(_("Choose a publish time in the future."), code="past")
        self.publish(at=at, by=by)

    def submit_for_review(self, by=None):
        """A draft goes to the editors; its authors may do it."""
        workflow.check_edit(by, self)
        if self.status != self.Status.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for review."), code="state")
        self.status = self.Status.REVIEW
        self._save_state_change(by, _("Submitted for review"))

    def return_to_draft(self, by=None):
        """Back to a draft: an article in review sent back, or a withdrawn one reworked."""
        if self.status == self.Status.UNPUBLISHED:
            workflow.check_publish(by, self)
        else:
            workflow.check_edit(by, self)
        if self.status not in (self.Status.REVIEW, self.Status.UNPUBLISHED):
            raise ValidationError(
                _("Only an article in review or unpublished can return to draft."), code="state"
            )
        self.status = self.Status.DRAFT
        self._save_state_change(by, _("Returned to draft"))

    def withdraw(self, reason, by=None):
        """Take a published (or scheduled) article off the site, keeping the reason."""
        workflow.check_publish(by, self)
        if self.status != self.Status.PUBLISHED:
            raise ValidationError(_("Only a published article can be unpublished."), code="state")
        if not (reason or "").strip():
            raise ValidationError(_("Give the reason for unpublishing."), code="reason")
        self.status = self.Status.UNPUBLISHED
        self.withdrawn_reason = reason.strip()
        self._save_state_change(by, _("Unpublished"))

    def _save_state_change(self, by, comment):
        # Recorded in the history with who did it; inside an admin request the admin's
        # revision is already open and records the user, and the admin adds this
        # comment to its own message (``state_change_comment``).
        self.state_change_comment = str(comment)
        if reversion.is_active():
            self.save()
        else:
            with reversion.create_revision():
                self.save()
                if by is not None:
                    reversion.set_user(by)
                reversion.set_comment(str(comment))
        if by is not None:
            # Also one of the person's "recent actions" on the admin's dashboard, whether it
            # came from a button, a bulk action or code (the admin logs only its form saves).
            LogEntry.objects.log_actions(by.pk, [self], CHANGE, str(comment), single_object=True)

    def byline_names(self):
        """The names readers see under the article: its authors who have one (see
        ``articles.bylines``). Empty when none has: then the article shows no byline."""
        return [name for name in map(byline_name, self.authors.all()) if name]

    def body_blocks(self):
        """The body as rendered, sanitized blocks with photos and quotes in place."""
        from articles.rendering import render_article_body

        return render_article_body(self)

    def mention_items(self):
        """Whom the article names, with their roles then: ``<li>`` items, as rendered."""
        from articles.rendering import mention_items

        return mention_items(self)


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
    """A person or organization named in an article, with the role as written there.

    ``source`` says where it came from, so an editor can judge it; ``accepted`` says an
    editor has confirmed it. Found mentions an editor has not accepted are replaced by a
    re-import; accepted ones (and those an editor added) are kept. Rejecting one removes
    it and records a ``RejectedMention``, which the importer and "find" consult.
    """

    class Source(models.TextChoices):
        BOLD = "bold", _("bold name")  # a **bold** name, and organizations in its role
        TRANSCRIPT = "transcript", _("transcript turn")  # «В.Путин: …»
        CAPTION = "caption", _("photo caption")  # a caption that names a person
        KNOWN_NAME = "known_name", _("known name")  # a name already in the database
        TEXT = "text", _("text analysis")  # an acronym or body found by the dictionary
        MODEL = "model", _("name recognition model")  # persons/organizations found by NER
        EDITOR = "editor", _("editor")  # added by hand

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
    source = models.CharField(
        _("found by"), max_length=16, choices=Source.choices, default=Source.EDITOR
    )
    accepted = models.BooleanField(
        _("accepted"), default=False, help_text=_("An editor has confirmed this mention.")
    )

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

    def accept(self, by=None):
        """Confirm the mention: a re-import keeps it."""
        workflow.check_edit(by, self.article)
        self.accepted = True
        self.save(update_fields=["accepted"])

    def reject(self, by=None):
        """Remove the mention, and the article's quotes of a rejected person, and remember
        that it is wrong, so that neither "find" nor a re-import adds it to this article
        again. Returns the ``RejectedMention``."""
        workflow.check_edit(by, self.article)
        target = {"person": self.person} if self.person_id else {"organization": self.organization}
        with transaction.atomic():
            rejected, _created = RejectedMention.objects.update_or_create(
                article=self.article,
                **target,
                defaults={"written_as": self.written_as, "source": self.source, "rejected_by": by},
            )
            if self.person_id:
                self.article.quotes.filter(speaker=self.person_id).delete()
            self.delete()
        return rejected


class RejectedMention(models.Model):
    """A mention an editor rejected: this article does not name this person or organization
    (a misread name, a wrong person). The importer and "find" skip it, by the person or
    organization and by the forms written in the text (should the person be deleted and
    the name found again)."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="rejected_mentions",
        verbose_name=_("article"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    written_as = models.CharField(_("written in the text as"), max_length=500, blank=True)
    source = models.CharField(
        _("found by"), max_length=16, choices=Mention.Source.choices, blank=True
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejected by"),
    )
    rejected_at = models.DateTimeField(_("rejected at"), auto_now_add=True)

    class Meta:
        ordering = ["-rejected_at"]
        verbose_name = _("rejected mention")
        verbose_name_plural = _("rejected mentions")
        constraints = [
            # Both empty once the person or organization is deleted: the written forms
            # still keep the name from being found again.
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(organization__isnull=True),
                name="rejected_mention_names_one_target",
            ),
            models.UniqueConstraint(
                fields=["article", "person"],
                condition=Q(person__isnull=False),
                name="unique_rejected_person",
            ),
            models.UniqueConstraint(
                fields=["article", "organization"],
                condition=Q(organization__isnull=False),
                name="unique_rejected_organization",
            ),
        ]

    def __str__(self):
        return str(self.person or self.organization or self.written_as)

    @property
    def written_forms(self):
        return [form.strip() for form in self.written_as.split(";") if form.strip()]


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


class StaffProfile(models.Model):
    """What the newsroom keeps about a staff member besides their account: the byline name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    byline_name = models.CharField(
        _("byline name"),
        max_length=150,
        blank=True,
        help_text=_(
            "The name readers see under articles, e.g. «Кирилл Иванов». When empty, the first "
            "and last name are used; without those the person is not named to readers."
        ),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return self.byline_name or self.user.get_full_name() or self.user.get_username()


class StoredPage(models.Model):
    """The article page's own parts as last rendered, so that a reader's request does not
    render them again (articles.stored_pages says when they are current)."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_page",
        verbose_name=_("article"),
    )
    # Moves on with every clearing: a rendering begun before it is not stored.
    stamp = models.PositiveIntegerField(default=0)
    # What the parts were rendered from (articles.stored_pages.fingerprint); "": cleared.
    fingerprint = models.CharField(max_length=64, blank=True)
    head = models.TextField(blank=True)
    main = models.TextField(blank=True)
    # The ids of the persons it names and of its tags: what its related articles share.
    persons = models.JSONField(default=list)
    tags = models.JSONField(default=list)
    # Its card's parts as lists show them (articles.cards.card_parts, as JSON), current
    # while ``card_stamp`` is the stamp and ``card_fingerprint`` matches
    # (articles.stored_cards): a clearing of the page clears the card too.
    card = models.TextField(blank=True)
    card_stamp = models.PositiveIntegerField(null=True, blank=True)
    card_fingerprint = models.CharField(max_length=64, blank=True)
    # Its related articles as last rendered (articles.stored_related): current while the
    # parts are, ``related_generation`` is the ListGeneration and ``related_until`` (when
    # a scheduled article goes live) has not come. ``related_shown``: [[id, version], …].
    # Defaults in the database too: app servers still running the code from before these
    # columns (a rolling deploy) insert rows without them.
    related = models.TextField(blank=True, default="", db_default="")
    related_shown = models.JSONField(null=True, blank=True)
    related_generation = models.BigIntegerField(null=True, blank=True)
    related_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stored article page")
        verbose_name_plural = _("stored article pages")
        default_permissions = ()  # derived, rendered again by itself: nothing for staff to grant

    def __str__(self):
        return str(self.article_id)


class ListGeneration(models.Model):
    """One row whose value changes with every change to what lists of articles show
    (which articles, their cards, the sections menu), as the page cache's site generation
    does (articles.stored_related; a sequence on PostgreSQL). A list stored with the value
    it was read at is current while the value stays."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("list generation")
        verbose_name_plural = _("list generations")
        default_permissions = ()  # bookkeeping: nothing for staff to see or grant

    def __str__(self):
        return str(self.value)


class StoredFragment(models.Model):
    """A piece of a list page (its articles, or their count) as last rendered, current
    while the ListGeneration is the one it was rendered at (articles.stored_fragments)."""

    # The fragment's name and what it depends on (its address, page…), hashed.
    key = models.CharField(max_length=64, primary_key=True)
    generation = models.BigIntegerField()
    # When the next scheduled article goes live: it may be one of them.
    until = models.DateTimeField(null=True, blank=True)
    # The code, templates and settings it was rendered with (newsroom.rendered).
    fingerprint = models.CharField(max_length=64)
    value = models.JSONField()
    # {token key: version} of the articles it shows, for the page cache.
    shown = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("stored list fragment")
        verbose_name_plural = _("stored list fragments")
        default_permissions = ()  # derived, rendered again by itself: nothing for staff to grant

    def __str__(self):
        return self.key
