"""Reading rendered pages: the marks, links and headings a reader would see."""

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks = {}  # id -> text inside the mark (nested marks included)
        self.passages = {}  # data-cite -> text of all its marks (a crossing passage is split in two)
        self.mark_stack = []
        self.links = []  # (href, text)
        self.link_stack = []
        self.headings = []  # (level, text)
        self.heading = None
        self.images = []  # attrs of every <img>
        self.tags = []
        self.in_ref = False  # inside a fact number after a passage: not part of any quote
        self.paragraph = 0  # paragraphs begun so far: a passage split across two reads as two lines
        self.passage_paragraph = {}  # data-cite -> the paragraph its text last came from

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "mark":
            self.mark_stack.append((attrs.get("id"), attrs.get("data-cite")))
            if attrs.get("id"):
                self.marks[attrs["id"]] = ""
            cite = attrs.get("data-cite")
            self.passages.setdefault(cite, "")
            if self.passage_paragraph.get(cite, self.paragraph) != self.paragraph:
                self.passages[cite] += "\n"
            self.passage_paragraph[cite] = self.paragraph
        elif tag == "p":
            self.paragraph += 1
        elif tag == "a":
            self.link_stack.append([attrs.get("href", ""), ""])
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading = [int(tag[1]), ""]
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "sup" and attrs.get("class") == "cite-ref":
            self.in_ref = True

    def handle_endtag(self, tag):
        if tag == "sup":
            self.in_ref = False
        elif tag == "mark" and self.mark_stack:
            self.mark_stack.pop()
        elif tag == "a" and self.link_stack:
            href, text = self.link_stack.pop()
            self.links.append((href, " ".join(text.split())))
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self.heading:
            self.headings.append((self.heading[0], " ".join(self.heading[1].split())))
            self.heading = None

    def handle_data(self, data):
        for mark_id, cite in self.mark_stack:
            if not self.in_ref:
                if mark_id:
                    self.marks[mark_id] += data
                self.passages[cite] += data
        for link in self.link_stack:
            link[1] += data
        if self.heading:
            self.heading[1] += data


def parse(response):
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def text_of(response):
    """The page's text, each element's text separated by a space, whitespace collapsed."""
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def body_text(response):
    """The article body as rendered, without the fact numbers after each passage."""
    html = response.content.decode()
    body = html[html.index('<div class="body-text"') :]
    body = body[body.index(">") + 1 :]
    body = body[: body.index("</div>")]
    body = re.sub(r'<sup class="cite-ref">.*?</sup>', "", body)
    body = re.sub(r"</p>\s*<p>", "\n", body)
    return unescape(re.sub(r"<[^>]+>", "", body)).strip()


def captured_sql(client, url):
    """The SQL of a GET with the cache of derived figures empty (the worst case), and the response."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries], response


def assert_no_query_twice(statements):
    repeated = [sql for sql, times in Counter(statements).items() if times > 1]
    assert repeated == [], f"the same query ran more than once: {repeated}"


def count_queries(client, url):
    """How many queries a GET runs (with the derived figures' cache empty), none of them twice."""
    statements, _ = captured_sql(client, url)
    assert_no_query_twice(statements)
    return len(statements)
