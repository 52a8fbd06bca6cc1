"""The editorial workflow's rules: who may do what to an article, and when a save is stale.

The state changes themselves are ``Article`` methods (``publish``, ``schedule``,
``submit_for_review``, ``withdraw``, ``return_to_draft``); they ask this module
whether the user may, so the admin's buttons, its bulk actions and any other
caller meet the same rules. Nothing here imports the models at module level,
because ``articles.models`` imports this module.

Roles, as permissions (the groups in ``articles.groups`` hold them):

- change an article at all: ``articles.change_article``;
- an article by someone else: ``articles.edit_others_article``;
- publish, schedule, withdraw, and touch anything once it has been published:
  ``articles.publish_article`` (editors). Reporters edit their own unpublished
  work (a draft, or in review) and submit it;
- give an article its publish time (a future one schedules it, a past one dates an
  archived story at its original publication): editors too (``can_set_publish_time``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# The states a reporter's own work may be edited in: it has not gone out to readers yet.
UNPUBLISHED_WORK = ("draft", "review")


def named_in_published_article(obj):
    """Whether an article readers see, or one scheduled to go out, names ``obj``.

    A person is named by a mention or as a quote's speaker, an organization by a
    mention. Registered with ``people.permissions`` (see ``ArticlesConfig.ready()``):
    a reporter may no longer change what it names.
    """
    from articles.models import Article
    from people.models import Organization, Person

    # A scheduled article goes live by itself: what it names is as good as published.
    released = Article.objects.published() | Article.objects.scheduled()
    if isinstance(obj, Person):
        return released.filter(Q(mentions__person=obj) | Q(quotes__speaker=obj)).exists()
    if isinstance(obj, Organization):
        return released.filter(mentions__organization=obj).exists()
    return False


def is_own(user, article):
    """The user created the article or has a byline on it."""
    if article.pk is None:
        return True
    if article.created_by_id == user.pk:
        return True
    return article.authors.filter(pk=user.pk).exists()


def can_publish(user):
    return user.is_active and user.has_perm("articles.publish_article")


def can_edit(user, article):
    """Whether ``user`` may change ``article`` (its text, photos, mentions, or its state)."""
    if not (user.is_active and user.has_perm("articles.change_article")):
        return False
    if article.pk is None:
        return True
    if not is_own(user, article) and not user.has_perm("articles.edit_others_article"):
        return False
    return article.status in UNPUBLISHED_WORK or can_publish(user)


def can_delete(user, article):
    """Reporters may delete their own unpublished work; published work is the editors'."""
    if not (user.is_active and user.has_perm("articles.delete_article")):
        return False
    if not is_own(user, article) and not user.has_perm("articles.edit_others_article"):
        return False
    ever_published = article.status not in UNPUBLISHED_WORK or article.published_at is not None
    return not ever_published or can_publish(user)


def require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def check_edit(user, article):
    """Raise PermissionDenied unless ``user`` may change ``article``; ``None`` is the system."""
    if user is not None:
        require(can_edit(user, article), _("You may not change this article."))


def check_publish(user, article):
    """Raise PermissionDenied unless ``user`` may publish, schedule or withdraw ``article``."""
    if user is not None:
        require(
            can_publish(user) and can_edit(user, article),
            _("Only editors may publish, schedule or unpublish articles."),
        )


def can_set_publish_time(user):
    """Whether ``user`` may choose an article's publish time: a future one (scheduling) or
    a past one (an archived or late story dated at its original publication). Editors."""
    return can_publish(user)


def check_publish_time(user, article):
    """Raise PermissionDenied unless ``user`` may give ``article`` a publish time."""
    if user is not None:
        require(
            can_set_publish_time(user) and can_edit(user, article),
            _("Only editors may choose an article's publish time."),
        )


def local_time(value):
    """A moment as editors read it: in the newsroom's zone (``TIME_ZONE``), to the minute."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def photos_missing_alt_text(article):
    """The photos the article carries (lead and in the body) that have no alt text yet."""
    photos = []
    if article.lead_photo_id is not None:
        photos.append(article.lead_photo)
    if article.pk is not None:
        photos.extend(
            placement.photo for placement in article.article_photos.select_related("photo")
        )
    return [photo for photo in photos if not photo.alt_text.strip()]


def alt_text_label():
    """The photo's alt text field by the label its forms show (the photo's and the article's)."""
    from media.models import Photo

    return capfirst(Photo._meta.get_field("alt_text").verbose_name)


