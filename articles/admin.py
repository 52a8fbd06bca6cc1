from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles.models import Article, ArticlePhoto, FormerSlug, Mention, Quote, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles"))
            .order_by("position", "name")
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, section):
        return section.article_count


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    autocomplete_fields = ["photo"]
    fields = ["photo", "position", "order"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "organization", "role_text", "written_as", "order"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["text", "speaker", "order"]


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    list_display = ["headline", "status", "published_at", "section", "updated_at"]
    list_filter = ["status", "section", "tags"]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "lead_photo", "authors"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [ArticlePhotoInline, MentionInline, QuoteInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at", "section", "authors", "tags"]}),
        (_("Lead photo"), {"fields": ["lead_photo"]}),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        # Once published, an address stays put: the slug is no longer filled from the headline.
        if obj is not None and obj.published_at is not None:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            return ["slug"]
        return []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role_text", "article"]
    list_select_related = ["person", "organization", "article"]
    search_fields = ["person__name", "organization__name", "role_text", "article__headline"]
    autocomplete_fields = ["article", "person", "organization"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "article__headline"]
    autocomplete_fields = ["article", "speaker"]


@admin.register(ArticlePhoto)
class ArticlePhotoAdmin(admin.ModelAdmin):
    list_display = ["photo", "article", "position"]
    list_select_related = ["photo", "article"]
    search_fields = ["photo__caption", "article__headline"]
    autocomplete_fields = ["article", "photo"]


@admin.register(FormerSlug)
class FormerSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["slug", "article__headline"]
    autocomplete_fields = ["article"]
