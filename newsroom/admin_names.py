"""The admin's sentences about a model, in the case and gender Russian needs.

Django builds titles, buttons and messages by putting ``verbose_name`` (a nominative)
into one sentence for every model: «Добавить статья», «Статья "…" был успешно изменён».
``ModelNamesMixin`` says them again with the model's ``Noun`` (``newsroom.nouns``): the
accusative after a verb, the gendered translation (``pgettext`` with the context
"masculine" / "feminine" / "neuter") of each message, the form after a number.
``ModelNamesSiteMixin`` gives every ModelAdmin registered on the site the mixin, those of
django.contrib.auth and taggit too. Templates use the ``admin_russian`` filters
(``newsroom.admin_filters``) for what Django writes there.
"""

import json
import re

import nh3
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import actions, helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from newsroom.admin_autocomplete import with_safe_autocomplete
from newsroom.nouns import inner_quotes, noun

# Django's messages naming the model, which the mixin says again with the right gender.
# Each is a msgid of Django's catalogue; ours has the same msgid with a gender context.
ADDED = "The {name} “{obj}” was added successfully."
ADDED_ADD_ANOTHER = "The {name} “{obj}” was added successfully. You may add another {name} below."
ADDED_EDIT_AGAIN = "The {name} “{obj}” was added successfully. You may edit it again below."
CHANGED = "The {name} “{obj}” was changed successfully."
CHANGED_EDIT_AGAIN = "The {name} “{obj}” was changed successfully. You may edit it again below."
CHANGED_ADD_ANOTHER = (
    "The {name} “{obj}” was changed successfully. You may add another {name} below."
)
DELETED = "The %(name)s “%(obj)s” was deleted successfully."
MISSING = "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"
EDIT_AGAIN = "You may edit it again below."
# (singular, plural) msgids of messages about a number of objects.
BULK_DELETED = (
    "Successfully deleted %(count)d %(items)s.",
    "Successfully deleted %(count)d %(items)s.",
)
BULK_CHANGED = (
    "%(count)s %(name)s was changed successfully.",
    "%(count)s %(name)s were changed successfully.",
)
ADD_ANOTHER = "Add another %(verbose_name)s"
DELETE_SELECTED = "Delete selected %(verbose_name_plural)s"

_FIELD = re.compile(r"\{(\w+)\}|%\((\w+)\)[sd]")


def _pattern(template):
    """A regex matching ``template`` filled in: each {field} or %(field)s is a named group."""
    parts, position, seen = [], 0, set()
    for match in _FIELD.finditer(template):
        field = match.group(1) or match.group(2)
        parts.append(re.escape(template[position : match.start()]))
        parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
        seen.add(field)
        position = match.end()
    parts.append(re.escape(template[position:]))
    return "".join(parts)


def _match(template, message):
    return re.fullmatch(_pattern(template), message, flags=re.DOTALL)


def object_message(model, message):
    """``message`` said with the model's gender if it is one of Django's about one object.

    Anything else comes back unchanged.
    """
    name = noun(model)
    verbose_name = str(getattr(model, "_meta", model).verbose_name)
    html = isinstance(message, SafeString)
    words = {
        "name": name.nominative,
        "Name": capfirst(name.nominative),
        "accusative": name.accusative,
    }
    if html:
        candidates = [
            (msgid, gettext(msgid))
            for msgid in (
                ADDED_ADD_ANOTHER,
                ADDED_EDIT_AGAIN,
                CHANGED_EDIT_AGAIN,
                CHANGED_ADD_ANOTHER,
                CHANGED,
                ADDED,
            )
        ]
        # "Save and continue" on a new object: Django says "added", then "You may edit it
        # again below." as a second sentence.
        candidates.append((ADDED_EDIT_AGAIN, gettext(ADDED) + " " + gettext(EDIT_AGAIN)))
        for msgid, template in candidates:
            found = _match(template, message)
            if found is not None and found["name"] == conditional_escape(verbose_name):
                # The object as Django wrote it (escaped, maybe a link), kept through nh3.
                obj = nh3.clean(
                    inner_quotes(found["obj"]),
                    tags={"a"},
                    attributes={"a": {"href"}},
                    link_rel=None,
                )
                return format_html(
                    pgettext(name.gender_context, msgid),
                    obj=mark_safe(obj),  # noqa: S308 - sanitized by nh3
                    **words,
                )
        return message
    for msgid in (DELETED, MISSING):
        found = _match(gettext(msgid), str(message))
        if found is not None and found["name"] == verbose_name:
            fields = {**found.groupdict(), **words}
            fields["obj"] = inner_quotes(fields.get("obj", ""))
            return pgettext(name.gender_context, msgid) % fields
    return message


