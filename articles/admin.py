"""The editorial desk: articles in the Django admin, with the workflow's buttons and actions.

Every state change goes through an ``Article`` method (``publish``, ``schedule``,
``submit_for_review``, ``withdraw``, ``return_to_draft``), which checks the user's
permission; the admin only offers the buttons the rules in ``articles.workflow``
allow, and refuses (403) what a hand-made request asks beyond them.
"""

import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, Func, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles import preview, search, workflow
from articles.admin_import import import_view, may_import
from articles.admin_mentions import MentionInline
from articles.admin_parts import ArticlePartAdmin
from articles.admin_photos import (
    ArticlePhotoInline,
    ArticlePhotosAdminMixin,
    LeadPhotoAltTextForm,
)
from articles.bylines import authors_prefetch, byline_name
from articles.models import (
    Article,
    ArticlePhoto,
    FormerSlug,
    Mention,
    Quote,
    RejectedMention,
    Section,
)
from articles.staff_admin import byline_for_readers, bylines_for_editors, staff_choice_label
from articles.textformat.importing import find_mentions
from media.admin_tools import FoldedSearchMixin, HistoryAdmin
from media.models import Photo

# An article's history follows its photos, mentions and quotes: reverting or recovering
# it brings them back as they were in that version.
reversion.register(ArticlePhoto)
reversion.register(Mention)
reversion.register(Quote)
# A rejection is part of the article's state, as its mentions are: reverting the article to
# before a rejection brings the mention back and lifts the rejection with it.
reversion.register(RejectedMention)
# The stored rendering is derived from the body (and re-made when it differs): not history.
reversion.register(
    Article,
    follow=["article_photos", "mentions", "quotes", "rejected_mentions"],
    exclude=["rendered_body"],
)

STATUS_LABELS = dict(Article.Status.choices)

WORKFLOW_DONE = {
    "submit": _("Submitted for review."),
    "to_draft": _("Returned to draft."),
    "publish": _("Published."),
    "schedule": _("Scheduled."),
    "withdraw": _("Unpublished."),
}


@admin.register(Section)
class SectionAdmin(FoldedSearchMixin, admin.ModelAdmin):
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


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["text", "speaker", "order"]


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("draft")),
            ("review", _("in review")),
            ("scheduled", _("scheduled")),
            ("live", _("published")),
            ("unpublished", _("unpublished")),
        ]

    def queryset(self, request, queryset):
        # "Live" and "scheduled" are the querysets' own rules, written once there.
        match self.value():
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
            case "draft" | "review" | "unpublished" as status:
                return queryset.filter(status=status)
        return queryset


def _editor_label(user):
    name = byline_name(user)
    return f"{name} ({user.get_username()})" if name else user.get_username()


