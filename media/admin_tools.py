"""Admin building blocks every app uses: history with a compare view, and folded search.

``media`` is the lowest app (articles → people → media), so what the admins of all
three share lives here.
"""

import difflib
from functools import reduce
from itertools import groupby
from operator import or_

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError

# _safe_revert, _follow_relations_recursive, _get_options: django-reversion's own helpers
# (private, hence its pinned version) for what a model follows and for reverting versions
# in an order their foreign keys allow.
from reversion.models import Version, _safe_revert
from reversion.revisions import _follow_relations_recursive, _get_options

from media.base import fold
from media.db import Folded


class FoldedSearchMixin:
    """Admin search that ignores case (Cyrillic too, also on SQLite) and ё/е.

    Each word of the query must occur in one of ``search_fields`` (plain field paths).
    """

    def get_search_results(self, request, queryset, search_term):
        fields = self.get_search_fields(request)
        if not search_term.strip() or not fields:
            return queryset, False
        aliases = {f"_folded_{i}": Folded(field) for i, field in enumerate(fields)}
        queryset = queryset.alias(**aliases)
        for bit in smart_split(search_term):
            if bit[:1] in {'"', "'"} and bit[-1:] == bit[:1]:
                bit = unescape_string_literal(bit)
            term = fold(bit)
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{alias}__contains": term}) for alias in aliases))
            )
        return queryset, any("__" in field for field in fields)


def _display_value(field, value):
    if value is None or value == "":
        return ""
    if isinstance(field, models.ManyToManyField):
        objects = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in objects))
    if isinstance(field, models.ForeignKey):
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else f"#{value} ({_('deleted')})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def diff_lines(old, new):
    """Line-by-line differences of two texts as [(kind, text)], kind "-", "+" or " "."""
    lines = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), n=1, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(("…", "…"))
        else:
            lines.append((line[:1] or " ", line[1:]))
    return lines


def _related_reprs(version):
    """{verbose name: sorted reprs} of the other objects saved in the same revision."""
    related = {}
    others = version.revision.version_set.exclude(pk=version.pk).select_related("content_type")
    for other in others:
        model = other.content_type.model_class()
        name = capfirst(model._meta.verbose_name_plural) if model else other.content_type.model
        related.setdefault(str(name), []).append(other.object_repr)
    return {name: sorted(reprs) for name, reprs in related.items()}


def compare_versions(model, old, new):
    """What changed from version ``old`` to ``new``: [{label, lines}] per changed field."""
    changes = []
    old_fields, new_fields = old.field_dict, new.field_dict
    for field in model._meta.get_fields():
        attname = getattr(field, "attname", None)
        if attname is None or (attname not in old_fields and attname not in new_fields):
            continue
        before = _display_value(field, old_fields.get(attname))
        after = _display_value(field, new_fields.get(attname))
        if before != after:
            changes.append(
                {"label": capfirst(field.verbose_name), "lines": diff_lines(before, after)}
            )
    old_related, new_related = _related_reprs(old), _related_reprs(new)
    for name in sorted(set(old_related) | set(new_related)):
        before = "\n".join(old_related.get(name, []))
        after = "\n".join(new_related.get(name, []))
        if before != after:
            changes.append({"label": name, "lines": diff_lines(before, after)})
    return changes


def _followed(parent, candidates):
    """The versions among ``candidates`` of objects ``parent``'s model follows (its parts)."""
    found = []
    for name in _get_options(parent._model).follow:
        field = parent._model._meta.get_field(name)
        if field.one_to_many or (field.one_to_one and field.auto_created):
            # A part pointing at the parent: an article's mentions, a person's roles.
            target, attname = field.related_model, field.field.attname
            found += [
                version
                for version in candidates
                if version._model is target
                and str(version.field_dict.get(attname)) == parent.object_id
            ]
        else:
            # The parent points at it (a foreign key or many-to-many).
            value = parent.field_dict.get(field.attname)
            ids = {str(pk) for pk in (value if isinstance(value, list | tuple) else [value])}
            found += [
                version
                for version in candidates
                if version._model is field.related_model and version.object_id in ids
            ]
    return found


def object_versions(version):
    """``version`` and, from the same revision, the versions of the objects it follows.

    A revision may hold other objects saved in the same request (the other articles of
    a bulk action, persons the "find in the text" button created): they are not this
    object's history, and reverting it must leave them alone.
    """
    candidates = list(version.revision.version_set.exclude(pk=version.pk))
    family, queue = [version], [version]
    while queue:
        for found in _followed(queue.pop(), candidates):
            if found not in family:
                family.append(found)
                queue.append(found)
    return family


def revert_object(version):
    """Put one object back as ``version`` has it, with what it follows, and nothing else.

    Its parts saved since (a mention added after that version) are deleted, as
    django-reversion's own revert does; other objects of the revision are not touched.
    """
    versions = object_versions(version)
    model = version._model
    with transaction.atomic(using=version.db):
        current = model._default_manager.using(version.db).filter(pk=version.object_id).first()
        if current is not None:
            kept = {(v._model, v.object_id) for v in versions}
            stale = [
                obj
                for obj in _follow_relations_recursive(current)
                if (type(obj), str(obj.pk)) not in kept
            ]
            collector = Collector(using=version.db)
            for _model, group in groupby(sorted(stale, key=lambda o: o._meta.label), type):
                collector.collect(list(group))
            collector.delete()
        _safe_revert(versions)


