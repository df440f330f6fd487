"""Pages built for the source tests: a news article with the chrome of a news site, a page
dated only by its year, one in windows-1251 and a PDF, with the text each should yield."""

import json

PARAGRAPHS = [
    "Belarus became the tenth member state of the Shanghai Cooperation Organization at the summit in Astana "
    "on 4 July 2024, after the heads of state signed the decision on its accession.",
    "The organization now covers about 42 percent of the world's population, according to figures the "
    "secretariat published ahead of the meeting, and its members account for a quarter of world output.",
    "Kazakhstan handed the rotating presidency to China at the close of the summit, and President Xi Jinping "
    "said the next meeting of the heads of state would be held in Tianjin in 2025.",
]
BODY = "\n".join(PARAGRAPHS)
NAV = ["World", "Politics", "Business", "Sport", "Opinion"]
#: The text around the article, as extraction should keep it aside, line by line.
STRIPPED = [
    *NAV,
    "We use cookies to improve your experience on Example News.",
    "Accept all cookies",
    "By Jane Doe",
    "Related stories:",
    "Ten things to know about the SCO budget",
    "Copyright 2024 Example News Media Group. All rights reserved.",
    "Privacy policy",
]


def news_page(paragraphs=PARAGRAPHS, date="2024-07-04T10:00:00+00:00", title="Belarus joins the SCO in Astana"):
    metadata = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": date,
        "author": {"@type": "Person", "name": "Jane Doe"},
        "publisher": {"@type": "Organization", "name": "Example News"},
        "inLanguage": "en",
    }
    text = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Example News</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example News">
<meta property="og:type" content="article">
<meta name="author" content="Jane Doe">
<script type="application/ld+json">{json.dumps(metadata)}</script>
</head><body>
<header><nav><ul>{"".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in NAV)}</ul></nav></header>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience on Example News.</p>
<button>Accept all cookies</button></div>
<main><article>
<h1>{title}</h1>
<p class="byline">By Jane Doe</p>
{text}
</article>
<aside class="related"><h2>Related stories:</h2>
<ul><li><a href="/budget">Ten things to know about the SCO budget</a></li></ul></aside>
</main>
<footer><p>Copyright 2024 Example News Media Group. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>""".encode()


CYRILLIC = [
    "Беларусь стала десятым государством-членом Шанхайской организации сотрудничества на саммите в Астане.",
    "Главы государств подписали решение о приёме республики в организацию четвёртого июля две тысячи "
    "двадцать четвёртого года, и делегации приветствовали это решение.",
]


def cyrillic_page():
    text = "".join(f"<p>{paragraph}</p>" for paragraph in CYRILLIC)
    page = f"""<!DOCTYPE html><html lang="ru"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Беларусь в ШОС</title><meta property="og:site_name" content="Пример Новости">
<meta property="article:published_time" content="2024-07">
</head><body><article><h1>Беларусь в ШОС</h1>{text}</article></body></html>"""
    return page.encode("windows-1251")


PDF_TEXT = "The SCO Secretariat is in Beijing."


def pdf_document(text=PDF_TEXT, title="Secretariat note", author="SCO Secretariat"):
    """A one-page PDF written by hand (offsets computed), with a title and an author."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /Author ({author}) >>".encode(),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
