"""Dates with precision, verbatim citations, derived standing and status, constraints."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Outlet
from core.dates import DatePrecision, format_partial_date
from countries.models import Country, CountryStatus, SCOStatus
from facts.models import Citation, Fact, Standing


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (datetime.date(2025, 5, 1), DatePrecision.MONTH, "May 2025"),
        (datetime.date(2024, 1, 1), DatePrecision.YEAR, "2024"),
        (datetime.date(2025, 8, 31), DatePrecision.DAY, "31 August 2025"),
        (None, DatePrecision.UNKNOWN, "undated"),
    ],
)
def test_dates_render_as_precisely_as_the_source_states_them(value, precision, expected):
    assert format_partial_date(value, precision) == expected


@pytest.fixture
def article(empty_db):
    return Article.objects.create(
        slug="a",
        title="An article",
        outlet=Outlet.objects.create(slug="o", name="Outlet"),
        body="Belarus was formally accepted as the 10th member state. Xi said “No civilization is superior”.",
        status="published",
    )


@pytest.fixture
def fact(empty_db):
    return Fact.objects.create(slug="f", statement="Belarus became the 10th member.")


def test_a_verbatim_quote_is_accepted_and_its_position_kept(article, fact):
    citation = Citation(fact=fact, article=article, quote="the 10th member state")
    citation.full_clean()
    citation.save()
    assert article.body[citation.start : citation.end] == "the 10th member state"


def test_a_quote_missing_from_the_article_is_refused_naming_article_and_quote(article, fact):
    citation = Citation(fact=fact, article=article, quote="Belarus left the organization")
    with pytest.raises(ValidationError) as refused:
        citation.full_clean()
    message = refused.value.message_dict["quote"][0]
    assert "“An article”" in message and "Belarus left the organization" in message
    assert "ignored" not in message


def test_a_quote_that_matches_only_after_folding_quote_marks_says_so(article, fact):
    citation = Citation(fact=fact, article=article, quote='Xi said "No civilization is superior"')
    with pytest.raises(ValidationError) as refused:
        citation.full_clean()
    assert "curly and straight quotes differ" in refused.value.message_dict["quote"][0]


def test_a_quote_that_matches_only_after_folding_whitespace_says_so(article, fact):
    citation = Citation(fact=fact, article=article, quote="formally  accepted\nas the 10th")
    with pytest.raises(ValidationError, match="whitespace or quote marks are ignored"):
        citation.full_clean()


def test_the_database_refuses_a_citation_without_a_quote(article, fact):
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(fact=fact, article=article, quote="", start=0, end=1)


def test_standing_is_derived_from_citations_and_outlets(article, fact):
    assert Fact.objects.with_standing().get().standing == Standing.UNSOURCED
    Citation.objects.create(fact=fact, article=article, quote="the 10th member state", start=36, end=57)
    assert Fact.objects.with_standing().get().standing == Standing.SINGLE_SOURCE
    other = Article.objects.create(
        slug="b",
        title="B",
        outlet=Outlet.objects.create(slug="p", name="Other"),
        body="the 10th member state",
        status="published",
    )
    Citation.objects.create(fact=fact, article=other, quote="the 10th member state", start=0, end=21)
    assert Fact.objects.with_standing().get().standing == Standing.CORROBORATED
    newer = Fact.objects.create(slug="g", statement="Newer")
    fact.superseded_by = newer
    fact.save()
    assert Fact.objects.with_standing().get(pk=fact.pk).standing == Standing.SUPERSEDED


def test_citations_of_draft_articles_do_not_count_as_sources(article, fact):
    article.status = "draft"
    article.save()
    Citation.objects.create(fact=fact, article=article, quote="the 10th member state", start=36, end=57)
    assert Fact.objects.with_standing().get().standing == Standing.UNSOURCED


@pytest.fixture
def belarus(empty_db):
    return Country.objects.create(iso_code="BY", name="Belarus", slug="belarus")


def test_current_status_is_the_open_row_of_the_history(belarus):
    CountryStatus.objects.create(
        country=belarus,
        status=SCOStatus.OBSERVER,
        start_date=datetime.date(2010, 1, 1),
        start_precision="year",
        ended=True,
        end_date=datetime.date(2024, 1, 1),
        end_precision="year",
    )
    CountryStatus.objects.create(
        country=belarus, status=SCOStatus.MEMBER, start_date=datetime.date(2024, 1, 1), start_precision="year"
    )
    annotated = Country.objects.with_current_status().get()
    assert annotated.current_status == SCOStatus.MEMBER
    assert CountryStatus.objects.current().in_group("member").get().country == belarus
    assert belarus.current_status_row.status == SCOStatus.MEMBER


def test_the_database_refuses_two_current_statuses_for_one_country(belarus):
    CountryStatus.objects.create(country=belarus, status=SCOStatus.OBSERVER)
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryStatus.objects.create(country=belarus, status=SCOStatus.MEMBER)


def test_the_database_refuses_a_status_that_ends_on_a_day_before_it_starts(belarus):
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryStatus.objects.create(
            country=belarus,
            status=SCOStatus.OBSERVER,
            start_date=datetime.date(2020, 1, 1),
            start_precision="year",
            ended=True,
            end_date=datetime.date(2019, 12, 31),
            end_precision="day",
        )


@pytest.mark.parametrize(
    "start, end, sound",
    [
        (("2012-05-01", "month"), ("2012-01-01", "year"), True),  # May 2012 – 2012
        (("2012-05-14", "day"), ("2012-05-01", "month"), True),  # 14 May 2012 – May 2012
        (("2012-05-14", "day"), ("2012-05-14", "day"), True),
        (("2012-05-01", "month"), ("2011-01-01", "year"), False),
        (("2012-05-14", "day"), ("2012-04-01", "month"), False),
        (("2012-05-14", "day"), ("2012-05-13", "day"), False),
    ],
)
def test_an_end_is_refused_only_when_its_whole_period_comes_before_the_start(belarus, start, end, sound):
    status = CountryStatus(country=belarus, status=SCOStatus.OBSERVER, ended=True)
    (status.start_date, status.start_precision), (status.end_date, status.end_precision) = (
        (datetime.date.fromisoformat(value), precision) for value, precision in (start, end)
    )
    if sound:
        status.full_clean()
        status.save()  # the database agrees
    else:
        with pytest.raises(ValidationError, match="The end cannot come before the start."):
            status.full_clean()


def test_the_database_refuses_a_date_that_contradicts_its_precision(belarus):
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryStatus.objects.create(country=belarus, status=SCOStatus.MEMBER, start_precision="year")


def test_a_year_precision_date_must_be_the_first_of_january(belarus):
    status = CountryStatus(
        country=belarus, status=SCOStatus.MEMBER, start_date=datetime.date(2024, 7, 4), start_precision="year"
    )
    with pytest.raises(ValidationError, match="1 January"):
        status.full_clean()


def test_the_database_refuses_duplicate_slugs(db):
    Fact.objects.create(slug="same", statement="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        Fact.objects.create(slug="same", statement="Two")
