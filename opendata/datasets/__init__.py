"""The downloads of /data/, by the name their files take: ``facts.csv``, ``events.json``…"""

from .events import EVENTS
from .facts import FACTS
from .statuses import STATUSES

DATASETS = {dataset.slug: dataset for dataset in (FACTS, STATUSES, EVENTS)}
