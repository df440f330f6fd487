"""Why a reload refused to write anything."""


class FixtureError(Exception):
    """Fixtures that cannot be loaded: every problem, each naming file, object and field."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


class ConflictError(FixtureError):
    """Rows edited in the admin since the last reload, which the reload would overwrite."""
