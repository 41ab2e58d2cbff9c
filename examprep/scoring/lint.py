"""Bank checks that use the Japanese engine (slower than ``validate``).

Severity policy (docs/grading.md):

* **error** - the item would grade a right answer wrong or a wrong answer
  right, and a dictionary proves it: a reading item none of whose answers is
  a JMdict reading of the target; a kanji-reading choice whose key is not a
  reading of the target, or whose distractor is also a reading of it; an
  orthography choice whose key is not a spelling of the word or whose
  distractor is another spelling of the same word; a word/kanji/form item
  whose extra answers are not the same word (form); a form item whose model
  answer is not the form asked.
* **warning** - a person should look: the dictionary does not know the word
  (only the tokenizer's reading could be compared), an extra reading answer
  that no dictionary lists, furigana the tokenizer would get wrong in a stem
  or passage without approved ``readings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..japanese import dictionary, judge
from ..japanese.conjugate import canonical_form, form_label
from ..japanese.furigana import reading_suggestions
from ..japanese.kana import has_kanji, is_kana, to_hiragana
from ..japanese.match import _analyse
from ..japanese.normalize import answer_key, compact
from ..japanese.tagger import reading_of
from .base import Problem, error, warning

_TARGET_MARK = "{"


def _readings_for(word: str) -> tuple[tuple[str, ...], bool]:
    """(readings, from_dictionary). Falls back to the tokenizer's reading."""
    dict_readings = dictionary.readings_of(word)
    if dict_readings:
        return dict_readings, True
    tagged = reading_of(compact(word))
    return ((tagged,) if tagged else ()), False


def _opt_text(option: Any) -> str | None:
    if isinstance(option, Mapping):
        option = option.get("text")
    return option if isinstance(option, str) else None


def _furigana_warnings(spec: Mapping, field: str) -> list[Problem]:
    text = spec.get(field)
    if not isinstance(text, str) or not has_kanji(text):
        return []
    approved = spec.get("readings") if isinstance(spec.get("readings"), Mapping) else {}
    # the underlined target never gets furigana: leave it out of the check
    visible = "".join(part.split("}", 1)[-1] for part in text.split(_TARGET_MARK))
    # an approved reading may span several tokens (三日間: みっかかん, where the
    # tokenizer splits 三 / 日間): its text is settled, so take it out of the check
    for word in sorted((w for w in approved if isinstance(w, str) and w), key=len, reverse=True):
        visible = visible.replace(word, "、")
    out = []
    for word, tagged, reading in reading_suggestions(visible):
        if word not in approved:
            out.append(warning(field, f"the tokenizer would give {word} the furigana {tagged}; "
                                      f"approve a reading with `readings: {{{word}: {reading}}}` (or the one meant)"))
    return out


def lint_choice(spec: Mapping) -> list[Problem]:
    problems: list[Problem] = []
    qtype = spec.get("question_type")
    target = spec.get("target")
    options = spec.get("options") if isinstance(spec.get("options"), list) else []
    key = spec.get("key")
    if isinstance(target, str) and target and isinstance(key, int) and 0 <= key < len(options):
        if qtype in ("kanji_reading",) and has_kanji(target):
            problems.extend(_lint_reading_choice(target, options, key))
        elif qtype == "orthography" and is_kana(answer_key(target)):
            problems.extend(_lint_orthography_choice(target, options, key))
    problems.extend(_furigana_warnings(spec, "stem"))
    return problems


def _lint_reading_choice(target: str, options: list, key: int) -> list[Problem]:
    problems: list[Problem] = []
    readings, from_dict = _readings_for(target)
    if not readings:
        return [warning("target", f"no reading of {target} is known to check the options against")]
    sev = error if from_dict else warning
    source = "dictionary" if from_dict else "tokenizer"
    key_text = _opt_text(options[key])
    key_reading = answer_key(key_text) if key_text is not None else ""
    if key_text is not None and key_reading not in readings:
        problems.append(sev(f"options[{key}]", f"the key {key_text} is not a {source} reading of {target} ({', '.join(readings)})"))
    key_entries = [e for e in dictionary.entries_with_spelling(target) if key_reading in e.readings]
    for i, opt in enumerate(options):
        text = _opt_text(opt)
        if i == key or text is None or answer_key(text) not in readings:
            continue
        r = answer_key(text)
        same = [e for e in key_entries if r in e.readings]
        if not from_dict or any(r in e.common_readings for e in same):
            problems.append(sev(f"options[{i}]", f"distractor {text} is also a {'common ' if from_dict else ''}{source} "
                                                 f"reading of {target} (same word as the key): two right answers"))
        elif same:
            problems.append(warning(f"options[{i}]", f"distractor {text} is also a (rare) dictionary reading of {target}; "
                                                     "a candidate who knows it could argue for it"))
        else:
            problems.append(warning(f"options[{i}]", f"distractor {text} is the reading of another word written {target}; "
                                                     "make sure the sentence rules that word out"))
    return problems


