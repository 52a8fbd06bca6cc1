"""A photo as a page shows it, with its caption and credit, written in Python.

The markup of the former ``media/photo_figure.html``: as a template include it cost a new
context per photo (a person's page shows a dozen), here it is a few ``format_html`` calls.
Templates call ``{% photo_figure photo … %}`` (media/templatetags/photos.py).
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from media.renditions import original, renditions

# The image's layout width when a page names none: the text column's.
DEFAULT_SIZES = "(max-width: 46rem) 100vw, 44rem"
_LAZY = mark_safe(' loading="lazy"')


def photo_figure(photo, *, lazy=False, figure_class="", sizes=None):
    """``<figure>`` of the photo's renditions (its original while they are not made), caption
    and credit; a photo without a usable image shows its caption and credit only."""
    versions = renditions(photo)
    plain = None if versions is not None else original(photo)
    classes = "photo" + ("" if versions or plain else " photo-awaiting")
    classes += f" {figure_class}" if figure_class else ""
    loading = _LAZY if lazy else ""
    if versions is not None:
        sizes = sizes or DEFAULT_SIZES
        fallback = versions.fallback
        image = format_html(
            '<picture>\n    <source type="image/webp" srcset="{}" sizes="{}">\n'
            '    <img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}'
            ' decoding="async">\n  </picture>',
            versions.webp_srcset,
            sizes,
            fallback.url,
            versions.jpg_srcset,
            sizes,
            fallback.width,
            fallback.height,
            photo.description,
            loading,
        )
    elif plain is not None:
        image = format_html(
            '<img src="{}" width="{}" height="{}" alt="{}"{} decoding="async">',
            plain.url,
            plain.width,
            plain.height,
            photo.description,
            loading,
        )
    else:
        image = ""
    caption = format_html('<span class="caption">{}</span>', photo.caption) if photo.caption else ""
    credit = photo.credit.name if photo.credit_id and photo.credit else ""
    return format_html(
        '<figure class="{}">\n  {}\n  <figcaption>{}\n    <span class="credit">{} {}</span>'
        "</figcaption>\n</figure>\n",
        classes,
        image,
        caption,
        _("Photo source:"),
        credit,
    )
