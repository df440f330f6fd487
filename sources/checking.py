"""Link health and drift: fetch every source's address (a bounded pool, a few requests per host at
a time), re-anchor each cited passage in the live text, and keep each source's last check."""

import difflib
import logging
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from itertools import zip_longest
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
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


def check_one(article, citations):
    """The check of ``article``'s address and of its ``citations``, unsaved; no database access."""
    for attempt in range(1, DNS_ATTEMPTS + 1):
        try:
            fetched = fetch(article.url)
            break
        except FetchError as error:
            if error.kind == "dns" and attempt < DNS_ATTEMPTS:  # a name server's hiccup: asked again
                time.sleep(DNS_RETRY_DELAY * attempt)
                continue
            gone = error.status in (404, 410) or error.kind == "dns"
            return LinkCheck(
                article=article, checked_at=timezone.now(), status=Status.GONE if gone else Status.ERROR,
                reason=str(error), final_url=error.url, http_status=error.status,
            )  # fmt: skip
    check = LinkCheck(
        article=article, checked_at=fetched.accessed_at, status=Status.LIVE, final_url=fetched.final_url,
        http_status=fetched.status,
    )  # fmt: skip
    try:
        extracted = extract(fetched.body, fetched.content_type, fetched.charset)
    except ExtractionError as error:
        check.status, check.reason = Status.ERROR, str(error)
        return check
    live = fold(f"{extracted.body}\n{extracted.stripped}")
    check.passages = {str(c.pk): anchor(live, article.body, c.quote, c.start) for c in citations}
    missing = list(check.passages.values()).count(Passage.MISSING)
    if missing:
        check.status = Status.CHANGED
        check.reason = f"{missing} of {len(citations)} cited passages missing from the live page."
    elif fetched.final_url != article.url:
        check.status, check.reason = Status.MOVED, f"Redirects to {fetched.final_url}."
    return check


def check_sources(articles=None):
    """Check every article with an address (or ``articles``), save each one's :class:`LinkCheck`
    and return ``(checks, skipped)``, skipped being ``[(article, reason)]``."""
    articles = list(Article.objects.order_by("slug") if articles is None else articles)
    skipped = [(a, "no address: the source was typed in or uploaded") for a in articles if not a.url]
    articles = [a for a in articles if a.url]
    cited = Citation.objects.order_by("pk").only("article_id", "quote", "start")
    prefetch_related_objects(articles, Prefetch("citations", queryset=cited, to_attr="checked_citations"))
    by_host = defaultdict(list)
    for article in articles:
        by_host[urlsplit(article.url).hostname].append(article)
    gates = {host: threading.BoundedSemaphore(settings.SOURCE_CHECK_PER_HOST) for host in by_host}

    def run(article):
        with gates[urlsplit(article.url).hostname]:
            try:
                return check_one(article, article.checked_citations)
            except Exception as error:  # one source's fault never stops the others' checks
                logger.exception("Checking %s failed", article.url)
                return LinkCheck(
                    article=article, checked_at=timezone.now(), status=Status.ERROR,
                    reason=f"The check failed: {error!r}.",
                )  # fmt: skip

    with ThreadPoolExecutor(max_workers=settings.SOURCE_CHECK_WORKERS) as pool:
        # Host by host in turn, so that the pool rarely waits on one host.
        checks = list(pool.map(run, [a for row in zip_longest(*by_host.values()) for a in row if a is not None]))
    old = LinkCheck.objects.filter(article__in=articles).values_list("article_id", "status", "passages")
    before = {article: (status, passages) for article, status, passages in old}
    fields = ["checked_at", "status", "reason", "final_url", "http_status", "passages"]
    with transaction.atomic():
        LinkCheck.objects.bulk_create(checks, update_conflicts=True, unique_fields=["article"], update_fields=fields)
        content_changed(Article, [c.article_id for c in checks if before.get(c.article_id) != (c.status, c.passages)])
    return checks, skipped
