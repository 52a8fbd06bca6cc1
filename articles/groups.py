"""The newsroom's groups and what each may do: reporters, editors, photo editors.

``ensure_groups()`` creates the groups and gives them their permissions; it runs
after every ``migrate`` (a post_migrate hook in ``articles.apps``) and from the
``setup_groups`` command, and can be re-run at any time. Superusers need no group.
The finer rules (a reporter edits only their own drafts, only editors publish) are
in ``articles.workflow``; the permissions here are what those rules are checked against.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

# Group names are data that editors read in the Russian admin, so they are Russian.
REPORTER = "Репортёры"
EDITOR = "Редакторы"
PHOTO_EDITOR = "Фоторедакторы"
# The names the groups had before: an existing database's groups are renamed, members kept.
FORMER_NAMES = {"Reporter": REPORTER, "Editor": EDITOR, "Photo editor": PHOTO_EDITOR}

ALL = ("add", "change", "delete", "view")

GROUP_PERMISSIONS = {
    REPORTER: {
        "articles.article": ALL,  # delete: own unpublished work only (articles.workflow)
        "articles.articlephoto": ALL,
        "articles.mention": ALL,
        "articles.rejectedmention": ALL,  # own articles only (articles.workflow)
        "articles.quote": ALL,
        "articles.section": ("view",),
        # change: only what they added and no published article names (people.permissions)
        "people.person": ("add", "change", "view"),
        "people.namevariant": ("add", "change", "view"),
        "people.role": ("add", "change", "view"),
        "people.organization": ("add", "change", "view"),
        "media.photo": ("add", "view"),
        "media.credit": ("add", "view"),
        "taggit.tag": ("view",),
    },
    EDITOR: {
        "articles.article": (*ALL, "publish_article", "edit_others_article"),
        "articles.articlephoto": ALL,
        "articles.mention": ALL,
        "articles.rejectedmention": ALL,
        "articles.quote": ALL,
        "articles.section": ALL,
        "articles.formerslug": ALL,
        "people.person": (*ALL, "edit_any_person"),
        "people.namevariant": ALL,
        "people.role": (*ALL, "edit_any_role"),
        "people.organization": (*ALL, "edit_any_organization"),
        "media.photo": ("add", "change", "view"),
        "media.credit": ("add", "change", "view"),
        "taggit.tag": ALL,
        # Editors import articles (the admin's import page) and follow those jobs.
        "jobs.job": ("view", "run_job_again"),
    },
    PHOTO_EDITOR: {
        "media.photo": ALL,
        "media.credit": ALL,
        "articles.article": ("view",),
        # Portraits and the photos a person is shown in, on anyone (as before).
        "people.person": ("change", "view", "edit_any_person"),
        "taggit.tag": ("view",),
        "jobs.job": ("view",),  # photos' background work
    },
}


def _codename(model_name, action):
    return action if "_" in action else f"{action}_{model_name}"


def ensure_groups(using="default", reset=False, apps=global_apps):
    """Create the groups and grant their permissions; return {group name: permissions added}.

    Permissions an administrator added to a group by hand are kept unless ``reset``,
    which makes each group hold exactly the permissions listed here.
    """
    for label in {key.split(".")[0] for perms in GROUP_PERMISSIONS.values() for key in perms}:
        # post_migrate runs app by app: make sure every app's permissions exist already.
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for former, name in FORMER_NAMES.items():
        if not Group.objects.using(using).filter(name=name).exists():
            Group.objects.using(using).filter(name=former).update(name=name)
    added = {}
    for name, models in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for key, actions in models.items():
            app_label, model_name = key.split(".")
            # filter, not get: a partial migrate may not have created every permission yet.
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label,
                    content_type__model=model_name,
                    codename__in=[_codename(model_name, action) for action in actions],
                )
            )
        held = set(group.permissions.values_list("pk", flat=True))
        missing = [perm for perm in wanted if perm.pk not in held]
        if reset:
            group.permissions.set(wanted)
        else:
            group.permissions.add(*missing)
        added[name] = len(missing)
    return added


def create_groups_after_migrate(sender, using="default", apps=global_apps, **kwargs):
    """post_migrate hook: the groups exist on every database that has been migrated."""
    ensure_groups(using=using, apps=apps)
