import datetime
import re

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article
from core.changes import content_changed
from countries.models import Country
from events.models import Event
from facts.models import Fact
from opendata.feeds import ITEMS
from tests.content import make_fact
from tests.opendata.conftest import absolute

SITE_FEEDS = {
    "articles": Article.objects.published,
    "events": Event.objects.published,
    "facts": Fact.objects.published,
}
FORMATS = ("rss", "atom")


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def links(feed):
    return [entry.link for entry in feed.entries]


def public_links(*querysets):
    return {absolute(obj.get_absolute_url()) for queryset in querysets for obj in queryset}


def as_datetime(parsed):
    return datetime.datetime(*parsed[:6], tzinfo=datetime.UTC)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", SITE_FEEDS)
def test_site_feed_lists_published_objects_only(client, drafts, kind, fmt):
    feed = read_feed(client, reverse(f"opendata:{kind}-{fmt}"))
    published = SITE_FEEDS[kind]()
    assert len(feed.entries) == min(ITEMS, published.count())
    assert set(links(feed)) <= public_links(published)
    assert len(set(links(feed))) == len(feed.entries)  # one item, one guid, per object
    draft = drafts[f"draft_{kind.removesuffix('s')}"]
    assert absolute(draft.get_absolute_url()) not in links(feed)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_new_fact_tops_the_facts_feed_dated_when_published_here(client, seed, fmt):
    fact = make_fact("new-figure", "A new fact, published today.")
    feed = read_feed(client, reverse(f"opendata:facts-{fmt}"))
    first = feed.entries[0]
    assert first.link == absolute(fact.get_absolute_url())
    assert first.title == fact.statement
    assert "A new fact, published today." in first.description
    assert as_datetime(first.published_parsed) == fact.published_at.replace(microsecond=0)


def test_a_changed_fact_comes_back_to_the_top_with_its_update_time(client, seed):
    fact = Fact.objects.published().order_by("modified_at").first()
    fact.scope = fact.scope or "Editors' correction"
    fact.save()
    entry = read_feed(client, reverse("opendata:facts-atom")).entries[0]
    assert entry.link == absolute(fact.get_absolute_url())
    assert as_datetime(entry.updated_parsed) == fact.modified_at.replace(microsecond=0)
    assert as_datetime(entry.published_parsed) == fact.published_at.replace(microsecond=0)


def test_article_items_carry_the_sources_date_as_text_and_ours_as_the_date(client, drafts):
    article = drafts["overlap"]
    Article.objects.filter(pk=article.pk).update(summary="A report on the railway.")
    feed = read_feed(client, reverse("opendata:articles-rss"))
    entry = next(entry for entry in feed.entries if entry.link == absolute(article.get_absolute_url()))
    article.refresh_from_db()
    assert "Test Wire · 3 June 2025" in entry.description
    assert "A report on the railway." in entry.description
    assert as_datetime(entry.published_parsed) == article.published_at.replace(microsecond=0)
    assert "author" not in entry


@pytest.mark.parametrize("fmt", FORMATS)
def test_country_feed_lists_its_published_facts_events_and_articles(client, drafts, fmt):
    belarus = Country.objects.get(slug="belarus")
    feed = read_feed(client, reverse(f"opendata:country-{fmt}", kwargs={"slug": "belarus"}))
    expected = public_links(
        belarus.facts.published(), Event.objects.published().involving(belarus), belarus.articles.published()
    )
    assert len(expected) < ITEMS
    assert set(links(feed)) == expected


def test_country_feed_keeps_the_newest_items_and_leaves_drafts_out(client, drafts):
    china = Country.objects.get(slug="china")
    newest = make_fact("china-new-fact", "A new fact about China.")
    newest.countries.add(china)
    feed = read_feed(client, reverse("opendata:country-rss", kwargs={"slug": "china"}))
    public = public_links(
        china.facts.published(), Event.objects.published().involving(china), china.articles.published()
    )
    assert len(public) > ITEMS
    assert len(feed.entries) == ITEMS
    assert set(links(feed)) <= public
    assert links(feed)[0] == absolute(newest.get_absolute_url())
    assert feed.entries[0].title == "Fact: A new fact about China."
    for draft in ("draft_fact", "draft_article", "draft_event"):
        assert absolute(drafts[draft].get_absolute_url()) not in links(feed)


def test_an_unknown_country_has_no_feed(client, seed):
    assert client.get("/countries/atlantis/feed.rss").status_code == 404
    assert client.get("/countries/atlantis/feed.atom").status_code == 404


def test_feed_urls_leave_the_country_page_alone(client, seed):
    assert reverse("opendata:country-rss", kwargs={"slug": "china"}) == "/countries/china/feed.rss"
    assert client.get(reverse("countries:detail", kwargs={"slug": "china"})).status_code == 200


def test_pages_advertise_the_site_feeds_and_a_country_page_its_own(client, seed):
    home = client.get(reverse("home:home")).content.decode()
    for kind in SITE_FEEDS:
        assert f'href="{reverse(f"opendata:{kind}-rss")}"' in home
        assert f'href="{reverse(f"opendata:{kind}-atom")}"' in home
    country = client.get(reverse("countries:detail", kwargs={"slug": "china"})).content.decode()
    link = '<link rel="alternate" type="application/rss+xml" title="SCO Reference: China" href="{}">'
    assert link.format(reverse("opendata:country-rss", kwargs={"slug": "china"})) in country
    assert 'href="/countries/china/feed.atom"' in country


def test_feeds_follow_a_change_under_the_page_cache(client, seed, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300
    url = reverse("opendata:facts-rss")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        fact = make_fact("published-after-caching", "A fact published after the feed was cached.")
        content_changed(Fact, [fact.pk])
    feed = read_feed(client, url)
    assert feed.entries[0].link == absolute(fact.get_absolute_url())


@pytest.mark.parametrize("kind", SITE_FEEDS)
def test_no_atom_entry_is_updated_before_it_was_published(client, seed, kind):
    SITE_FEEDS[kind]().update(modified_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))  # stamped before
    content_changed()
    response = client.get(reverse(f"opendata:{kind}-atom"))
    stamps = re.findall(r"<published>([^<]+)</published><updated>([^<]+)</updated>", response.content.decode())
    assert len(stamps) == min(ITEMS, SITE_FEEDS[kind]().count())
    assert all(
        datetime.datetime.fromisoformat(updated) >= datetime.datetime.fromisoformat(published)
        for published, updated in stamps
    ), stamps
