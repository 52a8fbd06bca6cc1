"""Factories for articles and what they hold: used by the tests and the demo command."""

import datetime

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from articles.models import Article, ArticlePhoto, Mention, Quote, Section, StaffProfile
from media.factories import PhotoFactory
from people.factories import PersonFactory


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Раздел {n}")


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff member with a person's name (what readers see in bylines) and no usable
    password; ``StaffFactory(byline_name="…")`` also gives them a staff profile."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"reporter{n}")
    first_name = "Кирилл"
    last_name = factory.Sequence(lambda n: f"Иванов-{n}")
    is_staff = True
    password = factory.LazyFunction(lambda: make_password(None))

    @factory.post_generation
    def byline_name(user, create, extracted, **kwargs):
        if create and extracted:
            StaffProfile.objects.update_or_create(user=user, defaults={"byline_name": extracted})


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; `ArticleFactory(published=True)` is visible to readers."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )

    headline = factory.Sequence(lambda n: f"Новость номер {n}")
    dek = "Короткое вступление к новости."
    body = "Первый абзац новости.\n\nВторой абзац новости."
    section = factory.SubFactory(SectionFactory)

    @factory.post_generation
    def tags(article, create, extracted, **kwargs):
        if create and extracted:
            article.tags.add(*extracted)

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if create and extracted:
            article.authors.add(*extracted)


class ArticlePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticlePhoto

    article = factory.SubFactory(ArticleFactory)
    photo = factory.SubFactory(PhotoFactory)


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(PersonFactory)
    text = "Мы сделаем всё, что в наших силах"
