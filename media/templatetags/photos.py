"""Template tags for photos: responsive renditions for <picture>."""

from django import template

from media.renditions import renditions

register = template.Library()


@register.simple_tag
def photo_renditions(photo):
    """The photo's renditions (made on first need), or None when it has no usable image."""
    return renditions(photo)
