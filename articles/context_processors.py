from articles.models import Section


def site_navigation(request):
    """The sections menu, evaluated only when a template uses it (the admin does not)."""
    return {"nav_sections": Section.objects.all}
