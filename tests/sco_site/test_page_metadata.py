"""What search engines, link previews and reference managers read from every page: a title
and a description of its own, the canonical address, OpenGraph and Twitter tags that say
the same, the icon, JSON-LD whose values are the page's, "cite this fact", ``lang`` on quotes."""

import json
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import extruct
import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Outlet
from core.structured import ld_json_script
from countries.models import Country
from events.models import Event
from facts.models import Fact
from people.models import Person
from tests.pages import parse, text_of

LISTS = ("home:home", "facts:list", "articles:list", "events:list", "countries:list", "people:list")


class Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.meta, self.links, self.in_title = "", {}, {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self.in_title = True
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") in ("canonical", "icon"):
            self.links[attrs["rel"]] = attrs["href"]

    def handle_endtag(self, tag):
        self.in_title = self.in_title and tag != "title"

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def head_of(response):
    html = response.content.decode()
    head = Head()
    head.feed(html[: html.index("</head>")])
    return head


def json_ld(response, url):
    found = extruct.extract(response.content.decode(), base_url=f"http://testserver{url}", syntaxes=["json-ld"])
    return found["json-ld"]


def public_urls():
    urls = [reverse(name) for name in LISTS]
    urls += [reverse("search:search"), reverse("search:search") + "?q=summit", reverse("opendata:data")]
    for model in (Article, Event, Fact):
        urls += [obj.get_absolute_url() for obj in model.objects.published()]
    urls += [obj.get_absolute_url() for obj in Country.objects.all()]
    urls += [obj.get_absolute_url() for obj in Person.objects.all()]
    return urls


@pytest.fixture(scope="module")
def heads(django_db_setup, django_db_blocker):
    client = Client()
    with django_db_blocker.unblock():
        pages = {}
        for url in public_urls():
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = head_of(response)
        return pages


@pytest.mark.slow  # every page: make test-all
def test_every_page_has_a_title_and_a_description_of_its_own(heads):
    titles = {}
    descriptions = {}
    for url, head in heads.items():
        assert head.title.endswith(" · SCO Reference") and len(head.title) > len(" · SCO Reference"), url
        assert len(head.meta["description"]) > 40, url
        titles.setdefault(head.title, []).append(url)
        descriptions.setdefault(head.meta["description"], []).append(url)
    assert {title: urls for title, urls in titles.items() if len(urls) > 1} == {}
    assert {text: urls for text, urls in descriptions.items() if len(urls) > 1} == {}


@pytest.mark.slow  # every page: make test-all
def test_opengraph_and_twitter_say_what_the_page_says(heads):
    for url, head in heads.items():
        assert head.links["canonical"] == f"http://testserver{url.split('?')[0]}" + (
            "?q=summit" if "?q=" in url else ""
        ), url
        assert head.meta["og:url"] == head.links["canonical"]
        assert head.title.startswith(head.meta["og:title"]), url
        assert head.meta["og:description"] == head.meta["description"], url
        assert head.meta["og:site_name"] == "SCO Reference"
        assert head.meta["twitter:card"] in ("summary", "summary_large_image")
        assert head.links["icon"].endswith("favicon.svg")


def test_the_canonical_address_drops_tracking_and_keeps_filters_and_page(seed):
    client = Client()
    head = head_of(client.get(reverse("facts:list"), {"utm_source": "mail", "standing": "corroborated"}))
    assert head.links["canonical"] == "http://testserver/facts/?standing=corroborated"
    second = head_of(client.get(reverse("facts:list"), {"page": 2}))
    assert second.links["canonical"] == "http://testserver/facts/?page=2"
    assert second.title == "Facts (page 2) · SCO Reference"
    pages = -(-Fact.objects.published().count() // 20)
    assert second.meta["description"].endswith(f"Page 2 of {pages}.")
    fact = Fact.objects.published().first()
    assert head_of(client.get(fact.get_absolute_url(), {"ref": "x"})).links["canonical"] == (
        f"http://testserver{fact.get_absolute_url()}"
    )


@pytest.mark.parametrize(
    ("name", "query", "canonical"),
    [
        ("facts:list", "page=0", ""),
        ("facts:list", "page=-1", ""),
        ("search:search", "q=SCO&page=0", "?q=SCO"),
        ("search:search", "page=7", ""),  # no query: no pages
        ("people:list", "page=2", ""),  # the seed's people fit on one page
        ("countries:list", "page=3", ""),  # a list without pages
    ],
)
def test_a_page_number_out_of_range_shows_the_nearest_page_and_is_not_canonical(seed, name, query, canonical):
    response = Client().get(f"{reverse(name)}?{query}")
    assert head_of(response).links["canonical"] == f"http://testserver{reverse(name)}{canonical}"
    assert response.content.decode() == Client().get(f"{reverse(name)}{canonical}").content.decode()  # the first page


def test_search_results_are_not_indexed(seed):
    assert head_of(Client().get(reverse("search:search"), {"q": "summit"})).meta["robots"] == "noindex"
    assert "robots" not in head_of(Client().get(reverse("facts:list"))).meta


def test_the_icon_is_served_and_favicon_ico_leads_to_it(seed):
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert "<svg" in Path(finders.find("favicon.svg")).read_text()


def test_an_article_is_a_news_article_with_the_pages_values(seed):
    client = Client()
    for article in Article.objects.published().select_related("outlet"):
        url = article.get_absolute_url()
        response = client.get(url)
        (data,) = json_ld(response, url)
        page = parse(response)
        kind_stated = article.outlet and "kind" not in article.outlet.provenance
        assert data["@type"] == (
            "NewsArticle" if kind_stated and article.outlet.kind in Outlet.NEWS_KINDS else "Article"
        )
        (heading,) = [text for level, text in page.headings if level == 1]
        assert heading.startswith(data["headline"]) and data["headline"] == article.title  # then its marker
        assert data["url"] == f"http://testserver{url}"
        assert data.get("datePublished") == (
            None
            if article.published_precision == "unknown"
            else {"day": article.published_on.isoformat(), "month": article.published_on.isoformat()[:7]}.get(
                article.published_precision, str(article.published_on.year)
            )
        )
        assert data.get("creditText") == (article.byline or None)
        if article.outlet:
            assert data["publisher"]["name"] == article.outlet.name
            assert article.outlet.name in text_of(response)
        assert "author" not in data
        assert f'lang="{article.language}"' in response.content.decode()


@pytest.mark.slow  # every page of its kind: make test-all
def test_an_event_is_an_event_with_the_pages_values(seed):
    client = Client()
    for event in Event.objects.published().select_related("host_country"):
        url = event.get_absolute_url()
        (data,) = json_ld(client.get(url), url)
        assert data["@type"] == "Event"
        assert data["name"] == event.title
        if event.start_precision == "unknown":
            assert "startDate" not in data
        else:
            assert event.start_date.isoformat().startswith(data["startDate"])
        if event.host_country:
            assert data["location"]["address"]["addressCountry"] == str(event.host_country.iso_code)


@pytest.mark.slow  # every page of its kind: make test-all
def test_a_country_is_a_country_with_its_memberships_as_roles(seed):
    client = Client()
    for country in Country.objects.all():
        url = country.get_absolute_url()
        response = client.get(url)
        (data,) = json_ld(response, url)
        rows = list(country.statuses.history().order_by("start_date"))
        assert data["@type"] == "Country"
        assert data["name"] == country.name
        assert {each["value"] for each in data["identifier"]} == {str(country.iso_code), country.iso_alpha3}
        roles = data.get("memberOf", [])
        assert [role["roleName"] for role in roles] == [row.get_status_display() for row in rows]
        for role, row in zip(roles, rows, strict=True):
            assert role["memberOf"]["name"] == "Shanghai Cooperation Organization"
            if row.start_precision != "unknown":
                assert row.start_date.isoformat().startswith(role["startDate"])
                assert row.start_display in text_of(response)


@pytest.mark.slow  # every page of its kind: make test-all
def test_a_fact_is_a_claim_whose_appearances_are_its_quoted_passages(seed):
    client = Client()
    facts = Fact.objects.published().filter(citations__isnull=False).distinct()
    assert facts.count() > 50
    for fact in facts:
        url = fact.get_absolute_url()
        response = client.get(url)
        (data,) = json_ld(response, url)
        assert data["@type"] == "Claim"
        assert data["text"] == fact.statement
        citations = list(fact.citations.for_display())
        assert [each["text"] for each in data["appearance"]] == [citation.quote for citation in citations]
        links = {href for href, _ in parse(response).links}
        for each, citation in zip(data["appearance"], citations, strict=True):
            assert each["@type"] == "Quotation"
            assert each["url"] == f"http://testserver{citation.get_absolute_url()}"
            assert citation.get_absolute_url() in links
            assert each["isPartOf"]["headline"] == citation.article.title
            assert each["isPartOf"]["headline"] in text_of(response)
            if citation.speaker:
                said = citation.attribution == "said"
                assert each["creator" if said else "about"]["name"] == citation.speaker.name
                assert ("about" if said else "creator") not in each


def test_a_person_is_a_person(seed):
    person = Person.objects.first()
    url = person.get_absolute_url()
    (data,) = json_ld(Client().get(url), url)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": f"http://testserver{url}",
    }


def test_the_home_page_describes_the_site_and_its_search(seed):
    (data,) = json_ld(Client().get("/"), "/")
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == "http://testserver/search/?q={query}"


def test_json_ld_cannot_end_its_script_element():
    html = str(ld_json_script({"@type": "Thing", "name": "</script><script>alert(1)</script> & <!--"}))
    assert html.count("<") == 2 and html.count(">") == 2  # the script's own tags only
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body)["name"] == "</script><script>alert(1)</script> & <!--"


