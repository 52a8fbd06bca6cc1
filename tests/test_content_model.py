"""Every relation of the content model holds what the reference article needs."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    MentionFactory,
    QuoteFactory,
    SectionFactory,
)
from articles.models import Article, Mention
from media.factories import CreditFactory, PhotoFactory
from media.models import Photo
from people.factories import NameVariantFactory, OrganizationFactory, PersonFactory, RoleFactory
from people.models import Person, Role

pytestmark = pytest.mark.django_db


def test_article_belongs_to_a_section_and_has_bylines_and_tags(django_user_model):
    section = SectionFactory(name="Политика")
    author = django_user_model.objects.create_user("reporter", first_name="Анна")
    article = ArticleFactory(section=section, tags=["ОДКБ", "Казахстан"])
    article.authors.add(author)
    assert list(section.articles.all()) == [article]
    assert list(author.bylined_articles.all()) == [article]
    assert sorted(article.tags.names()) == ["Казахстан", "ОДКБ"]


def test_article_has_a_lead_photo_and_photos_placed_in_the_body():
    lead = PhotoFactory()
    article = ArticleFactory(lead_photo=lead)
    second = ArticlePhotoFactory(article=article, position=2)
    assert article.lead_photo == lead
    assert [(p.photo, p.position) for p in article.article_photos.all()] == [(second.photo, 2)]


def test_one_credit_is_reused_across_photos():
    credit = CreditFactory(name="пресс-служба президента Казахстана")
    first, second = PhotoFactory(credit=credit), PhotoFactory(credit=credit)
    assert CreditFactory(name="пресс-служба президента Казахстана") == credit
    assert set(credit.photos.all()) == {first, second}


def test_photo_without_a_file_is_awaiting_its_image():
    waiting = PhotoFactory()
    supplied = PhotoFactory(with_image=True)
    assert not waiting.has_image
    assert supplied.has_image and supplied.width == 1200 and supplied.height == 800
    assert list(Photo.objects.awaiting_image()) == [waiting]
    assert list(Photo.objects.with_image()) == [supplied]


def test_mention_keeps_the_role_as_written_in_this_article():
    mention = MentionFactory(role_text="премьер-министр Армении")
    assert mention.article.persons.get() == mention.person
    assert mention.person.articles.get() == mention.article
    assert mention.role_for_display() == "премьер-министр Армении"


def test_mention_of_an_organization():
    organization = OrganizationFactory(short_name="ОДКБ")
    mention = MentionFactory(person=None, organization=organization)
    assert mention.article.organizations.get() == organization
    assert organization.articles.get() == mention.article


def test_mention_names_exactly_one_person_or_organization():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(
            article=article, person=PersonFactory(), organization=OrganizationFactory()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(article=article)


def test_quote_has_a_speaker():
    quote = QuoteFactory(text="Фактически, это первый случай")
    assert quote.speaker.quotes.get() == quote
    assert quote.article.quotes.get() == quote


def test_organization_belongs_to_a_parent():
    parent = OrganizationFactory(name="Организация Договора о коллективной безопасности")
    child = OrganizationFactory(name="Совет коллективной безопасности", parent=parent)
    assert list(parent.children.all()) == [child]


def test_person_has_name_variants_portrait_and_photos_shown_in():
    person = PersonFactory(name="Касым-Жомарт Токаев", portrait=PhotoFactory())
    NameVariantFactory(person=person, name="Kassym-Jomart Tokayev")
    shown = PhotoFactory()
    person.photos.add(shown)
    assert list(person.variants.values_list("name", flat=True)) == ["Kassym-Jomart Tokayev"]
    assert list(shown.persons_shown.all()) == [person]
    assert person.portrait.portrait_of.get() == person


def test_person_is_found_by_name_or_variant_ignoring_case_and_yo():
    person = PersonFactory(name="Пётр Семёнов")
    NameVariantFactory(person=person, name="Pyotr Semyonov")
    assert list(Person.objects.matching_name("петр семенов")) == [person]
    assert list(Person.objects.matching_name("ПЁТР СЕМЁНОВ")) == [person]
    assert list(Person.objects.matching_name("pyotr semyonov")) == [person]


def test_one_person_can_hold_two_roles_at_once():
    person = PersonFactory(name="Акылбек Жапаров")
    RoleFactory(person=person, title="председатель Кабинета министров Киргизии")
    RoleFactory(person=person, title="руководитель Администрации президента Киргизии")
    assert len(person.roles_on(datetime.date(2022, 2, 10))) == 2


def test_article_shows_the_role_held_when_it_was_published():
    person = PersonFactory()
    RoleFactory(
        person=person,
        title="министр",
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    RoleFactory(person=person, title="премьер-министр", start_date=datetime.date(2021, 1, 1))
    old = ArticleFactory(published=True)
    old.publish(at=timezone.make_aware(datetime.datetime(2019, 5, 1, 12)))
    new = ArticleFactory(published=True)
    assert MentionFactory(article=old, person=person).role_for_display() == "министр"
    assert MentionFactory(article=new, person=person).role_for_display() == "премьер-министр"
    assert [r.title for r in Role.objects.held_on(datetime.date(2019, 5, 1))] == ["министр"]


def test_role_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        RoleFactory(start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2021, 1, 1))


def test_published_article_must_have_a_publish_time():
    with pytest.raises(IntegrityError):
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_publish_sets_the_publish_time_once():
    article = ArticleFactory()
    article.publish()
    first = article.published_at
    article.publish()
    assert article.published_at == first
    assert article.is_visible_to_readers
