"""Outcome, Problem, the ItemType base class and the registry."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

VERDICTS = ("correct", "partial", "incorrect")


@dataclass(frozen=True)
class Outcome:
    verdict: str                      # "correct" | "partial" | "incorrect"
    credit: float                     # in [0, 1]
    feedback: str                     # English sentence for the learner
    feedback_ur: str | None = None
    detail: Mapping = field(default_factory=dict)   # JSON-serialisable facts

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {self.verdict!r}")
        if not 0.0 <= self.credit <= 1.0:
            raise ValueError(f"credit must be in [0, 1], not {self.credit!r}")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["detail"] = dict(self.detail)
        return d


@dataclass(frozen=True)
class Problem:
    field: str          # path inside the item spec: "key", "options[2]", "items[1].key"
    message: str
    severity: str       # "error" | "warning"

    def prefixed(self, prefix: str) -> "Problem":
        return Problem(f"{prefix}.{self.field}" if self.field else prefix, self.message, self.severity)


def error(field_: str, message: str) -> Problem:
    return Problem(field_, message, "error")


def warning(field_: str, message: str) -> Problem:
    return Problem(field_, message, "warning")


def outcome(verdict: str, credit: float, feedback: str, feedback_ur: str | None = None, **detail: Any) -> Outcome:
    return Outcome(verdict, float(credit), feedback, feedback_ur, detail)


def no_answer() -> Outcome:
    return Outcome("incorrect", 0.0, "No answer was given.", "کوئی جواب نہیں دیا گیا۔", {"reason": "empty"})


def form_values(form: Mapping[str, Any], name: str = "answer") -> list[Any]:
    """Values of a submitted field: works with werkzeug's MultiDict (getlist),
    plain dicts holding a single value or a list, and JSON bodies."""
    if form is None:
        return []
    getlist = getattr(form, "getlist", None)
    if callable(getlist):
        values = list(getlist(name))
        if len(values) == 1 and isinstance(values[0], (list, tuple)):
            values = list(values[0])
        return values
    try:
        value = form.get(name)
    except AttributeError:
        return []
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def parse_index(value: Any, message: str = "That is not one of the options.") -> int:
    if isinstance(value, bool):
        raise ValueError(message)
    if isinstance(value, int):
        index = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 6:
        index = int(value.strip())
    else:
        raise ValueError(message)
    if index < 0:
        raise ValueError(message)
    return index


def is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class ItemType:
    """One item type: validates a spec, reads and grades a response, and says
    what the browser may see before the answer. Subclasses register themselves
    with :func:`register`."""

    name: str = ""
    is_group: bool = False

    def validate(self, spec: Mapping) -> list[Problem]:
        raise NotImplementedError

    def read_response(self, form: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    def grade(self, spec: Mapping, response: Any) -> Outcome:
        raise NotImplementedError

    def public_view(self, spec: Mapping) -> dict:
        raise NotImplementedError

    def lint(self, spec: Mapping) -> list[Problem]:
        """Engine-based checks (slower than validate); none by default."""
        return []


_REGISTRY: dict[str, ItemType] = {}


def register(cls: type[ItemType]) -> type[ItemType]:
    if not cls.name:
        raise ValueError("an item type needs a name")
    _REGISTRY[cls.name] = cls()
    return cls


def item_type(name: str) -> ItemType:
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown item type {name!r}; known types: {known}") from None


def registered_types() -> tuple[str, ...]:
    return tuple(sorted(_REGISTRY))


# Fields never sent to the browser before the answer, for any type.
# `target` is the tested word: for orthography it is the answer itself, and the stem's {…}
# already marks what is underlined, so the browser never needs it.
SECRET_FIELDS = frozenset({"key", "keys", "answers", "explanation", "irt", "source", "tags", "status", "target"})


def strip_secrets(spec: Mapping, extra: frozenset[str] = frozenset()) -> dict:
    return {k: v for k, v in spec.items() if k not in SECRET_FIELDS and k not in extra}


def safe_readings(spec: Mapping) -> dict | None:
    """The item's readings minus any that would give the answer (those for the target)."""
    readings = spec.get("readings")
    if not isinstance(readings, Mapping):
        return None
    target = spec.get("target") if isinstance(spec.get("target"), str) else ""
    kept = {
        k: v for k, v in readings.items()
        if isinstance(k, str) and not (target and (k in target or target in k))
    }
    return kept or None
