"""Every admin page and message of every registered model reads as grammatical Russian.

The pages (list, popup list, add, change, delete confirmation, history, bulk delete) and
the messages after add, change, delete and bulk delete are read by the checker of
``tests/russian_grammar.py``, whose expected forms come from the pymorphy3 dictionary.
"""

import datetime

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag

from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article, FormerSlug, RejectedMention, StaffProfile
from articles.workflow import stale_save_message
from jobs.models import Job
from media.factories import CreditFactory, PhotoFactory
from media.models import RetainedFile
from newsroom.nouns import OVERRIDES, noun
from people.factories import NameVariantFactory, OrganizationFactory, PersonFactory
from tests import russian_grammar
from tests.admin_forms import article_form, change_url
from tests.reference import build_reference_article

pytestmark = pytest.mark.django_db

# Latin-script words an editor legitimately sees: names of keys, formats and markup.
TECHNICAL_WORDS = {"control", "command", "mac", "slug", "jpeg", "png", "webp", "markdown"}


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")


@pytest.fixture
def client_ru(client, superuser):
    client.force_login(superuser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    return client


@pytest.fixture
def every_model_has_rows(superuser):
    """Rows for every model, and for each a row that can be deleted (nothing protects it)."""
    article = build_reference_article()
    article.section = SectionFactory()
    article.save()
    article.tags.add("саммит")
    NameVariantFactory(person=article.persons.first(), name="Токаев К.-Ж.")
    FormerSlug.objects.create(article=article, slug="old-address")
    RejectedMention.objects.create(
        article=article, person=PersonFactory(name="Вопрос Журналиста"), written_as="Вопрос"
    )
    SectionFactory()
    PhotoFactory(credit=CreditFactory())
    CreditFactory()
    PersonFactory()
    OrganizationFactory()
    get_user_model().objects.create_user("reporter")
    StaffProfile.objects.create(user=superuser, byline_name="Анна Смирнова")
    Job.objects.create(
        kind="articles.import_jobs.import_files",
        arguments={"args": [["/srv/incoming"]], "kwargs": {}},
        status=Job.Status.FAILED,
        attempts=1,
        progress_done=2,
        progress_total=3,
        started_by=superuser,
    )
    RetainedFile.objects.create(photo_id=999, name="photos/gone.jpg", deleted_at=timezone.now())
    return article


def allowed_english():
    """Latin-script words of the data shown (user names, slugs, e-mails) and technical words."""
    words = set(TECHNICAL_WORDS)
    for model in admin.site._registry:
        for obj in model._default_manager.all():
            words.update(str(obj).casefold().replace("-", " ").split())
            words.update(str(getattr(obj, "slug", "")).casefold().replace("-", " ").split())
    return frozenset(words)


def known_forms():
    """The accusatives of names the project's table corrects (where the dictionary is wrong)."""
    forms = set()
    for model in admin.site._registry:
        if model._meta.label_lower in OVERRIDES:
            for number in ("sing", "plur"):
                forms.add((noun(model).form("accs", number).casefold(), "accs"))
    return frozenset(forms)


def errors_on(html, where):
    english, known = allowed_english(), known_forms()
    return [
        f"{where}: {error}"
        for text in russian_grammar.visible_texts(html)
        for error in russian_grammar.errors_in(text, english, known)
    ]


def deletable(model_admin, request):
    """Objects of the model that a bulk delete would remove (nothing protects them)."""
    found = []
    for obj in model_admin.model._default_manager.all():
        queryset = model_admin.model._default_manager.filter(pk=obj.pk)
        if not model_admin.get_deleted_objects(queryset, request)[3]:
            found.append(obj)
    return found


# The checker itself: each rule catches what the issue names.


@pytest.mark.parametrize(
    "phrase",
    [
        "Добавить статья",
        "Изменить персона",
        "Выберите статья для изменения",
        "Удалить выбранные персоны",
        "Добавить ещё один цитата",
        "Добавить ещё один фото в тексте",
        "Добавить ещё одну раздел",
        "Статья «Новость» был успешно изменён.",
        "Фото «Снимок» был успешно добавлен.",
        "Добавлен цитата «Мы сделаем всё».",
        "5 статьи успешно удалены.",
        "1 статья успешно удалён.",
        "Статья “Новость“ была успешно изменена.",
        'Статья "Новость" была успешно изменена.',
        "Цитата ««Мы сделаем всё» — Иван Петров» была успешно изменена.",
        "The article was changed successfully.",
        "По раздел",
    ],
)
def test_the_checker_finds_ungrammatical_phrases(phrase):
    assert russian_grammar.errors_in(phrase)


@pytest.mark.parametrize(
    "phrase",
    [
        "Добавить статью",
        "Изменить персону",
        "Выберите статью для изменения",
        "Удалить выбранных персон",
        "Удалить выбранные статьи",
        "Добавить ещё одну цитату",
        "Добавить ещё одно фото в тексте",
        "Добавить ещё один раздел",
        "Статья «Новость» была успешно изменена.",
        "Фото «Снимок» было успешно добавлено.",
        "Добавлено: цитата «Мы сделаем всё».",
        "5 статей успешно удалено.",
        "3 прежних адреса успешно удалены.",
        "1 статья успешно удалена.",
        "Статья «„Новость“ — так» была успешно изменена.",
        "По разделу",
        "10 февраля 2022, 19:12",
        "2 из 3",
    ],
)
def test_the_checker_accepts_grammatical_phrases(phrase):
    assert russian_grammar.errors_in(phrase) == []


# The admin.


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_admin_pages_of_every_model_read_as_grammatical_russian(
    client_ru, every_model_has_rows, model
):
    obj = model._default_manager.first()
    pages = [
        url(model, "changelist"),
        url(model, "changelist") + "?_popup=1",
        url(model, "change", obj.pk),
        url(model, "delete", obj.pk),
        url(model, "history", obj.pk),
    ]
    if model not in (Job, RetainedFile):  # kept by the site, never added by hand
        pages.append(url(model, "add"))
    if isinstance(admin.site._registry[model], VersionAdmin):  # models with a history
        pages.append(url(model, "recoverlist"))
    errors = []
    for page in pages:
        response = client_ru.get(page)
        assert response.status_code == 200, page
        errors += errors_on(response.content.decode(), page)
    for selected in ([obj.pk], list(model._default_manager.values_list("pk", flat=True)[:3])):
        response = client_ru.post(
            url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": selected},
        )
        assert response.status_code == 200
        errors += errors_on(response.content.decode(), f"bulk delete of {len(selected)}")
    assert errors == [], "\n".join(errors)


def _request(rf, user, data=None, path="/"):
    request = rf.post(path, data or {})
    request.user = user
    request._messages = CookieStorage(request)
    return request


def _messages(request):
    return [str(message) for message in request._messages]


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_admin_messages_of_every_model_read_as_grammatical_russian(
    client_ru, rf, superuser, every_model_has_rows, model
):
    model_admin = admin.site._registry[model]
    obj = model._default_manager.first()
    said = []
    with translation.override("ru"):
        for button in ({}, {"_continue": "1"}, {"_addanother": "1"}):
            for respond in (model_admin.response_add, model_admin.response_change):
                request = _request(rf, superuser, button)
                respond(request, obj)
                said += _messages(request)
        request = _request(rf, superuser)
        model_admin.response_delete(request, str(obj), obj.pk)
        said += _messages(request)
        # What Django says after a bulk delete or a list edit of n objects.
        for count in (2, 5, 21):
            request = _request(rf, superuser)
            items = model_ngettext(model._meta, count)
            model_admin.message_user(
                request,
                gettext("Successfully deleted %(count)d %(items)s.")
                % {"count": count, "items": items},
            )
            model_admin.message_user(
                request,
                ngettext(
                    "%(count)s %(name)s was changed successfully.",
                    "%(count)s %(name)s were changed successfully.",
                    count,
                )
                % {"count": count, "name": items},
            )
            said += _messages(request)
    # An address of an object that no longer exists.
    response = client_ru.get(url(model, "change", 987654), follow=True)
    said += [str(message) for message in response.context["messages"]]
    # A real bulk delete of one object.
    victim = deletable(model_admin, _request(rf, superuser))
    assert victim, "every model needs a row nothing protects"
    response = client_ru.post(
        url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [victim[-1].pk], "post": "yes"},
        follow=True,
    )
    said += [str(message) for message in response.context["messages"]]

    assert len(said) == 6 + 1 + 6 + 1 + 1, said
    errors = [error for message in said for error in errors_on(message, message)]
    assert errors == [], "\n".join(errors)


