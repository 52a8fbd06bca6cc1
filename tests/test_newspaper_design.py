"""The readers' site as a newspaper: the front page, thumbnails, fonts and the weight of a first visit."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticleFactory, SectionFactory
from articles.views import front_page
from media.factories import PhotoFactory
from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from tests.tools import screenshot

STATIC = Path(__file__).resolve().parents[1] / "static"
FIRST_VISIT_BUDGET = 150 * 1024  # fonts and CSS together, in bytes


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def newspaper(pictured=8, plain=4, sections=("Политика", "Экономика", "Спорт")):
    """A site with enough stories for every part of the front page."""
    made = [SectionFactory(name=name, position=n) for n, name in enumerate(sections)]
    articles = []
    for n in range(pictured + plain + 24):
        articles.append(
            ArticleFactory(
                published=True,
                section=made[n % len(made)],
                headline=f"Новость номер {n}",
                lead_photo=PhotoFactory(with_image=True) if n < pictured or n >= 20 else None,
                published_at=ago(hours=n),
            )
        )
    return articles


def headline_links(page):
    return re.findall(r'class="(?:card|lead)-headline"><a href="([^"]+)"', page)


@pytest.mark.django_db
def test_no_article_appears_twice_on_the_front_page(client):
    newspaper()
    page = client.get("/").content.decode()
    links = headline_links(page)
    assert len(links) > 20  # the first page and the section blocks
    assert len(links) == len(set(links))


@pytest.mark.django_db
def test_front_page_has_lead_secondary_latest_and_section_blocks(client):
    newspaper()
    page = client.get("/").content.decode()
    lead = re.search(r'<article class="lead-story">.*?</article>', page, re.S).group(0)
    assert "Новость номер 0<" in lead and "<img" in lead
    secondary = re.search(r'<section class="secondary".*?</section>', page, re.S).group(0)
    assert secondary.count("<img") == 4
    latest = re.search(r'<section class="latest".*?</section>', page, re.S).group(0)
    assert "<time" in latest and "Новость номер 8<" in latest
    blocks = re.findall(r'<section class="section-block".*?</section>', page, re.S)
    assert len(blocks) == 3
    # Each block's first story has its photo (wide screens hide the others' thumbnails).
    for block in blocks:
        cards = re.findall(r'<article class="card.*?</article>', block, re.S)
        assert "<img" in cards[0]


def test_front_page_lead_is_the_newest_story_with_a_picture():
    class Story:
        def __init__(self, name, photo):
            self.name, self.lead_photo_id = name, 1 if photo else None
            self.lead_photo = type("P", (), {"has_image": photo})()

    stories = [Story("a", False), Story("b", True), Story("c", True), Story("d", False)]
    layout = front_page(stories)
    assert layout["lead"].name == "b"
    assert [s.name for s in layout["secondary"]] == ["c"]
    assert [s.name for s in layout["latest"]] == ["a", "d"]
    assert front_page([])["lead"] is None


@pytest.mark.django_db
def test_every_image_on_public_pages_has_width_and_height(client):
    articles = newspaper()
    person = PersonFactory(portrait=PhotoFactory(with_image=True))
    urls = ["/", articles[0].get_absolute_url(), articles[0].section.get_absolute_url()]
    urls += [person.get_absolute_url(), "/search/?q=Новость"]
    for url in urls:
        page = client.get(url).content.decode()
        images = re.findall(r"<img [^>]*>", page)
        assert images, url
        for img in images:
            assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img), (url, img)


@pytest.mark.django_db
def test_lists_show_cards_with_thumbnails(client):
    articles = newspaper()
    page = client.get(articles[0].section.get_absolute_url()).content.decode()
    pictured = re.findall(r'<article class="card card-pictured.*?</article>', page, re.S)
    assert pictured and all('<picture class="thumb">' in card for card in pictured)


@pytest.mark.django_db
def test_empty_lists_say_so(client):
    section = SectionFactory(name="Культура")
    assert "Статей пока нет" in client.get(section.get_absolute_url()).content.decode()
    assert 'class="empty"' in client.get("/search/?q=абракадабра").content.decode()
    assert 'class="empty"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_person_page_shows_portrait_current_role_and_past_roles_as_a_timeline(client):
    person = PersonFactory(name="Анна Петрова", bio="Экономист, пишет о бюджете.")
    person.portrait = PhotoFactory(with_image=True, alt_text="Портрет: Анна Петрова")
    person.save()
    RoleFactory(person=person, title="министр финансов", start_date=datetime.date(2022, 1, 1))
    RoleFactory(
        person=person,
        title="советник",
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    page = client.get(person.get_absolute_url()).content.decode()
    assert re.search(
        r'<figure class="photo portrait">.*?<img [^>]*alt="Портрет: Анна Петрова"', page, re.S
    )
    current = re.search(r'<ul class="current-role roles">(.*?)</ul>', page, re.S).group(1)
    assert "Министр финансов" in current and "советник" not in current
    assert "<blockquote" not in current
    timeline = re.search(r'<ul class="roles timeline">(.*?)</ul>', page, re.S).group(1)
    assert "советник" in timeline
    assert "Экономист, пишет о" in page


@pytest.mark.django_db
def test_article_page_has_plain_share_links_and_no_script(client):
    article = ArticleFactory(published=True, headline="Проверка")
    page = client.get(article.get_absolute_url()).content.decode()
    share = re.search(r'<aside class="share".*?</aside>', page, re.S).group(0)
    assert "https://vk.com/share.php?url=http" in share and "https://t.me/share/url" in share
    assert "<script src" not in page and "<iframe" not in page


@pytest.mark.django_db
def test_rendered_article_has_russian_typography(client):
    article = ArticleFactory(
        published=True,
        headline='Мэр "Северогорска" - о бюджете',
        body='Глава города В. В. Иванов сказал, что "бюджет" - это план на год.',
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Мэр «Северогорска»\u00a0— о\u00a0бюджете</h1>" in page
    assert "В.\u00a0В.\u00a0Иванов" in page and "«бюджет»\u00a0— это план на\u00a0год" in page
    article.refresh_from_db()
    assert article.headline == 'Мэр "Северогорска" - о бюджете'


def test_fonts_are_self_hosted_with_their_licences():
    css = (STATIC / "css" / "site.css").read_text()
    fonts = re.findall(r"url\(\.\./fonts/([^)]+)\)", css)
    assert len(fonts) == 8
    for name in fonts:
        assert (STATIC / "fonts" / name).exists(), name
    assert "@import" not in css and "//" not in "".join(fonts)
    for family in ("pt-serif", "pt-sans"):
        assert "Open Font License" in (STATIC / "fonts" / f"{family}-OFL.txt").read_text()


def test_fonts_and_css_weigh_at_most_150_kb_on_a_first_visit():
    css = STATIC / "css" / "site.css"
    fonts = [
        STATIC / "fonts" / n for n in re.findall(r"url\(\.\./fonts/([^)]+)\)", css.read_text())
    ]
    total = css.stat().st_size + sum(font.stat().st_size for font in fonts)
    assert total <= FIRST_VISIT_BUDGET, f"{total} bytes"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [360, 768, 1024, 1440, 1920])
def test_pages_read_at_each_width_and_the_front_page_is_a_grid(browser, live_server, width):
    articles = newspaper()
    for article in articles[:12]:
        article.tags.add("бюджет")
    person = PersonFactory(name="Анна Петрова", portrait=PhotoFactory(with_image=True))
    RoleFactory(person=person, title="министр финансов")
    articles[0].headline = 'Мэр "Северогорска" - о бюджете'  # stored as typed
    articles[0].save()
    urls = {
        "home": "/",
        "article": articles[0].get_absolute_url(),
        "section": articles[0].section.get_absolute_url(),
        "person": person.get_absolute_url(),
        "search": "/search/?q=Новость",
        "tag": reverse("articles:tag", kwargs={"slug": articles[0].tags.first().slug}),
    }
    context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for name, url in urls.items():
            page.goto(live_server.url + url)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways at {width}px"
            # Load the lazy images below the fold too, so the screenshot shows the whole page.
            page.evaluate(
                "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
            )
            page.wait_for_load_state("networkidle")
            screenshot(page, f"design-{name}-{width}")
            if name == "article":  # the typography filter, as the browser renders it
                headline = page.locator("h1").text_content()
                assert headline == "Мэр «Северогорска»\u00a0— о\u00a0бюджете", headline
            if name == "home":
                lead = page.locator(".lead-story").bounding_box()
                secondary = page.locator(".secondary").bounding_box()
                latest = page.locator(".latest").bounding_box()
                if width >= 1024:  # side by side
                    assert lead["x"] + lead["width"] <= secondary["x"] <= latest["x"]
                    assert abs(lead["y"] - secondary["y"]) < 5
                else:  # one column
                    assert secondary["y"] >= lead["y"] + lead["height"]
                    assert abs(lead["x"] - secondary["x"]) < 5
                assert page.locator(".secondary img").count() == 4
                blocks = page.locator(".section-block").count()
                shown = page.locator(".section-block img:visible").count()
                # Wide: a photo for each section's first story; narrow: every thumbnail.
                assert shown == (
                    blocks if width >= 1024 else page.locator(".section-block img").count()
                )
                assert shown >= blocks > 0
        fonts = page.evaluate(
            "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        )
        assert any("PT Serif" in f for f in fonts) and any("PT Sans" in f for f in fonts)
    finally:
        context.close()


@pytest.mark.django_db
def test_organization_page_shows_its_logo_when_there_is_one(client):
    without = OrganizationFactory(name="Городская дума")
    assert "<img" not in client.get(without.get_absolute_url()).content.decode().split("<main")[1]
    logo = PhotoFactory(with_image=True, alt_text="Логотип СРБ")
    bank = OrganizationFactory(name="Северный региональный банк", logo=logo)
    page = client.get(bank.get_absolute_url()).content.decode()
    assert re.search(r'<figure class="photo portrait logo">.*?alt="Логотип СРБ"', page, re.S)


@pytest.mark.django_db
def test_article_page_has_breadcrumbs_to_home_and_its_section(client):
    article = ArticleFactory(published=True, section=SectionFactory(name="Экономика"))
    page = client.get(article.get_absolute_url()).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', page, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Главная"),
        (article.section.get_absolute_url(), "Экономика"),
    ]
