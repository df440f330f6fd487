"""What a reload did, or with ``dry_run`` would do: counts per model and the list of actions."""

from dataclasses import dataclass, field

from .canonical import key_json


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changes(self):
        return self.created + self.updated + self.deleted


@dataclass
class Report:
    counts: dict = field(default_factory=dict)  # {label: ModelCounts}, in load order
    actions: list | None = field(default_factory=list)  # ("create" | "update" | "delete", label, key_json)
    forced: list = field(default_factory=list)
    kept: int = 0  # rows editors created that the fixtures do not know
    backup: str | None = None
    dry_run: bool = False
    history_skipped: int = 0  # rows written but not recorded in their history (too many)

    @classmethod
    def from_plan(cls, plan, labels, *, dry_run):
        report = cls(counts={label: ModelCounts() for label in labels}, dry_run=dry_run)
        report.add(plan)
        return report

    def add(self, plan):
        """Count what ``plan`` (a batch, or the rest of a model) does."""
        self.forced.extend(plan.forced)
        self.kept += plan.kept
        for entry in plan.creates:
            self.counts[entry.label].created += 1
        for entry in plan.updates:
            self.counts[entry.label].updated += 1
        for label, _ in plan.deletes:
            self.counts[label].deleted += 1
        for entry in plan.unchanged:
            self.counts[entry.label].unchanged += 1
        if self.actions is not None:  # None: counts only (a large reload, printed without its list)
            self.actions.extend(("create", entry.label, entry.key_json) for entry in plan.creates)
            self.actions.extend(("update", entry.label, entry.key_json) for entry in plan.updates)
            self.actions.extend(("delete", label, key_json(key)) for label, key in plan.deletes)

    @classmethod
    def unchanged(cls, stored, labels, *, dry_run):
        """The report of a reload with nothing to do, from the counts the last one stored."""
        counts = {label: ModelCounts(unchanged=stored.get("entries", {}).get(label, 0)) for label in labels}
        return cls(counts=counts, kept=stored.get("kept", 0), dry_run=dry_run)

    def stored_counts(self):
        """What :meth:`unchanged` needs to report the next reload, if it has nothing to do."""
        entries = {label: c.created + c.updated + c.unchanged for label, c in self.counts.items()}
        return {"entries": entries, "kept": self.kept}

    @property
    def changes(self):
        return sum(counts.changes for counts in self.counts.values())

    def summary_lines(self):
        for label, counts in self.counts.items():
            yield (
                f"{label}: {counts.created} created, {counts.updated} updated, "
                f"{counts.deleted} deleted, {counts.unchanged} unchanged"
            )
        if self.history_skipped:
            yield (
                f"history: {self.history_skipped} rows written, more than FIXTURE_HISTORY_LIMIT: "
                "not recorded row by row"
            )
