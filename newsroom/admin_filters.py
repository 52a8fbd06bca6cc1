"""Template filters of the admin's Russian (``{% load admin_russian %}``).

Registered as the template library ``admin_russian`` in the settings (``newsroom/`` is
not an app): a model's name in the form a sentence needs, and Russian where Django
writes English into the admin's HTML.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from newsroom import nouns
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


@register.filter
def inner_quotes(text):
    """``text`` to be put in «…», its own quotes as „…“: ``{{ object|inner_quotes }}``."""
    return nouns.inner_quotes(text)


@register.filter
def boolean_icons_in_russian(cell):
    """A list cell whose yes/no icon is described as «Да»/«Нет», not Django's True/False."""
    for value, word in (("True", "Yes"), ("False", "No"), ("None", "Unknown")):
        cell = cell.replace(f'alt="{value}">', f'alt="{gettext(word)}">')
    # The cell is Django's escaped HTML (user text in it has its quotes escaped, so only
    # Django's own attribute can match); one fixed attribute value changed.
    return mark_safe(cell)  # noqa: S308
