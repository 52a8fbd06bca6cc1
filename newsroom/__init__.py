# The Celery app is loaded with Django, as Celery's Django guide says, so that the web
# processes send jobs through it (configured from settings, not Celery's defaults).
from newsroom.celery import app as celery_app

__all__ = ["celery_app"]
