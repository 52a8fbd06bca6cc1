import json

from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobs.models import Job
from jobs.queue import requeue
from jobs.running import silence_limit


class ProblemFilter(admin.SimpleListFilter):
    """Jobs that need a look: failed, or still waiting after a failed attempt."""

    title = _("errors")
    parameter_name = "errors"

    def lookups(self, request, model_admin):
        return [("yes", _("with an error"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(Q(status=Job.Status.FAILED) | ~Q(last_error=""))
        return queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Jobs are read here, never edited: what ran, how far it got, and why it failed."""

    list_display = [
        "__str__",
        "status",
        "progress",
        "attempts",
        "started_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", ProblemFilter, "kind"]
    search_fields = ["kind", "last_error", "report"]
    date_hierarchy = "created_at"
    actions = ["run_again"]
    fields = [
        "title",
        "kind",
        "call",
        "status",
        "progress",
        "attempts",
        "max_attempts",
        "last_error",
        "report",
        "result",
        "started_by",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
    ]
    readonly_fields = fields

    # How often a job's page reloads itself while the job waits or runs: often enough to
    # follow an import file by file, rare enough to cost nothing.
    refresh_seconds = 5

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not obj.is_finished:
            context["refresh_seconds"] = self.refresh_seconds
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("job"))
    def title(self, job):
        return job.title

    @admin.display(description=_("arguments"))
    def call(self, job):
        """The arguments as the function receives them: ``["a.txt"], publish=true``."""
        args = [json.dumps(value, ensure_ascii=False) for value in job.arguments.get("args", [])]
        kwargs = [
            f"{name}={json.dumps(value, ensure_ascii=False)}"
            for name, value in job.arguments.get("kwargs", {}).items()
        ]
        return ", ".join(args + kwargs) or "—"

    @admin.display(description=_("progress"))
    def progress(self, job):
        if not job.progress_total:
            return "—"
        return format_html(
            '<progress value="{}" max="{}"></progress> {}',
            job.progress_done,
            job.progress_total,
            _("%(done)d of %(total)d") % {"done": job.progress_done, "total": job.progress_total},
        )

    def has_run_permission(self, request):
        return request.user.has_perm("jobs.run_job_again")

    @admin.action(description=_("Run again"), permissions=["run"])
    def run_again(self, request, queryset):
        # A running job is left alone while its worker shows signs of life.
        silent = timezone.now() - silence_limit()
        jobs = list(queryset.exclude(Q(status=Job.Status.RUNNING) & Q(heartbeat_at__gte=silent)))
        for job in jobs:
            requeue(job)
        self.message_user(
            request,
            ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", len(jobs))
            % {"count": len(jobs)},
            messages.SUCCESS,
        )
