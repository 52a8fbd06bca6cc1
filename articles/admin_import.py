"""The admin's import page: upload plain-text articles, imported by a background job."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.import_jobs import import_uploads_in_background
from articles.textformat.parsing import DEFAULT_MAX_BYTES

# An import writes articles (others' too: a re-import updates the matching article),
# persons, organizations and photos: an editor's work, as the command is staff's.
IMPORT_PERMISSIONS = (
    "articles.add_article",
    "articles.change_article",
    "articles.edit_others_article",
)


def may_import(user):
    return user.has_perms(IMPORT_PERMISSIONS)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ArticleFilesField(forms.FileField):
    """Several .txt files at once (Django's documented pattern for a multiple upload)."""

    widget = MultipleFileInput(attrs={"accept": ".txt,text/plain"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(ArticleFilesField, self).clean(item, initial) for item in files]
        too_big = [upload.name for upload in cleaned if upload.size > DEFAULT_MAX_BYTES]
        if too_big:
            raise forms.ValidationError(
                _("Files larger than %(limit)s are not imported: %(names)s."),
                params={"limit": filesizeformat(DEFAULT_MAX_BYTES), "names": ", ".join(too_big)},
            )
        return cleaned


class ImportForm(forms.Form):
    files = ArticleFilesField(
        label=_("Files"),
        help_text=_(
            "Plain-text articles in the newsroom's format. Each file is imported whole or not "
            "at all; the job's page shows the progress and each file's errors."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish at the date in each file"),
        required=False,
        help_text=_("Without it new articles are drafts, and an existing article keeps its state."),
    )

    def __init__(self, *args, may_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]


def import_view(model_admin, request):
    """Upload articles; the import is queued as a job and its page is shown."""
    if not may_import(request.user):
        raise PermissionDenied
    may_publish = request.user.has_perm("articles.publish_article")
    form = ImportForm(request.POST or None, request.FILES or None, may_publish=may_publish)
    if request.method == "POST" and form.is_valid():
        job = import_uploads_in_background(
            form.cleaned_data["files"],
            publish=form.cleaned_data.get("publish", False),
            started_by=request.user,
        )
        messages.success(
            request,
            gettext("The import is queued as a background job: its page shows how it goes."),
        )
        if request.user.has_perm("jobs.view_job"):
            return redirect(reverse("admin:jobs_job_change", args=[job.pk]))
        return redirect(reverse("admin:articles_article_changelist"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import articles from files"),
        "form": form,
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)
