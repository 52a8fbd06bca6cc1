"""Security pieces wired in settings: the per-area Content-Security-Policy, the client
address the login lockout counts by, and the lockout page.

The public site runs no script at all; the admin runs Django's own static scripts and
ours (static/admin-extra/). So readers' pages get ``script-src 'none'`` and the
admin gets ``NEWSROOM_ADMIN_CONTENT_SECURITY_POLICY``, which adds
``'self'`` for scripts. Both are in settings.
"""

import functools

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import admin
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for pages under the admin.

    django-csp builds the header from the settings anew on every response: a third of
    what a page served from the page cache costs. The two policies that never change
    (readers' and the admin's) are built once; a response with anything of its own (a
    view's csp_* decorator, a nonce, a header already set) goes through django-csp."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        # A view's own decorator (csp_override) still wins over the area's policy.
        if not report_only and parts.config is None and _in_admin(request):
            parts.config = settings.NEWSROOM_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        parts = self.get_policy_parts(request=request, response=response)
        area = _area(parts) if _is_plain(request, response, parts) else None
        if area is None:
            return super().process_response(request, response)
        response[HEADER] = _built_policy(area)
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


_OWN_REPORT_ONLY = ("config", "update", "replace")


def _is_plain(request, response, parts):
    """Nothing but an area's policy applies: django-csp would build exactly it."""
    return (
        parts.update is None
        and parts.replace is None
        and parts.nonce is None
        and HEADER not in response
        and not getattr(response, "_csp_exempt", False)
        and not any(getattr(response, f"_csp_{name}_ro", None) for name in _OWN_REPORT_ONLY)
        and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        and not settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
        and not (settings.DEBUG and response.status_code in (404, 500))
    )


def _area(parts):
    if parts.config is None:
        return "public"
    if parts.config is settings.NEWSROOM_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]:
        return "admin"
    return None  # a view's own policy (csp_override)


# Each area's header, built once, and the admin's address (reverse() on every response
# was a tenth of a cached page's time); both follow the settings in tests.
@functools.cache
def _built_policy(area):
    config = None if area == "public" else settings.NEWSROOM_ADMIN_CONTENT_SECURITY_POLICY
    return build_policy(config=config and config["DIRECTIVES"])


@functools.cache
def _admin_index():
    return reverse("admin:index")


def _in_admin(request):
    return request.path_info.startswith(_admin_index())


@receiver(setting_changed)
def _forget_built_policies(**kwargs):
    _built_policy.cache_clear()
    _admin_index.cache_clear()


def client_ip(request):
    """The address a request came from, as the login lockout counts it.

    With ``NEWSROOM_TRUSTED_PROXIES`` = n (the reverse proxies in front of the site),
    the address the outermost proxy saw: n-th from the right in X-Forwarded-For, since
    each proxy appends the address it got the request from and anything to the left
    of that is whatever the client chose to send. Without proxies, REMOTE_ADDR.
    """
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def login_locked_out(request, original_response=None, credentials=None):
    """The page shown instead of logging in while the lockout lasts (django-axes)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {
        **admin.site.each_context(request),
        "title": _("Login closed for a while"),
        "minutes": minutes,
    }
    return TemplateResponse(
        request,
        "admin/login_locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ).render()
