"""The sections menu, read and rendered once per list generation by each process.

Every public page shows it, twice (the header and the footer): reading the sections and
rendering their links cost an uncached article page about a quarter of its time. Saving
or deleting a section moves the list generation (articles.signals, as every change to
what lists show does: articles.stored_related), so a process keeps the menu it rendered
for one generation and uses it while the database says that generation is current: a
page that reads the generation anyway (the article page, with its article) then reads no
sections, another reads one number instead. No cache is involved: with the page cache
and fragments off the menu is as current as the database.
"""

from django.urls import get_script_prefix
from django.utils.html import format_html_join
from django.utils.translation import get_language

from articles import stored_related
from articles.models import Section

# Only the latest: {(database, generation, language, script prefix): items}.
_rendered = {}


def menu_items(request, using="default"):
    """The menu's ``<li>`` items (links to the sections, in menu order) for this request,
    rendered once per generation."""
    generation = stored_related.request_generation(request, using)
    key = (using, generation, get_language(), get_script_prefix())
    items = _rendered.get(key)
    if items is None:
        sections = Section.objects.using(using).only("name", "slug")
        items = format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((s.get_absolute_url(), s.name) for s in sections)
        )
        _rendered.clear()
        _rendered[key] = items
    return items


def forget():
    """Drop this process's rendered menu (the next page reads the sections again)."""
    _rendered.clear()
