"""Read a bank folder into plain values, keeping the file and line of every field.

``read_bank(path)`` never raises for bad content: it returns a ``ParsedBank``
whose ``problems`` list says what is wrong (file, line, field, message). The
validator adds the per-type and engine checks on top; the loader refuses a
bank with any error.
"""
from __future__ import annotations

import glob
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from examprep.config import PROJECT_ROOT

SCHEMA_PATH = PROJECT_ROOT / "docs" / "bank.schema.json"
GROUP_TYPES = ("passage", "listening")
# Fields whose change does not make a new content version.
NON_CONTENT_FIELDS = ("irt", "status", "tags")
MANIFEST = "bank.yaml"

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        tag = " (warning)" if self.severity == "warning" else ""
        return f"{where}: {self.field}: {self.message}{tag}" if self.field else f"{where}: {self.message}{tag}"


@dataclass
class Entry:
    """One item or stimulus group, as read from a file.

    ``spec`` is the item dict; for a child of a group, the group's ``section``
    and ``question_type`` are merged in. A group's ``spec`` keeps its fields but
    not ``items`` (the children are entries of their own).
    """

    item_id: str
    type: str
    section: str
    question_type: str
    spec: dict[str, Any]
    file: str
    line: int
    path: Path_  # path of this entry inside its file, e.g. (3,) or (3, "items", 1)
    position: int
    group_id: str | None = None
    children: list[str] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.type in GROUP_TYPES

    @property
    def irt(self) -> dict[str, float] | None:
        return self.spec.get("irt")

    @property
    def status(self) -> str:
        return self.spec.get("status", "active")

    @property
    def tags(self) -> list[str]:
        return list(self.spec.get("tags", []))

    @property
    def content(self) -> dict[str, Any]:
        return {k: v for k, v in self.spec.items() if k not in NON_CONTENT_FIELDS}

    @property
    def content_hash(self) -> str:
        return content_hash(self.content)


@dataclass
class LineMap:
    """Where each field of one YAML document stands."""

    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