def _lint_orthography_choice(target: str, options: list, key: int) -> list[Problem]:
    problems: list[Problem] = []
    reading = answer_key(target)
    key_text = _opt_text(options[key])
    if key_text is None:
        return problems
    entries = [e for e in dictionary.entries_with_spelling(compact(key_text)) if reading in e.readings]
    if not entries:
        if dictionary.entries_with_spelling(compact(key_text)):
            problems.append(error(f"options[{key}]", f"the key {key_text} is not read {reading}"))
        elif reading_of(compact(key_text)) != reading:
            problems.append(warning(f"options[{key}]", f"the key {key_text} is not known to be read {reading}"))
        return problems
    spellings = {s for e in entries for s in e.spellings}
    for i, opt in enumerate(options):
        text = _opt_text(opt)
        if i != key and text is not None and compact(text) in spellings:
            problems.append(error(f"options[{i}]", f"distractor {text} is another spelling of the same word as {key_text}: two right answers"))
    return problems


def lint_text(spec: Mapping) -> list[Problem]:
    problems: list[Problem] = []
    mode = spec.get("mode")
    answers = [a for a in spec.get("answers") or [] if isinstance(a, str) and a.strip()]
    if not answers:
        return problems
    target = spec.get("target")
    if mode == "reading" and isinstance(target, str) and has_kanji(target):
        readings, from_dict = _readings_for(target)
        keys = [answer_key(a) for a in answers]
        if readings and not any(k in readings for k in keys):
            sev = error if from_dict else warning
            problems.append(sev("answers", f"none of the answers ({', '.join(answers)}) is a "
                                           f"{'dictionary' if from_dict else 'tokenizer'} reading of {target} ({', '.join(readings)})"))
        elif from_dict:
            for i, k in enumerate(keys):
                if k not in readings:
                    problems.append(warning(f"answers[{i}]", f"{answers[i]} is not a dictionary reading of {target} ({', '.join(readings)})"))
    elif mode in ("word", "kanji", "form"):
        form = spec.get("form") if mode == "form" else None
        if mode == "form" and canonical_form(form) is not None:
            w = _analyse(answers[0], tuple(answers[1:]), "form", None)
            wanted = canonical_form(form)
            if w.table is not None and w.asked_forms and wanted not in w.asked_forms:
                problems.append(error("answers[0]", f"{answers[0]} is not the {form_label(wanted)} "
                                                    f"(it is the {' / '.join(form_label(f) for f in sorted(w.asked_forms))})"))
        for i, other in enumerate(answers[1:], start=1):
            if mode == "kanji" and not has_kanji(other):
                problems.append(error(f"answers[{i}]", f"{other} has no kanji, but the item asks for kanji"))
                continue
            if is_kana(answer_key(answers[0])) and has_kanji(other):
                # a kana model answer is analysed through its kanji spelling
                j = judge(other, answers[0], "word" if mode == "kanji" else mode, form=form)
            else:
                j = judge(answers[0], other, "word" if mode == "kanji" else mode, form=form)
            if j.verdict != "correct":
                problems.append(error(f"answers[{i}]", f"{other} is not the same word{' and form' if mode == 'form' else ''} "
                                                       f"as {answers[0]}: {j.feedback}"))
    problems.extend(_furigana_warnings(spec, "stem"))
    return problems


def lint_group(spec: Mapping) -> list[Problem]:
    from . import lint_item

    problems = _furigana_warnings(spec, "text") if spec.get("type") == "passage" else []
    for i, child in enumerate(spec.get("items") or []):
        if isinstance(child, Mapping):
            merged = {"section": spec.get("section"), "question_type": spec.get("question_type"), **child}
            problems.extend(p.prefixed(f"items[{i}]") for p in lint_item(merged))
    return problems


# --- files: problems with file:line -------------------------------------------------------


@dataclass(frozen=True)
class FileProblem:
    path: str
    line: int
    field: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message} [{self.severity}]"


def field_lines(text: str) -> dict[str, int]:
    """Map field paths of a YAML item file (``items[3].options[1]``) to 1-based lines."""
    import yaml

    lines: dict[str, int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines

    def walk(node, path: str) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                walk(child, f"{path}[{i}]")
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                name = f"{path}.{k.value}" if path else str(k.value)
                lines[name] = k.start_mark.line + 1
                if isinstance(v, (yaml.SequenceNode, yaml.MappingNode)):
                    walk(v, name)
                    lines[name] = k.start_mark.line + 1
                else:
                    lines.setdefault(name, v.start_mark.line + 1)

    if root is not None:
        walk(root, "items")
    return lines


def _line_for(lines: Mapping[str, int], path: str) -> int:
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get("items", 1)


def check_file(path: str, lint: bool = True) -> list[FileProblem]:
    """validate_item (+ lint_item) on every entry of a YAML item file, each
    problem with its line: ``file:line: items[6].key: message [error]``."""
    import yaml

    from . import lint_item, validate_item

    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [FileProblem(path, (mark.line + 1) if mark else 1, "", f"YAML error: {exc}", "error")]
    if not isinstance(data, list):
        return [FileProblem(path, 1, "", "an item file must be a YAML list", "error")]
    lines = field_lines(text)
    out: list[FileProblem] = []
    for i, entry in enumerate(data):
        problems = validate_item(entry)
        if lint and not any(p.severity == "error" for p in problems):
            problems = problems + lint_item(entry)
        for p in problems:
            field = f"items[{i}].{p.field}" if p.field else f"items[{i}]"
            out.append(FileProblem(path, _line_for(lines, field), field, p.message, p.severity))
    return out