def test_success_messages_agree_with_the_models_gender(rf, superuser, every_model_has_rows):
    article = Article.objects.first()
    photo = article.lead_photo
    with translation.override("ru"):
        request = _request(rf, superuser, path=url(Article, "change", article.pk))
        admin.site._registry[Article].response_change(request, article)
        admin.site._registry[type(photo)].response_add(request, photo)
        messages = _messages(request)
    assert messages[0].startswith(f'Статья «<a href="{url(Article, "change", article.pk)}">')
    assert messages[0].endswith("</a>» была успешно изменена.")
    assert messages[1].endswith("» было успешно добавлено.")


def test_inline_add_another_link_agrees_with_the_inline_model(client_ru, every_model_has_rows):
    page = client_ru.get(url(Article, "change", every_model_has_rows.pk)).content.decode()
    texts = russian_grammar.visible_texts(page)
    assert "Добавить ещё одно фото в тексте" in texts
    assert "Добавить ещё одну цитату" in texts
    assert "Добавить ещё одно упоминание" in texts


def test_list_counts_agree_with_the_number(client_ru):
    ArticleFactory.create_batch(5)
    page = client_ru.get(url(Article, "changelist")).content.decode()
    assert "5 статей" in russian_grammar.visible_texts(page)


def test_bulk_actions_name_animate_models_in_the_accusative(client_ru, every_model_has_rows):
    person_model = every_model_has_rows.persons.first().__class__
    page = client_ru.get(url(person_model, "changelist")).content.decode()
    assert "Удалить выбранных персон" in page
    page = client_ru.get(url(Article, "changelist")).content.decode()
    assert "Удалить выбранные статьи" in page


