"""A forged or mangled value in an admin form is an error on the form, never a server error.

Django's autocomplete widget, showing the form again with its errors, looked the
submitted key up as it was: «1x» for a credit or an organization made that lookup raise.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.factories import generated_jpeg
from people.factories import PersonFactory
from tests.admin_forms import editor, form_data, photo_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("forged", ["1x", "-", "99999999999999999999999", "1 OR 1=1"])
def test_a_forged_credit_on_the_photo_form_is_reported_on_the_form(client, forged):
    client.force_login(photo_editor())
    data = {
        "caption": "Снимок",
        "alt_text": "Описание",
        "credit": forged,
        "image": SimpleUploadedFile("a.jpg", generated_jpeg(300, 200), content_type="image/jpeg"),
    }
    response = client.post(reverse("admin:media_photo_add"), data)
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()


def test_a_forged_organization_in_a_role_inline_is_reported_on_the_form(client):
    client.force_login(editor())
    person = PersonFactory()
    url = reverse("admin:people_person_change", args=[person.pk])
    data = form_data(client.get(url))
    roles = (
        data.get("roles-TOTAL_FORMS")
        and "roles"
        or next(name.removesuffix("-TOTAL_FORMS") for name in data if name.endswith("-TOTAL_FORMS"))
    )
    data.update({f"{roles}-0-title": "министр", f"{roles}-0-organization": "1x"})
    data[f"{roles}-TOTAL_FORMS"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
