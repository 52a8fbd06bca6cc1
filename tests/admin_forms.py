"""Helpers for the editorial-desk tests: users in the newsroom's groups, and admin form data.

``form_data(response)`` reads the admin page's form the way a browser would submit it
(every input, textarea and selected option), so a test can change one field and post
the rest unchanged, as an editor does.
"""

from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.groups import EDITOR, PHOTO_EDITOR, REPORTER


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw-for-tests", is_staff=True, **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def reporter(username="reporter"):
    return make_user(username, REPORTER)


def editor(username="editor"):
    return make_user(username, EDITOR)


def photo_editor(username="photos"):
    return make_user(username, PHOTO_EDITOR)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append([name, attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.data.append(self._textarea)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append([self._select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            # The parser hands the text over in pieces; the first newline is markup.
            self._textarea[1] += data if self._textarea[1] else data.removeprefix("\n")


def form_data(response, form_id=None):
    """{name: value or [values]} of the page's form (the first one, or the one with form_id)."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    return data


def article_form(client, article):
    """The data of ``article``'s admin change form as ``client`` gets it."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_data(response, "article_form")
