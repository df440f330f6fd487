"""Every fact's citation as reference managers read it: CSL-JSON rendered by citeproc-py, the
``.bib`` download parsed by bibtexparser, the ``.ris`` download's records."""

import json

import bibtexparser
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from facts.citing import cite_fact
from facts.models import Citation as FactCitation
from facts.models import Fact

pytestmark = pytest.mark.django_db

SITE = "SCO Reference"


def published_facts():
    return Fact.objects.published().prefetch_related("citations__article__outlet").order_by("slug")


def rendered(csl_json):
    """The Harvard reference citeproc-py writes for a CSL-JSON list of one item."""
    items = json.loads(csl_json)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    return str(bibliography.bibliography()[0])


def test_citeproc_renders_every_fact_with_its_date_and_each_name_once(seed):
    today = timezone.localdate()
    facts = list(published_facts())
    assert len(facts) > 50
    for fact in facts:
        cite = cite_fact(fact, f"https://example.org/facts/{fact.slug}/", today)
        reference = rendered(cite["csl_json"])
        year = timezone.localdate(fact.modified_at).year
        assert reference.startswith(f"{SITE} ({year}) "), reference
        assert reference.count(SITE) == 1, reference
        assert reference.count(fact.statement.rstrip(".")) == 1, reference
        assert "no date" not in reference and f"/facts/{fact.slug}/" in reference


@pytest.mark.parametrize("facts", [3, pytest.param(None, marks=pytest.mark.slow, id="every")])
def test_bibtexparser_reads_the_bib_downloads(seed, facts):
    """Three facts on every run; every published fact with the slow tests."""
    client = Client()
    for fact in published_facts()[:facts]:
        response = client.get(reverse("facts:cite-bib", args=[fact.slug]))
        assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{fact.slug}.bib"'
        library = bibtexparser.parse_string(response.content.decode())
        assert library.failed_blocks == [], fact.slug
        (entry,) = library.entries
        assert entry.key == f"scoreference:{fact.slug}"
        assert entry["author"] == "{SCO Reference}"
        assert entry["year"] == str(timezone.localdate(fact.modified_at).year)
        assert entry["url"] == f"http://testserver/facts/{fact.slug}/"


def test_ris_download_is_one_record_with_author_date_and_sources(seed):
    fact = published_facts().filter(citations__isnull=False).first()
    response = Client().get(reverse("facts:cite-ris", args=[fact.slug]))
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    lines = response.content.decode().split("\r\n")
    tags = [line[:2] for line in lines if line]
    assert tags == ["TY", "AU", "TI", "PY", "DA", "UR", "Y2", "N1", "ER"]
    record = {line[:2]: line[6:] for line in lines if line}
    modified = timezone.localdate(fact.modified_at)
    assert record["AU"] == SITE and record["TI"] == fact.statement
    assert record["DA"] == f"{modified:%Y/%m/%d}"
    article = FactCitation.objects.filter(fact=fact).first().article
    assert f"“{article.title}”" in record["N1"]


def test_a_drafts_citation_files_are_not_found(extras):
    client = Client()
    assert client.get(reverse("facts:cite-bib", args=["draft-fact"])).status_code == 404
    assert client.get(reverse("facts:cite-ris", args=["draft-fact"])).status_code == 404


def test_the_fact_page_links_its_citation_files_and_marks_what_can_be_copied(seed):
    fact = published_facts().first()
    html = Client().get(fact.get_absolute_url()).content.decode()
    assert f'href="/facts/{fact.slug}/cite.bib" download' in html
    assert f'href="/facts/{fact.slug}/cite.ris" download' in html
    assert html.count("data-copy=") == 3
    assert "js/copy.js" in html
