"""``check_sources`` over 1,000 sources on 50 local hosts (127.0.0.2 to 127.0.0.51, each its own
server): under a minute, never more than N requests in flight, never more than the per-host
limit at once on one host (each server counts what it is answering)."""

import time
from contextlib import ExitStack

import pytest

from articles.models import Article
from facts.models import Citation, Fact
from sources.checking import check_sources
from sources.models import LinkCheck
from tests.sources.pages import PARAGRAPHS, news_page
from tests.sources.server import Tally, serving

HOSTS, PER_HOST_SOURCES, WORKERS, PER_HOST = 50, 20, 16, 2
QUOTE = PARAGRAPHS[0]


@pytest.mark.django_db
def test_a_thousand_sources_are_checked_politely_within_a_minute(settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    settings.SOURCE_CHECK_WORKERS, settings.SOURCE_CHECK_PER_HOST = WORKERS, PER_HOST
    page = news_page()
    body = "Belarus joins the SCO in Astana\n" + "\n".join(PARAGRAPHS)
    with ExitStack() as stack:
        tally = Tally()
        sites = [stack.enter_context(serving(f"127.0.0.{2 + n}", latency=0.02, tally=tally)) for n in range(HOSTS)]
        fact = Fact.objects.create(slug="belarus-tenth", statement="Belarus became the tenth member state.")
        articles = []
        for site in sites:
            for i in range(PER_HOST_SOURCES):
                site.page(f"/story/{i}", page)
                articles.append(
                    Article(slug=f"s-{site.host}-{i}".replace(".", "-"), title=f"Story {i}", body=body,
                            url=site.url(f"/story/{i}"))
                )  # fmt: skip
        articles = Article.objects.bulk_create(articles)
        start = body.index(QUOTE)
        Citation.objects.bulk_create(
            Citation(fact=fact, article=a, quote=QUOTE, start=start, end=start + len(QUOTE)) for a in articles
        )
        began = time.monotonic()
        results, skipped = check_sources(articles)
        elapsed = time.monotonic() - began
        requests = sum(len(site.requests) for site in sites)
    most_per_host = max(tally.most_per_host.values())
    print(
        f"\n1,000 sources on {HOSTS} hosts: {elapsed:.1f} s, {requests} requests, at most "
        f"{tally.most_in_flight} in flight (N = {WORKERS}), at most {most_per_host} at once per host"
    )
    assert len(results) == HOSTS * PER_HOST_SOURCES and skipped == []
    assert {r.status for r in results} == {"live"}
    assert LinkCheck.objects.filter(status="live").count() == 1000
    assert elapsed < 60
    assert requests == 1000 and len(tally.most_per_host) == HOSTS
    assert WORKERS // 2 <= tally.most_in_flight <= WORKERS  # the pool is used, and bounded
    assert most_per_host <= PER_HOST
