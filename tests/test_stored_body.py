"""The article page serves the body as rendered when it was saved, and never an outdated one.

The rendering (articles.rendering: the body's text and the list of whom the article
names) is stored on the article; whatever it depends on (the body, quotes, mentions, the
mentioned persons' names, variants and roles, organizations' names) makes it render anew.
"""

import datetime

import pytest

from articles.factories import ArticleFactory, MentionFactory, QuoteFactory
from articles.models import Article, Mention
from people.factories import NameVariantFactory, OrganizationFactory, RoleFactory

pytestmark = pytest.mark.django_db


def body_of(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    return page.split('<div class="body">', 1)[1].split("</div>", 1)[0]


def test_a_saved_article_is_served_from_its_stored_rendering(client, committed):
    with committed():
        article = ArticleFactory(published=True, body='Он сказал: "Да".\n\nВторой абзац.')
    article.refresh_from_db()
    assert len(article.rendered_body["blocks"]) == 2
    # What readers get is the stored text, typography and all.
    Article.objects.filter(pk=article.pk).update(
        rendered_body={
            **article.rendered_body,
            "blocks": [{"kind": "html", "html": "<p>Из хранилища.</p>", "attribution": ""}],
        }
    )
    assert "Из хранилища." in body_of(client, article)


def test_typography_is_applied_to_the_stored_body(client, committed):
    with committed():
        article = ArticleFactory(published=True, body='Он сказал: "Да" - и ушёл.')
    assert "«Да»\u00a0— и\u00a0ушёл" in body_of(client, article)


def test_a_body_changed_without_a_save_is_rendered_anew(client, committed):
    with committed():
        article = ArticleFactory(published=True, body="Старый текст.")
    Article.objects.filter(pk=article.pk).update(body="Новый текст.")
    body = body_of(client, article)
    assert "Новый текст." in body and "Старый" not in body
    article.refresh_from_db()
    assert article.rendered_body["blocks"][0]["html"] == "<p>Новый текст.</p>\n"


def test_bulk_created_articles_get_their_rendering_on_first_view(client):
    (article,) = Article.objects.bulk_create(
        [
            ArticleFactory.build(
                published=True, section=None, slug="iz-importa", body="Импортированный абзац."
            )
        ]
    )
    assert "Импортированный абзац." in body_of(client, article)
    article.refresh_from_db()
    assert article.rendered_body["blocks"]


def test_a_renamed_persons_new_address_reaches_stored_bodies(client, committed):
    with committed():
        article = ArticleFactory(published=True, body="Слово взял **Иван Ершов**.")
        person = MentionFactory(article=article, person__name="Иван Ершов").person
    assert f'href="{person.get_absolute_url()}"' in body_of(client, article)
    with committed():
        person.slug = "ivan-ershov-ministr"
        person.save()
    assert 'href="/persons/ivan-ershov-ministr/"' in body_of(client, article)


def test_a_new_name_variant_links_that_spelling_in_stored_bodies(client, committed):
    with committed():
        article = ArticleFactory(published=True, body="Выступил **Ванька Ершов**.")
        person = MentionFactory(article=article, person__name="Иван Ершов").person
    assert "<a href" not in body_of(client, article)
    with committed():
        NameVariantFactory(person=person, name="Ванька Ершов")
    assert f'<a href="{person.get_absolute_url()}"><strong>Ванька Ершов' in body_of(client, article)


def test_a_quote_recorded_after_publishing_is_set_apart(client, committed):
    with committed():
        article = ArticleFactory(published=True, body="«Мы справимся», сказал министр.")
    assert '<figure class="quote">' not in client.get(article.get_absolute_url()).content.decode()
    with committed():
        QuoteFactory(article=article, text="Мы справимся")
    assert '<figure class="quote">' in client.get(article.get_absolute_url()).content.decode()


def test_a_stored_body_is_as_sanitized_as_a_fresh_one(client, committed):
    with committed():
        article = ArticleFactory(published=True, body="Абзац <script>alert(1)</script> конец.")
    article.refresh_from_db()
    assert "<script" not in str(article.rendered_body)
    assert "<script" not in body_of(client, article)


def test_a_role_recorded_later_shows_beside_the_name_in_stored_lists(client, committed):
    with committed():
        article = ArticleFactory(published=True, body="Слово взял **Иван Ершов**.")
        person = MentionFactory(article=article, person__name="Иван Ершов").person
    assert "— губернатор" not in client.get(article.get_absolute_url()).content.decode()
    with committed():
        RoleFactory(person=person, title="губернатор", start_date=datetime.date(2000, 1, 1))
    assert "— губернатор" in client.get(article.get_absolute_url()).content.decode()


def test_a_renamed_organization_is_renamed_in_stored_lists(client, committed):
    with committed():
        article = ArticleFactory(published=True)
        organization = OrganizationFactory(name="Министерство финансов")
        Mention.objects.create(article=article, organization=organization)
    assert "Министерство финансов" in client.get(article.get_absolute_url()).content.decode()
    with committed():
        organization.name = "Министерство экономики"
        organization.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Министерство экономики" in page and "Министерство финансов" not in page
