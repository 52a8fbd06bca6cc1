"""What follows a save: former addresses are kept, and cached pages are invalidated.

Also what follows a cache outage: invalidations dropped while Redis was unreachable are
lost, and Redis may come back with the pages it held, so the site starts a new generation.

Connected in ArticlesConfig.ready(), so saves from the admin, the importer, management
commands and tests all count. Writes that bypass signals (``QuerySet.update()``,
raw SQL) must call ``articles.caching.content_changed()`` themselves.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.caching import content_changed
from articles.models import Article, FormerSlug
from newsroom.cache import reconnected

# Saving or deleting anything from these apps can change a public page.
PUBLIC_CONTENT_APPS = {"articles", "people", "media", "taggit"}


@receiver(pre_save, sender=Article, dispatch_uid="articles_keep_former_slug")
def keep_former_slug(sender, instance, raw=False, **kwargs):
    """A published article whose slug changes keeps its old address, which redirects."""
    if raw or instance.pk is None or instance._state.adding:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values("slug", "status").first()
    if stored is None or stored["slug"] == instance.slug:
        return
    # Taking back an address it once had: that address is current again, not former.
    FormerSlug.objects.filter(article=instance, slug=instance.slug).delete()
    if stored["status"] == Article.Status.PUBLISHED:
        FormerSlug.objects.update_or_create(slug=stored["slug"], defaults={"article": instance})


def _content_saved(sender, using=None, **kwargs):
    if kwargs.get("raw") or sender._meta.app_label not in PUBLIC_CONTENT_APPS:
        return
    _invalidate(using)


# What a login or a password change writes: nothing readers see.
ACCOUNT_ONLY_FIELDS = {"last_login", "password"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="articles_byline_user_saved")
def _user_saved(sender, using=None, update_fields=None, raw=False, **kwargs):
    """A user's first and last name are their byline (articles.bylines): a change must reach
    cached pages. A login, which only stamps ``last_login``, leaves them alone."""
    if raw or (update_fields is not None and set(update_fields) <= ACCOUNT_ONLY_FIELDS):
        return
    _invalidate(using)


def _invalidate(using):
    content_changed()
    # Again after commit: a page rendered between the save and the commit saw old data.
    # Registered once per transaction, however many rows an import saves.
    connection = transaction.get_connection(using)
    if not any(func is content_changed for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(content_changed, using=using)


post_save.connect(_content_saved, dispatch_uid="articles_public_content_saved")
post_delete.connect(_content_saved, dispatch_uid="articles_public_content_deleted")
m2m_changed.connect(_content_saved, dispatch_uid="articles_public_content_m2m")


@receiver(reconnected, dispatch_uid="articles_cache_reconnected")
def _cache_reconnected(sender, **kwargs):
    """Redis answers again: whatever changed during the outage, no page from before it is served."""
    content_changed()
