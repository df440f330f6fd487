"""No lost updates: a change form saved over a revision newer than the one it was opened at is
refused with what changed meanwhile, and saving the refused form again goes through."""

from django.urls import reverse
from reversion.models import Version

from core.models import PublicationStatus
from events.models import Event
from facts.models import Fact
from tests.editors import action_data, admin_form_data


def errors_of(response):
    return list(response.context["adminform"].form.non_field_errors())


def test_a_fresh_save_is_not_affected(editor_client, content):
    url = reverse("admin:events_event_change", args=[content["event"].pk])
    data = admin_form_data(editor_client.get(url))
    data["city"] = "Almaty"
    assert editor_client.post(url, data).status_code == 302
    assert Event.objects.get(pk=content["event"].pk).city == "Almaty"


def test_a_stale_save_is_refused_with_the_differences_and_the_second_save_merges(editor_client, content):
    event = content["event"]
    url = reverse("admin:events_event_change", args=[event.pk])
    first = admin_form_data(editor_client.get(url))
    second = admin_form_data(editor_client.get(url))

    first["title"] = "Astana Summit of 2024"
    assert editor_client.post(url, first).status_code == 302

    second["city"] = "Almaty"
    refused = editor_client.post(url, second)
    assert refused.status_code == 200
    event.refresh_from_db()
    assert (event.title, event.city) == ("Astana Summit of 2024", "Astana")
    errors = errors_of(refused)
    assert errors[0].startswith("Someone else saved this event")
    assert "Title: now “Astana Summit of 2024”, yours “Astana Summit 2024”." in errors
    assert "City: now “Astana”, yours “Almaty”." in errors
    assert not any(error.startswith(("Start:", "Slug:", "Participants:")) for error in errors)  # unchanged
    html = refused.content.decode()
    assert "Title: now “Astana Summit of 2024”" in html

    # The refused form keeps the editor's values and now carries the newer revision.
    merged = admin_form_data(refused)
    assert (merged["city"], merged["loaded_revision"]) == ("Almaty", str(event.revision))
    merged["title"] = "Astana Summit of 2024"  # the editor takes the other change over
    assert editor_client.post(url, merged).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.city) == ("Astana Summit of 2024", "Almaty")


def test_a_bulk_action_in_between_makes_the_open_form_stale(editor_client, content):
    fact = content["fact"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    editor_client.post(reverse("admin:facts_fact_changelist"), action_data("unpublish", fact))
    data["statement"] = "Belarus joined as the tenth member state in 2024."
    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "Status: now “draft”, yours “published”." in errors_of(refused)
    fact.refresh_from_db()
    assert fact.statement == "Belarus became the tenth member state at the 2024 Astana Summit."
    assert editor_client.post(url, admin_form_data(refused)).status_code == 302
    fact.refresh_from_db()
    assert (fact.statement, fact.status) == (data["statement"], PublicationStatus.PUBLISHED)


def test_the_cite_page_still_works_while_a_form_is_open(editor_client, content):
    """Citing adds a citation, not a fact revision: a fact form opened before saves, and keeps it."""
    fact, article = content["fact"], content["article"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    cited = editor_client.post(
        reverse("admin:articles_article_cite", args=[article.pk]), {"quote": "at the summit", "fact": fact.pk}
    )
    assert cited.status_code == 302
    assert Fact.objects.get(pk=fact.pk).citations.count() == 2
    assert editor_client.post(url, data).status_code == 302
    assert Fact.objects.get(pk=fact.pk).citations.count() == 2


def test_a_row_of_an_inline_saved_elsewhere_meanwhile_is_not_overwritten(editor_client, content):
    """A citation edited in its own admin while the fact's form is open: the fact's save is refused on
    that row, naming what changed, and the citation keeps the other editor's value."""
    fact = content["fact"]
    citation = fact.citations.order_by("pk").first()
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    opened = editor_client.get(url)
    assert 'name="citations-0-loaded_revision"' in opened.content.decode()
    data = admin_form_data(opened)
    citation.speaker_role = "foreign minister"  # another editor, in the citations' admin
    citation.save()

    data["public_note"] = "Checked against the source."
    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    fact.refresh_from_db()
    citation.refresh_from_db()
    assert (fact.public_note, citation.speaker_role) == ("", "foreign minister")
    [row] = [form for form in refused.context["inline_admin_formsets"][0].formset.forms if form.non_field_errors()]
    errors = list(row.non_field_errors())
    assert errors[0].startswith("Someone else saved this citation")
    assert "Speaker role: now “foreign minister”, yours “(empty)”." in errors
    # Saved again, the editor's values go through: seen, not silent.
    assert editor_client.post(url, admin_form_data(refused)).status_code == 302
    citation.refresh_from_db()
    assert citation.speaker_role == ""


def test_a_revert_over_a_save_made_after_it_was_opened_is_refused(editor_client, content):
    fact = content["fact"]
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    for change in ({"public_note": "Checked."}, {"statement": "A statement that was wrong."}):
        assert editor_client.post(url, {**admin_form_data(editor_client.get(url)), **change}).status_code == 302
    old = Version.objects.get_for_object(fact).order_by("pk").first()
    revert_url = reverse("admin:facts_fact_revision", args=[fact.pk, old.pk])
    opened = editor_client.get(revert_url)
    assert opened.content.decode().count('name="loaded_revision"') == 1  # the revert page keeps the lock
    revert = admin_form_data(opened)
    data = admin_form_data(editor_client.get(url))
    data["statement"] = "A statement corrected by another editor."
    assert editor_client.post(url, data).status_code == 302

    refused = editor_client.post(revert_url, revert)

    assert refused.status_code == 200
    assert errors_of(refused)[0].startswith("Someone else saved this fact")
    # What the other editor saved, not the old version the revert page writes back before checking.
    now, yours = (
        "A statement corrected by another editor.",
        "Belarus became the tenth member state at the 2024 Astana Summit.",
    )
    assert f"Statement: now “{now}”, yours “{yours}”." in errors_of(refused)
    fact.refresh_from_db()
    assert fact.statement == "A statement corrected by another editor."


def test_the_status_form_renders_its_lock_once_and_starts_with_the_country(editor_client, content):
    html = editor_client.get(reverse("admin:countries_countrystatus_add")).content.decode()
    assert html.count('name="loaded_revision"') == 1
    assert html.index('name="country"') < html.index('name="status"') < html.index('name="provenance"')


def test_a_row_saved_elsewhere_meanwhile_is_not_deleted_unseen(editor_client, content):
    fact = content["fact"]
    citation = fact.citations.get()
    url = reverse("admin:facts_fact_change", args=[fact.pk])
    data = admin_form_data(editor_client.get(url))
    citation.speaker_role = "foreign minister"  # another editor, in the citations' admin
    citation.save()
    data["citations-0-DELETE"] = "on"
    data["unsourced_ok"] = "on"  # the fact may then stand without a source

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    assert fact.citations.filter(pk=citation.pk).exists()
    formset = refused.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == [
        f"“{citation}” was saved by someone else after you opened this page, and is kept: see what changed on "
        "its row, then delete it again if it should go."
    ]
    assert editor_client.post(url, admin_form_data(refused) | {"citations-0-DELETE": "on"}).status_code == 302
    assert not fact.citations.exists()
