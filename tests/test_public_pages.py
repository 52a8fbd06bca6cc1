"""The readers' pages: home, sections, tags, archives, persons, organizations, articles."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.factories import ArticleFactory, MentionFactory, QuoteFactory, SectionFactory
from articles.models import Article, FormerSlug, Mention, StoredFragment
from media.factories import PhotoFactory
from newsroom.typography import typograph
from people.factories import OrganizationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_ld_of(page):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


# Home


def fill_front_page(section, count=20):
    """``count`` fresh articles: the whole first page of the front page (its page size)."""
    return [
        ArticleFactory(
            published=True, section=section, headline=f"Лента {n}", published_at=ago(minutes=n)
        )
        for n in range(count)
    ]


def test_home_shows_the_lead_story_the_latest_and_a_block_per_section(client):
    feed = SectionFactory(name="Лента", position=3)
    politics = SectionFactory(name="Политика", position=1)
    economy = SectionFactory(name="Экономика", position=2)
    older = ArticleFactory(published=True, section=economy, headline="Рубль окреп")
    older.publish(at=ago(hours=5))
    earlier = ArticleFactory(published=True, section=politics, headline="Саммит ОДКБ открылся")
    earlier.publish(at=ago(hours=4))
    fill_front_page(feed)
    page = html_of(client, "/")
    assert re.search(r'class="lead-story".*Лента 0', page, re.S)
    assert "Рубль окреп" in page
    blocks = re.findall(r'<section class="section-block".*?</section>', page, re.S)
    # The feed's articles all stand above: its block would only repeat them.
    assert [("Политика" in b, "Экономика" in b) for b in blocks] == [(True, False), (False, True)]
    assert earlier.headline in blocks[0] and older.headline in blocks[1]


def test_each_home_section_block_holds_its_three_newest_articles_not_shown_above(client):
    crowded = SectionFactory(name="Политика", position=1)
    quiet = SectionFactory(name="Наука", position=2)
    SectionFactory(name="Спорт", position=3)  # nothing published: no block
    fill_front_page(SectionFactory(name="Лента", position=4))
    for n in range(5):
        ArticleFactory(
            published=True, section=crowded, headline=f"Сюжет {n}", published_at=ago(hours=n + 1)
        )
    ArticleFactory(section=crowded, headline="Черновик раздела")
    ArticleFactory(
        published=True, section=crowded, headline="Завтрашний", published_at=ago(hours=-2)
    )
    ArticleFactory(published=True, section=quiet, headline="Единственная заметка")
    page = html_of(client, "/")
    blocks = re.findall(r'<section class="section-block".*?</section>', page, re.S)
    headlines = [re.findall(r'class="card-headline"><a [^>]*>([^<]+)<', b) for b in blocks]
    assert headlines == [["Сюжет 0", "Сюжет 1", "Сюжет 2"], ["Единственная заметка"]]
    assert "Черновик раздела" not in page and "Завтрашний" not in page


def test_home_paginates_the_latest_articles(client, settings):
    section = SectionFactory()
    for n in range(25):
        ArticleFactory(
            published=True, section=section, headline=f"Сюжет {n:02}", published_at=ago(minutes=n)
        )
    first = html_of(client, "/")
    second = html_of(client, "/?page=2")
    assert "Сюжет 00" in first and "Сюжет 24" not in first
    assert "Сюжет 24" in second and 'rel="prev" href="?"' not in second
    assert 'rel="next" href="?page=2"' in first
    assert client.get("/?page=99").status_code == 404


# Sections, tags, archives


def test_section_page_lists_its_articles_and_links_its_feeds(client):
    section = SectionFactory(name="Культура")
    ArticleFactory(published=True, section=section, headline="Открылась выставка")
    ArticleFactory(published=True, headline="Чужая новость")
    page = html_of(client, section.get_absolute_url())
    assert "<h1>Культура</h1>" in page
    assert "Открылась выставка" in page and "Чужая новость" not in page
    assert f'href="{section.get_absolute_url()}rss/"' in page


def test_article_tags_link_to_a_tag_page_listing_tagged_articles(client):
    article = ArticleFactory(published=True, headline="Учения ОДКБ", tags=["ОДКБ"])
    ArticleFactory(published=True, headline="Без метки")
    page = html_of(client, article.get_absolute_url())
    match = re.search(r'<a class="tag" href="([^"]+)">ОДКБ</a>', page)
    assert match
    tag_page = html_of(client, match.group(1))
    assert "ОДКБ" in tag_page and "Учения ОДКБ" in tag_page and "Без метки" not in tag_page
    assert "1 статья" in tag_page


def test_unknown_tag_is_404(client):
    assert client.get("/tags/net-takogo/").status_code == 404


def test_date_archive_lists_the_articles_of_that_day_month_and_year(client):
    moment = timezone.make_aware(datetime.datetime(2024, 3, 8, 10, 0))
    ArticleFactory(published=True, headline="Праздничная новость").publish(at=moment)
    ArticleFactory(published=True, headline="Другой день").publish(
        at=moment + datetime.timedelta(days=1)
    )
    day = html_of(client, "/archive/2024/3/8/")
    assert "Праздничная новость" in day and "Другой день" not in day
    assert "8 марта 2024" in day
    month = html_of(client, "/archive/2024/3/")
    assert "Праздничная новость" in month and "Другой день" in month
    assert "Праздничная новость" in html_of(client, "/archive/2024/")
    assert client.get("/archive/2024/2/30/").status_code == 404


def test_article_date_links_to_its_day_archive(client):
    article = ArticleFactory(published=True)
    article.publish(at=timezone.make_aware(datetime.datetime(2022, 2, 10, 19, 12)))
    assert 'href="/archive/2022/2/10/"' in html_of(client, article.get_absolute_url())


# Persons and organizations


def test_person_page_shows_portrait_roles_as_a_timeline_articles_and_quotes(client):
    person = PersonFactory(name="Касым-Жомарт Токаев", portrait=PhotoFactory(caption="Портрет"))
    RoleFactory(person=person, title="президент Казахстана", start_date=datetime.date(2019, 6, 12))
    RoleFactory(
        person=person,
        title="председатель Сената",
        start_date=datetime.date(2011, 4, 13),
        end_date=datetime.date(2019, 3, 19),
    )
    article = ArticleFactory(published=True, headline="Заявление президента")
    MentionFactory(article=article, person=person)
    QuoteFactory(article=article, speaker=person, text="Мы сделаем всё, что в наших силах")
    page = html_of(client, person.get_absolute_url())
    page = page[page.index("<main") :]
    current = re.search(r'<ul class="current-role roles">(.*?)</ul>', page, re.S).group(1)
    assert "Президент Казахстана" in current and "blockquote" not in current
    earlier = page.index(_("Earlier"))
    assert page.index("current-role") < earlier < page.index("председатель Сената")
    assert re.search(r'class="roles timeline">.*председатель Сената', page, re.S)
    assert "с 13 апреля 2011" in page and "по 19 марта 2019" in page
    assert "Портрет" in page
    assert "Заявление президента" in page
    # As readers see it: with non-breaking spaces after short words (newsroom.typography).
    assert f"«{typograph('Мы сделаем всё, что в наших силах')}»" in page


def test_organization_page_shows_acronym_full_name_bodies_role_holders_and_articles(client):
    parent = OrganizationFactory(name="Организация Договора о коллективной безопасности")
    odkb = OrganizationFactory(name="Объединённый штаб", short_name="ОШ", parent=parent)
    child = OrganizationFactory(name="Оперативный отдел", parent=odkb)
    holder = PersonFactory(name="Анатолий Сидоров")
    RoleFactory(person=holder, title="начальник штаба", organization=odkb)
    article = ArticleFactory(published=True, headline="Штаб провёл совещание")
    Mention.objects.create(article=article, organization=odkb)
    page = html_of(client, odkb.get_absolute_url())
    assert '<abbr title="Объединённый штаб">ОШ</abbr>' in page
    assert f'href="{parent.get_absolute_url()}"' in page
    assert f'href="{child.get_absolute_url()}"' in page
    assert "Анатолий Сидоров" in page and "начальник штаба" in page
    assert "Штаб провёл совещание" in page


# Article page


def test_article_page_shows_updated_time_correction_section_and_bylines(client, django_user_model):
    author = django_user_model.objects.create_user(
        "reporter", first_name="Анна", last_name="Иванова"
    )
    article = ArticleFactory(published=True, headline="Исправленная новость")
    article.authors.add(author)
    Article.objects.filter(pk=article.pk).update(
        content_updated_at=timezone.make_aware(datetime.datetime(2024, 5, 2, 9, 30)),
        corrections="В первой версии была неверно указана дата.",
        corrected_at=timezone.make_aware(datetime.datetime(2024, 5, 2, 9, 45)),
    )
    page = html_of(client, article.get_absolute_url())
    assert pgettext("article page", "updated") in page and "2 мая 2024, 09:30" in page
    assert _("Correction") in page and "неверно указана дата" in page
    assert "2 мая 2024, 09:45" in page
    assert "Анна Иванова" in page
    assert f'href="{article.section.get_absolute_url()}"' in page


def test_article_without_update_or_correction_shows_neither(client):
    page = html_of(client, ArticleFactory(published=True).get_absolute_url())
    assert pgettext("article page", "updated") not in page and _("Correction") not in page


def test_related_articles_share_persons_and_tags(client):
    person = PersonFactory()
    article = ArticleFactory(published=True, headline="Главная", tags=["выборы"])
    MentionFactory(article=article, person=person)
    both = ArticleFactory(published=True, headline="Общие и персона и метка", tags=["выборы"])
    MentionFactory(article=both, person=person)
    by_tag = ArticleFactory(published=True, headline="Только метка", tags=["выборы"])
    ArticleFactory(published=True, headline="Ничего общего", tags=["погода"])
    page = html_of(client, article.get_absolute_url())
    related = re.search(r'<section class="related".*?</section>', page, re.S).group(0)
    assert related.index(typograph(both.headline)) < related.index(by_tag.headline)
    assert "Ничего общего" not in related and "Главная" not in related


def test_related_articles_rank_by_what_they_share_then_by_date_and_stop_at_five(client):
    first, second = PersonFactory(), PersonFactory()
    article = ArticleFactory(published=True, headline="Исходная", tags=["бюджет", "налоги"])
    MentionFactory(article=article, person=first)
    MentionFactory(article=article, person=second)
    most = ArticleFactory(
        published=True, headline="Всё общее", tags=["бюджет", "налоги"], published_at=ago(days=9)
    )
    MentionFactory(article=most, person=first)
    MentionFactory(article=most, person=second)
    for n in range(6):  # one tag each; the newest come first among equals
        ArticleFactory(
            published=True, headline=f"Про бюджет {n}", tags=["бюджет"], published_at=ago(hours=n)
        )
    page = html_of(client, article.get_absolute_url())
    related = re.search(r'<section class="related".*?</section>', page, re.S).group(0)
    assert re.findall(r'class="card-headline"><a [^>]*>([^<]+)</a>', related) == [
        "Всё общее",
        "Про бюджет 0",
        "Про бюджет 1",
        "Про бюджет 2",
        "Про бюджет 3",
    ]


def test_changed_slug_of_a_published_article_redirects_permanently(client):
    article = ArticleFactory(published=True, headline="Старый заголовок")
    old_url = article.get_absolute_url()
    article.slug = "novyi-adres"
    article.save()
    assert FormerSlug.objects.filter(slug=old_url.strip("/").split("/")[-1]).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/news/novyi-adres/"
    assert client.get("/news/novyi-adres/").status_code == 200


def test_changing_a_draft_slug_keeps_no_former_address(client):
    article = ArticleFactory(headline="Черновик")
    article.slug = "drugoi"
    article.save()
    assert not FormerSlug.objects.exists()


def test_former_address_of_a_withdrawn_article_is_404(client):
    article = ArticleFactory(published=True)
    old_url = article.get_absolute_url()
    article.slug = "novyi"
    article.save()
    article.withdraw("ошибка")
    assert client.get(old_url).status_code == 404


def test_error_pages_are_russian(client):
    from django.template.loader import render_to_string

    response = client.get("/news/net-takoi/")
    assert response.status_code == 404 and "Страница не найдена" in response.content.decode()
    assert "Ошибка на сервере" in render_to_string("500.html")


# Metadata


def test_every_page_has_russian_language_title_description_and_canonical(client):
    article = ArticleFactory(published=True, tags=["ОДКБ"])
    person = MentionFactory(article=article).person
    for url in ["/", article.get_absolute_url(), person.get_absolute_url(), "/search/?q=ОДКБ"]:
        page = html_of(client, url)
        assert '<html lang="ru">' in page
        assert re.search(r"<title>[^<]+</title>", page)
        assert re.search(r'<meta name="description" content="[^"]+">', page)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)
        assert canonical.startswith("http://testserver/")


def test_canonical_address_drops_tracking_parameters_and_keeps_the_page(client):
    section = SectionFactory()
    for _n in range(25):
        ArticleFactory(published=True, section=section)
    page = html_of(client, "/?page=2&utm_source=x")
    assert '<link rel="canonical" href="http://testserver/?page=2">' in page


def test_article_page_has_open_graph_twitter_and_news_article_json_ld(
    client, django_user_model, django_capture_on_commit_callbacks
):
    author = django_user_model.objects.create_user("a", first_name="Анна", last_name="Петрова")
    with django_capture_on_commit_callbacks(execute=True):  # its renditions are made
        photo = PhotoFactory(with_image=True, caption="Саммит")
    article = ArticleFactory(published=True, headline="Саммит", dek="Лид", lead_photo=photo)
    article.authors.add(author)
    page = html_of(client, article.get_absolute_url())
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Саммит">' in page
    assert re.search(
        r'<meta property="og:image" content="http://testserver/uploads/renditions/', page
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    data = json_ld_of(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Саммит"
    assert data["image"][0].startswith("http://testserver/uploads/renditions/")
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.published_at.isoformat()
    assert data["author"] == [{"@type": "Person", "name": "Анна Петрова"}]
    assert data["publisher"]["name"] == "Редакция"


def test_json_ld_cannot_close_its_script_element(client):
    article = ArticleFactory(published=True, headline="</script><script>alert(1)</script> & <b>")
    page = html_of(client, article.get_absolute_url())
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    assert json_ld_of(page)["headline"] == article.headline


def test_person_page_has_person_json_ld(client):
    person = PersonFactory(name="Никол Пашинян")
    RoleFactory(person=person, title="премьер-министр Армении")
    page = html_of(client, person.get_absolute_url())
    data = json_ld_of(page)
    assert data["@type"] == "Person"
    assert data["name"] == "Никол Пашинян"
    assert data["jobTitle"] == ["премьер-министр Армении"]
    assert data["url"] == f"http://testserver{person.get_absolute_url()}"


def test_pages_work_without_javascript(client):
    page = html_of(client, "/")
    assert "<script" not in page.replace('<script type="application/ld+json">', "")
    assert '<form class="search-form" role="search" action="/search/" method="get">' in page


def test_escaped_user_text_on_cards(client):
    ArticleFactory(published=True, headline="<i>курсив</i>")
    assert escape("<i>курсив</i>") in html_of(client, "/")


def queries_of(client, url):
    """The queries a view of ``url`` makes. Django empties the query log as a request
    starts: a request that makes none (robots.txt once the site state is read) comes first."""
    client.get("/robots.txt")
    client.get("/robots.txt")
    with CaptureQueriesContext(connection) as captured:
        html = html_of(client, url)
    return html, len(captured)


def test_person_page_asks_for_photos_only_of_a_person_linked_to_some(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_FRAGMENT_CACHE = False
    person = PersonFactory(name="Иван Петров")
    person.photos.add(PhotoFactory(with_image=True, caption="Петров на заводе"))
    # Each a first view, with no list piece or count stored yet (articles.stored_fragments).
    StoredFragment.objects.all().delete()
    shown, linked = queries_of(client, person.get_absolute_url())
    assert "Петров на заводе" in shown
    person.photos.clear()
    StoredFragment.objects.all().delete()
    shown, unlinked = queries_of(client, person.get_absolute_url())
    assert "Петров на заводе" not in shown
    assert unlinked == linked - 1
