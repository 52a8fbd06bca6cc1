"""What a rendering kept in the database depends on besides the rows it shows.

The stored article pages and cards (articles.stored_pages, articles.stored_cards) and the
stored person pages (people.stored_pages) each fingerprint the code that renders them and
the settings their HTML holds, with these, so the three agree on what "out of date" means.
"""

import hashlib
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.utils.translation import get_language


def code_digest(templates=(), modules=(), files=()):
    """A digest of the ``templates``, the ``modules`` (dotted names), the ``files`` (paths)
    and the translations: a deploy that changes any of them changes it."""
    files = [*map(str, files), *(get_template(name).origin.name for name in templates)]
    files += [import_module(name).__file__ for name in modules]
    for locale in map(Path, settings.LOCALE_PATHS):
        files += sorted(str(path) for path in locale.glob("*/LC_MESSAGES/*.mo"))
    digest = hashlib.sha256()
    for name in files:
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def environment():
    """The settings a rendering's HTML holds: its language (month names), the time zone
    (its dates), where photos are stored and served from (their addresses), and, with
    signed photo addresses, which half of their lifetime it is."""
    return [
        get_language(),
        settings.TIME_ZONE,
        settings.MEDIA_URL,
        repr(settings.STORAGES.get("default")),
        signing_period(),
    ]


def signing_period():
    """With signed photo addresses, which half of their lifetime it is: a rendering is made
    anew each half, so its addresses still work for the other half, which is at least what
    a cached page and a reader's browser keep it (newsroom/settings.py checks)."""
    options = settings.STORAGES["default"].get("OPTIONS", {})
    if not options.get("querystring_auth"):
        return ""
    return str(int(time.time() // max(options["querystring_expire"] // 2, 1)))
