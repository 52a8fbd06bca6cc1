"""Autocomplete fields that survive a forged value.

Django's autocomplete widget, re-displaying a form with an error, looks up the submitted
keys as they are: a key that is not a number ("1x", from a forged or mangled post) makes
that lookup raise, and the editor gets a server error instead of the form with «Выберите
корректный вариант». These widgets look up only the keys the field can hold; the field
itself still reports the bad one. ``with_safe_autocomplete`` gives them to every
ModelAdmin registered on the site (``articles.dashboard.NewsroomAdminSite``).
"""

from functools import cache

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class ValidKeysMixin:
    def optgroups(self, name, value, attr=None):
        model = self.choices.queryset.model
        field_name = getattr(self.field.remote_field, "field_name", None)
        key = model._meta.get_field(field_name) if field_name else model._meta.pk
        return super().optgroups(name, [v for v in value if _holds(key, v)], attr)


def _holds(field, value):
    if value in ("", None):
        return True
    try:
        field.run_validators(field.to_python(value))  # the database's integer range too
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class SafeAutocompleteSelect(ValidKeysMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidKeysMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """ModelAdmin (and inline) mixin: its autocomplete fields use the widgets above."""

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.__class__ = with_safe_autocomplete(type(inline))
        return inlines

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@cache  # one class per admin class, not one per request
def with_safe_autocomplete(admin_class):
    """``admin_class`` with SafeAutocompleteMixin first in its bases (itself if it has it)."""
    if issubclass(admin_class, SafeAutocompleteMixin):
        return admin_class
    attrs = {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__}
    return type(admin_class.__name__, (SafeAutocompleteMixin, admin_class), attrs)
