"""Optimistic concurrency: a form carries the revision it was opened with.

A save whose revision is no longer current raises EditConflictError and
writes nothing; the page then shows both versions (the saved one and the
user's), so nothing is overwritten silently and nothing typed is lost.
"""

from typing import Any


class EditConflictError(Exception):
    def __init__(self, current: Any, submitted: dict[str, Any]) -> None:
        super().__init__("the record was changed after the form was opened")
        self.current = current
        self.submitted = submitted
