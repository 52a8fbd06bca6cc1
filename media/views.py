"""Serving uploaded files outside production (in production a web server does it)."""

from django.http import Http404
from django.views import static


def serve_upload(request, path, document_root):
    """``django.views.static.serve``, with a name the file system refuses (too long, a NUL)
    being a 404 like any other missing file."""
    try:
        return static.serve(request, path, document_root=document_root)
    except (OSError, ValueError) as error:
        raise Http404 from error
