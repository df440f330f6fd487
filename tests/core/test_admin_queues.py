"""Curation queues with their counts, and what the history and fixture state tell an editor."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from core.models import FormerSlug, PublicationStatus
from facts.models import Citation, Fact
from fixture_sync.models import FixtureRecord
from tests.editors import admin_form_data


def queue_counts(response):
    return {item["queue"].slug: item["count"] for item in response.context["queues"]}


def test_the_index_lists_each_queue_with_its_count(editor_client, content):
    fact, unsourced, draft = content["fact"], content["unsourced"], content["draft_article"]
    # A published fact citing a draft article, superseded by another and disputed by a third.
    other = Fact.objects.create(slug="other", statement="Another claim.", status=PublicationStatus.PUBLISHED)
    Citation.objects.create(fact=other, article=draft, quote="Nothing to cite", start=0, end=15)
    unsourced.superseded_by = fact
    unsourced.save()
    fact.disputed_by.add(other)

    index = editor_client.get(reverse("admin:index"))
    assert queue_counts(index) == {
        "unsourced": 2,  # "unsourced" and "other", whose only citation is a draft
        "single-source": 1,
        "disputed": 1,
        "superseded": 1,
        "cites-draft": 1,
        "no-facts": 0,
        "unsourced-status": 1,
        "look-at": 0,  # sources whose last check found them moved, gone, changed or failing
        "new": 0,  # readers' reports
        "accepted": 0,
    }
    html = index.content.decode()
    assert "Published facts citing a draft article" in html
    assert reverse("admin:facts_fact_changelist") + "?queue=cites-draft" in html


def test_a_queue_filter_lists_its_rows_and_shows_its_count(editor_client, content):
    page = editor_client.get(reverse("admin:facts_fact_changelist"), {"queue": "unsourced"})
    assert [fact.slug for fact in page.context["cl"].result_list] == ["unsourced-claim"]
    assert "Facts without sources (1)" in page.content.decode()
    counted = editor_client.get(reverse("admin:facts_fact_changelist"), {"queue": "unsourced", "_facets": "True"})
    assert "Facts without sources (1)" in counted.content.decode()  # Django's count, not ours again
    assert "Facts without sources (1) (1)" not in counted.content.decode()

    articles = editor_client.get(reverse("admin:articles_article_changelist"), {"queue": "no-facts"})
    assert [article.slug for article in articles.context["cl"].result_list] == ["draft-article"]

    statuses = editor_client.get(reverse("admin:countries_countrystatus_changelist"), {"queue": "unsourced-status"})
    assert list(statuses.context["cl"].result_list) == [content["unsourced_status"]]


def test_the_standing_filter_and_column_use_the_derived_standing(editor_client, content):
    page = editor_client.get(reverse("admin:facts_fact_changelist"), {"standing": "single_source"})
    assert [fact.slug for fact in page.context["cl"].result_list] == ["belarus-tenth-member"]
    assert "single source" in page.content.decode()


def test_search_finds_facts_by_the_quotes_of_their_citations(editor_client, content):
    page = editor_client.get(reverse("admin:facts_fact_changelist"), {"q": "tenth member state"})
    assert [fact.slug for fact in page.context["cl"].result_list] == ["belarus-tenth-member"]
    articles = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "890 billion"})
    assert [article.slug for article in articles.context["cl"].result_list] == ["belarus-joins"]


def test_the_article_shows_the_facts_citing_it_read_only(editor_client, content):
    page = editor_client.get(reverse("admin:articles_article_change", args=[content["article"].pk]))
    [inline] = page.context["inline_admin_formsets"]
    assert not inline.has_add_permission and not inline.has_change_permission
    html = page.content.decode()
    assert reverse("admin:facts_fact_change", args=[content["fact"].pk]) in html
    assert "characters " in html


def test_the_country_shows_its_status_history_and_derived_current_status(editor_client, content):
    page = editor_client.get(reverse("admin:countries_country_change", args=[content["country"].pk]))
    aliases, statuses = page.context["inline_admin_formsets"]
    assert [form.instance for form in statuses.formset.forms if form.instance.pk] == [content["status"]]
    assert aliases.formset.prefix == "aliases" and len(aliases.formset.forms) == 1, "an empty alias row ready"
    assert "member state" in page.content.decode()
    changelist = editor_client.get(reverse("admin:countries_country_changelist"), {"current_status": "member"})
    assert [country.slug for country in changelist.context["cl"].result_list] == ["belarus"]


def test_the_history_page_shows_who_changed_what(editor_client, editor, content):
    fact = content["fact"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    data["statement"] = "Belarus became the 10th member state in 2024."
    assert editor_client.post(url, data).status_code == 302
    history = editor_client.get(reverse("admin:facts_fact_history", args=[fact.pk]))
    [entry] = history.context["action_list"]
    assert entry.user == editor
    assert entry.get_change_message() == "Changed Statement."
    assert "editor" in history.content.decode()
    assert LogEntry.objects.count() == 1


def test_the_change_form_says_whether_the_row_changed_since_the_fixture_reload(seed, editor_client):
    fact = Fact.objects.order_by("pk").first()
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    assert "unchanged since the last reload" in editor_client.get(url).content.decode()
    data = admin_form_data(editor_client.get(url))
    data["note"] = "Checked against the original."
    assert editor_client.post(url, data).status_code == 302
    assert "edited since the last reload" in editor_client.get(url).content.decode()

    new = Fact.objects.create(slug="not-in-fixtures", statement="Not in the fixtures.")
    page = editor_client.get(reverse("admin:facts_fact_change", args=[new.pk]))
    assert "not loaded from the fixtures" in page.content.decode()


@pytest.mark.slow  # every admin change form: make test-all
def test_every_content_change_form_shows_the_fixture_state(seed, editor_client):
    for model in admin.site._registry:
        if model._meta.app_label not in ("core", "articles", "countries", "events", "facts"):
            continue
        if model in (FixtureRecord, FormerSlug):  # the engine's own records; redirects the seed has none of
            continue
        obj = model._default_manager.order_by("pk").first()
        opts = model._meta
        page = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert "unchanged since the last reload" in page.content.decode(), opts.label
