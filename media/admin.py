import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from media import retention
from media.admin_tools import FoldedSearchMixin, HistoryAdmin, RecordsCreatorMixin
from media.models import Credit, Photo, RetainedFile
from media.renditions import renditions
from media.validation import cleaned_upload

# The record of renditions is derived from the file, not history: a reverted or recovered
# photo gets its renditions made again for the file it then has.
reversion.register(Photo, exclude=["renditions"])


@admin.register(Credit)
class CreditAdmin(RecordsCreatorMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "url", "photo_count"]
    search_fields = ["name"]
    # A website typed without a scheme means https (Django 6.0's default, taken now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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


class HasAltTextFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "has_alt"

    def lookups(self, request, model_admin):
        return [("yes", _("written")), ("no", _("missing"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(alt_text="")
        if self.value() == "no":
            return queryset.filter(alt_text="")
        return queryset


class PhotoForm(forms.ModelForm):
    """The photo's form: an uploaded file is checked and re-encoded before it is stored."""

    class Meta:
        model = Photo
        fields = ["image", "caption", "alt_text", "credit"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image is not self.initial.get("image") and hasattr(image, "content_type"):
            return cleaned_upload(image)
        if image and not default_storage.exists(image.name):
            # A photo recovered after its file was removed (media/retention.py): saving
            # would read the missing file's dimensions.
            raise forms.ValidationError(
                _("The file of this photo is no longer stored. Upload it again."),
                code="file_missing",
            )
        return image


class SupplyImageForm(PhotoForm):
    """One step for a photo awaiting its file: the file, and the alt text if still missing."""

    class Meta(PhotoForm.Meta):
        fields = ["image", "alt_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].required = True


@admin.register(Photo)
class PhotoAdmin(FoldedSearchMixin, HistoryAdmin):
    form = PhotoForm
    list_display = [
        "thumbnail",
        "caption_short",
        "credit",
        "dimensions",
        "has_alt_text",
        "created_at",
    ]
    list_display_links = ["thumbnail", "caption_short"]
    list_filter = [HasImageFilter, HasAltTextFilter, "credit"]
    list_select_related = ["credit"]
    search_fields = ["caption", "alt_text", "credit__name"]
    autocomplete_fields = ["credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "width", "height"]
    fields = ["image", "preview", "caption", "alt_text", "credit", "width", "height"]

    def get_urls(self):
        supply = path(
            "<path:object_id>/supply-image/",
            self.admin_site.admin_view(self.supply_image_view),
            name="media_photo_supply_image",
        )
        return [supply, *super().get_urls()]

    def supply_image_view(self, request, object_id):
        """Upload the missing file of a photo awaiting it: one form, one step."""
        photo = get_object_or_404(Photo, pk=object_id)
        if not self.has_change_permission(request, photo):
            raise PermissionDenied
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = ""
        form = SupplyImageForm(request.POST or None, request.FILES or None, instance=photo)
        if request.method == "POST" and form.is_valid():
            form.save()
            self.log_change(request, photo, _("Image file supplied."))
            messages.success(
                request, _("The image file of «%(photo)s» is in place.") % {"photo": photo}
            )
            return redirect(next_url or reverse("admin:index"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Supply the image file"),
            "photo": photo,
            "form": form,
            "next": next_url,
        }
        return TemplateResponse(request, "admin/media/photo/supply_image.html", context)

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        if not photo.has_image:
            return format_html('<span class="awaiting-image">{}</span>', _("awaiting its file"))
        # The smallest rendition once made: a list of originals would load megabytes each.
        versions = renditions(photo)
        return format_html(
            '<img src="{}" alt="" width="80" loading="lazy">',
            versions.jpg[0].url if versions else photo.image.url,
        )

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.has_image:
            return _("No image file yet.")
        # At most 400 px wide, never enlarged; the height follows (no inline style: the
        # admin's Content-Security-Policy allows none).
        return format_html(
            '<img src="{}" alt="" width="{}">', photo.image.url, min(400, photo.width or 400)
        )

    @admin.display(description=_("caption"), ordering="caption")
    def caption_short(self, photo):
        return str(photo)

    @admin.display(description=_("size"))
    def dimensions(self, photo):
        return f"{photo.width}×{photo.height}" if photo.width else "—"

    @admin.display(description=_("alt text"), boolean=True)
    def has_alt_text(self, photo):
        return bool(photo.alt_text.strip())


@admin.register(RetainedFile)
class RetainedFileAdmin(admin.ModelAdmin):
    """Files of deleted photos kept for recovery (media/retention.py). Staff look at them,
    and may delete one before its time (a photo that must go at once): deleting the record
    deletes the file, and the photo can no longer be recovered whole."""

    list_display = ["name", "photo_id", "deleted_at", "removed_after"]
    search_fields = ["name"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        retention.remove(RetainedFile.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        retention.remove(queryset)

    @admin.display(description=_("removed after"))
    def removed_after(self, kept):
        return kept.removable_after
