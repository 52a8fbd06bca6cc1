"""App configurations for third-party apps whose own ones need a word changed."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes, named in Russian where permissions list it («Попытки входа»)."""

    verbose_name = _("Login attempts")
