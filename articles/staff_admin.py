"""Bylines in the admin: the byline name on the user's page, and each staff member's own.

Readers see an author by ``articles.bylines.byline_name``; here editors see who has no
such name (and is therefore left out of bylines), and set it: a superuser on any user's
page (the "Staff profile" inline), and every staff member on their own profile under
*Articles → Staff profiles*.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.bylines import byline_name
from articles.models import StaffProfile

User = get_user_model()


def unnamed(user):
    """A user readers will not see, as editors should: the login, marked, with the fix."""
    return format_html(
        '<span class="no-byline" title="{}">{} ({})</span>',
        gettext("Set a byline name, or a first and last name, on the user's page."),
        user.get_username(),
        gettext("no name: not shown to readers"),
    )


def staff_choice_label(user):
    """A staff member as the authors picker lists them: the name readers see, then the login.

    Plain text (a select's option): «Кирилл Иванов (ivanov_k)», or the login alone.
    """
    name = byline_name(user)
    return f"{name} ({user.get_username()})" if name else user.get_username()


def bylines_for_editors(users):
    """Authors as the admin lists them: the name readers see, or the login marked unnamed."""
    return (
        format_html_join(", ", "{}", ((byline_name(user) or unnamed(user),) for user in users))
        or "—"
    )


def byline_for_readers(article):
    """What readers will see as the article's byline, with a warning for each author left out."""
    if article.pk is None:
        return "—"
    names = ", ".join(article.byline_names()) or gettext("no byline")
    left_out = [user for user in article.authors.all() if not byline_name(user)]
    if not left_out:
        return names
    return format_html(
        '{}<p class="errornote">{}</p>',
        names,
        format_html_join(
            " ",
            "{}",
            (
                (
                    format_html(
                        gettext(
                            "«{}» has no byline name nor first and last name, so readers do "
                            'not see them: set one on <a href="{}">the user\'s page</a>.'
                        ),
                        user.get_username(),
                        reverse("admin:auth_user_change", args=[user.pk]),
                    ),
                )
                for user in left_out
            ),
        ),
    )


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    fields = ["byline_name"]
    verbose_name_plural = _("byline")


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    """Django's user admin, with the byline name and what readers see."""

    inlines = [*UserAdmin.inlines, StaffProfileInline]
    list_display = [*UserAdmin.list_display, "readers_see"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff_profile")

    @admin.display(description=_("byline for readers"))
    def readers_see(self, user):
        return byline_name(user) or unnamed(user)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    """Every staff member may set their own byline name; changing others' needs the permission
    (``articles.change_staffprofile``, superusers), as on the user's page."""

    list_display = ["user", "byline_name", "readers_see"]
    list_select_related = ["user"]
    search_fields = ["byline_name", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def _manages_all(self, request):
        return request.user.has_perm("articles.change_staffprofile")

    def _own(self, request, obj):
        return obj is not None and obj.user_id == request.user.pk

    def get_queryset(self, request):
        profiles = super().get_queryset(request)
        return profiles if self._manages_all(request) else profiles.filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if self._manages_all(request):
            return True
        return (
            request.user.is_active
            and request.user.is_staff
            and (obj is None or self._own(request, obj))
        )

    def has_add_permission(self, request):
        if self._manages_all(request):
            return True
        own = StaffProfile.objects.filter(user=request.user).exists()
        return request.user.is_active and request.user.is_staff and not own

    def get_fields(self, request, obj=None):
        return ["user", "byline_name"] if self._manages_all(request) else ["byline_name"]

    def save_model(self, request, obj, form, change):
        if not self._manages_all(request):
            obj.user = request.user  # one's own profile only, whatever was posted
        super().save_model(request, obj, form, change)

    @admin.display(description=_("byline for readers"))
    def readers_see(self, profile):
        return byline_name(profile.user) or unnamed(profile.user)
