import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.demo import load_demo_content
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Fill an empty database with the demo newsroom and create a staff account "
        "whose random password is printed once. Does nothing if articles exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=36, help="How many demo articles.")
        parser.add_argument("--username", default="editor", help="The staff account's name.")
        parser.add_argument(
            "--no-images", action="store_true", help="Leave every photo awaiting its file."
        )

    def handle(self, *args, **options):
        if options["articles"] < 1:
            raise CommandError("--articles must be at least 1.")
        if Article.objects.exists():
            self.stdout.write("The database already holds articles: demo content not loaded.")
            return
        self.stdout.write(f"Loading {options['articles']} demo articles…")
        count = load_demo_content(
            article_count=options["articles"], with_images=not options["no_images"]
        )
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom loaded: {count} articles."))
        self._create_staff_account(options["username"])

    def _create_staff_account(self, username):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Staff account «{username}» exists already; password unchanged.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                f"Staff account for /admin/: username «{username}», password {password}\n"
                "The password is shown only this once: keep it."
            )
        )
