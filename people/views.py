from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from people.models import Organization, Person


class PersonView(ListView):
    """A person's page: who they are and the published articles that mention them."""

    template_name = "people/person_detail.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.select_related("portrait__credit").prefetch_related(
                "roles__organization"
            ),
            slug=self.kwargs["slug"],
        )
        return self.person.articles.published().for_listing().distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class OrganizationView(ListView):
    """An organization's page: its parent and child bodies and the articles naming it."""

    template_name = "people/organization_detail.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        self.organization = get_object_or_404(
            Organization.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return self.organization.articles.published().for_listing().distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=self.organization,
            children=self.organization.children.all(),
            **kwargs,
        )
