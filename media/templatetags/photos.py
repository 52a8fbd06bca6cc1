"""Template tags for photos: a photo's figure, its renditions for <picture>, share images.

They read the photo's record of renditions only: no storage call, no image work.
"""

from django import template

from media import figures
from media import renditions as _renditions

register = template.Library()


@register.simple_tag
def photo_renditions(photo):
    """The photo's renditions, or None when it has none (yet)."""
    return _renditions.renditions(photo)


@register.simple_tag
def photo_original(photo):
    """The original file (url, width, height) while its renditions are not made, else None."""
    return _renditions.original(photo)


@register.simple_tag(takes_context=True)
def share_image(context, photo):
    """The photo as link previews show it ({url, width, height, alt}), or None."""
    return _renditions.share_image(photo, context["request"])


@register.simple_tag
def photo_figure(photo, lazy=False, figure_class="", sizes=None):
    """``{% photo_figure photo lazy=True sizes="…" %}``: see media.figures.photo_figure."""
    return figures.photo_figure(photo, lazy=lazy, figure_class=figure_class, sizes=sizes)
