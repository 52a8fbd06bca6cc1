from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Persons and organizations")

    def ready(self):
        from people import stored_pages

        stored_pages.connect()
