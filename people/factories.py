"""Factories for persons, organizations and roles: used by the tests and the demo command."""

import factory

from people.models import NameVariant, Organization, Person, Role


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Министерство развития №{n}")
    kind = Organization.Kind.STATE_BODY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Иван Петров-{n}")


class NameVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NameVariant

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Ivan Petrov {n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    title = "министр"
