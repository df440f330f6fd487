"""Why a reload refused to write anything."""


class FixtureError(Exception):
    """Fixtures that cannot be loaded: every problem, each naming file, object and field."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("".join(f"\n  {problem}" for problem in problems))  # a line each, below a heading


class ConflictError(FixtureError):
    """Rows edited in the admin since the last reload, which the reload would overwrite; ``also``: the
    problems found in the fixtures meanwhile, reported with them rather than after a --force."""

    def __init__(self, problems, also=()):
        super().__init__(problems)
        self.also = list(also)