@pytest.mark.parametrize(
    ("label", "case", "number", "expected"),
    [
        ("articles.article", "accs", "sing", "статью"),
        ("people.person", "accs", "plur", "персон"),
        ("auth.user", "accs", "sing", "пользователя"),
        ("taggit.tag", "accs", "plur", "теги"),  # the dictionary's animate «тег» corrected
        ("articles.formerslug", "gent", "plur", "прежних адресов"),
        ("articles.articlephoto", "accs", "sing", "фото в тексте"),
        ("media.credit", "gent", "plur", "источников фото"),
        ("people.namevariant", "nomn", "plur", "варианты имени"),
    ],
)
def test_model_names_are_inflected_as_russian_needs(label, case, number, expected):
    with translation.override("ru"):
        assert noun(apps.get_model(label)).form(case, number) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "прежний адрес"), (3, "прежних адреса"), (5, "прежних адресов"), (21, "прежний адрес")],
)
def test_model_names_agree_with_numbers(count, expected):
    with translation.override("ru"):
        assert noun(FormerSlug).counted(count) == expected


def test_permissions_are_listed_in_russian(client_ru):
    group = Group.objects.create(name="Корректоры")
    page = client_ru.get(url(Group, "change", group.pk)).content.decode()
    assert "Статьи | статья | Может добавлять статьи" in page
    assert "Персоны и организации | персона | Может удалять персон" in page
    assert "Статьи | статья | Может публиковать, планировать и снимать статьи с публикации" in page
    assert "Can add" not in page


