"""Fact.clean and the fact's admin form: what a fact may not say about itself and the facts around it."""

import pytest
from django.core.exceptions import ValidationError

from facts.forms import FactAdminForm
from facts.models import Fact


@pytest.fixture
def facts(empty_db):
    return [Fact.objects.create(slug=slug, statement=f"Fact {slug}.") for slug in ("fact-a", "fact-b", "fact-c")]


def supersede(fact, successor):
    Fact.objects.filter(pk=fact.pk).update(superseded_by=successor)


def clean_errors(fact):
    with pytest.raises(ValidationError) as refused:
        fact.full_clean()
    return refused.value.message_dict


def test_a_fact_cannot_supersede_itself(facts):
    a = facts[0]
    a.superseded_by = a
    assert clean_errors(a) == {"superseded_by": ["A fact cannot supersede itself."]}


def test_two_facts_cannot_supersede_each_other(facts):
    a, b, _ = facts
    supersede(b, a)
    a.superseded_by = b
    assert clean_errors(a) == {
        "superseded_by": ["Facts cannot supersede each other in a cycle: fact-a → fact-b → fact-a."]
    }


def test_a_longer_cycle_is_refused_naming_every_fact_in_it(facts):
    a, b, c = facts
    supersede(b, c)
    supersede(c, a)
    a.superseded_by = b
    assert clean_errors(a) == {
        "superseded_by": ["Facts cannot supersede each other in a cycle: fact-a → fact-b → fact-c → fact-a."]
    }


def test_a_chain_of_supersession_is_fine(facts):
    a, b, c = facts
    supersede(b, c)
    a.superseded_by = b
    a.full_clean()


def test_a_cycle_elsewhere_does_not_trap_the_check(facts):
    a, b, c = facts
    supersede(b, c)
    supersede(c, b)
    a.superseded_by = b
    a.full_clean()  # not this fact's doing: the reload's check reports that cycle


def admin_form(fact, **changes):
    data = {
        "statement": fact.statement,
        "slug": fact.slug,
        "status": fact.status,
        "unit": "",
        "period": "",
        "scope": "",
        "note": "",
        **changes,
    }
    return FactAdminForm(data, instance=fact)


def test_the_admin_form_refuses_a_fact_disputing_itself(facts):
    a = facts[0]
    form = admin_form(a, disputed_by=[a.pk])
    assert not form.is_valid()
    assert form.errors["disputed_by"] == ["A fact cannot dispute itself."]


def test_facts_may_dispute_each_other(facts):
    a, b, _ = facts
    b.disputed_by.add(a)
    form = admin_form(a, disputed_by=[b.pk])
    assert form.is_valid(), form.errors
    form.save()
    assert list(a.disputed_by.all()) == [b] and list(b.disputed_by.all()) == [a]


def test_the_admin_form_refuses_a_supersede_cycle(facts):
    a, b, _ = facts
    supersede(b, a)
    form = admin_form(a, superseded_by=b.pk)
    assert not form.is_valid()
    assert form.errors["superseded_by"] == ["Facts cannot supersede each other in a cycle: fact-a → fact-b → fact-a."]
