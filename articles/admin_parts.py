"""The admin of an article's parts edited on their own pages (mentions, quotes, photos in
the body, former addresses, rejected mentions): the article's rules apply to them."""

from django.contrib import admin

from articles import workflow
from media.admin_tools import FoldedSearchMixin


class ArticlePartAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """A part of an article edited on its own page: the article's rules apply to it."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def save_model(self, request, obj, form, change):
        workflow.check_edit(request.user, obj.article)
        super().save_model(request, obj, form, change)
