import reversion
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from media.admin_tools import FoldedSearchMixin, HistoryAdmin, RecordsCreatorMixin
from media.base import normalize_name
from people import permissions
from people.models import NameVariant, Organization, Person, Role

# History follows a person's roles and name variants, so a revert or a recovery brings
# them back with the person.
reversion.register(Role)
reversion.register(NameVariant)
reversion.register(Person, follow=["roles", "variants"])
reversion.register(Organization)


class ChangeRulesMixin:
    """Who may change each row: the rule of ``people.permissions``, on every admin path."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_change(request.user, obj))

    def save_model(self, request, obj, form, change):
        # A row added on its own page (a name variant, a role) must not change what the
        # user may not: a name variant is part of its person.
        if isinstance(obj, NameVariant) and not permissions.can_change(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Inline rows that already exist (a person's roles) have their own rule, checked
        # against the row as stored (the form has already put its values in row.instance).
        changed = [row.instance.pk for row in formset.initial_forms if row.has_changed()]
        for stored in formset.model._default_manager.filter(pk__in=changed):
            if not permissions.can_change(request.user, stored):
                raise PermissionDenied
        super().save_formset(request, form, formset, change)


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date", "stated_on"]
    readonly_fields = ["stated_on"]  # set by the importer; the real dates are the editor's


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 1


@admin.register(Person)
class PersonAdmin(ChangeRulesMixin, HistoryAdmin):
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
class OrganizationAdmin(ChangeRulesMixin, FoldedSearchMixin, HistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "mention_count"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "logo"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(mention_count=Count("mentions")).order_by("name")
        )

    @admin.display(description=_("mentions"), ordering="mention_count")
    def mention_count(self, organization):
        return organization.mention_count


@admin.register(Role)
class RoleAdmin(ChangeRulesMixin, RecordsCreatorMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_date", "end_date", "stated_on"]
    list_filter = ["organization"]
    list_select_related = ["person", "organization"]
    search_fields = ["title", "person__name", "organization__name", "organization__short_name"]
    autocomplete_fields = ["person", "organization"]
    date_hierarchy = "start_date"


@admin.register(NameVariant)
class NameVariantAdmin(ChangeRulesMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "person"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]
