"""Template tags for photos: responsive renditions for <picture>, and share images."""

from django import template

from media import renditions as _renditions

register = template.Library()


@register.simple_tag
def photo_renditions(photo):
    """The photo's renditions (made on first need), or None when it has no usable image."""
    return _renditions.renditions(photo)


@register.simple_tag(takes_context=True)
def share_image(context, photo):
    """The photo as link previews show it ({url, width, height, alt}), or None."""
    return _renditions.share_image(photo, context["request"])
