"""The reference article, entered through the ORM, reads completely on the article page."""

import re

import pytest
from django.utils.html import escape

from newsroom.typography import typograph
from tests.reference import PERSONS, build_reference_article, reference_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    article = build_reference_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    """The page's text with tags removed and whitespace collapsed, as a reader sees it."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_headline_dek_and_russian_date_are_shown(page):
    parts = reference_parts()
    # As readers see them: with Russian typography (newsroom.typography) on output.
    assert f"<h1>{typograph(parts['headline'])}</h1>" in page
    assert typograph(parts["dek"]) in page
    assert "10 февраля 2022, 19:12" in page
    assert 'datetime="2022-02-10T19:12:00+03:00"' in page


def test_both_photos_show_caption_and_credit_without_a_broken_image(page):
    parts = reference_parts()
    figures = re.findall(r"<figure class=\"photo[^\"]*\">.*?</figure>", page, re.S)
    assert len(figures) == 2
    for figure, photo in zip(figures, parts["photos"], strict=True):
        assert escape(photo["caption"]) in figure
        assert "пресс-служба президента Казахстана" in figure
        assert "<img" not in figure  # no file supplied yet: no broken image


def test_second_photo_stands_between_the_right_paragraphs(page):
    parts = reference_parts()
    body = text_of(page)
    second_caption = parts["photos"][1]["caption"]
    position = parts["photos"][1]["position"]
    before = text_of(parts["paragraphs"][position - 1].replace("**", ""))
    after = text_of(parts["paragraphs"][position].replace("**", ""))
    assert body.index(before) < body.index(second_caption) < body.index(after)


def test_every_paragraph_is_in_the_body_in_order(page):
    body = text_of(page)
    positions = [
        body.index(text_of(escape(p.replace("**", "")))[:60])
        for p in reference_parts()["paragraphs"]
    ]
    assert positions == sorted(positions)


def test_every_mentioned_person_links_to_their_page(page, client):
    from people.models import Person

    for name in PERSONS:
        person = Person.objects.get(name=name)
        assert f'href="{person.get_absolute_url()}"' in page
        person_page = client.get(person.get_absolute_url()).content.decode()
        assert typograph(reference_parts()["headline"]) in person_page


def test_inflected_bold_name_in_the_body_links_to_the_person(page):
    from people.models import Person

    url = Person.objects.get(name="Касым-Жомарт Токаев").get_absolute_url()
    assert f'<a href="{url}"><strong>Касым-Жомарта Токаева</strong></a>' in page


def test_roles_as_written_are_shown_with_persons(page):
    for role_text, _written in PERSONS.values():
        assert escape(role_text) in page


def test_quote_is_set_as_a_quote_with_its_speaker(page):
    quote = reference_parts()["quote"]
    match = re.search(r'<figure class="quote">(.*?)</figure>', page, re.S)
    assert match, "the quote is not set as a quote"
    figure = match.group(1)
    assert escape(quote) in text_of(figure.split("</blockquote>")[0])
    caption = figure.split("<figcaption>")[1]
    assert "подчеркнул" in caption and "Касым-Жомарт Токаев" in caption