def test_cite_this_fact_gives_the_permalink_and_three_ready_citations(seed):
    fact = Fact.objects.published().filter(citations__isnull=False).order_by("slug").first()
    response = Client().get(fact.get_absolute_url())
    html = response.content.decode()
    permalink = f"http://testserver/facts/{fact.slug}/"
    section = html[html.index('<section class="cite-this"') :]
    section = unescape(section[: section.index("</section>")])
    assert f'<a href="{permalink}">{permalink}</a>' in section
    articles = {citation.article for citation in fact.citations.for_display()}
    opening = '<p class="cite-text" data-copy="the citation">'
    text = section[section.index(opening) + len(opening) :]
    text = text[: text.index("</p>")]
    changed = timezone.localdate(fact.modified_at)
    assert text.startswith(
        f"SCO Reference, “{fact.statement}” (fact {fact.slug}), last changed {changed.day} {changed:%B} "
        f"{changed.year}, {permalink}. Sources: "
    )
    for article in articles:
        assert f"“{article.title}”, {article.published_display}" in text
    assert "Accessed " in text
    bibtex = section[section.index("@misc{") : section.index("}</code>") + 1]
    assert bibtex.startswith(f"@misc{{scoreference:{fact.slug},")
    assert bibtex.count("{") == bibtex.count("}")
    assert f"url = {{{permalink}}}" in bibtex
    csl_start = section.index("[", section.index("CSL-JSON"))
    csl = json.loads(section[csl_start : section.index("</code>", csl_start)])
    assert csl[0]["URL"] == permalink
    assert csl[0]["title"] == fact.statement
    assert csl[0]["author"] == [{"literal": "SCO Reference"}]
    modified = timezone.localdate(fact.modified_at)
    assert csl[0]["issued"] == {"date-parts": [[modified.year, modified.month, modified.day]]}
    assert len(csl[0]["accessed"]["date-parts"][0]) == 3


def test_bibtex_special_characters_are_escaped():
    from facts.citing import bibtex_escape

    assert bibtex_escape("50% of {GDP} & $5 #1 a_b ~ ^ \\") == (
        r"50\% of \{GDP\} \& \$5 \#1 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_quotes_carry_the_language_of_their_source(seed):
    fact = Fact.objects.published().filter(citations__isnull=False).order_by("slug").first()
    html = Client().get(fact.get_absolute_url()).content.decode()
    for citation in fact.citations.for_display():
        assert f'lang="{citation.article.language}"><p>{citation.quote[:20]}' in unescape(html)


def test_the_data_page_is_a_dataset_with_its_downloads(seed):
    from core.version import content_version

    url = reverse("opendata:data")
    response = Client().get(url)
    (data,) = json_ld(response, url)
    assert data["@type"] == "Dataset"
    assert data["version"] == content_version() and content_version() in text_of(response)
    links = {href for href, _ in parse(response).links}
    downloads = [item["contentUrl"].removeprefix("http://testserver") for item in data["distribution"]]
    assert {item["@type"] for item in data["distribution"]} == {"DataDownload"}
    assert downloads and set(downloads) <= links
