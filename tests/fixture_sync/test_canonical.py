"""The synced models as the settings name them, and the canonical form of rows: no database."""

from fixture_sync.canonical import digest, key_json, normalise, synced_models

from .helpers import LOAD_ORDER


def test_every_model_loads_after_the_models_it_refers_to():
    synced = synced_models()
    order = list(synced)
    assert order == LOAD_ORDER
    for label, model in synced.items():
        for field in model.model._meta.concrete_fields:
            related = field.related_model and field.related_model._meta.label_lower
            if related in synced and related != label:
                assert order.index(related) < order.index(label), (label, field.name)


def test_what_is_derived_from_the_models():
    synced = synced_models()
    assert synced["facts.citation"].key_fields == ("fact", "article", "quote")
    times = {"created_at", "modified_at"}
    assert set(synced["facts.citation"].derived_fields) == {"revision", "start", "end", *times}
    assert set(synced["facts.fact"].derived_fields) == {"revision", "published_at", *times}
    assert synced["facts.fact"].foreign_keys == ("topic", "superseded_by")
    assert set(synced["facts.fact"].many_to_many) == {"countries", "events", "disputed_by", "other_scopes"}


def test_normalise_drops_derived_fields_and_sorts_many_to_many_lists():
    synced = synced_models()
    citation = {"model": "facts.citation", "fields": {"fact": ["f"], "article": ["a"], "quote": "q", "start": 1}}
    assert normalise(citation, synced["facts.citation"])["fields"] == {"fact": ["f"], "article": ["a"], "quote": "q"}
    fact = {"model": "facts.fact", "fields": {"slug": "f", "countries": [["UZ"], ["CN"]]}}
    assert normalise(fact, synced["facts.fact"])["fields"]["countries"] == [["CN"], ["UZ"]]


def test_a_digest_ignores_key_order_and_keeps_unicode():
    assert digest({"a": 1, "b": "ü"}) == digest({"b": "ü", "a": 1})
    assert digest({"a": 1}) != digest({"a": 2})
    assert key_json(("шос", 1)) == '["шос", 1]'