def check_alt_text(article):
    """A photo without alt text keeps its article from being published.

    The error names each photo and the field to fill in, by the label the article form
    shows beside the photo.
    """
    missing = photos_missing_alt_text(article)
    if missing:
        raise ValidationError(
            [
                _(
                    "Photo «%(photo)s»: fill in the field «%(field)s», "
                    "the article cannot be published without it."
                )
                % {"photo": photo, "field": alt_text_label()}
                for photo in missing
            ],
            code="alt_text_missing",
        )


def available_transitions(user, article):
    """The state changes ``user`` may make to ``article`` now: [(action, label)], for buttons."""
    if article.pk is None:
        return [("submit", _("Save and submit for review"))] if can_edit(user, article) else []
    if not can_edit(user, article):
        return []
    status, publisher = article.status, can_publish(user)
    actions = []
    if status == "draft":
        actions.append(("submit", _("Submit for review")))
    if status == "review":
        actions.append(("to_draft", _("Return to draft")))
    if publisher and not article.is_visible_to_readers:
        actions.append(("publish", _("Publish now")))
        actions.append(("schedule", _("Schedule")))
    if publisher and status == "published":
        actions.append(("withdraw", _("Unpublish")))
    if publisher and status == "unpublished":
        actions.append(("to_draft", _("Return to draft")))
    return actions


class ArticleChangedError(ValidationError):
    """A save based on a version of the article that someone else has since replaced."""

    def __init__(self, article, current_version):
        self.article = article
        self.current_version = current_version
        super().__init__(stale_save_message(article, current_version), code="stale")


def last_change(article, version_number):
    """(user, time) of the save that made ``version_number``, from reversion's history.

    The user is None when that save was not recorded (a script outside a revision);
    the time then is the article's last change.
    """
    from reversion.models import Version

    latest = (
        Version.objects.get_for_object(article).select_related("revision__user").first()
        if article.pk is not None
        else None
    )
    if latest is not None and latest.field_dict.get("version") == version_number:
        return latest.revision.user, latest.revision.date_created
    updated_at = (
        type(article)._default_manager.filter(pk=article.pk).values_list("updated_at", flat=True)
    ).first()
    return None, updated_at


def stale_save_message(article, current_version):
    user, when = last_change(article, current_version)
    name = (user.get_full_name() or user.get_username()) if user is not None else _("someone")
    when_text = local_time(when) if when else "—"
    return _(
        "This article was changed by %(user)s at %(time)s, after you opened it. "
        "Your changes are not saved yet and are still in the form: compare them with the "
        "article's history, then save again to replace that version with yours."
    ) % {"user": name, "time": when_text}


def keep_workflow_state(sender, instance, raw, **kwargs):
    """pre_save for raw saves (a reverted version, a fixture over an existing row).

    A revert puts back an article's text, not its place in the workflow: the state, the
    publish time and the reason for withdrawal (``Article.WORKFLOW_FIELDS``) change only
    through the state changes, which check who may. It keeps the lock number too (going
    back to an earlier one would let an editor who opened the article at that number
    overwrite the revert without a warning), a published article's address, and the
    "updated for readers" time, which a revert changing a live article's text sets.
    """
    if not raw or instance.pk is None:
        return
    kept = ("version", "slug", "content_updated_at", *sender.WORKFLOW_FIELDS)
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values(*kept, *sender.MATERIAL_FIELDS)
        .first()
    )
    if stored is None:
        return  # recovering a deleted article: it comes back as it was
    new_slug = instance.slug
    for name in kept:
        setattr(instance, name, stored[name])
    if instance.status != sender.Status.PUBLISHED:
        instance.slug = new_slug  # only a published article's address must stay put
    if instance.is_visible_to_readers and any(
        getattr(instance, name) != stored[name] for name in sender.MATERIAL_FIELDS
    ):
        instance.content_updated_at = timezone.now()
