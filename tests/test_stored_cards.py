"""Article cards are rendered once, kept with the article's stored page, and never shown
out of date (articles.stored_cards).

Each test views a list until its cards are stored (the first view makes the rows that hold
the stamps, the second stores the cards), changes something a card shows, and expects
the change on the next view. With the page cache and fragments off throughout: what is
tested is the stored rendering, not a cache.
"""

import json
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles import cards, menu, stored_cards, stored_fragments, stored_pages
from articles.factories import ArticleFactory, MentionFactory
from articles.models import Article, StoredPage
from media import renditions
from media.factories import PhotoFactory
from media.models import Photo
from people.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_cached")]


@pytest.fixture(autouse=True)
def lists_rendered_on_every_view(monkeypatch):
    """As after a change elsewhere in the site, each view renders its list: the list's
    stored piece (articles.stored_fragments, tests/test_stored_fragments.py) would serve
    later views without reading a card at all."""

    def rendered(name, parts, compute, request=None, using="default", vary=()):
        return compute()

    monkeypatch.setattr(stored_fragments, "stored_fragment", rendered)


@pytest.fixture
def article(committed):
    with committed():
        article = ArticleFactory(
            published=True,
            headline="Мэрия открыла мост",
            dek="Движение пустят весной",
            lead_photo=PhotoFactory(with_image=True, alt_text="Мост через реку"),
            tags=["мосты"],
        )
        # The home page's lead story: the article is one of its top stories' cards.
        ArticleFactory(published=True, lead_photo=PhotoFactory(with_image=True))
        MentionFactory(article=article, person=PersonFactory(name="Иван Петров"))
    # As while its renditions are not made yet: cards show the original.
    Photo.objects.filter(pk=article.lead_photo_id).update(renditions={})
    return article


EVERY_LIST = ["home", "tag", "section", "archive", "person"]


def list_urls(article):
    tag = Tag.objects.get(name="мосты")
    return {
        "home": "/",
        "tag": reverse("articles:tag", kwargs={"slug": tag.slug}),
        "section": article.section.get_absolute_url(),
        "archive": f"/archive/{article.published_at.year}/",
        "person": article.mentions.get().person.get_absolute_url(),
    }


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    # The CSP nonce differs on every response.
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def stored(article):
    return StoredPage.objects.get(article=article)


def store_cards(client, url):
    """View ``url`` until its cards are stored; the page as shown each time."""
    return [page(client, url), page(client, url)]


@pytest.mark.parametrize("name", EVERY_LIST)
def test_a_list_stores_its_cards_and_shows_them_unchanged(client, article, name):
    url = list_urls(article)[name]
    shown = store_cards(client, url)
    row = stored(article)
    assert row.card and row.card_stamp == row.stamp
    shown.append(page(client, url))  # from the stored card
    assert shown[0] == shown[1] == shown[2]
    assert "Мэрия открыла мост" in shown[2]


def test_what_readers_get_is_what_was_stored(client, article):
    url = list_urls(article)["tag"]
    store_cards(client, url)
    parts = json.loads(stored(article).card)
    parts["link"] = parts["link"].replace("Мэрия открыла мост", "Из хранилища")
    StoredPage.objects.filter(article=article).update(card=json.dumps(parts))
    assert "Из хранилища" in page(client, url)


def test_a_list_with_stored_cards_makes_no_query_for_them(client, article, committed):
    url = list_urls(article)["tag"]
    counts = []
    for _view in range(4):
        # Django empties the query log as a request starts: first one that makes none
        # (robots.txt, once the site state is read).
        client.get("/robots.txt")
        client.get("/robots.txt")
        menu.forget()  # each reads the sections menu, as a process's first page does
        with CaptureQueriesContext(connection) as captured:
            page(client, url)
        counts.append(len(captured.captured_queries))
    # The first two: + the section and lead photo of the cards not stored, then the rows
    # holding their stamps (first) or the store (second); then neither.
    assert counts[0] == counts[1] == counts[2] + 2 == counts[3] + 2


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"hide_dek": True},
        {"hide_section": True, "card_class": "latest-item"},
        {"eager": True, "thumb_sizes": "(min-width: 1024px) 18rem, 10rem"},
        {"no_thumbnail": True},
    ],
)
@pytest.mark.parametrize("made", [False, True], ids=["original", "renditions"])
def test_a_card_put_together_from_stored_parts_is_the_rendered_card(
    article, committed, options, made
):
    if made:
        with committed():
            renditions.make_all(article.lead_photo_id)
    listed = Article.objects.published().for_card_list().filter(pk=article.pk)
    list(listed)  # makes the row
    list(listed)  # stores the card
    (from_store,) = listed.all()
    assert from_store.card_parts == json.loads(stored(article).card)
    rendered = Article.objects.published().for_listing().get(pk=article.pk)
    assert not hasattr(rendered, "card_parts")
    card = cards.article_card(from_store, 3, **options)
    assert card == cards.article_card(rendered, 3, **options)
    assert ("srcset=" in card) is (made and not options.get("no_thumbnail"))


# Each changes what the article's card shows; returns what its lists show then, and
# which lists show it (a section's own list shows no section on its cards, and the home
# page no dek on its top stories).
def rename_section(article):
    article.section.name = "Городское хозяйство"
    article.section.save()
    return ">Городское хозяйство</a></p>", ["home", "tag", "archive", "person"]


def change_alt_text(article):
    article.lead_photo.alt_text = "Мост вечером"
    article.lead_photo.save()
    return 'alt="Мост вечером"', EVERY_LIST


