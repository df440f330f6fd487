"""How the search forgives: the words of a query without the common ones, British and American spellings of
each, and corrections of misspelled words against the index's own vocabulary, the same on both databases."""

import re
import unicodedata
from collections import Counter

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_TERMS = 12
WORD = re.compile(r"[^\W_]+")
TERM = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")  # a decimal ("3.65") is one term, as PostgreSQL reads it
# PostgreSQL's English stop words (the Snowball list), left out on SQLite too so both agree.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can did do does doing don down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own s same she should so some such t than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with you your yours yourself yourselves""".split()  # noqa: SIM905
)
# British and American endings, both ways: a word is searched in every spelling (only one exists).
ENDINGS = [
    (ending, other)
    for pair in """isation/ization isations/izations ise/ize ised/ized ises/izes ising/izing yse/yze ysed/yzed
    tre/ter tres/ters our/or ours/ors ence/ense ogue/og ogues/ogs lled/led lling/ling""".split()  # noqa: SIM905
    for ending, other in (pair.split("/"), pair.split("/")[::-1])
]
MIN_STEM = 3  # letters before the ending: "four" is not "for", nor "centre" "cenr"


def query_terms(text):
    """The words of a query, lower case, without stop words: punctuation is never query syntax."""
    return [word for word in TERM.findall(text.lower()) if word not in STOP_WORDS][:MAX_TERMS]


def spellings(term):
    """The term first, then its other spellings (organisation, organization)."""
    found = (
        term[: -len(end)] + other for end, other in ENDINGS if term.endswith(end) and len(term) - len(end) >= MIN_STEM
    )
    return list(dict.fromkeys([term, *found]))


MORE_COMMON = 10  # a known word is a likely typo when a neighbour one edit away is this many times commoner


def plain(word):  # without accents: "türkiye" is a correction of "turkiye" at no distance
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class Vocabulary:
    """The index's words with the number of entries holding each, read once per content version."""

    def __init__(self, counts):
        self.counts, self.words = counts, list(counts)
        self.plain_words = [plain(word) for word in self.words]

    def correction(self, term):
        """The likeliest word of the index the reader meant by ``term``, or ``term`` itself. Edits forgiven: none
        in words of three letters (or with a digit), one up to five (or in a word of the index), two beyond."""
        if len(term) <= 3 or any(c.isdigit() for c in term):
            return term
        known = self.counts.get(term, 0)
        limit = 1 if known or len(term) <= 5 else 2
        found = process.extract(plain(term), self.plain_words, scorer=OSA.distance, score_cutoff=limit, limit=None)
        candidates = [(distance, -self.counts[self.words[i]], self.words[i]) for _, distance, i in found]
        candidates = [c for c in candidates if c[2] != term and (not known or -c[1] >= MORE_COMMON * known)]
        return min(candidates)[2] if candidates else term


def words_of(text):  # lower case, with a letter, at most 40 characters
    return {word for word in WORD.findall(text.lower()) if len(word) <= 40 and not word.isdigit()}


def count_words(texts):
    """{word: number of the texts holding it}."""
    return Counter(word for text in texts for word in words_of(text))
