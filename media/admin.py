from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from media.models import Credit, Photo


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "photo_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_count=Count("photos")).order_by("name")

    @admin.display(description=_("photos"), ordering="photo_count")
    def photo_count(self, credit):
        return credit.photo_count


class HasImageFilter(admin.SimpleListFilter):
    title = _("image file")
    parameter_name = "has_image"

    def lookups(self, request, model_admin):
        return [("yes", _("supplied")), ("no", _("awaiting its file"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_image()
        if self.value() == "no":
            return queryset.awaiting_image()
        return queryset


@admin.register(Photo)
class PhotoAdmin(VersionAdmin):
    list_display = ["thumbnail", "caption_short", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "caption_short"]
    list_filter = [HasImageFilter, "credit"]
    list_select_related = ["credit"]
    search_fields = ["caption", "alt_text", "credit__name"]
    autocomplete_fields = ["credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "width", "height"]
    fields = ["image", "preview", "caption", "alt_text", "credit", "width", "height"]

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        if not photo.has_image:
            return format_html('<span class="awaiting-image">{}</span>', _("awaiting its file"))
        return format_html(
            '<img src="{}" alt="" width="80" style="height:auto" loading="lazy">',
            photo.image.url,
        )

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.has_image:
            return _("No image file yet.")
        return format_html(
            '<img src="{}" alt="" style="max-width:400px;height:auto">', photo.image.url
        )

    @admin.display(description=_("caption"), ordering="caption")
    def caption_short(self, photo):
        return str(photo)

    @admin.display(description=_("size"))
    def dimensions(self, photo):
        return f"{photo.width}×{photo.height}" if photo.width else "—"
