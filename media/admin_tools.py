"""Admin building blocks every app uses: history with a compare view, and folded search.

``media`` is the lowest app (articles → people → media), so what the admins of all
three share lives here.
"""

import difflib
from functools import reduce
from operator import or_

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

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


class HistoryAdmin(VersionAdmin):
    """VersionAdmin (history, revert, recover) with a view comparing two saved versions."""

    object_history_template = "admin/history_with_compare.html"
    history_latest_first = True

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

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
            ),
        }
        return TemplateResponse(request, "admin/compare_versions.html", context)

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
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
                    ),
                }
                for version in versions
            ],
            "compare_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_compare", args=[object_id]
            ),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra)
