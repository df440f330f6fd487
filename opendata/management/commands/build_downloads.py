"""Build the files of /data/ for the current content version: started by the site when a reader
asks for a file not built yet, and runnable by hand after a deploy or a reload."""

import fcntl
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opendata.downloads import NAMES, build_missing, lock_file


class Command(BaseCommand):
    help = (
        "Build the download files (all, or those named) of the current content version that this host has "
        "not stored yet, after any build already running."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="FILE", help=f"Of {', '.join(NAMES)}: all by default.")
        parser.add_argument(
            "--origin",
            default=settings.SITE_URL,
            help="The site's address as readers reach it, e.g. https://sco.example.org; SITE_URL by default.",
        )
        parser.add_argument("--dry-run", action="store_true", help="List the files that would be built.")
        parser.add_argument("--lock-fd", type=int, help="A descriptor of the build lock, held already (the site's).")

    def handle(self, *args, names, origin, dry_run, lock_fd, **options):
        if not origin:
            raise CommandError("No origin: give --origin https://sco.example.org, or set SITE_URL.")
        try:
            parts = urlsplit(origin)
            sound = bool(parts.hostname) and "@" not in parts.netloc and (parts.port or 1) > 0  # reading it checks it
        except ValueError:  # a port out of range, a malformed IPv6 host
            sound = False
        if not sound or parts.scheme not in ("http", "https") or parts.path not in ("", "/") or parts.query:
            raise CommandError(f"{origin!r} is not a site's origin such as https://sco.example.org (--origin).")
        origin = f"{parts.scheme}://{parts.netloc}"
        if unknown := [name for name in names if name not in NAMES]:
            raise CommandError(f"No such file: {', '.join(unknown)}. The files: {', '.join(NAMES)}.")
        try:
            with open(lock_fd, "a") if lock_fd is not None else lock_file() as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # waits for a build that runs; the site's is held already
                version, built = build_missing(origin, names, dry_run=dry_run)
        except OSError as error:  # DOWNLOADS_ROOT not a folder, not writable, full
            raise CommandError(
                f"Cannot store the files in {settings.DOWNLOADS_ROOT}: {error.strerror or error}."
            ) from error
        done = "would be built" if dry_run else "built"
        self.stdout.write(f"Version {version} for {origin}: {', '.join(built) or 'nothing'} {done}.")
