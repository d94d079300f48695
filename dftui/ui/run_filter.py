"""The Runs screen's filter language, parsed and applied without Textual.

Words match anywhere in a row (as on the lists) and ``!word`` excludes. Field terms narrow by
one field: ``status:failed`` (a prefix of the status, ``,`` for several), ``job:NAME``,
``workflow:NAME``, ``trigger:NAME`` (parts of the name or the exact id) and ``since:24h``
(``m``/``h``/``d``/``w``). A leading ``!`` negates any term (``!status:completed``,
``!since:7d`` = older than 7 days). Terms combine with AND. Quotes keep spaces in a value
(``job:"daily sales"``). A term that cannot be understood is reported and ignored, so a
half-typed filter never hides everything.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FIELDS = ("status", "job", "workflow", "trigger", "since")
_SPAN = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class RunFields:
    """What a filter can see of one row (an execution or a workflow run).

    Built once per row and matched on every key typed, so the names are lower-cased and joined
    here, once: matching a term is then one substring test.
    """

    statuses: Sequence[str]
    jobs: Sequence[str]
    workflows: Sequence[str] = ()
    triggers: Sequence[str] = ()
    when: datetime | None = None
    #: every cell of the row, lower-cased and joined, for plain words
    text: str = ""
    names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "statuses", tuple(s.lower() for s in self.statuses))
        for name, values in (("job", self.jobs), ("workflow", self.workflows), ("trigger", self.triggers)):
            self.names[name] = "\u0000".join(values).lower()


@dataclass(frozen=True)
class Term:
    field: str  # "" for a plain word
    value: str
    negated: bool = False
    since: datetime | None = None

    def matches(self, row: RunFields) -> bool:
        return self._hit(row) != self.negated

    def _hit(self, row: RunFields) -> bool:
        if self.field == "status":
            wanted = [v for v in self.value.split(",") if v]
            return any(s.startswith(w) for s in row.statuses for w in wanted)
        if self.field == "since":
            return row.when is not None and self.since is not None and row.when >= self.since
        if self.field:
            return self.value in row.names[self.field]
        return self.value in row.text


@dataclass(frozen=True)
class RunQuery:
    terms: tuple[Term, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def matches(self, row: RunFields) -> bool:
        return all(term.matches(row) for term in self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_span(text: str) -> timedelta | None:
    """``24h`` → 24 hours; None when it is not a number and a unit (m, h, d, w)."""
    found = _SPAN.match(text.strip().lower())
    if found is None or int(found.group(1)) == 0:
        return None
    return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote while typing: split on spaces
        return text.split()


def parse_query(text: str, now: datetime) -> RunQuery:
    """Parse a filter typed on the Runs screen; ``now`` anchors ``since:``."""
    terms: list[Term] = []
    problems: list[str] = []
    for word in _words(text):
        negated = word.startswith("!")
        body = word[1:] if negated else word
        name, colon, value = body.partition(":")
        name = name.lower()
        if colon and name in FIELDS:
            if value.startswith("!"):  # status:!failed reads as naturally as !status:failed
                negated, value = not negated, value[1:]
            value = value.lower()
            if not value:
                continue  # still typing
            if name == "since":
                span = parse_span(value)
                if span is None:
                    problems.append(f"since:{value} is not a span like 30m, 24h, 7d or 2w")
                    continue
                terms.append(Term("since", value, negated, since=now - span))
            else:
                terms.append(Term(name, value, negated))
        elif body:
            terms.append(Term("", body.lower(), negated))
    return RunQuery(tuple(terms), tuple(problems))


def narrows(before: str, after: str) -> bool:
    """True when every row ``after`` matches also matched ``before`` (a filter being typed on).

    Holds when ``after`` only lengthens ``before`` and neither negates, uses ``since:`` or quotes,
    or lists statuses (``status:a,b`` widens as it grows).
    """
    if not before or not after.startswith(before) or any(m in after for m in ("!", "since:", '"', "'", ",")):
        return False
    old, new = before.split(), after.split()
    for index, word in enumerate(old):
        grown = new[index]
        if grown != word and (index != len(old) - 1 or (":" in word) != (":" in grown)):
            return False  # only the last word may grow, and not from a word into a field term
    return True
