"""``check_sources``: each status of a source, each state of a cited passage, and what readers
and editors are shown of them."""

import io
import json

import html5lib
import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from sources import checking
from sources.checking import anchor, fold
from sources.models import LinkCheck
from tests.content import cite, make_article, make_fact

from .pages import BODY, PARAGRAPHS, news_page

pytestmark = pytest.mark.django_db
SENTENCES = [p.split(", ")[0] for p in PARAGRAPHS]  # one cited passage per paragraph


@pytest.fixture
def sources(web, monkeypatch):
    """Sources on the local site, one per status; the changed one lost its second paragraph, the
    rewritten one kept its second cited sentence but not the words around it."""
    monkeypatch.setattr(checking, "DNS_RETRY_DELAY", 0)
    web.page("/changed", news_page(paragraphs=[PARAGRAPHS[0], PARAGRAPHS[2]]))
    rewritten = [PARAGRAPHS[0], f"Breaking: {SENTENCES[1]}.", PARAGRAPHS[2]]
    web.page("/rewritten", news_page(paragraphs=rewritten))
    web.routes["/removed"] = (410, {"Content-Type": "text/html"}, b"<p>Gone")
    web.routes["/broken"] = (500, {"Content-Type": "text/html"}, b"<p>Oops")
    made = {
        "live": web.url("/news/belarus"),
        "moved": web.url("/old/belarus"),
        "changed": web.url("/changed"),
        "rewritten": web.url("/rewritten"),
        "gone": web.url("/removed"),
        "error": web.url("/broken"),
        "unresolved": "http://no-such-host.invalid/story",
    }
    articles = {}
    for name, url in made.items():
        article = make_article(f"source-{name}", "Belarus joins the SCO in Astana\n" + BODY, url=url)
        articles[name] = (
            article,
            [cite(make_fact(f"fact-{name}-{i}", s), article, s) for i, s in enumerate(SENTENCES)],
        )
    return articles


def run(*args):
    out = io.StringIO()
    call_command("check_sources", *args, stdout=out)
    return out.getvalue()


def test_each_status_and_each_passage(sources):
    records = {record["article"]: record for record in json.loads(run("--json"))}
    statuses = {name: records[f"source-{name}"]["status"] for name in sources}
    assert statuses == {
        "live": "live", "moved": "moved", "changed": "changed", "rewritten": "live",
        "gone": "gone", "error": "error", "unresolved": "gone",
    }  # fmt: skip
    changed, ids = records["source-changed"], [c.pk for c in sources["changed"][1]]
    assert changed["citations"] == [
        {"citation": ids[0], "passage": "present"},
        {"citation": ids[1], "passage": "missing"},
        {"citation": ids[2], "passage": "present"},
    ]
    assert [c["passage"] for c in records["source-rewritten"]["citations"]] == ["present", "moved", "present"]
    assert records["source-error"]["reason"].endswith("answered 500 Internal Server Error.")
    assert records["source-gone"]["citations"] == [] and "410" in records["source-gone"]["reason"]
    assert records["source-moved"]["final_url"].endswith("/news/belarus")
    seed_article = Article.objects.filter(url="").exclude(slug__startswith="source-").first()
    assert records[seed_article.slug] == {
        "article": seed_article.slug, "status": "skipped", "citations": [],
        "reason": "no address: the source was typed in or uploaded",
    }  # fmt: skip
    check = LinkCheck.objects.get(article=sources["changed"][0])
    passages = check.passages
    assert (check.status, passages[str(ids[1])], passages[str(ids[0])]) == ("changed", "missing", "present")


def test_a_second_check_updates_the_record(sources, web):
    summary = run().splitlines()
    assert "source-changed: changed. 1 of 3 cited passages missing from the live page." in summary
    assert summary[-1].startswith("Checked 7 sources (1 changed, 1 error, 2 gone, 2 live, 1 moved); ")
    web.page("/changed", news_page())
    run()
    check = LinkCheck.objects.get(article=sources["changed"][0])
    assert check.status == "live" and set(check.passages.values()) == {"present"}
    assert LinkCheck.objects.count() == len(sources)


@pytest.mark.parametrize(
    ("live", "expected"),
    [
        ("one two three four five quote here six seven eight", "present"),
        ("something else entirely quote here and more", "moved"),
        ("one two three four five quote hare six seven eight", "moved"),
        ("nothing of the kind", "missing"),
    ],
)
def test_a_passage_is_re_anchored_exactly_then_approximately(live, expected):
    body = "one two three four five quote here six seven eight"
    assert anchor(fold(live), body, "quote here", body.index("quote here")) == expected


def test_readers_see_a_changed_source_and_its_missing_passage(sources, client, web):
    run()
    article, citations = sources["changed"]
    article.captures.model.objects.create(
        article=article, final_url=article.url, http_status=200, content_type="text/html", sha256="a" * 64,
        size=1234, accessed_at=article.created_at, archive="sources/2026/12/copy.warc.gz",
    )  # fmt: skip
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Changed: a cited passage is no longer on it" in page
    assert page.index("archived copy</a> first") < page.index("Archived copy</dt>")
    assert 'href="/media/sources/2026/12/copy.warc.gz"' in page
    missing = client.get(citations[1].fact.get_absolute_url()).content.decode()
    assert "passage missing from the live page" in missing
    present = client.get(citations[0].fact.get_absolute_url()).content.decode()
    assert "passage missing from the live page" not in present
    moved = client.get(sources["moved"][0].get_absolute_url()).content.decode()
    assert f'Moved to <a href="{web.url("/news/belarus")}"' in moved
    live = client.get(sources["live"][0].get_absolute_url()).content.decode()
    assert "Link checked</dt><dd>live on" in live and "no longer on it" not in live
    for html in (page, missing, moved, live):
        html5lib.HTMLParser(strict=True).parse(html)  # well-formed: raises on any parse error


def test_editors_get_the_sources_to_look_at(sources, admin_client):
    run()
    page = admin_client.get(reverse("admin:sources_linkcheck_changelist") + "?queue=look-at").content.decode()
    for name in ("moved", "changed", "gone", "error", "unresolved"):
        assert f"source-{name}" in page or sources[name][0].title in page
    assert sources["live"][0].title not in page


def test_requests_are_bounded_in_all_and_per_host(web, settings):
    """Twenty sources on one host: eight workers, but never more than two requests at once there."""
    settings.SOURCE_CHECK_WORKERS, settings.SOURCE_CHECK_PER_HOST = 8, 2
    web.latency = 0.1
    articles = [make_article(f"same-host-{i}", BODY, url=web.url("/news/belarus")) for i in range(20)]
    results, _ = checking.check_sources(articles)
    assert [r.status for r in results] == ["live"] * 20
    assert web.tally.most_per_host == {f"127.0.0.1:{web.port}": 2}
