"""Link health and drift: fetch every source's address (a bounded pool, a few requests per host
at a time), and re-anchor each cited passage in the live text.

A source is ``live``, ``moved`` (its address redirects elsewhere), ``gone`` (404 or 410, or a
name that still does not resolve after retries), ``error`` (anything else, with the reason) or
``changed`` (the page answers but one or more cited passages are missing from it). Each
passage is ``present`` (verbatim, with the text around it as it was), ``moved`` (verbatim
elsewhere, or nearly verbatim between its old neighbours) or ``missing``.
"""

import difflib
import logging
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import zip_longest
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from core.changes import content_changed
from facts.models import Citation

from .extract import ExtractionError, extract
from .fetch import FetchError, fetch
from .models import LinkCheck

CONTEXT = 32  # characters of prefix and suffix kept around a quote
NEAR = 0.9  # how alike a reworded passage must be to count as still there
DNS_ATTEMPTS, DNS_RETRY_DELAY = 3, 2.0
Status, Passage = LinkCheck.Status, LinkCheck.Passage
logger = logging.getLogger(__name__)


@dataclass
class Result:
    article: Article
    status: str
    checked_at: object
    reason: str = ""
    final_url: str = ""
    http_status: int | None = None
    passages: dict = field(default_factory=dict)  # {citation id: present | moved | missing}

    def record(self):
        return {
            "article": self.article.slug, "status": self.status, "checked_at": self.checked_at.isoformat(),
            "reason": self.reason, "final_url": self.final_url,
            "citations": [{"citation": pk, "passage": state} for pk, state in sorted(self.passages.items())],
        }  # fmt: skip


def fold(text):
    return " ".join(text.split())


def anchor(live, body, quote, start):
    """Where ``quote`` (at ``start`` of the archived ``body``) is in the ``live`` text: present,
    moved or missing. All compared with whitespace folded."""
    end, before = start + len(quote), max(0, start - CONTEXT)
    quote_f, prefix, suffix = fold(quote), fold(body[before:start]), fold(body[end : end + CONTEXT])
    if quote_f and quote_f in live:
        with_prefix, with_suffix = fold(body[before:end]), fold(body[start : end + CONTEXT])
        if (prefix and with_prefix in live) or (suffix and with_suffix in live) or not (prefix or suffix):
            return Passage.PRESENT
        return Passage.MOVED
    # Approximate: the text between the old neighbours, if it still reads nearly as the quote.
    if prefix and suffix and prefix in live:
        after = live.index(prefix) + len(prefix)
        end = live.find(suffix, after)
        if end > 0 and difflib.SequenceMatcher(None, live[after:end].strip(), quote_f).ratio() >= NEAR:
            return Passage.MOVED
    return Passage.MISSING


def fetch_patiently(url):
    for attempt in range(DNS_ATTEMPTS):
        try:
            return fetch(url)
        except FetchError as error:
            if error.kind != "dns" or attempt == DNS_ATTEMPTS - 1:
                raise
            time.sleep(DNS_RETRY_DELAY * (attempt + 1))


def check_one(article, citations):
    """Check ``article``'s address (its ``citations`` with their quotes); no database access."""
    try:
        fetched = fetch_patiently(article.url)
    except FetchError as error:
        gone = error.status in (404, 410) or error.kind == "dns"
        return Result(article, Status.GONE if gone else Status.ERROR, timezone.now(), str(error),
                      error.url, error.status)  # fmt: skip
    result = Result(article, Status.LIVE, fetched.accessed_at, final_url=fetched.final_url, http_status=fetched.status)
    try:
        extracted = extract(fetched.body, fetched.content_type, fetched.charset)
        live = fold(f"{extracted.body}\n{extracted.stripped}")
    except ExtractionError as error:
        result.status, result.reason = Status.ERROR, str(error)
        return result
    result.passages = {c.pk: anchor(live, article.body, c.quote, c.start) for c in citations}
    missing = [pk for pk, state in result.passages.items() if state == Passage.MISSING]
    if missing:
        result.status = Status.CHANGED
        result.reason = f"{len(missing)} of {len(citations)} cited passages missing from the live page."
    elif fetched.final_url != article.url:
        result.status, result.reason = Status.MOVED, f"Redirects to {fetched.final_url}."
    return result


def interleaved(articles):
    """Articles ordered host by host in turn, so that a pool rarely waits on one host."""
    by_host = defaultdict(list)
    for article in articles:
        by_host[urlsplit(article.url).hostname or ""].append(article)
    return [a for row in zip_longest(*by_host.values()) for a in row if a is not None]


def check_sources(articles=None, *, workers=None, per_host=None):
    """Check every article with an address (or ``articles``), save each source's check, and
    return ``(results, skipped)``: skipped being ``[(article, reason)]``."""
    workers, per_host = workers or settings.SOURCE_CHECK_WORKERS, per_host or settings.SOURCE_CHECK_PER_HOST
    articles = list(Article.objects.order_by("slug") if articles is None else articles)
    skipped = [(a, "no address: the source was typed in or uploaded") for a in articles if not a.url]
    articles = [a for a in articles if a.url]
    citations = defaultdict(list)
    for citation in Citation.objects.filter(article__in=articles).only("pk", "article_id", "quote", "start"):
        citations[citation.article_id].append(citation)
    hosts, lock = {}, threading.Lock()

    def run(article):
        with lock:
            gate = hosts.setdefault(urlsplit(article.url).hostname, threading.BoundedSemaphore(per_host))
        with gate:
            try:
                return check_one(article, citations[article.pk])
            except Exception as error:  # one source's fault never stops the others' checks
                logger.exception("Checking %s failed", article.url)
                return Result(article, Status.ERROR, timezone.now(), f"The check failed: {error!r}.")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, interleaved(articles)))
    save_results(results)
    return results, skipped


@transaction.atomic
def save_results(results):
    before = {c.article_id: c for c in LinkCheck.objects.filter(article__in=[r.article for r in results])}
    changed = []
    for result in results:
        passages = {str(pk): state for pk, state in result.passages.items()}
        old = before.get(result.article.pk)
        if old is None or (old.status, old.passages) != (result.status, passages):
            changed.append(result.article.pk)
        LinkCheck.objects.update_or_create(
            article=result.article,
            defaults={
                "checked_at": result.checked_at, "status": result.status, "reason": result.reason,
                "final_url": result.final_url, "http_status": result.http_status, "passages": passages,
            },
        )  # fmt: skip
    content_changed(Article, changed)
