from django.core.management.base import BaseCommand, CommandError

from media.renditions import make_missing


class Command(BaseCommand):
    help = (
        "Make the missing renditions of photos that have a file: photos stored before "
        "renditions were made on arrival, or whose making failed. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "photo_ids", nargs="*", type=int, help="Only these photos (default: all lacking them)."
        )

    def handle(self, *args, **options):
        summary = make_missing(options["photo_ids"] or None)
        made, unreadable, failed = summary["made"], summary["unreadable"], summary["failed"]
        self.stdout.write(f"Renditions made for {len(made)} photo(s).")
        if unreadable:
            ids = ", ".join(map(str, unreadable))
            self.stdout.write(
                self.style.WARNING(
                    f"{len(unreadable)} photo(s) have a file that cannot be read ({ids}): "
                    "pages show their caption and credit only; upload the file again."
                )
            )
        if failed:
            lines = "\n".join(f"  photo {pk}: {error}" for pk, error in failed.items())
            raise CommandError(f"{len(failed)} photo(s) failed; run the command again:\n{lines}")
