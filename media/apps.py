from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Photos")

    def ready(self):
        from media.db import register_sqlite_functions
        from media.renditions import photo_deleted

        connection_created.connect(
            register_sqlite_functions, dispatch_uid="media.register_sqlite_functions"
        )
        post_delete.connect(
            photo_deleted, sender="media.Photo", dispatch_uid="media.photo_files_deleted"
        )
