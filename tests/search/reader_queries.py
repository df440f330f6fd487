"""Queries as readers type them (typos, other spellings, aliases, people, figures, several words),
each with the pages of which one should come in the first three results: (kind, slug)."""

TYPOS = [
    ("sumit tianjin", {("event", "tianjin-summit-2025")}),
    ("Kazakstan", {("country", "kazakhstan")}),
    ("Kyrgystan", {("country", "kyrgyzstan")}),
    ("Uzbekstan", {("country", "uzbekistan")}),
    ("Lukashenkoo", {("person", "alexander-lukashenko")}),
    ("Tashkant cargo train", {("event", "tianjin-tashkent-cargo-train-2025")}),
    ("Belarrus", {("country", "belarus")}),
    ("Zhengzou media summit", {("event", "sco-media-think-tank-summit-zhengzhou-2025")}),
    ("presidancy", {("event", "china-sco-presidency-2024")}),
    ("Astna summit", {("event", "astana-summit-2024")}),
    ("Jalalbad railway", {("fact", "china-kyrgyzstan-uzbekistan-railway-construction-began-jalalabad")}),
    ("Shanghai Spirt", {("fact", "shanghai-spirit-principles")}),
    ("terorism separatism", {("fact", "sco-combats-terrorism-separatism-extremism")}),
    ("Khiva restoraton", {("fact", "xi-checked-khiva-restoration-2016")}),
]
SPELLINGS_AND_ALIASES = [
    ("Turkey", {("country", "turkiye")}),
    ("Turkiye", {("country", "turkiye")}),
    ("Kirghizia", {("country", "kyrgyzstan")}),
    ("Kyrgyz Republic", {("country", "kyrgyzstan")}),
    ("Burma", {("country", "myanmar")}),
    ("UAE", {("country", "united-arab-emirates")}),
    ("Russian Federation", {("country", "russia")}),
    ("Iran (Islamic Republic of)", {("country", "iran")}),
    ("Lukashenka", {("person", "alexander-lukashenko")}),
    ("President Xi", {("person", "xi-jinping")}),
    ("largest populous regional organisation", {("fact", "sco-largest-most-populous-regional-organization")}),
    ("security centres anti-drug", {("fact", "fan-xianrong-security-centers-anti-drug")}),
    ("security centers stabilizing force", {("fact", "dmitrieva-security-centres-stabilizing-force")}),
    ("RATS council", {("event", "rats-council-meeting-china-presidency")}),
    ("Regional Anti-Terrorist Structure", {("event", "rats-council-meeting-china-presidency")}),
    ("BRI", {("fact", "bri-platform-for-sco-cooperation")}),
    ("China Global Television Network", {("article", "china-sco-presidency-road-to-tianjin")}),  # CGTN's alias
]
PEOPLE = [
    ("Wang Yi", {("person", "wang-yi")}),
    ("Guo Jiakun", {("person", "guo-jiakun")}),
    ("foreign ministry spokesperson", {("person", "guo-jiakun")}),
    ("national coordinator", {("person", "zhang-haizhou"), ("person", "fan-xianrong")}),
    ("Sergey Lavrov", {("person", "sergey-lavrov")}),
    ("Xi Jinping", {("person", "xi-jinping")}),
    ("Dmitrieva", {("person", "marina-dmitrieva")}),
    ("Kin Phea", {("person", "kin-phea")}),
    ("Mirziyoyev", {("fact", "xi-khiva-model-gift-2022")}),
]
FIGURES = [
    ("890 billion", {("fact", "china-trade-sco-wider-2024-usd")}),
    (
        "3.65 trillion yuan",
        {("fact", "china-trade-sco-members-2024-cny"), ("fact", "china-trade-sco-members-2024-usd")},
    ),
    ("14.4 percent trade", {("fact", "china-trade-sco-share-14-4-percent-2024")}),
    ("60 percent Eurasian landmass", {("fact", "sco-over-60-percent-eurasian-landmass")}),
    ("50 containers", {("fact", "tianjin-tashkent-cargo-train-50-containers")}),
    ("nearly 70 percent poll", {("fact", "poll-nearly-70-percent-credit-sco")}),
    ("14 dialogue partners", {("fact", "sco-fourteen-dialogue-partners")}),
]
SEVERAL_WORDS = [
    ("Belarus 10th member", {("fact", "belarus-tenth-member-astana-2024")}),
    ("India Pakistan 2017", {("event", "enlargement-india-pakistan-2017")}),
    ("founded in Shanghai 2001", {("event", "sco-founding-shanghai-2001"), ("fact", "sco-founded-in-shanghai")}),
    ("Iran full membership", {("fact", "iran-member-2023-ninth")}),
    ("Tianjin summit", {("event", "tianjin-summit-2025")}),
    ("Belarus", {("country", "belarus")}),
    ("Governance of China", {("fact", "governance-of-china-build-a-stronger-sco")}),
    ("Silk Road Economic Belt", {("event", "xi-proposes-silk-road-economic-belt-2013")}),
    ("road to the Tianjin Summit", {("article", "china-sco-presidency-road-to-tianjin")}),
]
READER_QUERIES = TYPOS + SPELLINGS_AND_ALIASES + PEOPLE + FIGURES + SEVERAL_WORDS
