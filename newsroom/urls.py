import re

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Site administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers and feed readers ask for /favicon.ico whatever a page links: the static file
    # (a temporary redirect, since its production name carries a hash of its content).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"))),
    path("", include("people.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_UPLOADS:
    from media.views import serve_upload

    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve_upload,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
