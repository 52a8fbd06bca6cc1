"""The article form's photos: the lead photo and the photos in the body.

Each shows its alt text, editable on the article form by whoever may change the
article and may change that photo (the photo library's own admin permission: editors
may; reporters, who add photos but do not change them, see the alt text read-only and
a forged post of it is ignored). The alt text is written in the article form's transaction and revision, so it is in the
photo's history, and "Publish now" in the same save sees it.

"After paragraph N" is a select of the body's paragraphs (``articles.paragraphs``), and
the preview beside the editor shows the photos where they will stand; the preview
endpoint also sends the select's options, so they follow the body as it is typed.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import ArticlePhoto
from articles.paragraphs import split_paragraphs
from articles.rendering import preview_blocks
from articles.workflow import alt_text_label
from media.models import Photo
from newsroom.nouns import inner_quotes

# The label, lazily: the column headers are made when the admin is loaded.
ALT_TEXT = lazy(alt_text_label, str)()


def photo_thumbnail(photo, width=120):
    if photo is None:
        return "—"
    if not photo.has_image:
        return format_html('<span class="awaiting-image">{}</span>', _("awaiting its file"))
    return format_html(
        '<img src="{}" alt="" width="{}" loading="lazy">',
        photo.image.url,
        width,
    )


def missing_alt_text_warning(photo):
    if photo is None or photo.alt_text.strip():
        return ""
    return format_html(
        '<p class="errornote">{}</p>',
        gettext("Fill in the field «%(field)s»: the article cannot be published without it.")
        % {"field": alt_text_label()},
    )


def position_choices(paragraphs, current=None):
    """The "after paragraph" options: 0, then each paragraph by number and first words."""
    choices = [(0, gettext("0 — at the start, before the first paragraph"))]
    choices += [
        (paragraph.number, f"{paragraph.number} — «{inner_quotes(paragraph.first_words()) or '…'}»")
        for paragraph in paragraphs
    ]
    if current is not None and current > len(paragraphs):
        choices.append((current, f"{current} — {beyond_the_text()}"))
    return choices


def beyond_the_text():
    return gettext("the text has fewer paragraphs: at its end")


def may_change_photo(request, admin_site, photo=None):
    """The photo library's rule, from its admin: may ``request.user`` change ``photo``?"""
    return admin_site.get_model_admin(Photo).has_change_permission(request, photo)


def edits_alt_text(request, admin_site, article):
    """Whether the article form lets ``request.user`` edit its photos' alt text: they may
    change this article (or add one, for a new article) and may change photos."""
    article_admin = admin_site.get_model_admin(type(article))
    if article.pk is None:
        may_edit_article = article_admin.has_add_permission(request)
    else:
        may_edit_article = article_admin.has_change_permission(request, article)
    return may_edit_article and may_change_photo(request, admin_site)


def supply_alt_text(request, admin_site, photo, text, shown_for):
    """Write alt text typed on the article form into ``photo``; True if it changed.

    Empty means "no change" (alt text is removed in the photo library, not here). Text
    typed beside another photo than the one now chosen (``shown_for``, that photo's id)
    is not copied to the new one. Raises PermissionDenied if the user may not change
    this photo.
    """
    text = (text or "").strip()
    if photo is None or not text or text == photo.alt_text:
        return False
    if shown_for not in (None, "") and str(shown_for) != str(photo.pk):
        return False
    if not may_change_photo(request, admin_site, photo):
        raise PermissionDenied
    photo.alt_text = text
    photo.save(update_fields=["alt_text", "updated_at"])  # in the article's revision
    return True


def alt_text_field():
    return forms.CharField(
        label=alt_text_label(),
        max_length=Photo._meta.get_field("alt_text").max_length,
        required=False,
        help_text=_("What the photo shows, for readers who cannot see it. Saved to the photo."),
    )


class LeadPhotoAltTextForm(forms.Form):
    """The article form's part for the lead photo's alt text (mixed into the article form).

    ``request`` and ``admin_site`` are set on the form class by the article admin.
    """

    lead_photo_alt_text = alt_text_field()
    lead_photo_alt_text_for = forms.CharField(widget=forms.HiddenInput, required=False)

    request = admin_site = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.admin_site is None or not edits_alt_text(
            self.request, self.admin_site, self.instance
        ):
            del self.fields["lead_photo_alt_text"], self.fields["lead_photo_alt_text_for"]
            return
        photo = self.instance.lead_photo if self.instance.lead_photo_id else None
        if photo is not None:
            self.fields["lead_photo_alt_text"].initial = photo.alt_text
            # A string, as posted back: an int would count as "changed" on every save.
            self.fields["lead_photo_alt_text_for"].initial = str(photo.pk)

    def save_lead_photo_alt_text(self):
        if "lead_photo_alt_text" not in self.fields:
            return
        supply_alt_text(
            self.request,
            self.admin_site,
            self.cleaned_data.get("lead_photo"),
            self.cleaned_data.get("lead_photo_alt_text"),
            self.cleaned_data.get("lead_photo_alt_text_for"),
        )