def count_message(model, message):
    """``message`` with the right forms if it is one of Django's about a number of objects."""
    name = noun(model)
    stock = [(*BULK_DELETED, "items", [gettext(BULK_DELETED[0])])]
    stock.append((*BULK_CHANGED, "name", [ngettext(*BULK_CHANGED, n) for n in (1, 2, 5)]))
    for singular, plural, field, templates in stock:
        for template in templates:
            found = _match(template, str(message))
            if found is None or not found["count"].isdigit():
                continue
            count = int(found["count"])
            if found[field] != str(model_ngettext(getattr(model, "_meta", model), count)):
                continue
            said = npgettext(name.gender_context, singular, plural, count)
            return said % {"count": count, field: name.counted(count)}
    return message


def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, its confirmation page naming the objects in the accusative."""
    response = actions.delete_selected(modeladmin, request, queryset)
    if response is None or not hasattr(response, "context_data"):
        return response
    name = noun(modeladmin.model)
    context = response.context_data
    stock_name = str(model_ngettext(queryset))
    accusative = name.accusative if len(queryset) == 1 else name.accusative_plural
    if context.get("title") == gettext("Cannot delete %(name)s") % {"name": stock_name}:
        context["title"] = gettext("Cannot delete %(name)s") % {"name": accusative}
    context["objects_name"] = accusative
    return response


def _verbose_name_msgids(*models):
    """{English label ("Reason for withdrawal"): verbose_name msgid} of the models' fields."""
    with translation.override(None):
        return {
            capfirst(str(field.verbose_name)): str(field.verbose_name)
            for model in models
            for field in model._meta.get_fields()
            if getattr(field, "verbose_name", None)
        }


def _without(items, prefixes):
    """The nested list of objects to delete without the entries starting with ``prefixes``."""
    kept = []
    for item in items:
        if isinstance(item, list):
            item = _without(item, prefixes)
            if item:
                kept.append(item)
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


# What each default permission lets one do, said of the model's accusative plural.
PERMISSION_ACTIONS = {
    "add": "Can add %(names)s",
    "change": "Can change %(names)s",
    "delete": "Can delete %(names)s",
    "view": "Can view %(names)s",
}


def permission_label(permission):
    """A permission in Russian: «Статьи | статья | Может добавлять статьи».

    Django stores permission names in English when it creates them; the default ones are
    said again from the codename and the model's name, the others through the catalogue.
    """
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    action = permission.codename.removesuffix(f"_{opts.model_name}")
    if action in PERMISSION_ACTIONS:
        name = gettext(PERMISSION_ACTIONS[action]) % {"names": noun(model).accusative_plural}
    else:
        name = gettext(permission.name)
    return f"{capfirst(opts.app_config.verbose_name)} | {noun(model).nominative} | {name}"


