"""Factories for articles and what they hold: used by the tests and the demo command."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, ArticlePhoto, Mention, Quote, Section
from media.factories import PhotoFactory
from people.factories import PersonFactory


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Раздел {n}")


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
