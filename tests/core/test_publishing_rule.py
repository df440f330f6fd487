"""Publishing follows the sources: a fact whose only sources are draft articles stays a draft,
on its form, by the bulk action and from the cite-a-passage page, until the article is published."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from core.models import PublicationStatus
from facts.models import Citation, Fact
from facts.services import publication_error
from tests.editors import action_data, admin_form_data

DRAFT_BODY = "Iran became a full member of the SCO in 2023.\nThe decision was taken in New Delhi."


@pytest.fixture
def draft_sourced(content):
    """A draft fact whose only source is a draft article."""
    article = content["draft_article"]
    article.body = DRAFT_BODY
    article.title = "Iran joins"
    article.save()
    fact = Fact.objects.create(slug="iran-member", statement="Iran became a full member in 2023.")
    cite(fact, article, "Iran became a full member of the SCO in 2023.")
    return fact, article


def cite(fact, article, quote):
    citation = Citation(fact=fact, article=article, quote=quote)
    citation.full_clean()  # works out where the quote lies
    citation.save()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_rule_names_the_draft_sources(draft_sourced):
    fact, article = draft_sourced
    fact.status = PublicationStatus.PUBLISHED
    error = publication_error(fact, citations=fact.citations.all())
    assert error == (
        "Cannot publish “Iran became a full member in 2023.”: its only sources are drafts (Iran joins). "
        "Publish the article first, or publish them together; or save the fact as a draft."
    )
    fact.unsourced_ok = True
    assert publication_error(fact, citations=fact.citations.all()) is None


def test_the_change_form_refuses_to_publish_a_fact_citing_only_a_draft(editor_client, draft_sourced):
    fact, article = draft_sourced
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    data["status"] = PublicationStatus.PUBLISHED
    response = editor_client.post(url, data)
    assert response.status_code == 200
    fact.refresh_from_db()
    assert fact.status == PublicationStatus.DRAFT
    refusal = f"Cannot publish “{fact}”: its only sources are drafts ({article}). Publish the article first"
    assert refusal in response.content.decode()
    assert "(Iran joins)" in response.content.decode()


def test_the_bulk_action_publishes_the_valid_facts_and_reports_each_refusal(editor_client, content, draft_sourced):
    fact, _article = draft_sourced
    valid = Fact.objects.create(slug="valid", statement="Belarus joined in 2024.")
    cite(valid, content["article"], "Belarus became the tenth member state")
    response = editor_client.post(
        reverse("admin:facts_fact_changelist"), action_data("publish", fact, valid), follow=True
    )
    fact.refresh_from_db()
    valid.refresh_from_db()
    assert (fact.status, valid.status) == (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED)
    shown = messages_of(response)
    assert "Published 1 fact." in shown
    assert any("its only sources are drafts (Iran joins)" in message for message in shown)


def test_the_cite_page_refuses_to_publish_a_fact_citing_only_a_draft(editor_client, draft_sourced):
    fact, article = draft_sourced
    response = editor_client.post(
        reverse("admin:articles_article_cite", args=[article.pk]),
        {"quote": "The decision was taken in New Delhi.", "fact": fact.pk, "_publish": "1"},
        follow=True,
    )
    fact.refresh_from_db()
    assert fact.citations.count() == 2  # the citation is kept, the fact stays a draft
    assert fact.status == PublicationStatus.DRAFT
    assert any("its only sources are drafts (Iran joins)" in message for message in messages_of(response))


def test_a_fact_marked_unsourced_still_publishes(editor_client, draft_sourced):
    fact, _article = draft_sourced
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    data.update({"status": PublicationStatus.PUBLISHED, "unsourced_ok": "on"})
    assert editor_client.post(url, data).status_code == 302
    fact.refresh_from_db()
    assert fact.status == PublicationStatus.PUBLISHED


def test_publishing_the_article_offers_its_draft_facts_and_publishes_the_chosen(editor_client, draft_sourced):
    fact, article = draft_sourced
    other = Fact.objects.create(slug="new-delhi", statement="The decision was taken in New Delhi.")
    cite(other, article, "The decision was taken in New Delhi.")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"), action_data("publish", article), follow=True
    )
    confirm_url = reverse("admin:articles_article_publish_facts", args=[article.pk])
    offer = [message for message in messages_of(response) if confirm_url in message]
    assert offer and offer[0].startswith("2 draft facts cite “Iran joins”.")

    page = editor_client.get(confirm_url)
    assert page.status_code == 200
    assert set(page.context["form"]["facts"].value()) == {fact.pk, other.pk}

    response = editor_client.post(confirm_url, {"facts": [fact.pk]}, follow=True)
    fact.refresh_from_db()
    other.refresh_from_db()
    assert (fact.status, other.status) == (PublicationStatus.PUBLISHED, PublicationStatus.DRAFT)
    assert "Published 1 fact." in messages_of(response)
    assert LogEntry.objects.filter(object_id=str(fact.pk), change_message="Published.").exists()


def test_saving_the_article_as_published_on_its_form_offers_its_draft_facts(editor_client, draft_sourced):
    _fact, article = draft_sourced
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(editor_client.get(url))
    data["status"] = PublicationStatus.PUBLISHED
    response = editor_client.post(url, data, follow=True)
    article.refresh_from_db()
    assert article.status == PublicationStatus.PUBLISHED
    confirm_url = reverse("admin:articles_article_publish_facts", args=[article.pk])
    assert any(confirm_url in message for message in messages_of(response))


def test_the_confirm_page_publishes_a_draft_article_and_its_facts_together(editor_client, draft_sourced):
    fact, article = draft_sourced
    confirm_url = reverse("admin:articles_article_publish_facts", args=[article.pk])
    assert editor_client.get(confirm_url).context["together"]
    editor_client.post(confirm_url, {"facts": [fact.pk]})
    fact.refresh_from_db()
    article.refresh_from_db()
    assert (fact.status, article.status) == (PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED)


def test_the_confirm_page_needs_the_permission_to_change_facts(staff_client, draft_sourced):
    _fact, article = draft_sourced
    response = staff_client.get(reverse("admin:articles_article_publish_facts", args=[article.pk]))
    assert response.status_code == 403


def test_a_fact_whose_passages_state_only_part_of_it_is_not_published_as_sourced(editor_client, seed):
    """The rule counts what the standing counts: a passage stating part of the fact is not a source."""
    fact = Fact.objects.published().with_standing().filter(source_count=1, citations__supports="whole").first()
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    for key in [key for key in data if key.startswith("citations-") and key.endswith("-id") and data[key]]:
        data[key.replace("-id", "-supports")] = "part"  # each saved citation; the empty row stays empty
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "its passages each state only part of it, which does not make a source" in response.content.decode()
    assert Fact.objects.with_standing().get(pk=fact.pk).source_count == 1
    data["unsourced_ok"] = "on"  # published knowingly, labelled unsourced
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert Fact.objects.with_standing().get(pk=fact.pk).standing == "unsourced"


def test_a_citation_of_a_draft_article_offers_no_view_on_site_link(editor_client, draft_sourced, seed):
    fact, article = draft_sourced
    page = editor_client.get(reverse("admin:facts_fact_change", args=[fact.pk])).content.decode()
    citation = fact.citations.get()
    assert f"/{citation.pk}/" not in page.split("citations-group")[1]  # no link to its page: a 404 for readers
    assert citation.get_absolute_url() not in page
    published = Citation.objects.filter(article__status=PublicationStatus.PUBLISHED).select_related("fact").first()
    page = editor_client.get(reverse("admin:facts_fact_change", args=[published.fact_id])).content.decode()
    assert f'href="{published.get_absolute_url()}"' in page


def test_a_published_fact_whose_article_went_back_to_draft_is_told_how_to_save(editor_client, draft_sourced):
    fact, _article = draft_sourced
    Fact.objects.filter(pk=fact.pk).update(status=PublicationStatus.PUBLISHED)  # then its article was unpublished
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    data["public_note"] = "Checked."
    refused = editor_client.post(url, data)
    assert "or save the fact as a draft." in refused.content.decode()
    data["status"] = PublicationStatus.DRAFT
    assert editor_client.post(url, data).status_code == 302
    fact.refresh_from_db()
    assert (fact.status, fact.public_note) == (PublicationStatus.DRAFT, "Checked.")
