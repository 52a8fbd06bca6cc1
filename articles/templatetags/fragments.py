"""``{% cache %}`` with Django's arguments, for fragments that show articles.

``{% load fragments %}`` instead of ``{% load cache %}``: the fragment is stored with the
articles it shows and their versions, and rendered again when one of them changes, as a
page is (articles.caching.cached_fragment); a cached fragment's articles count as the
enclosing page's.
"""

from django import template
from django.utils.safestring import mark_safe

from articles.caching import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, expire_time, name, vary_on):
        self.nodelist = nodelist
        self.expire_time = expire_time
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        seconds = self.expire_time.resolve(context)
        parts = [value.resolve(context) for value in self.vary_on]
        return cached_fragment(
            f"template:{self.name}", parts, lambda: self.nodelist.render(context), seconds
        )


@register.tag("cache")
def do_cache(parser, token):
    """{% cache seconds name [vary_on …] %} … {% endcache %}"""
    nodelist = parser.parse(("endcache",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' tag requires at least 2 arguments.")
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(bit) for bit in bits[3:]],
    )


class StoredNode(template.Node):
    def __init__(self, nodelist, name, page, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.page = page
        self.vary_on = vary_on

    def render(self, context):
        from articles.stored_fragments import stored_page_piece  # it loads the models

        html = stored_page_piece(
            self.name,
            context["request"],
            self.page.resolve(context).number,
            lambda: self.nodelist.render(context),
            vary=[value.resolve(context) for value in self.vary_on],
        )
        return mark_safe(html)  # noqa: S308 - what the nodelist rendered, escaped there


@register.tag("stored")
def do_stored(parser, token):
    """{% stored name page_obj [vary_on …] %} … {% endstored %}: a list page's piece, kept
    in the database while the list generation stays and ``vary_on`` (what else it shows
    that changes by itself: today's date) is the same (articles.stored_fragments); for
    pieces that show lists of articles and nothing a reader or a body edit changes."""
    nodelist = parser.parse(("endstored",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' tag takes a name and the page.")
    vary_on = [parser.compile_filter(bit) for bit in bits[3:]]
    return StoredNode(nodelist, bits[1], parser.compile_filter(bits[2]), vary_on)
