"""Add synthetic content in proportion to the real content, for scale tests and benchmarks."""

from django.core.management.base import BaseCommand, CommandError

from fixture_sync.synthetic import grow_content, remove_synthetic_content


class Command(BaseCommand):
    help = (
        "Add FACTOR times the curated content's volume of synthetic outlets, articles, events, facts and "
        "citations (slugs start with 'synthetic-'; never exported unless asked). --remove deletes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=10, help="How many times the real content to add.")
        parser.add_argument("--remove", action="store_true", help="Delete all synthetic content instead.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for repeatable content.")

    def handle(self, *args, factor, remove, seed, **options):
        if remove:
            remove_synthetic_content()
            self.stdout.write(self.style.SUCCESS("Synthetic content removed."))
            return
        if not 1 <= factor <= 1000:
            raise CommandError("--factor must be between 1 and 1000.")
        report = grow_content(factor=factor, seed=seed)
        self.stdout.write(self.style.SUCCESS(f"Added {report}."))
