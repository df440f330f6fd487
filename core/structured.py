"""Structured data (schema.org JSON-LD) for search engines and other readers of the pages.

Each public model builds its own description (``structured_data(absolute)``, where
``absolute`` turns a path into an absolute URL) from the values its page shows, so the
two never disagree; ``{% json_ld %}`` (core.templatetags.structured) writes it into the
page. Nothing is added that the page does not state: a date goes in only as precisely as
its source gives it (:func:`core.dates.iso_partial_date`), an author only when printed.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SITE_NAME = "SCO Reference"

#: The organisation every page is about.
SCO = {"@type": "Organization", "name": "Shanghai Cooperation Organization", "alternateName": "SCO"}

# Inside <script> the HTML parser looks for "</script" and "<!--": with <, > and & written
# as JSON escapes no value can end the element early (as django.utils.html.json_script).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_json(data):
    """JSON-LD text safe inside a script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=False)
    return text.translate(_SCRIPT_ESCAPES)


def ld_json_script(data):
    """``<script type="application/ld+json">``: a data block, not run, so the CSP allows it."""
    if "@context" not in data:
        data = {"@context": "https://schema.org", **data}
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(to_json(data)))


def without_empty(data):
    """``data`` without the keys whose value is None, "" or []: nothing unstated is implied."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
