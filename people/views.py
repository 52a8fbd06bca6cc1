"""Person and organization pages.

People know nothing of articles: the published articles come through the reverse
relation, ``person.articles.published()``, so every list keeps the one rule of
what readers may see.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import ListView

from media.models import Photo
from media.renditions import share_image
from newsroom.origin import absolute_url
from people import stored_pages
from people.models import Organization, Person

QUOTES_SHOWN = 10
PHOTOS_SHOWN = 12


class RoleTimeline:
    """Splits a page's ``roles`` into those held today and those held before."""

    @cached_property
    def current_roles(self):
        return [role for role in self.roles if role.held_on(self.today)]

    @cached_property
    def past_roles(self):
        return [role for role in self.roles if not role.held_on(self.today)]


class PersonView(ListView):
    """A person's page: portrait, roles over time, quotes, and the articles mentioning them."""

    template_name = "people/person_detail.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        # Whether any photo is linked to them, read with the person: for one with none the
        # query for the photos readers may see (more to build than the rest of the page's
        # queries) is not made.
        linked = Person.photos.through.objects.filter(person_id=OuterRef("pk"))
        self.person = get_object_or_404(
            stored_pages.with_stored_page(
                Person.objects.select_related("portrait__credit")
            ).annotate(has_photos=Exists(linked)),
            slug=self.kwargs["slug"],
        )
        articles = self.person.articles.published().for_card_list(joined=True)
        return articles.with_stored_count(self.request.path, self.request)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person, about=PersonPage(self.person, self.request), **kwargs
        )


class PersonPage(RoleTimeline):
    """What a person's page shows besides the articles, fetched only if the page renders it
    (a cached fragment of the page needs none of it)."""

    def __init__(self, person, request):
        self.person = person
        self.request = request
        self.today = timezone.localdate()

    @cached_property
    def roles(self):
        return list(
            self.person.roles.select_related("organization").order_by("-start_date", "title")
        )

    @cached_property
    def quotes(self):
        published = self.person.articles.published()
        return list(
            self.person.quotes.filter(article__in=published.values("pk"))
            .select_related("article")
            .only(
                "text",
                "speaker",
                "article__headline",
                "article__slug",
                "article__published_at",
                "article__version",  # for the page cache (articles.caching)
            )
            .order_by("-article__published_at", "order", "pk")[:QUOTES_SHOWN]
        )

    @cached_property
    def photos(self):
        """Photos the person appears in, newest first: those of published articles, and
        those an editor linked by hand that no article uses. A draft's photo stays hidden,
        and so does a photo still awaiting its image file (a page of captions shows no one)."""
        if not getattr(self.person, "has_photos", True):
            return []
        published = self.person.articles.model.objects.published().values("pk")
        in_articles = Q(lead_of_articles__isnull=False) | Q(article_placements__isnull=False)
        readers_see = Q(lead_of_articles__in=published) | Q(
            article_placements__article__in=published
        )
        ids = self.person.photos.filter(readers_see | ~in_articles).values("pk")
        return list(
            Photo.objects.with_image()
            .filter(pk__in=ids)
            .exclude(pk=self.person.portrait_id)
            .select_related("credit")
            .order_by("-created_at", "-pk")[:PHOTOS_SHOWN]
        )

    @cached_property
    def json_ld(self):
        return person_json_ld(self.person, self.roles, self.today, self.request)

    @cached_property
    def parts(self):
        """{"head": its JSON-LD, "profile": portrait, name, roles and bio}, stored once
        rendered (people.stored_pages)."""
        return stored_pages.person_parts(self.person, self.request, self.today, self.render_parts)

    def render_parts(self):
        context = {"person": self.person, "about": self}
        return {
            part: render_to_string(f"people/person_{part}.html", context)
            for part in ("head", "profile")
        }


def person_json_ld(person, roles, today, request):
    """schema.org Person: name, other spellings, current titles and bodies, portrait."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(request, person.get_absolute_url()),
    }
    variants = [variant.name for variant in person.variants.all()]
    if variants:
        data["alternateName"] = variants
    if person.bio:
        data["description"] = person.bio
    current = [role for role in roles if role.held_on(today)]
    if current:
        data["jobTitle"] = [role.title for role in current]
        organizations = [role.organization for role in current if role.organization]
        if organizations:
            data["affiliation"] = [
                {
                    "@type": "Organization",
                    "name": organization.name,
                    "url": absolute_url(request, organization.get_absolute_url()),
                }
                for organization in organizations
            ]
    image = share_image(person.portrait, request)
    if image:
        data["image"] = image["url"]
    return data


class OrganizationView(ListView):
    """An organization's page: parent and child bodies, who holds roles there, and articles."""

    template_name = "people/organization_detail.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        self.organization = get_object_or_404(
            Organization.objects.select_related("parent", "logo__credit"), slug=self.kwargs["slug"]
        )
        return self.organization.articles.published().for_card_list(joined=True)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=self.organization,
            about=OrganizationPage(self.organization),
            **kwargs,
        )


class OrganizationPage(RoleTimeline):
    """An organization's bodies and role holders, fetched only if the page renders them."""

    def __init__(self, organization):
        self.organization = organization
        self.today = timezone.localdate()

    @cached_property
    def children(self):
        return list(self.organization.children.all())

    @cached_property
    def roles(self):
        return list(
            self.organization.roles.select_related("person").order_by("-start_date", "person__name")
        )
