"""JSON typed by an editor (the provenance of every content admin) is bounded: a form error, never a 500."""

import json

import pytest
from django.urls import reverse

from core.admin.forms import MAX_JSON_CHARACTERS, MAX_JSON_DEPTH, json_depth
from tests.editors import admin_form_data

ROWS = ("article", "outlet", "event", "fact", "country", "status", "person")


def nested(depth):
    """``depth`` levels of objects, the innermost holding a string."""
    text = '"x"'
    for _ in range(depth):
        text = '{"a": ' + text + "}"
    return text


def post_provenance(client, row, value):
    opts = row._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    data = {**admin_form_data(client.get(url)), "provenance": value}
    return client.post(url, data)


@pytest.mark.parametrize("name", ROWS)
def test_json_nested_five_thousand_deep_is_refused_with_a_form_error(editor_client, content, name):
    row = content[name]
    response = post_provenance(editor_client, row, "[" * 5000 + "]" * 5000)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["provenance"]
    assert errors == [f"Nested too deeply: at most {MAX_JSON_DEPTH} levels of objects and lists."]
    assert "[[[[[[" in response.content.decode()  # the editor's text is shown back as typed
    row.refresh_from_db()
    assert row.provenance == {}


def test_one_level_too_deep_is_refused_and_the_limit_itself_is_read(editor_client, content):
    article = content["article"]
    too_deep = post_provenance(editor_client, article, nested(MAX_JSON_DEPTH + 1))
    assert too_deep.context["adminform"].form.errors["provenance"][0].startswith("Nested too deeply")
    at_limit = post_provenance(editor_client, article, nested(MAX_JSON_DEPTH))
    # Parsed, then judged as provenance: the next rule names the field that takes none.
    [error] = at_limit.context["adminform"].form.errors["provenance"]
    assert error.startswith("Provenance of “a”: not a field that takes provenance here")


def test_json_longer_than_the_limit_is_refused_naming_its_length(editor_client, content):
    event = content["event"]
    reason = "x" * MAX_JSON_CHARACTERS
    value = json.dumps({"start_date": {"basis": "inferred", "reason": reason}})
    response = post_provenance(editor_client, event, value)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["provenance"] == [
        f"Too long: at most {MAX_JSON_CHARACTERS:,} characters of JSON (this is {len(value):,})."
    ]
    event.refresh_from_db()
    assert event.provenance == {}


def test_sound_provenance_still_saves(editor_client, content):
    fact = content["fact"]
    entry = {"statement": {"basis": "editors", "reason": "Worded by the editors."}}
    assert post_provenance(editor_client, fact, json.dumps(entry)).status_code == 302
    fact.refresh_from_db()
    assert fact.provenance == entry


@pytest.mark.parametrize(
    ("value", "depth"),
    [("text", 0), ([], 1), ({"a": [1, {"b": {}}]}, 4), ([[[]], [[[[]]]]], 5)],
)
def test_depth_counts_levels_of_lists_and_objects(value, depth):
    assert json_depth(value) == depth
