"""Candidates for citing: the sentences of an article body that carry a date, a figure, or the
name of a country, person or event the site already holds, for the cite page to offer first."""

import re
from collections import namedtuple

from countries.models import Country
from events.models import Event
from people.models import Person

SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\d))+(?:[.!?]+[\"'”’)]*|(?=\n)|$)")  # "42.5" is not an end
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{MONTHS})(?: \d{{1,2}},?)? (?:19|20)\d\d\b|\b(?:19|20)\d\d\b")
FIGURE = re.compile(
    r"(?:[$€£¥]\s?)?\b\d+(?:[.,]\d+)*(?:\s?(?:%|percent|per cent|billion|million|trillion|thousand))?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)


Candidate = namedtuple("Candidate", "start end text reasons")  # reasons: ("date", "figure", "Belarus", …)


def candidates(body, names=None):
    """The sentences of ``body`` worth citing, in order, with what each carries (``names``: those the site knows)."""
    if names is None:
        names = [
            *Country.objects.values_list("name", flat=True),
            *Person.objects.values_list("name", flat=True),
            *Event.objects.values_list("title", flat=True),
        ]
    names = sorted({name for name in names if len(name) > 2}, key=len, reverse=True)  # the longest name matches
    named = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None
    found = []
    for match in SENTENCE.finditer(body):
        text = match.group().strip()
        if len(text) < 12:
            continue
        start = match.start() + match.group().index(text)
        dates = DATE.findall(text)
        reasons = ["date"] if dates else []
        if any(
            figure.strip() and not any(figure.strip() in date for date in dates) for figure in FIGURE.findall(text)
        ):
            reasons.append("figure")
        if named:
            reasons += list(dict.fromkeys(named.findall(text)))
        if reasons:
            found.append(Candidate(start, start + len(text), text, tuple(reasons)))
    return found
