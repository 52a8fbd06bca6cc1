"""Security pieces wired in settings: the per-area Content-Security-Policy, the client
address the login lockout counts by, and the lockout page.

The public site runs no script at all; the admin runs Django's own static scripts and
ours (static/admin-extra/). So readers' pages get ``script-src 'none'`` and the
admin gets ``NEWSROOM_ADMIN_CONTENT_SECURITY_POLICY``, which adds
``'self'`` for scripts. Both are in settings.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for pages under the admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        # A view's own decorator (csp_override) still wins over the area's policy.
        if not report_only and parts.config is None and _in_admin(request):
            parts.config = settings.NEWSROOM_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def _in_admin(request):
    return request.path_info.startswith(reverse("admin:index"))


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
