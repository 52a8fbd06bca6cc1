"""Who may change a person, an organization or a role.

Anyone with the add permission (reporters) adds them. Changing one is open to whoever
added it only while no published article names it, because a rename shows at once on
every live article; holders of ``people.edit_any_person`` / ``edit_any_organization`` /
``edit_any_role`` (editors) change any. Rows without ``created_by`` (the importer, the
demo content, rows older than the column) are nobody's own.

What "named in a published article" means belongs to the articles app, which this app
must not import: it registers the check (``register_published_check``, from
``ArticlesConfig.ready()``).
"""

from people.models import NameVariant, Role

_published_checks = []


def register_published_check(check):
    """Add ``check(obj) -> bool``: whether readers see ``obj`` (a person or organization)."""
    if check not in _published_checks:
        _published_checks.append(check)


def named_in_published_work(obj):
    """Whether something readers see names ``obj``; a role, when it names its holder or body."""
    if isinstance(obj, Role):
        named = [obj.person] + ([obj.organization] if obj.organization_id else [])
        return any(named_in_published_work(item) for item in named)
    return any(check(obj) for check in _published_checks)


def can_change(user, obj):
    """Whether ``user`` may change ``obj``: a Person, Organization, Role or NameVariant.

    A name variant is part of its person and follows the person's rule.
    """
    if isinstance(obj, NameVariant):
        return can_change(user, obj.person)
    opts = obj._meta
    if not (user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")):
        return False
    if obj.pk is None or user.has_perm(f"{opts.app_label}.edit_any_{opts.model_name}"):
        return True
    own = obj.created_by_id is not None and obj.created_by_id == user.pk
    return own and not named_in_published_work(obj)
