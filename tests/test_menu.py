"""The sections menu is rendered once per list generation by each process, and never
shown out of date (articles.menu). Page cache and fragments are off."""

import pytest

from articles.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_cached")]


def menu_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<ul class="sections">') : html.index("</nav>")]


@pytest.fixture
def article(committed):
    with committed():
        return ArticleFactory(published=True, section=SectionFactory(name="Город"))


@pytest.mark.parametrize("page", ["home", "article"])
def test_a_renamed_section_shows_in_the_menu_at_once(client, article, committed, page):
    url = "/" if page == "home" else article.get_absolute_url()
    assert ">Город</a>" in menu_of(client, url)
    with committed():
        article.section.name = "Столица"
        article.section.save()
    menu = menu_of(client, url)
    assert ">Столица</a>" in menu and ">Город</a>" not in menu


def test_a_new_section_shows_in_the_menu_at_once_even_before_the_commit(client, article):
    menu_of(client, article.get_absolute_url())
    SectionFactory(name="Спорт")
    assert ">Спорт</a>" in menu_of(client, article.get_absolute_url())


def test_a_deleted_section_leaves_the_menu(client, article, committed):
    with committed():
        gone = SectionFactory(name="Архив мэрии")
    assert ">Архив мэрии</a>" in menu_of(client, "/")
    with committed():
        gone.delete()
    assert ">Архив мэрии</a>" not in menu_of(client, "/")


def test_a_later_article_view_is_one_query(client, article, django_assert_max_num_queries):
    client.get(article.get_absolute_url())
    # The article with its stored parts, its related articles and the list generation.
    with django_assert_max_num_queries(1):
        menu_of(client, article.get_absolute_url())
