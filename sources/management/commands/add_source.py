"""Take a source in from its address or a local HTML/PDF file: extract it, archive its bytes,
and save it as a draft article for the editors to confirm (sources.intake)."""

import json as json_module
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from sources.fetch import fetch
from sources.intake import READ_ERRORS, read, read_file, save_source


class Command(BaseCommand):
    help = "Add a source from its address (fetched safely) or an HTML/PDF file, as a draft article."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="ADDRESS_OR_FILE")
        parser.add_argument("--dry-run", action="store_true", help="Read and extract, save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the record that is (or would be) saved.")

    def handle(self, source, dry_run, json, **options):
        path = Path(source)
        if "://" not in source and not path.is_file():
            raise CommandError(f"{source} is neither an http(s) address nor a file.")
        try:
            taken = read(fetch(source)) if "://" in source else read_file(path.name, path.read_bytes())
        except READ_ERRORS as error:
            raise CommandError(str(error)) from error
        record = taken.record()
        try:
            article, capture = save_source(taken, dry_run=dry_run)  # atomic: nothing kept when refused
        except ValidationError as error:
            fields = error.message_dict.items() if hasattr(error, "error_dict") else []
            problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields) or " ".join(
                error.messages
            )
            raise CommandError(f"The source cannot be saved as read ({problems}); nothing was saved.") from error
        if not dry_run:
            record.update(article=article.slug, archive=capture.archive.name)
        if json:
            self.stdout.write(json_module.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        elif dry_run:
            self.stdout.write(f"Would add “{record['title']}” ({len(record['body']):,} characters); nothing saved.")
        else:
            message = f"Added “{article}” as a draft ({article.slug}), archived as {capture.archive.name}."
            self.stdout.write(self.style.SUCCESS(message))
