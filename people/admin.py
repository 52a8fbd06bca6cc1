import reversion
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from media.admin_tools import FoldedSearchMixin, HistoryAdmin
from media.base import normalize_name
from people.models import NameVariant, Organization, Person, Role

# History follows a person's roles and name variants, so a revert or a recovery brings
# them back with the person.
reversion.register(Role)
reversion.register(NameVariant)
reversion.register(Person, follow=["roles", "variants"])
reversion.register(Organization)


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date"]


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 1


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "current_role", "role_count", "mention_count", "updated_at"]
    search_fields = ["name", "name_key", "variants__name", "variants__name_key"]
    autocomplete_fields = ["portrait", "photos"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline, NameVariantInline]
    fields = ["name", "slug", "bio", "portrait", "photos"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                role_count=Count("roles", distinct=True),
                mention_count=Count("mentions", distinct=True),
            )
            .prefetch_related("roles")
            .order_by("name")
        )

    def get_search_results(self, request, queryset, search_term):
        # name_key holds the name case-folded with ё as е: compare the query in that form,
        # which also works on SQLite, whose LIKE folds only ASCII.
        if not search_term.strip():
            return queryset, False
        queryset = queryset.filter(
            *[
                Q(name_key__contains=word) | Q(variants__name_key__contains=word)
                for word in normalize_name(search_term).split()
            ]
        )
        return queryset, True

    @admin.display(description=_("current role"))
    def current_role(self, person):
        return ", ".join(role.title for role in person.current_roles) or "—"

    @admin.display(description=_("roles"), ordering="role_count")
    def role_count(self, person):
        return person.role_count

    @admin.display(description=_("mentions"), ordering="mention_count")
    def mention_count(self, person):
        return person.mention_count


@admin.register(Organization)
class OrganizationAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "mention_count"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(mention_count=Count("mentions")).order_by("name")
        )

    @admin.display(description=_("mentions"), ordering="mention_count")
    def mention_count(self, organization):
        return organization.mention_count


@admin.register(Role)
class RoleAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_date", "end_date"]
    list_filter = ["organization"]
    list_select_related = ["person", "organization"]
    search_fields = ["title", "person__name", "organization__name", "organization__short_name"]
    autocomplete_fields = ["person", "organization"]
    date_hierarchy = "start_date"


@admin.register(NameVariant)
class NameVariantAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "person"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]
