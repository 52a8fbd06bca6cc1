from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from taggit.models import Tag

        from articles import groups, signals, stored_pages, tags, workflow  # noqa: F401 - signals connects receivers
        from people import permissions as people_permissions

        post_migrate.connect(groups.create_groups_after_migrate, sender=self)
        # A migration or a flush changes rows without their signals: no list stays current.
        post_migrate.connect(_move_list_generation, sender=self)
        stored_pages.connect()
        people_permissions.register_published_check(workflow.named_in_published_article)
        pre_save.connect(
            workflow.keep_workflow_state,
            sender=self.get_model("Article"),
            dispatch_uid="articles.keep_workflow_state",
        )
        pre_save.connect(tags.prepare_tag, sender=Tag, dispatch_uid="articles.prepare_tag")


def _move_list_generation(sender, using="default", **kwargs):
    from django.db import transaction

    from articles import stored_related

    # Migrated back to before the generation existed (migration 0017): no list is stored.
    if stored_related.generation_exists(using):
        with transaction.atomic(using=using):
            stored_related.move_on(using)


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose site opens on the editorial dashboard."""

    default = False  # "articles" in INSTALLED_APPS still means ArticlesConfig

    default_site = "articles.dashboard.NewsroomAdminSite"
