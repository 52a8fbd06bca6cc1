"""A job's page in the admin (where an import shows its progress) reloads itself while the
job is queued or running, and stops once it is done or failed."""

import re

import pytest
from django.urls import reverse

from jobs.models import Job

pytestmark = pytest.mark.django_db

REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+)">')


def job_page(client, status):
    job = Job.objects.create(
        kind="articles.import_jobs.import_uploaded_files",
        status=status,
        progress_done=1 if status != Job.Status.QUEUED else 0,
        progress_total=2,
    )
    response = client.get(reverse("admin:jobs_job_change", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("status", [Job.Status.QUEUED, Job.Status.RUNNING])
def test_page_of_an_unfinished_job_refreshes_itself(staff_client, status):
    page = job_page(staff_client, status)
    assert [int(seconds) for seconds in REFRESH.findall(page)] == [5]
    assert "эта страница обновляется сама каждые 5 секунд" in page


@pytest.mark.parametrize("status", [Job.Status.DONE, Job.Status.FAILED])
def test_page_of_a_finished_job_stays_still(staff_client, status):
    page = job_page(staff_client, status)
    assert REFRESH.findall(page) == []
    assert "обновляется сама" not in page
