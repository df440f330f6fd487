"""What a fetched page or file says about itself: the main text verbatim (trafilatura for HTML,
pypdf for PDF), the text left out of it, and the metadata the page gives (never guessed from its text)."""

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date

import charset_normalizer
import lxml.html
from django.core.exceptions import ValidationError

from core.dates import DatePrecision, parse_partial_date

BLOCKS = {
    "p", "div", "li", "ul", "ol", "nav", "header", "footer", "aside", "section", "article", "main", "figure",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "dd", "dt",
    "button", "form", "label", "br", "hr", "address", "details", "summary", "caption",
}  # fmt: skip
INVISIBLE = ("script", "style", "noscript", "template", "head", "svg")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
SPACE = re.compile(r"\s+")
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not text (form feeds in old pages): read as spaces
# Where each field is read from (see page_metadata), the first found winning.
READ_FROM = {
    "title": ("og:title", "ld:headline", "twitter:title", "<title>", "/Title"),
    "byline": ("author", "ld:author", "article:author", "/Author"),
    "outlet": ("og:site_name", "ld:publisher", "application-name"),
    "language": ("<html lang>", "ld:inLanguage", "og:locale"),
    "published_on": ("article:published_time", "ld:datePublished", "date", "dc.date", "<time datetime>"),
}


class ExtractionError(ValueError):
    """The file holds no text that could be taken as a source."""


@dataclass
class Extracted:
    body: str
    stripped: str = ""
    title: str = ""
    byline: str = ""
    published_on: date | None = None
    published_precision: str = DatePrecision.UNKNOWN
    outlet: str = ""
    language: str = ""
    found: dict = field(default_factory=dict)  # {field: where in the page's metadata it was read}


def extract(data, content_type, charset=""):
    if content_type == "application/pdf":
        return extract_pdf(data)
    text = CONTROLS.sub(" ", decode(data, charset))
    if content_type == "text/plain":
        if not text.strip():
            raise ExtractionError("The file holds no text.")
        return Extracted(body=text.strip())
    return extract_html(text)


def decode(data, charset=""):
    """The text of ``data``: by the charset the server declared, else the page's own ``<meta>``, else UTF-8, else
    the encoding its bytes most likely are (a page in windows-1252 or -1251 that declares none)."""
    sniffed = META_CHARSET.search(data[:4096])
    for candidate in (charset, sniffed[1].decode("ascii") if sniffed else "", "utf-8"):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):  # "" is an unknown encoding too
            continue
    likeliest = charset_normalizer.from_bytes(data).best()
    return str(likeliest) if likeliest is not None else data.decode("utf-8", errors="replace")


# pypdf and trafilatura are imported where they are used: together they take 0.6 s to import, which every
# process would pay (each command, each test worker) for the few that take a source in.
def extract_pdf(data):
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = {key: str((reader.metadata or {}).get(key) or "").strip() for key in ("/Title", "/Author")}
    except (pypdf.errors.PdfReadError, ValueError, KeyError) as error:
        raise ExtractionError(f"The PDF could not be read ({error}).") from error
    body = CONTROLS.sub(" ", "\n\n".join(page.strip() for page in pages if page.strip()))
    if not body:
        raise ExtractionError("The PDF holds no text layer (a scan?): type or paste its text instead.")
    return with_metadata(Extracted(body=body), meta)


def extract_html(text):
    import trafilatura

    try:
        tree = lxml.html.fromstring(text)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ExtractionError(f"The page could not be parsed ({error}).") from error
    body = (trafilatura.extract(text, include_comments=False) or "").strip()
    if not body:
        raise ExtractionError("No main text was found on the page.")
    return with_metadata(Extracted(body=body, stripped=left_out(tree, body)), page_metadata(tree))


def with_metadata(result, meta):
    """``result`` with the fields ``meta`` ({name: value}: the page's, or the PDF's /Title and /Author) gives."""
    for name, sources in READ_FROM.items():
        read = partial_date if name == "published_on" else str
        for source in sources:
            if value := read(meta.get(source, "")):
                setattr(result, name, value)
                result.found[name] = describe(source)
                break
    result.language = result.language.replace("_", "-").split("-")[0].lower()[:10]
    if result.published_on:  # read as (date, precision)
        result.published_on, result.published_precision = result.published_on
    return result


def describe(source):
    if source.startswith("/"):
        return f"the PDF's {source[1:]}"
    if source.startswith("ld:"):
        return f"{source[3:]} in the page's JSON-LD"
    return f"the page's {source}" if source.startswith("<") else f"the page's {source} meta tag"


def page_metadata(tree):
    """{name: value} of the page's meta tags, JSON-LD, <title>, <html lang> and first <time datetime>."""
    found = {}

    def keep(name, value):
        value = SPACE.sub(" ", str(value or "")).strip()
        if name and value:
            found.setdefault(name, value)

    for meta in tree.iter("meta"):
        keep((meta.get("property") or meta.get("name") or "").strip().lower(), meta.get("content"))
    keep("<title>", tree.findtext(".//title"))
    keep("<html lang>", tree.get("lang"))
    for time in tree.iter("time"):
        keep("<time datetime>", time.get("datetime"))
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = [item for item in (data if isinstance(data, list) else [data]) if isinstance(item, dict)]
        items += [graph for item in items for graph in item.get("@graph", []) if isinstance(graph, dict)]
        for item in items:
            for key in ("headline", "datePublished", "inLanguage", "author", "publisher"):
                value = item.get(key)
                value = value[0] if isinstance(value, list) and value else value  # the first author
                value = value.get("name") if isinstance(value, dict) else value  # a Person or Organization
                keep(f"ld:{key}", value if isinstance(value, str) else "")
    return found


def partial_date(value):
    """(date, precision) of "2025", "2025-05" or "2025-05-14[T…]"; None when it is none of these."""
    try:
        day, precision = parse_partial_date(re.split(r"[T\s]", value.strip())[0])
    except ValidationError:
        return None
    return (day, precision) if day else None


def left_out(tree, body):
    """The page's visible text that the main text leaves out (menus, banners, captions), a line per block."""
    tree = lxml.html.fromstring(lxml.html.tostring(tree))
    for element in tree.iter(*INVISIBLE):
        element.drop_tree()
    for element in tree.iter(*BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    kept = SPACE.sub(" ", body)
    lines = (SPACE.sub(" ", line).strip() for line in tree.text_content().split("\n"))
    return "\n".join(line for line in lines if line and line not in kept)
