from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from people.models import NameVariant, Organization, Person, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date"]


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 1


@admin.register(Person)
class PersonAdmin(VersionAdmin):
    list_display = ["name", "current_role", "role_count", "updated_at"]
    search_fields = ["name", "name_key", "variants__name", "variants__name_key"]
    autocomplete_fields = ["portrait", "photos"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline, NameVariantInline]
    fields = ["name", "slug", "bio", "portrait", "photos"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(role_count=Count("roles", distinct=True))
            .prefetch_related("roles")
            .order_by("name")
        )

    @admin.display(description=_("current role"))
    def current_role(self, person):
        return ", ".join(role.title for role in person.current_roles) or "—"

    @admin.display(description=_("roles"), ordering="role_count")
    def role_count(self, person):
        return person.role_count


@admin.register(Organization)
class OrganizationAdmin(VersionAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_date", "end_date"]
    list_filter = ["organization"]
    list_select_related = ["person", "organization"]
    search_fields = ["title", "person__name", "organization__name", "organization__short_name"]
    autocomplete_fields = ["person", "organization"]
    date_hierarchy = "start_date"


@admin.register(NameVariant)
class NameVariantAdmin(admin.ModelAdmin):
    list_display = ["name", "person"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]