def _records_creator(model):
    return any(field.name == "created_by" for field in model._meta.concrete_fields)


class RecordsCreatorMixin:
    """Sets ``created_by`` on what the admin adds, inline rows included."""

    def save_model(self, request, obj, form, change):
        if not change and _records_creator(type(obj)):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if _records_creator(formset.model):
            for row in formset.extra_forms:
                row.instance.created_by = request.user
        super().save_formset(request, form, formset, change)


class _RolledBack(Exception):
    """Carries the response of a revert page only shown, whose revert is undone."""

    def __init__(self, response):
        self.response = response


class HistoryAdmin(RecordsCreatorMixin, VersionAdmin):
    """VersionAdmin (history, revert, recover) with a view comparing two saved versions.

    Reverting and recovering are checked before anything is written: a revert against
    the object as it is now (``has_revert_permission``), a recovery against the object
    as it was deleted (``has_recover_permission``). django-reversion checks only the
    change form's permission, which it asks after the revert, of the reverted object.
    """

    object_history_template = "admin/history_with_compare.html"
    change_list_template = "admin/change_list_with_recover.html"
    history_latest_first = True

    def has_revert_permission(self, request, obj):
        """Whether the user may put ``obj``, as it is now, back to an earlier version."""
        return self.has_change_permission(request, obj)

    def has_recover_permission(self, request, obj):
        """Whether the user may bring back ``obj``, as it was when deleted.

        Recovering undoes a deletion: it is for those who may delete the object, and add.
        """
        return self.has_add_permission(request) and self.has_delete_permission(request, obj)

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def _own_versions(self):
        return Version.objects.get_for_model(self.model)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """The revert page: an earlier version in the change form, saved to revert to it."""
        object_id = unquote(object_id)
        version = get_object_or_404(self._own_versions(), pk=version_id, object_id=object_id)
        stored = get_object_or_404(self.model._default_manager, pk=object_id)
        if not self.has_revert_permission(request, stored):
            raise PermissionDenied
        context = {"title": _("Revert %(name)s") % {"name": version.object_repr}, "revert": True}
        template = self.revision_form_template or self._reversion_get_template_list(
            "revision_form.html"
        )
        return self._revert_form_view(
            request, version, template, {**context, **(extra_context or {})}
        )

    def recover_view(self, request, version_id, extra_context=None):
        """The recover page: a deleted object as it was, saved to bring it back."""
        # Only an object that is deleted: "recovering" one that exists would be a revert
        # that skips the revert page's check.
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {"title": _("Recover %(name)s") % {"name": version.object_repr}, "recover": True}
        template = self.recover_form_template or self._reversion_get_template_list(
            "recover_form.html"
        )
        return self._revert_form_view(
            request,
            version,
            template,
            {**context, **(extra_context or {})},
            check_restored=self.has_recover_permission,
        )

    def _may_recover_some(self, request):
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self._may_recover_some(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self._may_recover_some(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def _revert_form_view(self, request, version, template_name, context, check_restored=None):
        """Revert ``version``'s object, then run the change form on it.

        A GET only shows the form: everything is rolled back. A POST that saves keeps the
        revert. Signals are not muted on GET as django-reversion does (it mutes them for
        every thread, so another request's saves would go unrecorded): the rollback undoes
        what receivers write, and receivers that must hold on a revert (an article keeps
        its workflow state) then shape the form too.
        """
        try:
            with transaction.atomic(using=version.db):
                revert_object(version)
                if check_restored is not None:
                    restored = self.model._default_manager.get(pk=version.object_id)
                    if not check_restored(request, restored):
                        raise PermissionDenied
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        reversion.set_comment(
                            _("Reverted to previous version, saved on %(datetime)s")
                            % {
                                "datetime": localize(
                                    template_localtime(version.revision.date_created)
                                )
                            }
                        )
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()
                        raise _RolledBack(response)
                    else:
                        raise RevertError(
                            _("Could not load %(object_repr)s version - not found")
                            % {"object_repr": version.object_repr}
                        )
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except _RolledBack as rolled_back:
            return rolled_back.response
        return response

    def compare_view(self, request, object_id):
        """Two versions of one object side by side: each changed field as a line diff."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        picked = [
            get_object_or_404(versions, pk=request.GET.get(key, "").strip() or 0)
            for key in ("old", "new")
        ]
        old, new = sorted(picked, key=lambda version: version.revision.date_created)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object": obj,
            "title": _("Compare versions of “%(object)s”") % {"object": obj},
            "old": old,
            "new": new,
            "changes": compare_versions(self.model, old, new),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            ),
            "revert_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision", args=[obj.pk, old.pk]
            )
            if self.has_revert_permission(request, obj)
            else "",
        }
        return TemplateResponse(request, "admin/compare_versions.html", context)

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
        can_revert = obj is not None and self.has_revert_permission(request, obj)
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).select_related(
                "revision__user"
            ),
        )
        extra = {
            "versions": [
                {
                    "version": version,
                    "revision": version.revision,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_revision",
                        args=[version.object_id, version.pk],
                    )
                    if can_revert
                    else "",
                }
                for version in versions
            ],
            "compare_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_compare", args=[object_id]
            ),
            "can_revert": can_revert,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra)
