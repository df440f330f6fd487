"""An editor's day through the admin: article, passage, fact, publish, and the refusals on the way."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.models import Article
from core.models import PublicationStatus
from facts.models import Citation, Fact, quote_error
from tests.editors import BODY, action_data, admin_form_data

NEW_BODY = (
    "The foreign ministers of the SCO met in Tianjin.\n"
    "They agreed that Laos would become a dialogue partner of the organization.\n"
    "The next summit is planned for the autumn."
)


def unsourced_refusal(fact):
    return (
        f"“{fact}” cannot be published: it has no citation. Cite a passage, or tick "
        "“publish without source” to publish it labelled as unsourced."
    )


def add_article(client, **fields):
    url = reverse("admin:articles_article_add")
    data = admin_form_data(client.get(url))
    data.update({"language": "en", "status": "draft", **fields})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(slug=fields["slug"])


def cite_url(article, **query):
    url = reverse("admin:articles_article_cite", args=[article.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_editor_creates_article_cites_a_passage_publishes_and_the_fact_is_public(editor_client, content):
    article = add_article(editor_client, title="Laos as a dialogue partner", slug="laos-partner", body=NEW_BODY)
    passage = "Laos would become a dialogue partner of the organization"
    start = NEW_BODY.index(passage)

    page = editor_client.get(cite_url(article, start=start, end=start + len(passage)))
    assert page.status_code == 200
    assert page.context["form"]["quote"].value() == passage

    response = editor_client.post(
        cite_url(article),
        {
            "quote": passage,
            "start": start,
            "statement": "Laos is to become an SCO dialogue partner.",
            "topic": content["topic"].pk,
            "countries": [content["country"].pk],
        },
    )
    fact = Fact.objects.get(statement="Laos is to become an SCO dialogue partner.")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:facts_fact_change", args=[fact.pk])
    citation = fact.citations.get()
    assert (citation.article, citation.quote, citation.start, citation.end) == (
        article,
        passage,
        start,
        start + len(passage),
    )
    assert fact.status == PublicationStatus.DRAFT
    assert list(fact.countries.all()) == [content["country"]]

    editor_client.post(reverse("admin:articles_article_changelist"), action_data("publish", article))
    editor_client.post(reverse("admin:facts_fact_changelist"), action_data("publish", fact))
    fact.refresh_from_db()
    article.refresh_from_db()
    assert (fact.status, article.status) == (PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED)

    public = editor_client.get(reverse("facts:list"))
    assert public.status_code == 200
    assert "Laos is to become an SCO dialogue partner." in public.content.decode()


def test_an_article_page_links_to_its_cite_page_and_an_add_page_does_not(editor_client, content):
    article = content["article"]
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'href="{cite_url(article)}">Cite a passage</a>' in page
    assert "Cite a passage" not in editor_client.get(reverse("admin:articles_article_add")).content.decode()


def test_a_passage_can_be_added_to_an_existing_fact(editor_client, content):
    fact, article = content["fact"], content["article"]
    quote = "at the summit"
    response = editor_client.post(cite_url(article), {"quote": quote, "fact": fact.pk})
    assert response.status_code == 302
    assert fact.citations.filter(quote=quote).exists()
    assert LogEntry.objects.filter(object_id=str(fact.pk), change_message="Cited “Belarus joins the SCO”.").exists()


def test_save_and_publish_on_the_cite_page_publishes_the_new_fact_and_logs_it(editor_client, content):
    article = content["article"]
    data = {"quote": "at the summit", "statement": "A summit was held.", "_publish": "1"}
    response = editor_client.post(cite_url(article), data, follow=True)
    fact = Fact.objects.get(statement="A summit was held.")
    assert fact.status == PublicationStatus.PUBLISHED
    assert "Published 1 fact." in [str(message) for message in response.context["messages"]]
    assert LogEntry.objects.filter(object_id=str(fact.pk), change_message="Published.").exists()


def test_a_quote_not_in_the_article_is_refused_with_the_plain_message(editor_client, content):
    article = content["article"]
    quote = "Belarus became the eleventh member state"
    response = editor_client.post(cite_url(article), {"quote": quote, "statement": "A wrong claim."})
    assert response.status_code == 200
    assert response.context["form"].errors["quote"] == [quote_error(article, quote)]
    assert quote_error(article, quote) in response.content.decode()
    assert not Fact.objects.filter(statement="A wrong claim.").exists()


def test_a_quote_with_straight_quote_marks_is_explained(editor_client, content):
    article = content["article"]
    article.body = BODY + "\nThe leaders praised the “Shanghai Spirit”."
    article.save()
    quote = 'praised the "Shanghai Spirit"'
    response = editor_client.post(cite_url(article), {"quote": quote, "statement": "A claim."})
    assert "curly and straight quotes differ" in response.content.decode()


def test_the_citation_inline_on_a_fact_refuses_a_quote_not_in_the_article(editor_client, content):
    fact, article = content["fact"], content["article"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    data.update({"citations-1-article": article.pk, "citations-1-quote": "Not a sentence of the article"})
    data["citations-TOTAL_FORMS"] = "2"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert quote_error(article, "Not a sentence of the article") in response.content.decode()
    assert fact.citations.count() == 1


def test_the_citation_admin_refuses_a_quote_not_in_the_article(editor_client, content):
    url = reverse("admin:facts_citation_add")
    quote = "Uzbekistan left the organization"
    response = editor_client.post(url, {"fact": content["fact"].pk, "article": content["article"].pk, "quote": quote})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["quote"] == [quote_error(content["article"], quote)]


def test_publishing_a_fact_without_a_citation_is_refused_on_its_form(editor_client, content):
    fact = content["unsourced"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    data["status"] = PublicationStatus.PUBLISHED
    response = editor_client.post(url, data)
    assert response.status_code == 200
    fact.refresh_from_db()
    assert fact.status == PublicationStatus.DRAFT
    html = response.content.decode()
    # Said at the top of the form and again at the citations; the links follow the saved draft.
    assert html.count(unsourced_refusal(fact)) == 2
    assert html.index(unsourced_refusal(fact)) < html.index('name="statement"')
    assert not response.context["has_absolute_url"]
    assert response.context["preview_url"] == fact.get_absolute_url() + "?preview=1"


def test_publishing_a_fact_without_a_citation_is_refused_by_the_bulk_action(editor_client, content):
    fact = content["unsourced"]
    response = editor_client.post(reverse("admin:facts_fact_changelist"), action_data("publish", fact), follow=True)
    fact.refresh_from_db()
    assert fact.status == PublicationStatus.DRAFT
    assert [str(message) for message in response.context["messages"]] == [unsourced_refusal(fact)]


def test_a_fact_marked_unsourced_can_be_published_and_the_site_labels_it(editor_client, client, content):
    fact = content["unsourced"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    data.update({"status": PublicationStatus.PUBLISHED, "unsourced_ok": "on"})
    assert editor_client.post(url, data).status_code == 302
    fact.refresh_from_db()
    assert fact.status == PublicationStatus.PUBLISHED
    client.logout()
    page = client.get(fact.get_absolute_url())
    assert page.status_code == 200
    assert "unsourced" in page.content.decode().lower()


def test_a_new_fact_with_its_citation_can_be_published_in_one_save(editor_client, content):
    url = reverse("admin:facts_fact_add")
    data = admin_form_data(editor_client.get(url))
    data.update(
        {
            "slug": "astana-meeting",
            "statement": "SCO leaders met in Astana in July 2024.",
            "status": PublicationStatus.PUBLISHED,
            "citations-0-article": content["article"].pk,
            "citations-0-quote": "met in Astana on 4 July 2024",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    fact = Fact.objects.get(slug="astana-meeting")
    assert fact.status == PublicationStatus.PUBLISHED
    assert Citation.objects.get(fact=fact).start == BODY.index("met in Astana")


def test_unpublish_returns_rows_to_draft_and_logs_it(editor_client, editor, content):
    article = content["article"]
    editor_client.post(reverse("admin:articles_article_changelist"), action_data("unpublish", article))
    article.refresh_from_db()
    assert article.status == PublicationStatus.DRAFT
    entry = LogEntry.objects.get(object_id=str(article.pk), change_message="Unpublished.")
    assert entry.user == editor


def test_staff_preview_renders_a_draft_and_anonymous_readers_get_404(editor_client, client, content):
    draft = content["draft_article"]
    change = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert change.context["preview_url"] == draft.get_absolute_url() + "?preview=1"
    preview = editor_client.get(draft.get_absolute_url(), {"preview": "1"})
    assert preview.status_code == 200
    assert "Nothing to cite here yet." in preview.content.decode()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url(), {"preview": "1"}).status_code == 404


def test_published_rows_link_to_the_site_and_drafts_do_not(editor_client, content):
    published = editor_client.get(reverse("admin:articles_article_change", args=[content["article"].pk]))
    draft = editor_client.get(reverse("admin:articles_article_change", args=[content["draft_article"].pk]))
    assert published.context["absolute_url"] == content["article"].get_absolute_url()
    assert not draft.context["has_absolute_url"]


def test_an_article_saved_as_a_browser_sends_it_keeps_its_body_and_passages(editor_client, seed):
    """A browser sends every textarea's line breaks as CRLF: a save that changes nothing else leaves the
    body as stored, byte for byte, and the passage over two lines still found in it."""
    citation = next(each for each in Citation.objects.select_related("article") if "\n" in each.quote)
    article = citation.article
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(editor_client.get(url))
    sent = {name: value.replace("\n", "\r\n") for name, value in data.items() if "\n" in str(value)}
    assert "body" in sent
    response = editor_client.post(url, {**data, **sent})
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Article.objects.get(pk=article.pk)
    assert saved.body == article.body and "\r" not in saved.body + saved.stripped + saved.summary
    assert citation.quote in saved.body
    change = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert "Body" not in change.get_change_message()


def test_a_quote_over_two_lines_saves_as_a_browser_sends_it(editor_client, seed):
    """Browsers send a textarea's line breaks as CRLF; the article's body has LF."""
    citation = next(each for each in Citation.objects.select_related("fact") if "\n" in each.quote)
    url = reverse("admin:facts_fact_change", args=[citation.fact.pk])
    data = admin_form_data(editor_client.get(url))
    field = next(name for name, value in data.items() if name.endswith("-quote") and value == citation.quote)
    data[field] = citation.quote.replace("\n", "\r\n")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    citation.refresh_from_db()
    assert "\r" not in citation.quote and citation.quote in citation.article.body


def test_an_article_edit_that_breaks_a_cited_passage_is_refused_and_one_that_moves_it_follows(editor_client, seed):
    citation = Citation.objects.select_related("article", "fact").filter(quote__contains=" said ").first()
    article = citation.article
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(editor_client.get(url))
    broken = citation.quote.replace(" said ", " reported ", 1)
    response = editor_client.post(url, {**data, "body": article.body.replace(citation.quote, broken)})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]  # one for each citation of the passage
    assert any(error.startswith(f"“{citation.fact}” cites “{citation.quote[:80]}") for error in errors)
    assert all("no longer hold word for word" in error for error in errors)
    assert Article.objects.get(pk=article.pk).body == article.body
    moved = "Editors' test: a sentence added before the text.\n" + article.body
    assert editor_client.post(url, {**data, "body": moved}).status_code == 302
    citation.refresh_from_db()
    assert moved[citation.start : citation.end] == citation.quote  # its offsets follow the text


def test_unpublishing_a_cited_article_warns_of_the_published_facts_citing_it(editor_client, seed):
    article = Article.objects.published().filter(citations__fact__status="published").distinct().first()
    citing = Fact.objects.published().filter(citations__article=article).distinct().count()
    response = editor_client.post(
        reverse("admin:articles_article_changelist"), action_data("unpublish", article), follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert any(
        message.startswith(f"{citing} published fact(s) cite what is now a draft") and "?queue=cites-draft" in message
        for message in shown
    ), shown
    url = reverse("admin:articles_article_change", args=[article.pk])  # the change form warns too
    data = admin_form_data(editor_client.get(url))
    editor_client.post(reverse("admin:articles_article_changelist"), action_data("publish", article))
    data.update(status="draft", loaded_revision=str(Article.objects.get(pk=article.pk).revision))
    response = editor_client.post(url, data, follow=True)
    assert any("cite what is now a draft" in str(message) for message in response.context["messages"])


def test_hand_made_values_on_the_cite_page_are_refused_or_ignored_never_a_500(editor_client, content):
    article = content["article"]
    data = {"quote": "at the summit", "statement": "A summit was held."}
    for bad in ({"topic": "abc"}, {"topic": "9" * 23}, {"countries": ["abc", "9" * 23]}):
        response = editor_client.post(cite_url(article), {**data, **bad})
        assert response.status_code == 200
        assert response.context["form"].errors[next(iter(bad))]  # "Select a valid choice", "not a valid value"
    assert not Fact.objects.filter(statement="A summit was held.").exists()
    for start in ("-1", "9" * 23, "x"):  # where the selection began: only a hint, ignored
        response = editor_client.post(cite_url(article), {**data, "start": start, "statement": f"Cited at {start}."})
        assert response.status_code == 302
        assert Fact.objects.get(statement=f"Cited at {start}.").citations.get().quote == "at the summit"


def test_a_change_form_sent_with_a_related_key_that_is_no_row_refuses_it_in_words(editor_client, content):
    fact = content["fact"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    for bad in ({"topic": "abc"}, {"topic": "9" * 23}, {"countries": ["abc"]}, {"events": ["9" * 23]}):
        response = editor_client.post(url, {**admin_form_data(editor_client.get(url)), **bad})
        assert response.status_code == 200
        assert response.context["adminform"].form.errors[next(iter(bad))]


@pytest.mark.parametrize(
    "typed",
    [
        "BELARUS BECAME THE TENTH MEMBER STATE AT THE 2024 ASTANA SUMMIT.",
        "Belarus became  the tenth member state\nat the 2024 Astana Summit.",
        "Belarus became the tenth member state at the 2024\u00a0Astana Summit.",
    ],
)
def test_a_new_fact_stated_as_one_that_exists_is_refused_naming_it(editor_client, content, typed):
    fact = content["fact"]
    assert fact.statement == "Belarus became the tenth member state at the 2024 Astana Summit."
    response = editor_client.post(cite_url(content["article"]), {"quote": "at the summit", "statement": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["statement"] == [
        f"“{fact}” is a fact already ({fact.slug}): choose it as the existing fact."
    ]
    assert Fact.objects.count() == 2  # the fact and the content's unsourced one


def test_a_statement_differing_only_in_its_dashes_is_the_same_fact(editor_client, content):
    fact = content["fact"]
    fact.statement = "Belarus – the tenth member state – joined in 2024."
    fact.save()
    typed = "Belarus - the tenth member state — joined in 2024."
    response = editor_client.post(cite_url(content["article"]), {"quote": "at the summit", "statement": typed})
    assert response.context["form"].errors["statement"][0].startswith(f"“{fact}” is a fact already")
