"""URL converters that refuse hostile segments before any view or query sees them.

A segment a converter does not match is a 404 from the resolver, once for every view:
no NUL (which PostgreSQL refuses in text), no overlong number (which overflows dates
and integer columns), nothing a tag's slug cannot contain.
"""


class TagSlugConverter:
    """A tag's slug: letters and digits of any script, "-" and "_" (what taggit makes)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class YearConverter:
    """Four digits: every year an article can have, and nothing that overflows a date."""

    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthOrDayConverter:
    """One or two digits: a month or a day of the month."""

    regex = r"[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class SignedTokenConverter:
    """A token made by ``django.core.signing`` (URL-safe base64 and its ":" separators)."""

    regex = r"[-\w.:]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)
