"""The editor decides: found mentions show where they came from and can be accepted or rejected."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Mention, RejectedMention
from articles.textformat.importing import CREATED, UPDATED, import_file
from people.factories import PersonFactory
from tests.admin_forms import article_form, change_url, editor, form_data, reporter

pytestmark = pytest.mark.django_db

TEXT = """Министры обсудили ситуацию на Корейском полуострове

28-03-2024, 13:20.

Министры иностранных дел России и Китая провели переговоры в Пекине.

Министр иностранных дел России **Сергей Лавров** прибыл в Пекин с официальным визитом.

Ван И (как переведено): Китай выступает за политическое урегулирование.
"""


def imported_article(tmp_path):
    path = tmp_path / "lavrov.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = import_file(path)
    assert result.status == CREATED, result.message
    return result.article


@pytest.fixture
def imported(tmp_path):
    return imported_article(tmp_path)


def reimport(tmp_path, text):
    path = tmp_path / "lavrov-corrected.txt"
    path.write_text(text, encoding="utf-8")
    result = import_file(path)
    assert result.status == UPDATED, result.message
    return result.article


def decide(client, article, person_name, decision):
    """Post the article's form with ``decision`` chosen on the row of ``person_name``."""
    data = article_form(client, article)
    mention = article.mentions.get(person__name=person_name)
    row = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("mentions-") and key.endswith("-id") and value == str(mention.pk)
    )
    data[f"{row}-decision"] = decision
    return client.post(change_url(article), data)


def persons(article):
    return set(article.mentions.filter(person__isnull=False).values_list("person__name", flat=True))


def test_admin_shows_where_each_mention_came_from(client, imported):
    client.force_login(editor())
    page = client.get(change_url(imported)).content.decode()
    assert "Как найдено" in page
    assert "выделение жирным" in page  # Сергей Лавров
    assert "реплика в стенограмме" in page  # Ван И
    assert "ждёт решения" in page
    assert list(
        imported.mentions.filter(person__isnull=False).values_list("source", flat=True)
    ) == [
        Mention.Source.BOLD,
        Mention.Source.TRANSCRIPT,
    ]


def test_rejected_mention_is_removed_and_not_found_again(client, imported):
    client.force_login(editor())
    response = decide(client, imported, "Ван И", "reject")
    assert response.status_code == 302
    assert persons(imported) == {"Сергей Лавров"}
    rejected = RejectedMention.objects.get(article=imported)
    assert (rejected.person.name, rejected.written_as) == ("Ван И", "Ван И")
    assert rejected.source == Mention.Source.TRANSCRIPT
    client.post(change_url(imported), {**article_form(client, imported), "_find_mentions": "1"})
    assert persons(imported) == {"Сергей Лавров"}
    assert not imported.quotes.exists()  # the rejected speaker's words are not quoted either


def test_rejected_mention_is_not_added_again_by_a_reimport(client, imported, tmp_path):
    client.force_login(editor())
    decide(client, imported, "Сергей Лавров", "reject")
    reimport(tmp_path, TEXT.replace("в Пекине.", "в Пекине во вторник."))
    assert persons(imported) == {"Ван И"}


def test_rejection_holds_when_the_person_is_deleted_and_the_name_found_again(client, imported):
    client.force_login(editor())
    decide(client, imported, "Ван И", "reject")
    rejected = RejectedMention.objects.get()
    rejected.person.delete()  # the person existed only through this wrong mention
    client.post(change_url(imported), {**article_form(client, imported), "_find_mentions": "1"})
    assert persons(imported) == {"Сергей Лавров"}


def test_accepted_and_hand_added_mentions_survive_a_reimport(client, imported, tmp_path):
    client.force_login(editor())
    decide(client, imported, "Сергей Лавров", "accept")
    assert imported.mentions.get(person__name="Сергей Лавров").accepted
    putin = PersonFactory(name="Владимир Путин")
    Mention.objects.create(article=imported, person=putin, order=9)  # as the inline adds one
    corrected = TEXT.replace("**Сергей Лавров**", "Сергей Лавров")  # the bold was lost
    reimport(tmp_path, corrected)
    assert persons(imported) == {"Сергей Лавров", "Владимир Путин", "Ван И"}
    page = client.get(change_url(imported)).content.decode()
    assert "принято" in page and "добавлено редактором" in page


