"""The project's own exceptions: each carries a message written for a person.

The CLI turns any :class:`DualwatchError` into one clear line and a non-zero exit; the API turns
it into a 4xx response. Where the problem lies in a file, the message names the file, the line
(or XML element) and the field, so that the user can open the file and fix it.
"""

from __future__ import annotations

from pathlib import Path


class DualwatchError(Exception):
    """Base class: something the user can act on."""


class SourceError(DualwatchError):
    """A list file could not be read; nothing from it was loaded."""

    def __init__(self, path: str | Path, message: str, *, line: int | None = None,
                 field: str | None = None, element: str | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.element = element
        self.reason = message
        where = self.path
        if line is not None:
            where += f", line {line}"
        if element is not None:
            where += f", element {element}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


class InputError(SourceError):
    """A user's input file (counterparties, shipments, goods) is malformed."""


class StoreError(DualwatchError):
    """The store is missing, locked, or does not hold what was asked for."""


class StaleListError(StoreError):
    """A list is older than the staleness policy allows, and the caller asked to stop."""


class OlderVersionError(StoreError):
    """A list file older than the current version was loaded without asking for it."""


class NotFoundError(StoreError):
    """An entity, list or version that does not exist was asked for."""


class MessageError(InputError):
    """One payment message is malformed: it is reported as an error and the others go on.

    The message names the file, the message (its reference, or its position in the file) and the
    XML element or MT field tag at fault.
    """

    def __init__(self, path: str | Path, message: str, *, ref: str | None = None,
                 element: str | None = None, field: str | None = None,
                 line: int | None = None) -> None:
        self.ref = ref
        where = f"{path}, message {ref}" if ref else str(path)
        super().__init__(where, message, line=line, element=element, field=field)
        self.path = str(path)


class EngineError(DualwatchError):
    """A bulk engine cannot run here (Spark not installed, no Java, a bad setting)."""


class InvalidCodeError(DualwatchError):
    """A commodity code that is malformed or not in the HS 2022 nomenclature."""


class OfflineError(DualwatchError):
    """The publishers' servers cannot be reached."""


class WorkflowError(DualwatchError):
    """A decision that the case workflow does not allow."""


class ConflictError(WorkflowError):
    """A decision that lost the race: the alert was decided by someone else meanwhile."""


class ShrinkError(SourceError):
    """A new list version that would drop too much of the current one."""


class AnchorError(DualwatchError):
    """An anchor file that cannot be read, or whose signature does not hold."""
