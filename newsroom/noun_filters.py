"""Template filters naming a model in the form a sentence needs (``{% load nouns %}``).

Registered as the template library ``nouns`` in the settings (``newsroom/`` is not an app).
"""

from django import template

from newsroom.nouns import noun

register = template.Library()


@register.filter
def accusative(opts):
    """The model's name after a verb: ``{{ opts|accusative }}`` → «статью»."""
    return noun(opts).accusative


@register.filter
def counted(count, opts):
    """The number and the model's name agreeing: ``{{ n|counted:opts }}`` → «5 статей»."""
    return f"{count} {noun(opts).counted(count)}"
