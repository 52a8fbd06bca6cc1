"""The article page's own parts, rendered once and kept in the database.

The article page is its metadata (``head``: description, OpenGraph, JSON-LD) and its main
column (headline, date line, bylines, photos, body, who it names, tags), then the related
articles and the site's frame. The first two depend on the article and the rows it shows;
they are rendered on a reader's first request and stored (``StoredPage``), and later
requests read them with the article, in the same query, instead of rendering them. No
cache is involved: this holds with the page cache and fragments off, and after every save
elsewhere in the site (the related articles and the frame are still rendered each time).

A stored rendering is used only while its fingerprint matches: the article's version
(every save of the article moves it), the address it was rendered for (scheme and host:
the metadata holds absolute addresses), the language and time zone, where photos are
stored and served from, and the code and templates that render it (a deploy that changes any of them renders pages anew). What
else the parts show changes without the article's version; ``SHOWN_IN_PAGES`` lists those
rows, and saving or deleting one clears the pages showing it, in the same transaction
(``clear``). So does the clearing of a stored body rendering (articles.signals: persons,
organizations, roles, name variants, mentions, quotes).

A clearing moves the page's ``stamp`` on; a rendering is stored only if the stamp noted
before it read anything it shows is still the stamp, so one racing a change is never kept
(a first rendering makes the row, stamp 0, before it reads).
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils.safestring import mark_safe
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticlePhoto, Section, StaffProfile, StoredPage
from articles.rendering import body_fingerprint
from media.models import Credit, Photo
from newsroom import rendered
from newsroom.origin import site_origin

# What renders the stored parts: a change to any of these files makes every stored page
# out of date (their contents are in the fingerprint).
TEMPLATES = (
    "articles/article_head.html",
    "articles/article_main.html",
    "articles/article_related.html",
    "includes/page_metadata.html",
)
MODULES = (
    "articles.views",
    "articles.rendering",
    "articles.metadata",
    "articles.bylines",
    "articles.cards",
    "articles.stored_related",
    "articles.templatetags.public",
    "media.figures",
    "media.renditions",
    "media.templatetags.photos",
    "newsroom.typography",
    "newsroom.origin",
)


@lru_cache(maxsize=1)
def code_fingerprint():
    """A digest of the templates, modules and translations that render the stored parts."""
    return rendered.code_digest(TEMPLATES, MODULES)


# The article's own fields the parts show. Its version moves with every save; the fields
# themselves are in the fingerprint too, so a change that bypasses ``save()`` (an
# ``update()``, SQL) is seen as well, as the stored body rendering sees its body's.
SHOWN_FIELDS = (
    "version", "headline", "dek", "slug", "published_at", "content_updated_at",
    "corrections", "corrected_at", "section_id", "lead_photo_id",
)  # fmt: skip


def fingerprint(article, request):
    """What a stored rendering of ``article`` for ``request`` must have been rendered from."""
    parts = [str(getattr(article, name)) for name in SHOWN_FIELDS]
    parts += [
        body_fingerprint(article.body),
        site_origin(request),  # the metadata's absolute addresses
        *rendered.environment(),
        code_fingerprint(),
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def page_parts(article, request, render):
    """{"head": …, "main": …, "persons": [id, …], "tags": [id, …], "fingerprint": …}:
    ``article``'s stored parts if current, else those of ``render()``, stored for the next
    reader. ``article`` comes from ``with_stored_page()``; ``render`` reads what it shows
    itself (after the stamp is noted). The ids are what the related articles share with
    it; the fingerprint is what the parts were rendered from (articles.stored_related)."""
    stored = _stored_page(article)
    current = fingerprint(article, request)
    if stored is not None and stored.fingerprint == current:
        return {
            # Rendered by the templates above (escaped, bodies through nh3), as stored.
            "head": mark_safe(stored.head),  # noqa: S308
            "main": mark_safe(stored.main),  # noqa: S308
            "persons": stored.persons,
            "tags": stored.tags,
            "fingerprint": current,
        }
    if stored is None:
        # A row to hold the stamp before anything shown is read: a clearing from now on
        # moves it, and the rendering below is then not kept.
        StoredPage.objects.bulk_create([StoredPage(article_id=article.pk)], ignore_conflicts=True)
    parts = render()
    StoredPage.objects.filter(pk=article.pk, stamp=stored.stamp if stored else 0).update(
        fingerprint=current,
        **{part: str(parts[part]) for part in ("head", "main")},
        persons=parts["persons"],
        tags=parts["tags"],
    )
    return {**parts, "fingerprint": current}


def with_stored_page(articles):
    """``articles`` (a queryset) read with their stored pages, in the same query."""
    return articles.select_related("stored_page")


def _stored_page(article):
    try:
        return article.stored_page
    except ObjectDoesNotExist:
        return None


def clear(articles, using=None):
    """Forget the stored pages of ``articles`` (a queryset of Article) and move their stamps
    on, so that no rendering begun before is stored."""
    using = using or articles.db
    pages = StoredPage.objects.using(using).filter(article__in=articles)
    pages.update(
        stamp=F("stamp") + 1, fingerprint="", head="", main="", related="", related_generation=None
    )
    if settings.NEWSROOM_SITE_ORIGIN:  # rendered anew ahead of readers, after the commit
        from articles.pages_ahead import render_after_commit  # it renders through here

        going_live = articles.using(using).published_or_scheduled()
        render_after_commit(going_live.values_list("pk", flat=True), using)


# What else the stored parts show: each model whose rows a page shows, and the articles
# a row of it is shown in.
SHOWN_IN_PAGES = {
    Section: lambda section: Q(section_id=section.pk),
    Photo: lambda photo: Q(lead_photo_id=photo.pk) | Q(article_photos__photo_id=photo.pk),
    Credit: lambda credit: (
        Q(lead_photo__credit_id=credit.pk) | Q(article_photos__photo__credit_id=credit.pk)
    ),
    ArticlePhoto: lambda placement: Q(pk=placement.article_id),
    Tag: lambda tag: Q(tags__id=tag.pk),
    TaggedItem: lambda tagged: Q(pk=tagged.object_id) if _of_article(tagged) else Q(pk__in=[]),
    StaffProfile: lambda profile: Q(authors__id=profile.user_id),
}


def _of_article(tagged):
    return tagged.content_type_id == ContentType.objects.get_for_model(Article).pk


def _clear_showing(sender, instance, using=None, raw=False, **kwargs):
    if not raw:
        clear(Article.objects.filter(SHOWN_IN_PAGES[sender](instance)), using)


def _clear_for_author(sender, instance, using=None, raw=False, **kwargs):
    if not raw:
        clear(Article.objects.filter(authors__id=instance.pk), using)


def _authors_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs):
    """Bylines added or removed, from the article's side or the user's."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        clear(Article.objects.filter(pk=instance.pk), using)
    elif action == "pre_clear":
        clear(Article.objects.filter(authors__id=instance.pk), using)
    else:
        clear(Article.objects.filter(pk__in=pk_set), using)


def connect():
    """Connect the clearings (ArticlesConfig.ready)."""
    for model in SHOWN_IN_PAGES:
        uid = f"articles_stored_pages_{model._meta.label_lower}"
        post_save.connect(_clear_showing, sender=model, dispatch_uid=f"{uid}_saved")
        # Before the delete: deleting a photo empties the articles' lead photo first.
        pre_delete.connect(_clear_showing, sender=model, dispatch_uid=f"{uid}_deleting")
    for signal, uid in ((post_save, "saved"), (pre_delete, "deleting")):
        signal.connect(
            _clear_for_author, sender=get_user_model(), dispatch_uid=f"stored_pages_user_{uid}"
        )
    m2m_changed.connect(
        _authors_changed,
        sender=Article.authors.through,
        dispatch_uid="articles_stored_pages_authors",
    )
