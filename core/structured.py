"""schema.org JSON-LD: each public model describes itself from what its page states
(``structured_data(absolute)``), and ``{% json_ld %}`` writes it into the page."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SITE_NAME = "SCO Reference"

SCO = {"@type": "Organization", "name": "Shanghai Cooperation Organization", "alternateName": "SCO"}

# What others may do with the site's data, as /data/, its downloads and the chart's data say.
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "notice": (
        "Our own text (fact statements, summaries, descriptions, editors' notes and reasons) is "
        "published under Creative Commons Attribution 4.0 International (CC BY 4.0): credit "
        "SCO Reference and link to the page. Quotes remain their publishers': they are quoted "
        "for reference, with attribution to the outlet and a link to the passage."
    ),
}

# Inside <script> the HTML parser looks for "</script" and "<!--": with <, > and & written
# as JSON escapes no value can end the element early (as django.utils.html.json_script).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json_script(data):
    """A data block, not run, so the CSP allows it."""
    text = json.dumps({"@context": "https://schema.org", **data}, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text.translate(_SCRIPT_ESCAPES)))


def without_empty(data):
    """Nothing unstated is implied."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
