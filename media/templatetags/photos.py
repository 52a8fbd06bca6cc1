"""Template tags for photos: responsive renditions for <picture>, and share images.

They read the photo's record of renditions only: no storage call, no image work.
"""

from django import template

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
