"""Who readers see as an article's authors: a person's name, never a login.

``byline_name(user)`` is the one rule, used by the article page, the feeds and the
JSON-LD (through ``Article.byline_names``) and by the admin, which shows editors whose
name readers will not see. The byline name lives on ``StaffProfile`` (articles app:
bylines are an article concept; ``people`` and ``media`` know nothing of staff).
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch


def byline_name(user):
    """The name readers see for ``user``: the byline name of their staff profile, else
    their first and last name, else "" (they are then left out of bylines: readers never
    see a login)."""
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.byline_name.strip():
        return profile.byline_name.strip()
    return user.get_full_name().strip()


def authors_prefetch(lookup="authors"):
    """A prefetch of articles' authors with their staff profiles: one query in all."""
    return Prefetch(
        lookup,
        # Only the names (the login for the admin's "no name" warning): no password hash.
        queryset=get_user_model()
        .objects.select_related("staff_profile")
        .only("first_name", "last_name", "username", "staff_profile__byline_name")
        .order_by("last_name", "first_name", "pk"),
    )
