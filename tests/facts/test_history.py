"""The public history of a fact: its published changes, dated, with the editors' public summaries."""

import re

from django.urls import reverse
from django.utils import timezone

from core.models import PublicationStatus
from tests.editors import admin_form_data


def save(client, fact, **changes):
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    fact.refresh_from_db()


def summaries(html):
    return re.findall(r"<li><time datetime=\"[^\"]+\">[^<]+</time> — ([^<]+)</li>", html)


def test_the_history_lists_published_changes_newest_first_without_drafts_or_notes(editor_client, client, content):
    fact = content["unsourced"]
    save(editor_client, fact, public_summary="Drafted the claim.", note="Check with the desk first.")
    save(editor_client, fact, status=PublicationStatus.PUBLISHED, unsourced_ok="on")
    save(editor_client, fact, statement="An unsourced claim, reworded.", public_summary="Statement reworded.")
    save(editor_client, fact, scope="Members only")
    client.logout()
    page = client.get(reverse("facts:history", args=[fact.slug]))
    html = page.content.decode()
    assert summaries(html) == ["Edited", "Statement reworded.", "First published"]
    for hidden in ("Drafted the claim.", "Check with the desk first.", "editor@example.org", "Changed"):
        assert hidden not in html
    assert f'href="{fact.get_absolute_url()}"' in html


def test_the_fact_page_says_when_it_last_changed_and_links_its_history(editor_client, client, content):
    fact = content["fact"]
    save(editor_client, fact, public_summary="Topic added.")
    client.logout()
    html = client.get(fact.get_absolute_url()).content.decode()
    today = timezone.localtime(fact.modified_at)
    assert f'Last changed <time datetime="{today:%Y-%m-%d}">{today.day} {today:%B %Y}</time>' in html
    assert f'href="{reverse("facts:history", args=[fact.slug])}"' in html
    assert summaries(client.get(reverse("facts:history", args=[fact.slug])).content.decode()) == ["Topic added."]


def test_a_draft_has_no_public_history(client, content):
    assert client.get(reverse("facts:history", args=[content["unsourced"].slug])).status_code == 404


def test_a_fact_loaded_from_the_fixtures_has_its_first_publication_in_its_history(client, seed):
    from facts.models import Fact

    fact = Fact.objects.published().first()
    assert summaries(client.get(reverse("facts:history", args=[fact.slug])).content.decode()) == ["First published"]


def test_a_version_that_no_longer_reads_is_left_out_not_an_error(client, seed):
    from reversion.models import Version

    from facts.models import Fact

    fact = Fact.objects.published().first()
    Version.objects.get_for_object(fact).update(serialized_data="not json")
    page = client.get(reverse("facts:history", args=[fact.slug]))
    assert page.status_code == 200
    assert summaries(page.content.decode()) == []
    assert "No change has been recorded" in page.content.decode()
