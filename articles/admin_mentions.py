"""Reviewing found mentions in the article form: where each came from, accept or reject.

An editor sees, for each mention, how it was found (``Mention.Source``) and whether it is
accepted, and decides per row: accept (a re-import keeps it) or reject (it is removed and
neither "find" nor a re-import adds it again). Both go through ``Mention.accept`` and
``Mention.reject``, which check that the user may change the article.
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from articles.admin_parts import ArticlePartAdmin
from articles.models import Mention, RejectedMention

ACCEPT, REJECT = "accept", "reject"


class MentionReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("", "—"), (ACCEPT, _("accept")), (REJECT, _("reject"))],
        required=False,
    )

    class Meta:
        model = Mention
        fields = ["person", "organization", "role_text", "written_as", "order"]

    def clean_decision(self):
        decision = self.cleaned_data["decision"]
        if decision and self.instance.pk is None:
            raise forms.ValidationError(_("Only a saved mention can be accepted or rejected."))
        return decision


class MentionReviewFormSet(BaseInlineFormSet):
    """Applies each row's decision through the model's methods, as the user who asked."""

    request = None  # set by MentionInline.get_formset

    def save_existing(self, form, obj, commit=True):
        decision = form.cleaned_data.get("decision")
        user = self.request.user if self.request is not None else None
        if decision == REJECT:
            obj.reject(by=user)
            return obj
        obj = super().save_existing(form, obj, commit=commit)
        if decision == ACCEPT:
            obj.accept(by=user)
        return obj


class MentionInline(admin.TabularInline):
    model = Mention
    form = MentionReviewForm
    formset = MentionReviewFormSet
    extra = 0
    autocomplete_fields = ["person", "organization"]
    fields = [
        "person",
        "organization",
        "role_text",
        "written_as",
        "order",
        "source",
        "review_state",
        "decision",
    ]
    readonly_fields = ["source", "review_state"]

    class Media:
        css = {"all": ["admin-extra/mentions.css"]}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})

    @admin.display(description=_("review"))
    def review_state(self, mention):
        if mention.pk is None:
            return ""
        if mention.accepted:
            return _("accepted")
        if mention.source == Mention.Source.EDITOR:
            return _("added by an editor")
        return _("awaiting a decision")


@admin.register(RejectedMention)
class RejectedMentionAdmin(ArticlePartAdmin):
    """Rejections, to look up or undo: deleting one lets "find" add the mention again."""

    list_display = ["__str__", "written_as", "source", "article", "rejected_by", "rejected_at"]
    list_filter = ["source"]
    list_select_related = ["person", "organization", "article", "rejected_by"]
    search_fields = ["person__name", "organization__name", "written_as", "article__headline"]
    autocomplete_fields = ["article", "person", "organization"]
    fields = ["article", "person", "organization", "written_as", "source", "rejected_by"]
    readonly_fields = ["source", "rejected_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.rejected_by = request.user
            obj.source = Mention.Source.EDITOR
        super().save_model(request, obj, form, change)