class NamedInlineAdminFormSet(helpers.InlineAdminFormSet):
    """An inline whose "Add another …" link agrees with the model: «Добавить ещё одну цитату»."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        name = noun(self.opts)
        data["options"]["addText"] = pgettext(name.gender_context, ADD_ANOTHER) % {
            "verbose_name": name.accusative
        }
        return json.dumps(data)


class ModelNamesMixin:
    """ModelAdmin titles, buttons and messages with the model's name in the right form."""

    def changelist_view(self, request, extra_context=None):
        accusative = noun(self.model).accusative
        if IS_POPUP_VAR in request.GET:
            title = gettext("Select %s") % accusative
        elif self.has_change_permission(request):
            title = gettext("Select %s to change") % accusative
        else:
            title = gettext("Select %s to view") % accusative
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = dict(extra_context or {})
        if obj is not None and "title" not in extra:
            extra["title"] = gettext("Change history: %s") % inner_quotes(obj)
        return super().history_view(request, object_id, extra)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        verbose_name = self.opts.verbose_name
        for msgid in ("Add %s", "Change %s", "View %s"):
            if context.get("title") == gettext(msgid) % verbose_name:
                context["title"] = gettext(msgid) % noun(self.model).accusative
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_delete_form(self, request, context):
        accusative = noun(self.model).accusative
        cannot = gettext("Cannot delete %(name)s")
        if context.get("title") == cannot % {"name": str(self.opts.verbose_name)}:
            context["title"] = cannot % {"name": accusative}
        context["object_name"] = accusative
        return super().render_delete_form(request, context)

    def get_actions(self, request):
        found = super().get_actions(request)
        for key, (func, action_name, description) in found.items():
            if isinstance(description, str):
                # An app's description not marked for translation (taggit's "Merge selected
                # tags"): our catalogue may have it.
                found[key] = (func, action_name, gettext(description))
        if "delete_selected" in found:
            name = noun(self.model)
            description = pgettext(name.animacy_context, DELETE_SELECTED) % {
                "verbose_name_plural": name.accusative_plural
            }
            found["delete_selected"] = (delete_selected, "delete_selected", description)
        return found

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            if type(inline_formset) is helpers.InlineAdminFormSet:
                # Django builds them; only the wording of one of their methods changes.
                inline_formset.__class__ = NamedInlineAdminFormSet
        return inline_formsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is Permission:
            formfield.label_from_instance = permission_label
        return formfield

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Rows of automatic many-to-many tables ("Group_permissions object (9)") are no
        # objects an editor knows: a relation, not a thing, goes with the object.
        links = {
            m._meta for m in apps.get_models(include_auto_created=True) if m._meta.auto_created
        }
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        hidden = {str(opts.verbose_name_plural) for opts in links}
        model_count = {name: n for name, n in model_count.items() if str(name) not in hidden}
        return _without(to_delete, prefixes), model_count, perms_needed, protected

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        # Django records changed fields by their English label, capitalized ("Reason for
        # withdrawal"), and translates it only when the history is shown: record the
        # verbose_name the catalogue knows ("reason for withdrawal") instead.
        msgids = _verbose_name_msgids(self.model, *(formset.model for formset in formsets))
        for entry in message:
            changed = entry.get("changed")
            if changed:
                changed["fields"] = [msgids.get(label, label) for label in changed["fields"]]
            for part in entry.values():
                # The history shows the object in «…» («Добавлено: цитата «„…“ — автор»»).
                if "object" in part:
                    part["object"] = inner_quotes(part["object"])
        return message

    def message_user(self, request, message, *args, **kwargs):
        if type(message) is str:
            # An app's message not marked for translation ("Tags have been merged").
            message = gettext(message)
        message = count_message(self.model, object_message(self.model, message))
        return super().message_user(request, message, *args, **kwargs)


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's form setting a user's password, with the warning Django leaves in English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = format_html(
                '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li>'
                "</ul>",
                SetUnusablePasswordMixin.usable_password_help_text,
                gettext("If disabled, the current password for this user will be lost."),
            )


def with_model_names(admin_class):
    """``admin_class`` with ModelNamesMixin first in its bases (itself if it has it)."""
    if issubclass(admin_class, ModelNamesMixin):
        return admin_class
    attrs = {
        "__module__": admin_class.__module__,
        "__qualname__": admin_class.__qualname__,
        "__doc__": admin_class.__doc__,
    }
    if getattr(admin_class, "change_password_form", None) is AdminPasswordChangeForm:
        attrs["change_password_form"] = PasswordChangeForm  # django.contrib.auth's UserAdmin
    return type(admin_class.__name__, (ModelNamesMixin, admin_class), attrs)


class ModelNamesSiteMixin:
    """An AdminSite on which every registered ModelAdmin speaks with ModelNamesMixin (and
    whose autocomplete fields survive a forged value: newsroom.admin_autocomplete)."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = with_safe_autocomplete(with_model_names(admin_class or admin.ModelAdmin))
        return super().register(model_or_iterable, admin_class, **options)
