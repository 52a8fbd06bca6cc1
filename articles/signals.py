"""What follows a save: former addresses are kept, stored body renderings that depend on
what changed are cleared, and cached pages are invalidated.

Also what follows a cache outage: invalidations dropped while Redis was unreachable are
lost, and Redis may come back with the pages it held, so the site starts a new generation.

Connected in ArticlesConfig.ready(), so saves from the admin, the importer, management
commands and tests all count. Writes that bypass signals (``QuerySet.update()``,
raw SQL) must call ``articles.caching.content_changed()`` and, for the lists stored in the
database, ``articles.stored_related.move_on()`` themselves.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save
from django.dispatch import receiver

from articles import pages_ahead, stored_pages, stored_related
from articles.caching import article_shown, article_shown_changed, content_changed
from articles.models import Article, FormerSlug, Mention, Quote, body_prefetches
from articles.rendering import store_rendering
from newsroom.cache import reconnected
from people.models import NameVariant, Organization, Person, Role

# Saving or deleting anything from these apps can change a public page.
PUBLIC_CONTENT_APPS = {"articles", "people", "media", "taggit"}


@receiver(pre_save, sender=Article, dispatch_uid="articles_keep_former_slug")
def keep_former_slug(sender, instance, raw=False, **kwargs):
    """A published article whose slug changes keeps its old address, which redirects.

    Also notes what the stored row was, for ``_is_out_of_public_sight`` and
    ``_shown_parts_changed``."""
    instance._stored_before_save = None
    if raw:
        return
    if instance.pk is None or instance._state.adding:
        instance._stored_before_save = {"status": None, "lead_photo_id": None}
        return
    fields = [field.attname for field in sender._meta.concrete_fields]
    stored = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    instance._stored_before_save = stored
    if stored is None or stored["slug"] == instance.slug:
        return
    # Taking back an address it once had: that address is current again, not former.
    FormerSlug.objects.filter(article=instance, slug=instance.slug).delete()
    if stored["status"] == Article.Status.PUBLISHED:
        FormerSlug.objects.update_or_create(slug=stored["slug"], defaults={"article": instance})


@receiver(post_save, sender=Article, dispatch_uid="articles_article_saved_rendering")
def _article_saved(sender, instance, using=None, raw=False, **kwargs):
    if raw:
        return
    render_after_commit(instance.pk, using)
    if instance.is_visible_to_readers or instance.is_scheduled:  # its page too, ahead of readers
        pages_ahead.render_after_commit([instance.pk], using)


def render_after_commit(article_id, using=None):
    """Store the article's body rendering once the transaction commits (once however
    many of its quotes and mentions the transaction saves), so readers find it ready."""
    connection = transaction.get_connection(using)
    pending = (getattr(func, "renders_article", None) for _s, func, _r in connection.run_on_commit)
    if article_id in pending:
        return

    def render():
        article = Article.objects.using(using).filter(pk=article_id).first()
        if article is not None:
            prefetch_related_objects([article], *body_prefetches())
            store_rendering(article)

    render.renders_article = article_id
    transaction.on_commit(render, using=using)


def clear_rendered_bodies(articles, using=None):
    """Forget the stored body rendering of ``articles`` (a queryset): it links names and
    sets quotes apart, and lists whom the article names with their roles, so it is out of
    date when a mention, a quote, a person's name, variants or roles, or an organization's
    name changes. The next reader renders it again (articles.rendering.text_blocks).

    Cleared in the transaction of the change, so readers see the clearing when they see
    the change. (A reader who read the old state just before the commit may still store
    its rendering just after: the window is one page's rendering.)"""
    articles = articles.using(using) if using else articles
    articles.exclude(rendered_body={}).update(rendered_body={})
    stored_pages.clear(articles, using)  # the article page shows what the body rendering does


@receiver(post_save, sender=Mention, dispatch_uid="articles_mention_saved_rendering")
@receiver(post_delete, sender=Mention, dispatch_uid="articles_mention_deleted_rendering")
@receiver(post_save, sender=Quote, dispatch_uid="articles_quote_saved_rendering")
@receiver(post_delete, sender=Quote, dispatch_uid="articles_quote_deleted_rendering")
def _body_part_changed(sender, instance, using=None, raw=False, **kwargs):
    if raw:
        return
    clear_rendered_bodies(Article.objects.filter(pk=instance.article_id), using)
    render_after_commit(instance.article_id, using)


def mentions_written_in_bulk(article, using=None):
    """What saving ``article``'s new mentions and quotes one by one would have done, for
    those written with ``bulk_create`` (no signals: the importer, the admin's "find"
    button): its body rendering and page are rendered anew and, when readers may see it,
    every list and cached page showing whom it names is out of date."""
    clear_rendered_bodies(Article.objects.filter(pk=article.pk), using)
    render_after_commit(article.pk, using)
    if article.status == Article.Status.PUBLISHED:  # as _is_out_of_public_sight decides
        _invalidate(using)


# The rows whose change alters the stored rendering of the articles naming them (a
# person's or organization's name forms and address are in the articles' links and lists):
# sender -> (the articles' lookup, the attribute of the changed row it takes).
NAMED_IN_RENDERING = {
    Person: ("mentions__person_id", "pk"),
    Organization: ("mentions__organization_id", "pk"),
    Role: ("mentions__person_id", "person_id"),
    NameVariant: ("mentions__person_id", "person_id"),
}


@receiver(post_save, sender=Person, dispatch_uid="articles_person_saved_rendering")
@receiver(post_delete, sender=Person, dispatch_uid="articles_person_deleted_rendering")
@receiver(post_save, sender=Organization, dispatch_uid="articles_organization_saved_rendering")
@receiver(post_save, sender=Role, dispatch_uid="articles_role_saved_rendering")
@receiver(post_delete, sender=Role, dispatch_uid="articles_role_deleted_rendering")
@receiver(post_save, sender=NameVariant, dispatch_uid="articles_variant_saved_rendering")
@receiver(post_delete, sender=NameVariant, dispatch_uid="articles_variant_deleted_rendering")
def _named_row_changed(sender, instance, using=None, raw=False, **kwargs):
    if raw:
        return
    lookup, attribute = NAMED_IN_RENDERING[sender]
    naming = Article.objects.filter(**{lookup: getattr(instance, attribute)})
    clear_rendered_bodies(naming, using)


def _content_saved(sender, using=None, **kwargs):
    if kwargs.get("raw") or sender._meta.app_label not in PUBLIC_CONTENT_APPS:
        return
    instance, signal = kwargs.get("instance"), kwargs.get("signal")
    if _is_out_of_public_sight(sender, instance, signal):
        return
    parts = _shown_parts_changed(instance) if sender is Article and signal is post_save else None
    if parts is not None:
        _invalidate_shown(instance, parts, using)
        return
    if sender._meta.apps is not global_apps:
        # A migration's historical model: its tables may predate the list generation,
        # which the migrate command moves when it is done (articles.apps).
        content_changed()
        return
    _invalidate(using)


# The one rule of what an article's save refreshes. Every concrete field is in one of the
# four sets (a test checks): a field added later must be placed, not silently left out.
#
# Which lists, feeds, sitemaps and pages a live article appears in, and where (its
# address): changing one starts a new site generation. So do its tags, bylines, mentions
# and quotes (their own signals) and deleting it.
LIST_FIELDS = {"status", "published_at", "section_id", "slug"}
# What its card shows wherever it appears (its headline and photo: lists, feeds, other
# articles' related cards), and its dek, which some cards and pages show: changing only these and PAGE_FIELDS
# refreshes the pages and fragments that show them (articles.caching), not the whole
# site. The lead photo too, unless a person's page shows that photo (see
# _takes_a_persons_photo).
HEADLINE_FIELDS = {"headline", "lead_photo_id"}
DEK_FIELDS = {"dek"}
# What only its own page shows, besides its update date in feeds and sitemaps and its
# text in search (or what no reader sees): changing only these refreshes just those.
PAGE_FIELDS = {
    "body",
    "rendered_body",
    "corrections",
    "corrected_at",
    "content_updated_at",
    "withdrawn_reason",
    "version",
    "created_at",
    "updated_at",
    "created_by_id",
}


# Which part of what an article shows (articles.caching.SHOWN_PARTS) each set changes.
PARTS_OF = {"card": HEADLINE_FIELDS, "dek": DEK_FIELDS, "page": PAGE_FIELDS}


def _shown_parts_changed(article):
    """The parts of what it shows (articles.caching.SHOWN_PARTS) that this save of a
    published article changed, its page always among them; None when it changed more (a
    list field) or is not live: then the whole site is refreshed."""
    stored = getattr(article, "_stored_before_save", None)
    if not stored or stored.get("status") != Article.Status.PUBLISHED:
        return None
    changed = {name for name, value in stored.items() if getattr(article, name) != value}
    if not changed <= HEADLINE_FIELDS | DEK_FIELDS | PAGE_FIELDS:
        return None
    if "lead_photo_id" in changed and _takes_a_persons_photo(article, stored):
        return None
    # Its own page shows every field: always refreshed.
    return {"page", *(part for part, fields in PARTS_OF.items() if changed & fields)}


def _takes_a_persons_photo(article, stored):
    """A person's page shows their photos that no article uses: a lead photo taken from,
    or given back to, such a page changes which photos it lists."""
    photos = {stored["lead_photo_id"], article.lead_photo_id} - {None}
    return Person.photos.through.objects.filter(photo_id__in=photos).exists()


def _is_out_of_public_sight(sender, instance, signal):
    """Whether this change is to an article readers never saw and do not see now (a draft,
    one in review or withdrawn; never published, not even scheduled), or to its mentions,
    quotes or bylines: then no public page changed, and a newsroom editing its drafts does
    not empty the site's caches with every save.

    Its photos are the exception: a person's page shows the photos linked to them that no
    article uses, so a draft taking one as its lead or in its body changes that page.
    """
    if sender is Article:
        stored = getattr(instance, "_stored_before_save", None)
        if signal is post_delete:
            return instance.status != Article.Status.PUBLISHED and instance.lead_photo_id is None
        if signal is m2m_changed:  # its bylines
            return instance.status != Article.Status.PUBLISHED
        return (
            instance.status != Article.Status.PUBLISHED
            and stored is not None
            and stored["status"] != Article.Status.PUBLISHED
            and stored["lead_photo_id"] == instance.lead_photo_id
        )
    if signal is m2m_changed and isinstance(instance, Article):  # bylines, from the article
        return instance.status != Article.Status.PUBLISHED
    if sender in (Mention, Quote):
        status = Article.objects.filter(pk=instance.article_id).values_list("status", flat=True)
        status = status.first()
        return status is not None and status != Article.Status.PUBLISHED
    return False


# What a login or a password change writes: nothing readers see.
ACCOUNT_ONLY_FIELDS = {"last_login", "password"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="articles_byline_user_saved")
def _user_saved(sender, using=None, update_fields=None, raw=False, **kwargs):
    """A user's first and last name are their byline (articles.bylines): a change must reach
    cached pages. A login, which only stamps ``last_login``, leaves them alone."""
    if raw or (update_fields is not None and set(update_fields) <= ACCOUNT_ONLY_FIELDS):
        return
    _invalidate(using)


def _invalidate_shown(article, parts, using):
    if parts & {"card", "dek"}:  # its card shows in stored lists (and its dek in some)
        stored_related.move_on_now_and_after_commit(using)
    article_id, version = article.pk, article.version
    article_shown_changed(article_id, version, parts)

    # Again after commit: the text token, which stands for what search matches, must be
    # newer than what pages read until then (the versions already are).
    def again():
        article_shown_changed(article_id, version, parts)

    transaction.on_commit(again, using=using)


def _invalidate(using):
    stored_related.move_on_now_and_after_commit(using)  # what lists show may have changed
    content_changed()
    # Again after commit: a page rendered between the save and the commit saw old data.
    # Registered once per transaction, however many rows an import saves.
    connection = transaction.get_connection(using)
    if not any(func is content_changed for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(content_changed, using=using)


@receiver(post_init, sender=Article, dispatch_uid="articles_article_read")
def _article_read(sender, instance, **kwargs):
    """Every article a public page reads is one it shows (cards, feeds, related articles):
    noted for the page cache (articles.caching.article_shown)."""
    article_shown(instance)


post_save.connect(_content_saved, dispatch_uid="articles_public_content_saved")
post_delete.connect(_content_saved, dispatch_uid="articles_public_content_deleted")
m2m_changed.connect(_content_saved, dispatch_uid="articles_public_content_m2m")


@receiver(reconnected, dispatch_uid="articles_cache_reconnected")
def _cache_reconnected(sender, **kwargs):
    """Redis answers again: whatever changed during the outage, no page from before it is served."""
    content_changed()
