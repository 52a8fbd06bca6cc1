"""A job: one call of a function off the request path, as staff see it in the admin."""

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def finished(self):
        """Jobs that will not run again unless staff queue them again: done or failed."""
        return self.filter(status__in=Job.FINISHED)

    def finished_before(self, moment):
        """Finished jobs whose end (or, lacking one, their queueing) came before ``moment``."""
        ended_before = models.Q(finished_at__lt=moment) | models.Q(
            finished_at__isnull=True, created_at__lt=moment
        )
        return self.finished().filter(ended_before)


class Job(models.Model):
    """One call of ``kind`` (a dotted path) with ``arguments``, run by a worker or in process.

    The row is the job's record: the broker's message carries only its id, so what is run,
    how often it was tried and why it failed stay visible to staff whatever the broker.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    FINISHED = (Status.DONE, Status.FAILED)

    kind = models.CharField(_("function"), max_length=200, db_index=True)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveIntegerField(_("attempts allowed"), default=1)
    last_error = models.TextField(_("last error"), blank=True, default="")
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    report = models.TextField(_("report"), blank=True, default="")
    result = models.JSONField(_("result"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written every NEWSROOM_JOB_HEARTBEAT_SECONDS by the worker running the job: a running
    # job whose heartbeat went silent has lost its worker (jobs/running.py).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        permissions = [("run_job_again", _("Can run a job again"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="job_progress_within_total",
            )
        ]

    def __str__(self):
        return f"{self.title} №{self.pk}"

    @property
    def title(self):
        """What the job does, in words: its function's ``verbose_name``, else its path."""
        try:
            function = import_string(self.kind)
        except ImportError:
            return self.kind
        return str(getattr(function, "verbose_name", self.kind))

    @property
    def is_finished(self):
        return self.status in self.FINISHED