class ArticlePhotoInlineForm(forms.ModelForm):
    """A photo in the body: its place chosen among the paragraphs, and its alt text.

    ``request``, ``admin_site``, ``paragraphs`` (the body's, as submitted or stored) and
    ``edit_alt_text`` are set on the class by ``ArticlePhotoInline.get_formset``.
    """

    alt_text = alt_text_field()
    alt_text_for = forms.CharField(widget=forms.HiddenInput, required=False)

    paragraphs = ()
    edit_alt_text = False

    class Meta:
        model = ArticlePhoto
        fields = ["photo", "position", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.position if self.instance.pk else None
        position = ArticlePhoto._meta.get_field("position")
        self.fields["position"] = forms.TypedChoiceField(
            label=capfirst(position.verbose_name),
            choices=position_choices(self.paragraphs, current),
            coerce=int,
            initial=self.fields["position"].initial,
            help_text=_("Paragraphs as readers see them: a whole list or quote is one."),
        )
        self.fields["position"].widget.attrs["data-paragraph-select"] = "1"
        if not self.edit_alt_text:
            del self.fields["alt_text"], self.fields["alt_text_for"]
            return
        photo = self.instance.photo if self.instance.photo_id else None
        if photo is not None:
            self.fields["alt_text"].initial = photo.alt_text
            self.fields["alt_text_for"].initial = str(photo.pk)

    def save(self, commit=True):
        placement = super().save(commit=commit)
        if "alt_text" in self.fields:
            supply_alt_text(
                self.request,
                self.admin_site,
                self.cleaned_data.get("photo"),
                self.cleaned_data.get("alt_text"),
                self.cleaned_data.get("alt_text_for"),
            )
        return placement


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    form = ArticlePhotoInlineForm
    extra = 0
    autocomplete_fields = ["photo"]
    readonly_fields = ["thumbnail", "alt_text_shown"]
    ordering = ["position", "order", "pk"]

    def _edits_alt_text(self, request, obj):
        return edits_alt_text(request, self.admin_site, obj or self.parent_model())

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The body being saved (or shown again with errors) decides the paragraphs.
        if request.method == "POST" and "body" in request.POST:
            body = request.POST["body"]
        else:
            body = obj.body if obj is not None else ""
        formset.form = type(
            formset.form.__name__,
            (formset.form,),
            {
                "request": request,
                "admin_site": self.admin_site,
                "paragraphs": split_paragraphs(body),
                "edit_alt_text": self._edits_alt_text(request, obj),
            },
        )
        return formset

    def get_fields(self, request, obj=None):
        if self._edits_alt_text(request, obj):
            return ["thumbnail", "photo", "alt_text", "alt_text_for", "position", "order"]
        return ["thumbnail", "photo", "alt_text_shown", "position", "order"]

    @admin.display(description=_("photo"))
    def thumbnail(self, placement):
        photo = placement.photo if placement.photo_id else None
        return format_html(
            '<div class="inline-thumbnail">{}{}</div>',
            photo_thumbnail(photo),
            missing_alt_text_warning(photo),
        )

    @admin.display(description=ALT_TEXT)
    def alt_text_shown(self, placement):
        return placement.photo.alt_text if placement.photo_id else ""


class ArticlePhotosAdminMixin:
    """The article admin's photo parts: the lead photo's alt text, the live preview."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"admin_site": self.admin_site})

    def save_related(self, request, form, formsets, change):
        # Before the formsets and the workflow button: "Publish now" sees the alt text.
        form.save_lead_photo_alt_text()
        super().save_related(request, form, formsets, change)

    def lead_photo_fields(self, request, obj=None):
        """The lead photo fieldset's fields: its alt text is editable by whoever may change
        the article and photos; shown read-only to the others."""
        if edits_alt_text(request, self.admin_site, obj or self.model()):
            alt_text = ["lead_photo_alt_text", "lead_photo_alt_text_for"]
        else:
            alt_text = ["lead_photo_alt_text_shown"]
        return ["lead_photo", *alt_text, "lead_photo_preview"]

    @admin.display(description=_("lead photo"))
    def lead_photo_preview(self, article):
        photo = article.lead_photo if article.lead_photo_id else None
        if photo is None:
            return "—"
        return format_html(
            "{}{}", photo_thumbnail(photo, width=240), missing_alt_text_warning(photo)
        )

    @admin.display(description=ALT_TEXT)
    def lead_photo_alt_text_shown(self, article):
        return article.lead_photo.alt_text if article.lead_photo_id else ""

    def preview_body_view(self, request):
        """The body as readers get it (Markdown through nh3) with the photos in their places,
        for the preview beside the editor; and the "after paragraph" options for that body."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        body = request.POST.get("body", "")
        paragraphs = split_paragraphs(body)
        blocks = preview_blocks(paragraphs, self._preview_placements(request))
        html = render_to_string(
            "admin/articles/article/body_preview.html", {"blocks": blocks}, request=request
        )
        return JsonResponse(
            {
                "html": html,
                "positions": position_choices(paragraphs),
                "beyond": beyond_the_text(),
            }
        )

    def _preview_placements(self, request):
        """The photos the form places, as (position, photo), for the preview."""
        photo_admin = self.admin_site.get_model_admin(Photo)
        if not photo_admin.has_view_or_change_permission(request):
            return []
        rows = []
        for photo_id, position in zip(
            request.POST.getlist("photo"), request.POST.getlist("position"), strict=False
        ):
            if photo_id.isdigit() and position.isdigit():
                rows.append((int(position), int(photo_id)))
        photos = Photo.objects.in_bulk([photo_id for _position, photo_id in rows])
        return [
            PreviewPlacement(position, photos[photo_id])
            for position, photo_id in rows
            if photo_id in photos
        ]


@dataclass
class PreviewPlacement:
    """A photo placed by the form being edited (not saved yet), for the preview."""

    position: int
    photo: Photo