def test_unaccepted_found_mention_is_replaced_by_a_reimport(imported, tmp_path):
    # The corrected text no longer names him, bold or not.
    corrected = TEXT.replace(" **Сергей Лавров**", "")
    reimport(tmp_path, corrected)
    assert persons(imported) == {"Ван И"}


def test_reporter_cannot_reject_a_mention_in_someone_elses_article(client, imported):
    imported.created_by = reporter("author")
    imported.save()
    form = None
    client.force_login(editor("desk"))
    form = article_form(client, imported)  # the form as an editor sees it
    client.force_login(reporter("other"))
    row = next(
        k.removesuffix("-id") for k in form if k.startswith("mentions-") and k.endswith("-id")
    )
    response = client.post(change_url(imported), {**form, f"{row}-decision": "reject"})
    assert response.status_code == 403
    assert persons(imported) == {"Сергей Лавров", "Ван И"}
    assert not RejectedMention.objects.exists()


def test_reject_and_accept_check_the_users_right_to_change_the_article(imported):
    imported.created_by = reporter("author")
    imported.save()
    mention = imported.mentions.get(person__name="Ван И")
    with pytest.raises(PermissionDenied):
        mention.reject(by=reporter("other"))
    with pytest.raises(PermissionDenied):
        mention.accept(by=reporter("another"))
    mention.refresh_from_db()
    assert not mention.accepted
    assert not RejectedMention.objects.exists()


def test_deleting_a_rejection_lets_find_add_the_mention_again(client, imported):
    client.force_login(editor())
    decide(client, imported, "Ван И", "reject")
    rejected = RejectedMention.objects.get()
    delete_url = reverse("admin:articles_rejectedmention_delete", args=[rejected.pk])
    assert (
        "Ван И" in client.get(reverse("admin:articles_rejectedmention_changelist")).content.decode()
    )
    client.post(delete_url, {"post": "yes"})
    assert not RejectedMention.objects.exists()
    client.post(change_url(imported), {**article_form(client, imported), "_find_mentions": "1"})
    assert persons(imported) == {"Сергей Лавров", "Ван И"}


def test_reporter_cannot_undo_a_rejection_in_someone_elses_article(client, imported):
    imported.created_by = reporter("author")
    imported.save()
    imported.mentions.get(person__name="Ван И").reject(by=editor())
    rejected = RejectedMention.objects.get()
    client.force_login(reporter("other"))
    response = client.post(
        reverse("admin:articles_rejectedmention_delete", args=[rejected.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert RejectedMention.objects.filter(pk=rejected.pk).exists()


def test_mentions_page_lists_and_filters_by_source(client, imported):
    from django.urls import reverse

    client.force_login(editor())
    changelist = reverse("admin:articles_mention_changelist")
    page = client.get(changelist).content.decode()
    assert "реплика в стенограмме" in page  # Ван И's row says where he was found
    assert "?source__exact=transcript" in page  # and the sidebar filters by it


def test_rejection_is_in_the_articles_history_and_a_revert_lifts_it(client, imported):
    from reversion.models import Version

    client.force_login(editor())
    decide(client, imported, "Сергей Лавров", "accept")  # a version before the rejection
    before = Version.objects.get_for_object(imported).first()
    decide(client, imported, "Ван И", "reject")
    rejected = RejectedMention.objects.get(article=imported)
    latest = Version.objects.get_for_object(imported).first()
    assert latest.revision.version_set.filter(object_id=str(rejected.pk)).exists()
    assert latest.revision.user.username == "editor"

    revision_url = reverse("admin:articles_article_revision", args=[imported.pk, before.pk])
    assert (
        client.post(revision_url, form_data(client.get(revision_url), "article_form")).status_code
        == 302
    )
    assert persons(imported) == {"Сергей Лавров", "Ван И"}
    assert not RejectedMention.objects.exists()