@dataclass
class ParsedBank:
    path: Path
    manifest: dict[str, Any]
    entries: list[Entry]
    problems: list[Problem]
    files: list[str]
    line_maps: dict[str, LineMap] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return str(self.manifest.get("id", self.path.name))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def items(self) -> list[Entry]:
        """Answerable items (groups left out)."""
        return [e for e in self.entries if not e.is_group]

    def entry(self, item_id: str) -> Entry:
        for e in self.entries:
            if e.item_id == item_id:
                return e
        raise KeyError(item_id)

    @property
    def content_hash(self) -> str:
        """Changes whenever anything the loader stores changes."""
        digest = hashlib.sha256(canonical_json(self.manifest).encode())
        for e in self.entries:
            digest.update(canonical_json([e.item_id, e.group_id, e.position, e.spec]).encode())
        return digest.hexdigest()


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def content_hash(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _manifest_validator():
    return jsonschema.Draft202012Validator({**schema(), "type": "object", "$ref": "#/$defs/manifest"})


# libyaml's loader when PyYAML was built with it (several times faster), else the pure one
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def load_yaml(text: str, file: str) -> tuple[Any, LineMap]:
    """Parse YAML, recording the line of every mapping key and sequence element.

    Raises ``yaml.YAMLError`` for syntax errors and ``_DuplicateKey`` for a key
    given twice in one mapping (which plain YAML loaders silently overwrite).
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines = LineMap(file)
        if node is None:
            return None, lines
        lines.lines[()] = node.start_mark.line + 1
        return _build(loader, node, (), lines), lines
    finally:
        loader.dispose()


def _build(loader, node: yaml.Node, path: Path_, lines: LineMap) -> Any:
    if isinstance(node, yaml.MappingNode):
        if any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
            return loader.construct_object(node, deep=True)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
            lines.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(loader, value_node, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        out_list = []
        for i, child in enumerate(node.value):
            lines.lines[path + (i,)] = child.start_mark.line + 1
            out_list.append(_build(loader, child, path + (i,), lines))
        return out_list
    return loader.construct_object(node, deep=True)


def field_path(path: Path_) -> str:
    """(3, 'items', 1, 'key') -> 'items[3].items[1].key' relative to an item file."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _rel(path: Path, bank_dir: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml_file(path: Path, shown: str, problems: list[Problem]) -> tuple[Any, LineMap] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    except OSError as exc:
        problems.append(Problem(shown, None, "", f"cannot read: {exc.strerror}"))
        return None
    try:
        return load_yaml(text, shown)
    except _DuplicateKey as exc:
        problems.append(Problem(shown, exc.line, exc.key, "key given twice in the same mapping"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        problems.append(Problem(shown, line, "", f"YAML syntax error: {what}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, None, "", f"YAML error: {exc}"))
    return None


@lru_cache(maxsize=None)
def _entry_validator(kind: str | None):
    """A validator for one entry of an item file, straight from its type's definition.

    Dispatching on ``type`` here instead of through the schema's if/then chain
    makes validation several times faster on large banks; the file-level
    schema in docs/ stays the one editors use, with the same rules."""
    s = schema()
    if kind in GROUP_TYPES:
        ref = {"$ref": "#/$defs/group"}
    elif kind in ("choice", "multi_choice", "text", "order"):
        ref = {"allOf": [{"$ref": f"#/$defs/{kind}"}], "required": ["section", "question_type", "stem"]}
    else:  # not a mapping, or an unknown type: the full rule gives the clearest message
        ref = {"$ref": "#/$defs/entry"}
    return jsonschema.Draft202012Validator({**s, "type": "object", **ref} if kind else {**s, **ref})


def _schema_problems(validator, data: Any, lines: LineMap, prefix: Path_ = ()) -> list[Problem]:
    out = []
    # best_match per top-level entry keeps one clear message instead of a cascade of if/then noise
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        leaf = _leaf_error(error)
        path = prefix + tuple(leaf.absolute_path)
        out.append(Problem(lines.file, lines.line_of(path), field_path(path) or "(file)", _message(leaf)))
    # several schema branches can report the same place: keep the first per field
    seen, unique = set(), []
    for p in out:
        if (p.line, p.field) not in seen:
            seen.add((p.line, p.field))
            unique.append(p)
    return unique


def _leaf_error(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    best = jsonschema.exceptions.best_match([error])
    while best.context:
        best = jsonschema.exceptions.best_match(best.context)
    return best


def _message(error: jsonschema.ValidationError) -> str:
    v = error.validator
    if v == "required":
        return error.message.replace("is a required property", "is required")
    if v in ("unevaluatedProperties", "additionalProperties"):
        return error.message.replace(" were unexpected", " are not allowed here").replace(
            " was unexpected", " is not a known field here"
        )
    if v == "type":
        return f"must be {error.validator_value if isinstance(error.validator_value, str) else ' or '.join(error.validator_value)}, not {type(error.instance).__name__} {error.instance!r}"[:200]
    if v == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    if v == "const":
        return f"must be {error.validator_value!r}"
    return error.message[:300]


def read_bank(path: str | Path, *, check_schema: bool = True) -> ParsedBank:
    """Read ``path`` (a bank folder or its bank.yaml) with schema and structure checks.

    ``check_schema=False`` only parses (enough to compare content hashes)."""
    bank_dir = Path(path)
    if bank_dir.name == MANIFEST:
        bank_dir = bank_dir.parent
    problems: list[Problem] = []
    manifest_path = bank_dir / MANIFEST
    shown_manifest = _rel(manifest_path, bank_dir)
    files: list[str] = []
    if not manifest_path.is_file():
        problems.append(Problem(shown_manifest, None, "", f"no {MANIFEST} in {bank_dir}"))
        return ParsedBank(bank_dir, {}, [], problems, files)
    parsed = read_yaml_file(manifest_path, shown_manifest, problems)
    manifest: dict[str, Any] = {}
    if parsed is not None:
        data, mlines = parsed
        if not isinstance(data, dict):
            problems.append(Problem(shown_manifest, 1, "", "the manifest must be a mapping (id, title, exam, ...)"))
        else:
            manifest = data
            if check_schema:
                problems += _schema_problems(_manifest_validator(), data, mlines)
    sections = _sections(manifest)
    patterns = manifest.get("files") or ["items/*.yaml"]
    item_files = sorted({Path(p) for pat in patterns for p in glob.glob(str(bank_dir / pat))})
    if not item_files:
        problems.append(Problem(shown_manifest, None, "files", f"no item files match {', '.join(patterns)}"))
    entries: list[Entry] = []
    line_maps: dict[str, LineMap] = {}
    first_seen: dict[str, str] = {}
    for item_file in item_files:
        shown = _rel(item_file, bank_dir)
        files.append(shown)
        parsed = read_yaml_file(item_file, shown, problems)
        if parsed is None:
            continue
        data, lines = parsed
        line_maps[shown] = lines
        if data is None:
            problems.append(Problem(shown, 1, "", "the file is empty (expected a list of items)"))
            continue
        if not isinstance(data, list):
            problems.append(Problem(shown, 1, "", "an item file must be a YAML list of items"))
            continue
        schema_problems = []
        if check_schema:
            for i, raw in enumerate(data):
                kind = raw.get("type") if isinstance(raw, dict) and isinstance(raw.get("type"), str) else None
                schema_problems += _schema_problems(_entry_validator(kind), raw, lines, (i,))
        problems += schema_problems
        bad_tops = {p.field.split(".")[0] for p in schema_problems}
        for i, raw in enumerate(data):
            if not isinstance(raw, dict) or "id" not in raw or not isinstance(raw.get("id"), str):
                continue
            if f"[{i}]" in bad_tops and not _usable(raw):
                continue
            _collect(raw, (i,), lines, shown, bank_dir, sections, entries, first_seen, problems)
    return ParsedBank(bank_dir, manifest, entries, problems, files, line_maps)


def _usable(raw: dict) -> bool:
    return isinstance(raw.get("type"), str) and isinstance(raw.get("section", ""), str)


def _sections(manifest: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in manifest.get("sections") or []:
        if isinstance(s, dict) and isinstance(s.get("id"), str):
            out[s["id"]] = {q for q in s.get("question_types") or [] if isinstance(q, str)}
    return out


def _collect(raw, path, lines, shown, bank_dir, sections, entries, first_seen, problems, group=None):
    item_id = raw["id"]
    line = lines.line_of(path) or 0
    spec = {k: v for k, v in raw.items() if k != "items"}
    if group is not None:
        spec.setdefault("section", group.section)
        spec.setdefault("question_type", group.question_type)
    section, qtype = spec.get("section"), spec.get("question_type")
    where = f"{shown}:{first_seen[item_id]}" if item_id in first_seen else None
    if where:
        problems.append(Problem(shown, lines.line_of(path + ("id",)), field_path(path + ("id",)),
                                f"duplicate id {item_id!r} (first used at {where})"))
        return
    first_seen[item_id] = str(line)
    if isinstance(section, str) and sections and section not in sections:
        problems.append(Problem(shown, lines.line_of(path + ("section",)), field_path(path + ("section",)),
                                f"section {section!r} is not listed in bank.yaml (sections: {', '.join(sorted(sections))})"))
    elif isinstance(section, str) and isinstance(qtype, str) and sections.get(section) and qtype not in sections[section]:
        problems.append(Problem(shown, lines.line_of(path + ("question_type",)), field_path(path + ("question_type",)),
                                f"question type {qtype!r} is not listed for section {section!r} in bank.yaml"))
    for media in ("audio", "image"):
        ref = raw.get(media)
        if isinstance(ref, str) and not _media_ok(bank_dir, ref):
            problems.append(Problem(shown, lines.line_of(path + (media,)), field_path(path + (media,)),
                                    f"{media} file {ref!r} does not exist in the bank folder"))
    for j, opt in enumerate(raw.get("options") or []):
        if isinstance(opt, dict) and isinstance(opt.get("image"), str) and not _media_ok(bank_dir, opt["image"]):
            p = path + ("options", j, "image")
            problems.append(Problem(shown, lines.line_of(p), field_path(p), f"image file {opt['image']!r} does not exist in the bank folder"))
    entry = Entry(
        item_id=item_id, type=str(raw.get("type")), section=str(section), question_type=str(qtype),
        spec=spec, file=shown, line=line, path=path, position=len(entries),
        group_id=group.item_id if group else None,
    )
    entries.append(entry)
    if entry.is_group:
        for j, child in enumerate(raw.get("items") or []):
            if isinstance(child, dict) and isinstance(child.get("id"), str):
                entry.children.append(child["id"])
                _collect(child, path + ("items", j), lines, shown, bank_dir, sections, entries, first_seen, problems, entry)


def _media_ok(bank_dir: Path, ref: str) -> bool:
    target = (bank_dir / ref).resolve()
    try:
        target.relative_to(bank_dir.resolve())
    except ValueError:
        return False
    return target.is_file()


def find_banks(paths: list[str | Path]) -> list[Path]:
    """Bank folders named by ``paths``: a bank folder, its bank.yaml, or a folder of banks."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.name == MANIFEST:
            p = p.parent
        if (p / MANIFEST).is_file():
            found.append(p)
        elif p.is_dir():
            found += sorted(d for d in p.iterdir() if (d / MANIFEST).is_file())
    return found
