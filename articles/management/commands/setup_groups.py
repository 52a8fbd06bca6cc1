from django.core.management.base import BaseCommand

from articles.groups import ensure_groups


class Command(BaseCommand):
    help = "Create the Reporter, Editor and Photo editor groups with their permissions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Also remove permissions added to these groups by hand.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, reset, database, **options):
        for name, count in ensure_groups(using=database, reset=reset).items():
            self.stdout.write(f"{name}: {count} permission(s) added")