def make_renditions(article):
    renditions.make_all(article.lead_photo_id)
    photo = Photo.objects.get(pk=article.lead_photo_id)
    return cards.thumbnail_parts(photo)["webp_srcset"], EVERY_LIST


def headline_without_a_save(article):
    Article.objects.filter(pk=article.pk).update(headline="Мост закрыли ремонтники")
    return "Мост закрыли ремонтники", EVERY_LIST


def dek_saved(article):
    article.dek = "Движение пустят летом"
    article.save()
    return "Движение пустят летом", ["tag", "section", "archive", "person"]


@pytest.mark.parametrize(
    "change", [rename_section, change_alt_text, make_renditions, headline_without_a_save, dek_saved]
)
def test_a_change_to_what_a_card_shows_shows_on_the_next_view(client, article, committed, change):
    urls = list_urls(article)
    for url in urls.values():
        store_cards(client, url)
    before = {name: page(client, url) for name, url in urls.items()}
    with committed():
        expected, names = change(article)
    for name in names:
        assert expected not in before[name]
        assert expected in page(client, urls[name]), name


def test_a_deleted_lead_photo_leaves_the_card(client, article, committed):
    url = list_urls(article)["tag"]
    assert 'alt="Мост через реку"' in store_cards(client, url)[1]
    with committed():
        article.lead_photo.delete()
    shown = page(client, url)
    assert "Мэрия открыла мост" in shown and 'alt="Мост через реку"' not in shown


@pytest.mark.parametrize("joined", [False, True], ids=["own columns", "joined"])
def test_a_rendering_racing_a_change_is_not_stored(client, article, monkeypatch, joined):
    url = list_urls(article)["tag"]
    store_cards(client, url)
    StoredPage.objects.filter(article=article).update(card_fingerprint="")  # out of date
    render, renamed = cards.card_parts, []

    def render_while_the_section_is_renamed(source, **options):
        # A reader read the article and its section, then an editor renamed the section
        # before the reader's card was stored.
        parts = render(source, **options)
        if not renamed:
            renamed.append(rename_section(article))
        return parts

    monkeypatch.setattr(cards, "card_parts", render_while_the_section_is_renamed)
    (read,) = Article.objects.published().filter(pk=article.pk).for_card_list(joined=joined)
    monkeypatch.undo()
    assert renamed and ">Городское хозяйство</a></p>" not in read.card_parts["kicker"]
    row = stored(article)
    assert row.card_stamp != row.stamp  # not kept: the stamp moved on
    assert ">Городское хозяйство</a></p>" in page(client, url)


def test_another_time_zone_renders_the_cards_anew(client, article, settings):
    url = list_urls(article)["tag"]
    settings.TIME_ZONE = "Europe/Moscow"
    store_cards(client, url)
    StoredPage.objects.filter(article=article).update(card=json.dumps({"stale": True}))
    settings.TIME_ZONE = "Asia/Vladivostok"
    assert "Мэрия открыла мост" in page(client, url)


def test_new_code_renders_every_card_anew(client, article, monkeypatch):
    url = list_urls(article)["tag"]
    store_cards(client, url)
    StoredPage.objects.filter(article=article).update(card=json.dumps({"stale": True}))
    monkeypatch.setattr(stored_cards, "code_fingerprint", lambda: "a new release")
    assert "Мэрия открыла мост" in page(client, url)


def test_a_cleared_article_page_clears_its_card(client, article):
    url = list_urls(article)["tag"]
    store_cards(client, url)
    stored_pages.clear(Article.objects.filter(pk=article.pk))
    row = stored(article)
    assert row.card_stamp != row.stamp


# The lead story as home.html wrote it before articles.cards.lead_story.
LEAD_STORY_TEMPLATE = """{% load public %}<article class="lead-story">
  {% if lead.lead_photo.has_image %}{% thumbnail lead.lead_photo eager=True sizes="(min-width: 1024px) 38rem, 100vw" %}{% endif %}
  {% if lead.section %}<p class="kicker"><a href="{{ lead.section.get_absolute_url }}">{{ lead.section.name }}</a></p>{% endif %}
  <h2 class="lead-headline"><a href="{{ lead.get_absolute_url }}">{{ lead.headline|typography }}</a></h2>
  {% if lead.dek %}<p class="dek">{{ lead.dek|typography }}</p>{% endif %}
  <p class="meta">{{ lead.published_at|time_element }}</p>
</article>"""  # noqa: E501


@pytest.mark.parametrize("variant", ["as made", "no photo", "no section", "no dek", "bare"])
def test_the_lead_story_from_stored_parts_is_the_one_the_template_rendered(
    article, committed, variant
):
    changes = {
        "no photo": {"lead_photo": None},
        "no section": {"section": None},
        "no dek": {"dek": ""},
        "bare": {"lead_photo": None, "section": None, "dek": ""},
    }.get(variant, {})
    with committed():
        Article.objects.filter(pk=article.pk).update(headline="Мэрия & «мост» <b>", **changes)
    listed = Article.objects.published().filter(pk=article.pk).for_card_list()
    list(listed)  # makes the row
    list(listed)  # stores the card
    (from_store,) = listed.all()
    assert stored(article).card
    rendered = Article.objects.published().for_listing().get(pk=article.pk)
    expected = Template(LEAD_STORY_TEMPLATE).render(Context({"lead": rendered}))
    assert cards.lead_story(from_store) == expected
    assert cards.lead_story(rendered) == expected