class AuthorFilter(admin.SimpleListFilter):
    title = _("author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        # Exists, not joins: joined through both relations, each editor's rows multiply
        # (bylines x created articles) and the list took minutes on a large archive.
        bylined = Article.authors.through.objects.filter(user=OuterRef("pk"))
        created = Article.objects.filter(created_by=OuterRef("pk"))
        users = (
            get_user_model()
            .objects.filter(Exists(bylined) | Exists(created))
            .select_related("staff_profile")
            .order_by("username")
        )
        return [(str(user.pk), _editor_label(user)) for user in users]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # A subquery read once, not a join: the join multiplied the list's rows, and its
        # OR made every page of the list read the whole table.
        bylined = Article.authors.through.objects.filter(user=self.value()).values("article_id")
        return queryset.filter(Q(pk__in=bylined) | Q(created_by=self.value()))


class AwaitingImageFilter(admin.SimpleListFilter):
    title = _("photo awaiting its file")
    parameter_name = "awaiting_image"

    def lookups(self, request, model_admin):
        return [("yes", _("has a photo awaiting its file"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        # Two uncorrelated subqueries, each read once: a correlated EXISTS was run for
        # every article and took most of a second on a large archive.
        awaiting = Photo.objects.awaiting_image().values("pk")
        in_body = ArticlePhoto.objects.filter(photo__in=awaiting).values("article_id")
        return queryset.filter(Q(lead_photo__in=awaiting) | Q(pk__in=in_body))


class TagFilter(admin.RelatedFieldListFilter):
    """The tags most used, not all of them: an archive has thousands, and the list of
    every one was longer than the page. A tag chosen by address (a link from elsewhere,
    ``?tags__id__exact=``) still filters, and is listed, chosen, even if rarely used."""

    limit = 30
    # Counting every tag's uses takes 0.1–0.3 s at 100,000 articles (README, "Comfort"),
    # too much for each opening of the list; which tags lead changes over days, not minutes.
    cache_seconds = 300

    def field_choices(self, field, request, model_admin):
        choices = cache.get_or_set(
            f"admin:article-tag-filter:{self.limit}",
            lambda: list(Article.objects.most_used_tags(self.limit).values_list("pk", "name")),
            self.cache_seconds,
        )
        chosen = [int(value) for value in self.lookup_val or () if value.isdigit()]
        if chosen:  # read even if among those listed: the same queries whatever is chosen
            shown = {pk for pk, _name in choices}
            rare = Tag.objects.filter(pk__in=chosen).exclude(pk__in=shown)
            choices = [*choices, *rare.values_list("pk", "name")]
        return choices


def _count_per_article(model):
    """How many ``model`` rows each article has, as a correlated subquery.

    Not Count() over joins: that groups the whole table before the page is cut from it
    (seconds on a large archive); a subquery is computed for the page's rows only.
    """
    rows = model.objects.filter(article=OuterRef("pk")).order_by()
    return Subquery(
        rows.annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


class ArticleAdminForm(LeadPhotoAltTextForm, forms.ModelForm):
    """The article form: carries the version it was opened at, and the workflow's inputs."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    schedule_at = forms.SplitDateTimeField(
        label=_("Publish at"),
        required=False,
        widget=admin_widgets.AdminSplitDateTime,
    )
    # Which buttons use "Publish at": any other one leaves it unapplied, with a warning.
    TIMED_ACTIONS = ("publish", "schedule")

    request = None  # set by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "dek",
            "body",
            "section",
            "authors",
            "tags",
            "lead_photo",
            "corrections",
            "withdrawn_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # On a revert, the version to compare with is the one before the revert.
            before = getattr(self.request, "article_version_before_revert", None)
            self.fields["opened_version"].initial = before or self.instance.version
        if "body" in self.fields:
            self.fields["body"].widget.attrs.update(
                {
                    "rows": 24,
                    "data-preview-url": reverse("admin:articles_article_preview_body"),
                    "data-preview-title": gettext("As readers will see it"),
                }
            )
        if "authors" in self.fields:
            # Editors pick people by the name readers see, not by their login alone.
            authors = self.fields["authors"]
            authors.label_from_instance = staff_choice_label
            authors.queryset = authors.queryset.select_related("staff_profile")
        if "tags" in self.fields:
            self.fields["tags"].widget.attrs["data-autocomplete-url"] = reverse(
                "admin:autocomplete"
            )
        if "schedule_at" in self.fields:
            self.fields["schedule_at"].help_text = gettext(
                "“Schedule”: a future time, the article goes live by itself then. "
                "“Publish now”: empty for now, or an earlier time to give an archived or late "
                "story its original publication time. Time zone: %(zone)s."
            ) % {"zone": timezone.get_current_timezone_name()}

    def clean(self):
        cleaned = super().clean()
        action = self.data.get("_workflow", "")
        at = cleaned.get("schedule_at")
        if action == "schedule":
            if at is None:
                self.add_error("schedule_at", _("Choose when the article goes live."))
            elif at <= timezone.now():
                self.add_error(
                    "schedule_at",
                    _(
                        "Choose a publish time in the future. To date an archived story "
                        "at its original time, press “Publish now”."
                    ),
                )
        if action == "publish" and at is not None and at > timezone.now():
            self.add_error(
                "schedule_at",
                _(
                    "This time is still to come: press “Schedule” to publish the article "
                    "then, or empty the field to publish it now."
                ),
            )
        if action == "withdraw" and not (cleaned.get("withdrawn_reason") or "").strip():
            if "withdrawn_reason" in self.fields:
                self.add_error("withdrawn_reason", _("Give the reason for unpublishing."))
        if self.instance.pk is not None:
            self._refuse_stale(cleaned.get("opened_version"))
        return cleaned

    def _refuse_stale(self, opened):
        """Refuse the save if someone saved the article after this form was opened."""
        stored = Article.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # Held until the save commits: no other save can slip in between.
            stored = stored.select_for_update()
        current = stored.values_list("version", flat=True).first()
        if current is None or opened == current:
            return
        # Keep the editor's text, and let a second, informed save go through.
        self.data = self.data.copy()
        self.data["opened_version"] = str(current)
        raise ValidationError(workflow.stale_save_message(self.instance, current), code="stale")


class ArticleChangeList(ChangeList):
    """The article list; its date hierarchy offers the dates of the whole archive.

    Django's reads the filtered list three times over for it (its first and last dates,
    then its distinct years or months), each time the whole table when a filter has no
    index of its own. Here the hierarchy reads the chosen period of all articles, by the
    publish-time index: it may offer a month the other filters leave empty.
    """

    def get_filters(self, request):
        filters = super().get_filters(request)
        remaining, field = filters[2], self.date_hierarchy
        bounds = (f"{field}__gte", f"{field}__lt") if field else ()
        self.period = {key: remaining[key][-1] for key in bounds if key in remaining}
        return filters

    @cached_property
    def dates(self):
        """What the date hierarchy template tag reads: this list, all articles of the period."""
        period = _PeriodArticles(self.root_queryset.filter(**self.period))
        return _DatesOf(self, period)


class _DatesOf:
    def __init__(self, changelist, queryset):
        self._changelist = changelist
        self.queryset = queryset

    def __getattr__(self, name):
        return getattr(self._changelist, name)


class _PeriodArticles:
    """The articles of a period, as the date hierarchy tag reads them (``aggregate``,
    ``datetimes``), its years found by one probe of the publish-time index per year:
    the distinct years of every article sorted the whole archive."""

    def __init__(self, queryset):
        self.queryset = queryset

    def aggregate(self, **aggregates):
        return self.queryset.aggregate(**aggregates)

    def datetimes(self, field_name, kind, *args, **kwargs):
        if kind != "year":
            return self.queryset.datetimes(field_name, kind, *args, **kwargs)
        bounds = self.queryset.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        zone = timezone.get_current_timezone()
        first, last = (timezone.localtime(bounds[end], zone).year for end in ("first", "last"))
        years = []
        for year in range(first, last + 1):
            start = datetime.datetime(year, 1, 1, tzinfo=zone)
            end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
            within = {f"{field_name}__gte": start, f"{field_name}__lt": end}
            if self.queryset.filter(**within).exists():
                years.append(start)
        return years


@admin.register(Article)
class ArticleAdmin(ArticlePhotosAdminMixin, FoldedSearchMixin, HistoryAdmin):
    form = ArticleAdminForm
    change_list_template = "admin/articles/article/change_list.html"  # + "Import from files"
    import_view = import_view  # articles/admin_import.py
    list_display = [
        "headline",
        "state",
        "published_at",
        "section",
        "byline",
        "photo_count",
        "mention_count",
        "updated_at",
    ]
    list_filter = [StateFilter, "section", AuthorFilter, AwaitingImageFilter, ("tags", TagFilter)]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body"]  # see get_search_results
    # No second COUNT of the whole table beside the filtered one on each filtered page.
    show_full_result_count = False
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "lead_photo", "authors"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [ArticlePhotoInline, MentionInline, QuoteInline]
    actions = [
        "submit_selected",
        "return_selected_to_draft",
        "publish_selected",
        "withdraw_selected",
    ]
    save_on_top = True

    class Media:
        css = {"all": ["admin-extra/editorial.css", "admin-extra/article-photos.css"]}
        js = ["admin-extra/article-editor.js"]

    # Permissions: the rules of articles.workflow, for each article.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_delete(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    # The form.

    def get_fieldsets(self, request, obj=None):
        publisher = workflow.can_publish(request.user)
        publication = ["state_label", "published_at"]
        if publisher:
            publication.append("schedule_at")
        if obj is not None and obj.content_updated_at:
            publication.append("content_updated_at")
        publication += ["section", "authors", "byline_preview", "tags"]
        fieldsets = [
            (None, {"fields": ["headline", "slug", "dek", "body", "opened_version"]}),
            (_("Publication"), {"fields": publication}),
            (_("Lead photo"), {"fields": self.lead_photo_fields(request, obj)}),
        ]
        if obj is not None and obj.published_at is not None:
            fieldsets.append(
                (
                    _("Corrections"),
                    {
                        "fields": ["corrections", "corrected_at"],
                        "description": _("A corrections note is shown to readers with its date."),
                    },
                )
            )
        if (
            publisher
            and obj is not None
            and obj.status
            in (
                Article.Status.PUBLISHED,
                Article.Status.UNPUBLISHED,
            )
        ):
            fieldsets.append((_("Unpublishing"), {"fields": ["withdrawn_reason"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "state_label",
            "published_at",
            "content_updated_at",
            "corrected_at",
            "lead_photo_preview",
            "byline_preview",
            "lead_photo_alt_text_shown",
        ]
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            readonly.append("slug")  # once published, an address stays put
        if not workflow.can_publish(request.user):
            readonly.append("withdrawn_reason")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        # Once published, an address stays put: the slug is no longer filled from the headline.
        if obj is not None and obj.published_at is not None:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if not (context.get("revert") or context.get("recover")):
            article = obj if obj is not None else Article()
            context["workflow_buttons"] = workflow.available_transitions(request.user, article)
            context["can_find_mentions"] = self.has_change_permission(request, obj)
            context["article_state"] = self.state(article) if obj is not None else ""
            if obj is not None:
                context["preview_url"] = reverse("admin:articles_article_preview", args=[obj.pk])
                if self.has_change_permission(request, obj):
                    context["share_url"] = reverse("admin:articles_article_share", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        elif form.cleaned_data.get("opened_version") is not None:
            obj.version = form.cleaned_data["opened_version"]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not change and not article.authors.exists():
            article.authors.add(request.user)
        if "_find_mentions" in request.POST:
            self._find_mentions(request, article)
        action = request.POST.get("_workflow")
        if action:
            self._run_transition(request, article, action, form.cleaned_data)
        if form.cleaned_data.get("schedule_at") and action not in form.TIMED_ACTIONS:
            self._warn_time_not_applied(request, article, form.cleaned_data["schedule_at"])

    def _warn_time_not_applied(self, request, article, at):
        """A "Publish at" the pressed button does not use: say so rather than drop it."""
        if article.is_visible_to_readers:
            reason = gettext(
                "the article is already published and keeps its publish time, %(published)s. "
                "To give it another one, unpublish it and publish it again with that time."
            ) % {"published": workflow.local_time(article.published_at)}
        else:
            reason = gettext(
                "only “Publish now” (an earlier time: an archived story's original time) and "
                "“Schedule” (a later time) use it. Enter it again and press one of them."
            )
        messages.warning(
            request,
            gettext("The publish time %(time)s was not applied: %(reason)s")
            % {"time": workflow.local_time(at), "reason": reason},
        )

    def _find_mentions(self, request, article):
        """Fill mentions and quotes from the text, as the importer would (the comfort button)."""
        added_mentions, added_quotes = find_mentions(article, by=request.user)
        messages.success(
            request,
            gettext("Found in the text: %(mentions)s, %(quotes)s.")
            % {
                "mentions": ngettext("%(n)d new mention", "%(n)d new mentions", added_mentions)
                % {"n": added_mentions},
                "quotes": ngettext("%(n)d new quote", "%(n)d new quotes", added_quotes)
                % {"n": added_quotes},
            },
        )

    def _run_transition(self, request, article, action, data):
        """Apply the state change a workflow button asked for, after the form was saved.

        A permission refusal (a forged request) raises PermissionDenied, which rolls the
        whole save back; a rule the article does not meet yet (a photo without alt text)
        keeps the saved text and shows why the state did not change.
        """
        user = request.user
        transitions = {
            "submit": lambda: article.submit_for_review(by=user),
            "to_draft": lambda: article.return_to_draft(by=user),
            "publish": lambda: article.publish(at=data.get("schedule_at"), by=user),
            "schedule": lambda: article.schedule(data.get("schedule_at"), by=user),
            "withdraw": lambda: article.withdraw(data.get("withdrawn_reason", ""), by=user),
        }
        if action not in transitions:
            raise PermissionDenied
        try:
            with transaction.atomic():
                transitions[action]()
        except ValidationError as error:
            messages.error(
                request,
                gettext("Saved, but the state did not change: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
        else:
            # With a time given, the model's history comment names it: say the same here.
            timed = action in ArticleAdminForm.TIMED_ACTIONS and data.get("schedule_at")
            done = f"{article.state_change_comment}." if timed else WORKFLOW_DONE[action]
            messages.success(request, done)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._comment_state_change(obj, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._comment_state_change(obj, entry)
        return entry

    def _comment_state_change(self, article, entry):
        # The history entry says what the workflow button did (and the time it gave),
        # after the admin's list of changed fields.
        comment = getattr(article, "state_change_comment", "")
        if comment and reversion.is_active():
            reversion.set_comment("\n".join(filter(None, [entry.get_change_message(), comment])))

    def _stay_on_article(self, request, obj, response):
        stay = "_workflow" in request.POST or "_find_mentions" in request.POST
        if stay and response.status_code == 302:
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return response

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._stay_on_article(request, obj, response)

    def response_change(self, request, obj):
        return self._stay_on_article(request, obj, super().response_change(request, obj))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.article_version_before_revert = (
            Article.objects.filter(pk=unquote(object_id)).values_list("version", flat=True).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    # The list.

    change_list_template = "admin/articles/article/change_list.html"

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        # The readers' match (word forms, ё; the GIN index on PostgreSQL), not the
        # folded substring search of the other lists: that read every body, seconds
        # on a large archive. A word also matches as the start of a longer one.
        if not search_term.strip():
            return queryset, False
        return search.matching(queryset, search_term), False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                photo_count=_count_per_article(ArticlePhoto),
                mention_count=_count_per_article(Mention),
            )
            .prefetch_related(authors_prefetch())
        )

    def action_checkbox(self, obj):
        # Django's renders a form widget through the template engine: a fifth of the
        # list's time for its 100 rows. The same element, written directly.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            admin.helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def view_on_site(self, obj):
        if obj.is_visible_to_readers:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    @admin.display(description=_("state"), ordering="status")
    def state(self, article):
        if article.is_scheduled:
            label = gettext("scheduled for %(time)s") % {
                "time": date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            }
            css = "scheduled"
        else:
            # Not get_status_display(): it hashes every lazy label on each call, a tenth
            # of the list's time.
            label, css = STATUS_LABELS.get(article.status, article.status), article.status
        return format_html('<span class="state-badge state-{}">{}</span>', css, label)

    @admin.display(description=_("state"))
    def state_label(self, article):
        if article.pk is None:
            return _("new draft")
        return self.state(article)

    @admin.display(description=_("bylines"))
    def byline(self, article):
        return bylines_for_editors(article.authors.all())

    @admin.display(description=_("byline for readers"))
    def byline_preview(self, article):
        return byline_for_readers(article)

    @admin.display(description=_("photos"), ordering="photo_count")
    def photo_count(self, article):
        return article.photo_count + (1 if article.lead_photo_id else 0)

    @admin.display(description=_("mentions"), ordering="mention_count")
    def mention_count(self, article):
        return article.mention_count

    # Bulk actions: each calls the model's state change, article by article.

    def _bulk(self, request, queryset, change, done_message):
        done, refused = 0, []
        for article in queryset.select_related("lead_photo"):
            try:
                with transaction.atomic():
                    change(article)
            except PermissionDenied:
                refused.append(
                    gettext("«%(article)s»: you may not change it.") % {"article": article}
                )
            except ValidationError as error:
                refused.append(f"«{article}»: {' '.join(error.messages)}")
            else:
                done += 1
        if done:
            messages.success(request, done_message(done))
        for reason in refused:
            messages.error(request, reason)

    @admin.action(description=_("Submit selected articles for review"))
    def submit_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: article.submit_for_review(by=request.user),
            lambda n: (
                ngettext(
                    "%(n)d article submitted for review.", "%(n)d articles submitted for review.", n
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Return selected articles to draft"))
    def return_selected_to_draft(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: article.return_to_draft(by=request.user),
            lambda n: (
                ngettext("%(n)d article returned to draft.", "%(n)d articles returned to draft.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: article.publish(by=request.user),
            lambda n: (
                ngettext("%(n)d article published.", "%(n)d articles published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Unpublish selected articles…"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        reason = request.POST.get("withdrawn_reason", "").strip()
        if request.POST.get("confirm") and reason:
            self._bulk(
                request,
                queryset,
                lambda article: article.withdraw(reason, by=request.user),
                lambda n: (
                    ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", n)
                    % {"n": n}
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Unpublish articles"),
            "articles": queryset,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "reason": reason,
            "missing_reason": bool(request.POST.get("confirm")),
        }
        return TemplateResponse(request, "admin/articles/article/withdraw_selected.html", context)

    # Preview, share link, and the rendered body beside the editor.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_article_preview",
            ),
            path("<path:object_id>/share/", view(self.share_view), name="articles_article_share"),
            path(
                "preview-body/", view(self.preview_body_view), name="articles_article_preview_body"
            ),
            path("import/", view(self.import_view), name="articles_article_import"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The article exactly as readers will see it, whatever its state (staff only)."""
        article = get_object_or_404(Article.objects.for_detail(), pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return preview.render_preview(request, article)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"may_import": may_import(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def share_view(self, request, object_id):
        """A signed, expiring link to this article for someone without an account."""
        article = get_object_or_404(Article, pk=unquote(object_id))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        url, expires = preview.share_link(request, article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Share link"),
            "share_url": url,
            "expires": expires,
        }
        return TemplateResponse(request, "admin/articles/article/share_link.html", context)


@admin.register(Mention)
class MentionAdmin(ArticlePartAdmin):
    # Where each mention came from and whether an editor accepted it, as on the article form.
    list_display = ["__str__", "role_text", "source", "accepted", "article"]
    list_filter = ["source", "accepted"]
    list_select_related = ["person", "organization", "article"]
    search_fields = ["person__name", "organization__name", "role_text", "article__headline"]
    autocomplete_fields = ["article", "person", "organization"]


@admin.register(Quote)
class QuoteAdmin(ArticlePartAdmin):
    list_display = ["__str__", "speaker", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "article__headline"]
    autocomplete_fields = ["article", "speaker"]


@admin.register(ArticlePhoto)
class ArticlePhotoAdmin(ArticlePartAdmin):
    list_display = ["photo", "article", "position"]
    list_select_related = ["photo", "article"]
    search_fields = ["photo__caption", "article__headline"]
    autocomplete_fields = ["article", "photo"]


@admin.register(FormerSlug)
class FormerSlugAdmin(ArticlePartAdmin):
    list_display = ["slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["slug", "article__headline"]
    autocomplete_fields = ["article"]
