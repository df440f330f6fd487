"""Taking a source in: read it (an address, fetched safely, or a file), extract it, and save
it as a draft article with its capture archived as a WARC record in media storage."""

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from articles.models import Article, Outlet
from core.changes import content_changed
from core.dates import DatePrecision
from core.revisions import record_revision

from .extract import extract
from .fetch import Fetched, fetch
from .models import Capture

FILE_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
#: Headers that describe the transfer, not the bytes kept (those are stored decoded, whole).
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


@dataclass
class Source:
    """A source read and extracted, not yet saved."""

    fetched: Fetched
    extracted: object  # sources.extract.Extracted

    @property
    def sha256(self):
        return hashlib.sha256(self.fetched.body).hexdigest()

    def record(self):
        """What would be saved, as plain data (``add_source --json``)."""
        e, f = self.extracted, self.fetched
        return {
            "title": e.title, "byline": e.byline,
            "published_on": e.published_on.isoformat() if e.published_on else None,
            "published_precision": str(e.published_precision), "outlet": e.outlet, "language": e.language,
            "url": f.final_url, "requested_url": f.url, "http_status": f.status or None,
            "content_type": f.content_type, "body": e.body, "stripped": e.stripped, "sha256": self.sha256,
            "size": len(f.body), "accessed_at": f.accessed_at.isoformat(),
            "from_metadata": dict(e.found),
        }  # fmt: skip


def read_address(url):
    """Fetch and extract ``url`` (raises ``FetchError`` or ``ExtractionError``)."""
    fetched = fetch(url)
    return Source(fetched, extract(fetched.body, fetched.content_type, fetched.charset))


def read_file(name, data):
    """Extract an uploaded or local file: PDF by its signature, else by its name's ending."""
    content_type = (
        "application/pdf" if data[:5] == b"%PDF-" else FILE_TYPES.get(Path(name).suffix.lower(), "text/html")
    )
    fetched = Fetched(
        url="", final_url="", status=0, content_type=content_type, charset="", headers=[], body=data,
        accessed_at=timezone.now(),
    )  # fmt: skip
    return Source(fetched, extract(data, content_type))


def warc_record(fetched):
    """The bytes and headers of ``fetched`` as one gzipped WARC record (a ``response`` for an
    address, a ``resource`` for a file)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = fetched.accessed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if fetched.final_url:
        kept = [(k, v) for k, v in fetched.headers if k.lower() not in TRANSFER_HEADERS]
        kept.append(("Content-Length", str(len(fetched.body))))
        http = StatusAndHeaders(f"{fetched.status} OK", kept, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            fetched.final_url, "response", payload=io.BytesIO(fetched.body), http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
    else:
        record = writer.create_warc_record(
            "urn:upload", "resource", payload=io.BytesIO(fetched.body), warc_content_type=fetched.content_type,
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
    writer.write_record(record)
    return out.getvalue()


def metadata_provenance(source):
    """Provenance entries marking the values read from the page's metadata (the language,
    which takes no provenance, is only prefilled)."""
    where = source.fetched.final_url or "the uploaded file"
    read_on = source.fetched.accessed_at.strftime("%-d %B %Y")
    return {
        field: {"basis": "metadata", "reason": f"Read from {found} ({where}, {read_on})."}
        for field, found in source.extracted.found.items()
        if field in Article.PROVENANCE_FIELDS
    }


def unique_slug(model, text, limit):
    base = slugify(text)[: limit - 4].strip("-") or "source"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def outlet_named(name, source):
    if not name:
        return None
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is None:
        reason = metadata_provenance(source).get("outlet")
        outlet = Outlet.objects.create(
            name=name, slug=unique_slug(Outlet, name, 80), provenance={"name": reason} if reason else {}
        )
    return outlet


def prefill(source):
    """The article's values as extracted (the outlet by name), before the editor corrects them."""
    e, f = source.extracted, source.fetched
    title = e.title or f.final_url or "Untitled source"
    return {
        "title": title, "slug": unique_slug(Article, title, 120), "byline": e.byline, "published_on": e.published_on,
        "published_precision": e.published_precision or DatePrecision.UNKNOWN, "language": e.language or "en",
        "body": e.body, "stripped": e.stripped, "url": f.final_url,
    }  # fmt: skip


def pending_record(source):
    """``source`` as JSON, kept in media storage while the editor confirms it (read back by :func:`load_pending`)."""
    f = source.fetched
    return json.dumps({
        "url": f.url, "final_url": f.final_url, "status": f.status, "content_type": f.content_type,
        "charset": f.charset, "headers": f.headers, "accessed_at": f.accessed_at.isoformat(),
        "body": base64.b64encode(f.body).decode("ascii"),
    })  # fmt: skip


def load_pending(name):
    with default_storage.open(name) as stored:
        data = json.loads(stored.read())
    data.update(body=base64.b64decode(data["body"]), accessed_at=datetime.fromisoformat(data["accessed_at"]))
    fetched = Fetched(**data)
    return Source(fetched, extract(fetched.body, fetched.content_type, fetched.charset))


@transaction.atomic
def save_source(source, values=None, provenance=None, user=None):
    """Save ``source`` as a draft article (with ``values`` overriding what was extracted, and
    ``provenance`` its entries, by default the metadata marks) and archive its capture; a
    value that fails validation raises ``ValidationError`` and nothing is kept."""
    f = source.fetched
    values = {**prefill(source), "outlet": source.extracted.outlet, **(values or {})}
    outlet = values.pop("outlet") or None
    article = Article(
        **values,
        outlet=outlet if isinstance(outlet, Outlet) or outlet is None else outlet_named(outlet, source),
        provenance=metadata_provenance(source) if provenance is None else provenance,
    )
    article.full_clean()
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
