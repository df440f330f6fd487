"""Taking a source in: read it (an address, fetched safely, or a file), extract it, and save it
as a draft article with its capture archived as a WARC record in media storage."""

import base64
import hashlib
import io
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from articles.models import Article, Outlet
from core.changes import content_changed
from core.revisions import record_revision
from core.slugs import unique_slug

from .extract import Extracted, ExtractionError, extract
from .fetch import Fetched, FetchError
from .models import Capture

FILE_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
# Headers that describe the transfer, not the bytes kept (those are stored decoded, whole).
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}
READ_ERRORS = (FetchError, ExtractionError)  # a source refused, with a plain message
PENDING = "sources-pending"  # where a read source waits for the editor to confirm it


@dataclass
class Source:
    fetched: Fetched
    extracted: Extracted

    @property
    def sha256(self):
        return hashlib.sha256(self.fetched.body).hexdigest()

    def record(self):
        """What would be saved, as plain data (``add_source --json``, the confirm page)."""
        f = self.fetched
        return {
            **asdict(self.extracted), "url": f.final_url, "requested_url": f.url, "http_status": f.status or None,
            "content_type": f.content_type, "sha256": self.sha256, "size": len(f.body), "accessed_at": f.accessed_at,
        }  # fmt: skip


def read(fetched):
    return Source(fetched, extract(fetched.body, fetched.content_type, fetched.charset))


def read_file(name, data):
    """Extract an uploaded or local file: PDF by its signature, else by its name's ending."""
    content_type = FILE_TYPES.get(Path(name).suffix.lower(), "text/html")
    return read(Fetched("application/pdf" if data[:5] == b"%PDF-" else content_type, data, timezone.now()))


def hold(source):
    """Keep ``source`` in media storage while the editor confirms it: a signed token to find it by."""
    f = source.fetched
    data = json.dumps({**asdict(f), "body": base64.b64encode(f.body).decode("ascii")}, cls=DjangoJSONEncoder)
    return signing.dumps(default_storage.save(f"{PENDING}/source.json", ContentFile(data)), salt=PENDING)


def held(token):
    """The name and the source kept by :func:`hold` (``BadSignature``, ``OSError`` or ``ValueError`` when gone)."""
    name = signing.loads(token, salt=PENDING, max_age=24 * 3600)
    with default_storage.open(name) as stored:
        data = json.loads(stored.read())
    data.update(body=base64.b64decode(data["body"]), accessed_at=datetime.fromisoformat(data["accessed_at"]))
    return name, read(Fetched(**data))


def warc_record(fetched):
    """``fetched`` as one gzipped WARC record: a ``response`` for an address, a ``resource`` for a file."""
    out = io.BytesIO()
    kind, options = "resource", {"warc_content_type": fetched.content_type}
    if fetched.final_url:
        kept = [(k, v) for k, v in fetched.headers if k.lower() not in TRANSFER_HEADERS]
        kept += [("Content-Length", str(len(fetched.body)))]
        kind, options = "response", {"http_headers": StatusAndHeaders(f"{fetched.status} OK", kept, "HTTP/1.1")}
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warc_record(
            fetched.final_url or "urn:upload", kind, payload=io.BytesIO(fetched.body),
            warc_headers_dict={"WARC-Date": fetched.accessed_at.strftime("%Y-%m-%dT%H:%M:%SZ")}, **options,
        )
    )  # fmt: skip
    return out.getvalue()


def prefill(source):
    """The article's values as extracted, but its outlet, before the editor corrects them."""
    e, f = source.extracted, source.fetched
    title = e.title or f.final_url or "Untitled source"
    return {
        "title": title, "slug": unique_slug(Article, title, length=120, default="source"), "byline": e.byline,
        "published_on": e.published_on, "published_precision": e.published_precision,
        "language": e.language or "en", "body": e.body, "stripped": e.stripped, "url": f.final_url,
    }  # fmt: skip


@transaction.atomic
def save_source(source, values=None, user=None, *, dry_run=False):
    """Save ``source`` as a draft article, ``values`` (an outlet by name) overriding what was
    extracted, and archive its capture; a value that fails validation raises ``ValidationError``
    and nothing is kept. A value read from the metadata and left as read keeps its mark.
    ``dry_run``: validated as it would be saved, and ``(article, None)`` returned unsaved."""
    e, f = source.extracted, source.fetched
    if same := Capture.objects.filter(sha256=source.sha256).select_related("article").first():
        raise ValidationError(f"These very bytes were taken in already, as “{same.article}” ({same.article.slug}).")
    values = {**prefill(source), "outlet": e.outlet, **(values or {})}
    where, read_on = f.final_url or "the uploaded file", f.accessed_at.strftime("%-d %B %Y")
    marks = {
        name: {"basis": "metadata", "reason": f"Read from {found} ({where}, {read_on})."}
        for name, found in e.found.items()
        if name in Article.PROVENANCE_FIELDS and str(values[name]) == str(getattr(e, name))
    }
    outlet = None
    if name := values.pop("outlet"):
        provenance = {"name": marks["outlet"]} if "outlet" in marks else {}
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None:  # a new one, validated before anything is saved (a site name can be any length)
            outlet = Outlet(
                name=name, slug=unique_slug(Outlet, name, length=80, default="source"), provenance=provenance
            )
            try:
                outlet.full_clean()
            except ValidationError as error:
                why = " ".join(error.messages)
                raise ValidationError(f"The outlet “{Truncator(name).chars(60)}” cannot be made: {why}") from error
    article = Article(**values, outlet=outlet, provenance=marks)
    article.full_clean()
    if dry_run:
        return article, None
    if outlet is not None and outlet.pk is None:
        outlet.save()
    article.save()
    capture = Capture(
        article=article, url=f.url, final_url=f.final_url, http_status=f.status or None,
        content_type=f.content_type, sha256=source.sha256, size=len(f.body), accessed_at=f.accessed_at,
    )  # fmt: skip
    name = f"{article.slug}-{f.accessed_at:%Y%m%dT%H%M%S}.warc.gz"
    capture.archive.save(name, ContentFile(warc_record(f)), save=False)
    try:
        capture.save()
        content_changed(Article, [article.pk])
        record_revision({Article: [article.pk]}, comment="Taken in from its address or file", user=user)
    except Exception:  # the transaction rolls back: no archive without its row
        default_storage.delete(capture.archive.name)
        raise
    return article, capture