def test_taggit_merge_page_is_in_russian(client_ru, every_model_has_rows):
    tag = Tag.objects.get()
    response = client_ru.post(
        url(Tag, "changelist"),
        {"action": "render_tag_form", "_selected_action": [tag.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert errors_on(response.content.decode(), "merge tags") == []
    assert "Объединение тегов" in response.content.decode()


def _page_and_messages(response, where):
    """Errors on a followed response's page and in its messages, and the messages."""
    said = [str(message) for message in response.context["messages"]]
    errors = errors_on(response.content.decode(), where)
    return said, errors + [e for message in said for e in errors_on(message, message)]


def test_article_workflow_buttons_and_messages_read_as_grammatical_russian(
    client_ru, every_model_has_rows
):
    draft = ArticleFactory(headline="Новость о саммите", lead_photo=PhotoFactory(alt_text=""))
    errors, said = [], []
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    steps = [
        ("submit", {}),
        ("publish", {}),  # refused: the lead photo has no alt text
        ("to_draft", {}),
        ("schedule", {"schedule_at_0": later.strftime("%d.%m.%Y"), "schedule_at_1": "10:00:00"}),
        ("withdraw", {"withdrawn_reason": "Ошибка в заголовке"}),
    ]
    for action, extra in steps:
        if action == "schedule":
            draft.lead_photo.alt_text = "Участники саммита за столом"
            draft.lead_photo.save()
        data = {**article_form(client_ru, draft), "_workflow": action, **extra}
        response = client_ru.post(change_url(draft), data, follow=True)
        step_said, step_errors = _page_and_messages(response, f"button {action}")
        said += step_said
        errors += step_errors
        draft.refresh_from_db()
    data = {**article_form(client_ru, draft), "_find_mentions": "1"}
    step_said, step_errors = _page_and_messages(
        client_ru.post(change_url(draft), data, follow=True), "find mentions"
    )
    said += step_said
    errors += step_errors
    assert len(said) >= len(steps) + 1
    # A quote added in the form: the history names it («Добавлено: цитата «…».»).
    data = {
        **article_form(client_ru, draft),
        "quotes-TOTAL_FORMS": "1",
        "quotes-0-text": "Мы сделаем всё, что в наших силах",
        "quotes-0-speaker": str(every_model_has_rows.persons.first().pk),
        "quotes-0-order": "0",
    }
    assert client_ru.post(change_url(draft), data).status_code == 302
    history = client_ru.get(url(Article, "history", draft.pk)).content.decode()
    assert "Добавлено: цитата" in history
    assert "Изменено: причина снятия с публикации" in history  # not "Reason for withdrawal"
    errors += errors_on(history, "history")
    errors += [f"{e} (stale save)" for e in russian_grammar.errors_in(stale_save_message(draft, 1))]
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("count", [1, 2, 5])
def test_article_bulk_actions_read_as_grammatical_russian(client_ru, count):
    articles = ArticleFactory.create_batch(count, lead_photo=PhotoFactory())
    selected = [article.pk for article in articles]
    errors, said = [], []
    for action, extra in [
        ("submit_selected", {}),
        ("publish_selected", {}),
        ("withdraw_selected", {}),  # the page asking for the reason
        ("withdraw_selected", {"confirm": "1", "withdrawn_reason": "Снято по просьбе автора"}),
        ("return_selected_to_draft", {}),
    ]:
        response = client_ru.post(
            url(Article, "changelist"),
            {"action": action, "_selected_action": selected, **extra},
            follow=True,
        )
        step_said, step_errors = _page_and_messages(response, action)
        said += step_said
        errors += step_errors
    assert len(said) == 4
    assert errors == [], "\n".join(errors)


def test_other_admin_pages_read_as_grammatical_russian(client_ru, superuser, every_model_has_rows):
    article = every_model_has_rows
    for headline in ("Первая версия заголовка", "Вторая версия заголовка"):
        with reversion.create_revision():
            article.headline = headline
            article.save()
    old, new = Version.objects.get_for_object(article).order_by("-pk")[:2][::-1]
    awaiting = PhotoFactory(image=None)
    deleted = ArticleFactory()
    with reversion.create_revision():
        deleted.save()
    deleted.delete()
    deleted_version = Version.objects.get_deleted(Article).get()
    pages = [
        reverse("admin:index"),
        *(
            reverse("admin:app_list", args=[label])
            for label in ("articles", "people", "media", "jobs")
        ),
        reverse("admin:app_list", args=["auth"]),
        reverse("admin:app_list", args=["taggit"]),
        reverse("admin:password_change"),
        url(get_user_model(), "password_change", superuser.pk),
        url(Article, "share", article.pk),
        url(Article, "compare", article.pk) + f"?old={old.pk}&new={new.pk}",
        url(Article, "revision", article.pk, old.pk),
        url(Article, "recover", deleted_version.pk),
        url(type(awaiting), "supply_image", awaiting.pk),
        url(Article, "import"),
    ]
    errors = []
    for page in pages:
        response = client_ru.get(page)
        assert response.status_code == 200, page
        errors += errors_on(response.content.decode(), page)
    assert errors == [], "\n".join(errors)
