"""The registered item types: choice, multi_choice, text, order, and the
stimulus groups passage and listening."""

from __future__ import annotations

import hashlib
import random
from typing import Any, Mapping, Sequence

from ..japanese import judge
from ..japanese.conjugate import FORMS, canonical_form
from ..japanese.kana import has_kanji, is_kana
from ..japanese.match import MODES
from ..japanese.normalize import MAX_CHARS, answer_key, normalize
from .base import (
    ItemType,
    Outcome,
    Problem,
    error,
    form_values,
    is_index,
    item_type,
    no_answer,
    outcome,
    parse_index,
    register,
    safe_readings,
    strip_secrets,
    warning,
)


def _option_text(option: Any) -> str:
    if isinstance(option, Mapping):
        return str(option.get("text") or option.get("alt") or option.get("image") or "")
    return "" if option is None else str(option)


def _option_identity(option: Any) -> str:
    if isinstance(option, Mapping):
        return f"{normalize(str(option.get('text') or ''))}|{option.get('image') or ''}"
    return normalize(_option_text(option))


def _check_options(spec: Mapping, problems: list[Problem]) -> list | None:
    options = spec.get("options")
    if not isinstance(options, list) or not options:
        problems.append(error("options", "options must be a non-empty list"))
        return None
    seen: dict[str, int] = {}
    for i, opt in enumerate(options):
        ident = _option_identity(opt)
        if ident in ("", "|"):
            problems.append(error(f"options[{i}]", "option is empty"))
        elif ident in seen:
            problems.append(error(f"options[{i}]", f"option repeats options[{seen[ident]}] ({_option_text(opt)!r})"))
        else:
            seen[ident] = i
    return options


def _quote(options: Sequence, index: int) -> str:
    text = _option_text(options[index]) if 0 <= index < len(options) else ""
    return f"option {index + 1} ({text})" if text else f"option {index + 1}"


@register
class ChoiceType(ItemType):
    name = "choice"

    def validate(self, spec):
        problems: list[Problem] = []
        options = _check_options(spec, problems)
        key = spec.get("key")
        if not is_index(key):
            problems.append(error("key", "key must be an option index (0-based integer)"))
        elif options is not None and not 0 <= key < len(options):
            problems.append(error("key", f"key {key} is not among the {len(options)} options (0-{len(options) - 1})"))
        return problems

    def read_response(self, form):
        values = form_values(form)
        if not values or values == [""]:
            raise ValueError("Please choose an option.")
        if len(values) > 1:
            raise ValueError("Please choose only one option.")
        return parse_index(values[0])

    def grade(self, spec, response):
        if response is None or response == "":
            return no_answer()
        try:
            index = parse_index(response)
        except ValueError:
            return outcome("incorrect", 0.0, "That is not one of the options.", "یہ دیے گئے اختیارات میں سے نہیں۔", reason="invalid")
        options = spec.get("options") or []
        key = spec.get("key")
        if index == key:
            return outcome("correct", 1.0, "Correct.", "درست۔", chosen=index)
        right = _quote(options, key) if is_index(key) else "another option"
        return outcome(
            "incorrect", 0.0, f"Not this one: the answer is {right}.",
            f"یہ نہیں: درست جواب {right} ہے۔", chosen=index, key=key,
        )

    def public_view(self, spec):
        view = strip_secrets(spec)
        if spec.get("question_type") in ("orthography", "kanji_usage") or spec.get("mode") in ("kanji", "word"):
            view.pop("target", None)
        view["readings"] = safe_readings(spec)
        if view["readings"] is None:
            view.pop("readings")
        return view

    def lint(self, spec):
        from .lint import lint_choice

        return lint_choice(spec)


@register
class MultiChoiceType(ItemType):
    name = "multi_choice"

    def validate(self, spec):
        problems: list[Problem] = []
        options = _check_options(spec, problems)
        keys = spec.get("keys")
        if not isinstance(keys, list) or not keys:
            problems.append(error("keys", "keys must be a non-empty list of option indexes"))
            return problems
        seen: set[int] = set()
        for i, k in enumerate(keys):
            if not is_index(k):
                problems.append(error(f"keys[{i}]", "a key must be an option index (0-based integer)"))
            elif options is not None and not 0 <= k < len(options):
                problems.append(error(f"keys[{i}]", f"key {k} is not among the {len(options)} options (0-{len(options) - 1})"))
            elif k in seen:
                problems.append(error(f"keys[{i}]", f"key {k} is repeated"))
            else:
                seen.add(k)
        if options is not None and len(seen) == len(options):
            problems.append(warning("keys", "every option is a key: the item cannot discriminate"))
        return problems

    def read_response(self, form):
        values = [v for v in form_values(form) if v != ""]
        if not values:
            raise ValueError("Please choose at least one option.")
        return sorted({parse_index(v) for v in values})

    def grade(self, spec, response):
        if response is None or response == [] or response == "":
            return no_answer()
        if isinstance(response, (int, str)):
            response = [response]
        try:
            chosen = {parse_index(v) for v in response}
        except (ValueError, TypeError):
            return outcome("incorrect", 0.0, "That is not one of the options.", "یہ دیے گئے اختیارات میں سے نہیں۔", reason="invalid")
        keys = {k for k in spec.get("keys") or [] if is_index(k)}
        right, wrong = len(chosen & keys), len(chosen - keys)
        detail = {"chosen": sorted(chosen), "keys": sorted(keys)}
        if chosen == keys:
            return outcome("correct", 1.0, "Correct.", "درست۔", **detail)
        options = spec.get("options") or []
        names = ", ".join(_quote(options, k) for k in sorted(keys))
        credit = 0.0
        if spec.get("partial_credit") and keys:
            credit = max(0.0, (right - wrong) / len(keys))
        verdict = "partial" if credit > 0 else "incorrect"
        return outcome(
            verdict, round(credit, 4),
            f"{right} of your choices {'is' if right == 1 else 'are'} right and {wrong} wrong; the answers are {names}.",
            f"آپ کے {right} انتخاب درست اور {wrong} غلط ہیں؛ درست جوابات {names} ہیں۔", **detail,
        )

    def public_view(self, spec):
        view = strip_secrets(spec)
        view.pop("readings", None)
        if safe_readings(spec):
            view["readings"] = safe_readings(spec)
        return view


@register
class TextType(ItemType):
    name = "text"

    def validate(self, spec):
        problems: list[Problem] = []
        mode = spec.get("mode")
        if mode not in MODES:
            problems.append(error("mode", f"mode must be one of {', '.join(MODES)}"))
        answers = spec.get("answers")
        if not isinstance(answers, list) or not answers:
            problems.append(error("answers", "answers must be a non-empty list (the first is the model answer)"))
            answers = []
        seen_exact: dict[str, int] = {}
        seen_key: dict[str, int] = {}
        for i, a in enumerate(answers):
            if not isinstance(a, str) or not normalize(a):
                problems.append(error(f"answers[{i}]", "answer is empty"))
                continue
            if a in seen_exact:
                problems.append(error(f"answers[{i}]", f"answer repeats answers[{seen_exact[a]}]"))
                continue
            seen_exact[a] = i
            k = answer_key(a)
            if k in seen_key:
                problems.append(warning(f"answers[{i}]", f"answer is the same as answers[{seen_key[k]}] once normalised (width, kana, spaces)"))
            seen_key.setdefault(k, i)
            if mode in ("reading", "particle") and not is_kana(answer_key(a)):
                problems.append(error(f"answers[{i}]", f"a {mode} answer must be written in kana"))
        if mode == "kanji" and answers and isinstance(answers[0], str) and not has_kanji(answers[0]):
            problems.append(error("answers[0]", "a kanji-mode model answer must contain kanji"))
        form = spec.get("form")
        if mode == "form":
            if not form:
                problems.append(error("form", f"mode form needs `form` (one of {', '.join(sorted(FORMS))})"))
            elif canonical_form(str(form)) is None:
                problems.append(error("form", f"unknown form {form!r}; use one of {', '.join(sorted(FORMS))}"))
        elif form is not None:
            problems.append(warning("form", "`form` is only used when mode is form"))
        if mode == "reading" and not spec.get("target"):
            problems.append(warning("target", "a reading item should name its target word (used in feedback and checks)"))
        return problems

    def read_response(self, form):
        values = form_values(form)
        if not values or values[0] is None:
            raise ValueError("Please type an answer.")
        if len(values) > 1:
            raise ValueError("Please type one answer.")
        value = values[0]
        if not isinstance(value, str):
            raise ValueError("Please type an answer.")
        value = value[: MAX_CHARS * 2]
        if not normalize(value):
            raise ValueError("Please type an answer.")
        return value

    def grade(self, spec, response):
        answers = [a for a in spec.get("answers") or [] if isinstance(a, str) and a.strip()]
        if not answers:
            raise ValueError(f"text item {spec.get('id')!r} has no answers")
        if response is None:
            return no_answer()
        j = judge(answers[0], response if isinstance(response, str) else str(response), spec.get("mode", "word"),
                  answers[1:], form=spec.get("form"), target=spec.get("target"))
        return Outcome(j.verdict, j.credit, j.feedback, j.feedback_ur, j.detail)

    def public_view(self, spec):
        view = strip_secrets(spec)
        if spec.get("mode") in ("kanji", "word", "form") or spec.get("question_type") == "orthography":
            view.pop("target", None)
        view.pop("readings", None)
        readings = safe_readings(spec)
        if readings:
            view["readings"] = readings
        return view

    def lint(self, spec):
        from .lint import lint_text

        return lint_text(spec)


def _stable_order(spec: Mapping, n: int) -> list[int]:
    seed = hashlib.sha256(str(spec.get("id", "")).encode()).hexdigest()
    order = list(range(n))
    rng = random.Random(int(seed[:16], 16))
    for _ in range(8):
        rng.shuffle(order)
        key = spec.get("key")
        if n < 2 or order != key:  # never show the fragments in the answer order
            break
    return order


@register
class OrderType(ItemType):
    name = "order"

    def validate(self, spec):
        problems: list[Problem] = []
        fragments = spec.get("fragments")
        if not isinstance(fragments, list) or len(fragments) < 2:
            problems.append(error("fragments", "fragments must be a list of at least 2 strings"))
            fragments = None
        else:
            seen: dict[str, int] = {}
            for i, f in enumerate(fragments):
                ident = normalize(str(f))
                if ident in seen:
                    problems.append(warning(f"fragments[{i}]", f"fragment repeats fragments[{seen[ident]}]: the order is ambiguous"))
                seen.setdefault(ident, i)
        key = spec.get("key")
        if not isinstance(key, list) or not all(is_index(k) for k in key):
            problems.append(error("key", "key must be a list of fragment indexes"))
        elif fragments is not None and sorted(key) != list(range(len(fragments))):
            problems.append(error("key", f"key must be a permutation of 0-{len(fragments) - 1} (each fragment once)"))
        star = spec.get("star")
        blanks = len(key) if isinstance(key, list) else len(fragments or [])
        if not is_index(star):
            problems.append(error("star", "star must be a blank index (0-based integer)"))
        elif not 0 <= star < max(blanks, 1):
            problems.append(error("star", f"star {star} is not one of the {blanks} blanks (0-{blanks - 1})"))
        stem = spec.get("stem")
        if not isinstance(stem, str) or "{*}" not in stem:
            problems.append(error("stem", "the stem must contain {*} where the blanks go"))
        elif stem.count("{*}") > 1:
            problems.append(error("stem", "the stem must contain {*} exactly once"))
        return problems

    def read_response(self, form):
        values = [v for v in form_values(form) if v != ""]
        if not values:
            raise ValueError("Please choose the fragment for the ★ blank.")
        indexes = [parse_index(v, "That is not one of the fragments.") for v in values]
        if len(indexes) == 1:
            return indexes[0]
        if len(set(indexes)) != len(indexes):
            raise ValueError("Each fragment can be used only once.")
        return indexes

    def grade(self, spec, response):
        if response is None or response == [] or response == "":
            return no_answer()
        fragments = spec.get("fragments") or []
        key = spec.get("key") or []
        star = spec.get("star", 0)
        star_key = key[star] if is_index(star) and 0 <= star < len(key) else None
        sentence = " ".join(str(fragments[k]) for k in key if is_index(k) and 0 <= k < len(fragments))
        star_text = str(fragments[star_key]) if star_key is not None and star_key < len(fragments) else "?"
        if isinstance(response, (list, tuple)):
            try:
                order = [parse_index(v) for v in response]
            except (ValueError, TypeError):
                return outcome("incorrect", 0.0, "That is not one of the fragments.", "یہ دیے گئے ٹکڑوں میں سے نہیں۔", reason="invalid")
            if len(order) != len(key) or sorted(order) != sorted(key):
                return outcome("incorrect", 0.0, f"Use each fragment exactly once. The right order is: {sentence}.",
                               f"ہر ٹکڑا ایک ہی بار استعمال کریں۔ درست ترتیب: {sentence}۔", reason="invalid_order")
            star_pick = order[star] if is_index(star) and star < len(order) else None
            order_right = order == list(key)
        else:
            try:
                star_pick = parse_index(response)
            except (ValueError, TypeError):
                return outcome("incorrect", 0.0, "That is not one of the fragments.", "یہ دیے گئے ٹکڑوں میں سے نہیں۔", reason="invalid")
            order_right = None
        detail = {"star_pick": star_pick, "star_key": star_key, "order_correct": order_right}
        if star_pick == star_key:
            if order_right is False:
                return outcome("correct", 1.0,
                               f"The ★ fragment ({star_text}) is right, which is what is scored, but the full order is: {sentence}.",
                               f"★ والا ٹکڑا ({star_text}) درست ہے، اور نمبر اسی کے ملتے ہیں، لیکن پوری ترتیب یہ ہے: {sentence}۔", **detail)
            return outcome("correct", 1.0, "Correct.", "درست۔", **detail)
        return outcome("incorrect", 0.0, f"Not right: the ★ blank takes {star_text}. The sentence is: {sentence}.",
                       f"درست نہیں: ★ کی جگہ {star_text} آتا ہے۔ پورا جملہ: {sentence}۔", **detail)

    def public_view(self, spec):
        view = strip_secrets(spec)
        fragments = spec.get("fragments") or []
        view["fragments"] = [{"index": i, "text": fragments[i]} for i in _stable_order(spec, len(fragments))]
        view["blanks"] = len(spec.get("key") or fragments)
        return view


class _GroupType(ItemType):
    is_group = True
    stimulus = "text"

    def validate(self, spec):
        problems: list[Problem] = []
        stimulus = spec.get(self.stimulus)
        if not isinstance(stimulus, str) or not stimulus.strip():
            problems.append(error(self.stimulus, f"a {self.name} group needs non-empty `{self.stimulus}`"))
        items = spec.get("items")
        if not isinstance(items, list) or not items:
            problems.append(error("items", "a group needs at least one item"))
            return problems
        ids: dict[str, int] = {}
        for i, child in enumerate(items):
            where = f"items[{i}]"
            if not isinstance(child, Mapping):
                problems.append(error(where, "an item must be a mapping"))
                continue
            cid = child.get("id")
            if cid == spec.get("id"):
                problems.append(error(f"{where}.id", "a child item cannot reuse the group's id"))
            elif isinstance(cid, str) and cid in ids:
                problems.append(error(f"{where}.id", f"id {cid!r} repeats items[{ids[cid]}]"))
            elif isinstance(cid, str):
                ids[cid] = i
            try:
                kind = item_type(child.get("type"))
            except KeyError as exc:
                problems.append(error(f"{where}.type", str(exc.args[0])))
                continue
            if kind.is_group:
                problems.append(error(f"{where}.type", "groups do not nest"))
                continue
            problems.extend(p.prefixed(where) for p in _safe_validate(kind, child))
        return problems

    def read_response(self, form):
        out: dict[str, Any] = {}
        keys = list(form.keys()) if hasattr(form, "keys") else []
        for name in keys:
            if isinstance(name, str) and name.startswith("answer[") and name.endswith("]"):
                values = form_values(form, name)
                out[name[7:-1]] = values if len(values) > 1 else (values[0] if values else None)
        nested = form.get("answer") if hasattr(form, "get") else None
        if isinstance(nested, Mapping):
            out.update(nested)
        if not out:
            raise ValueError("Please answer at least one question.")
        return out

    def grade(self, spec, responses):
        items = [c for c in spec.get("items") or [] if isinstance(c, Mapping)]
        if not items:
            raise ValueError(f"group {spec.get('id')!r} has no items")
        responses = responses if isinstance(responses, Mapping) else {}
        children: dict[str, dict] = {}
        total = 0.0
        right = 0
        for child in items:
            merged = {"section": spec.get("section"), "question_type": spec.get("question_type"), **child}
            result = item_type(child.get("type")).grade(merged, responses.get(child.get("id")))
            children[str(child.get("id"))] = result.to_dict()
            total += result.credit
            right += result.verdict == "correct"
        credit = round(total / len(items), 4)
        verdict = "correct" if right == len(items) else ("incorrect" if credit == 0 else "partial")
        return outcome(verdict, credit, f"{right} of {len(items)} questions right.",
                       f"{len(items)} میں سے {right} سوال درست۔", children=children)

    def public_view(self, spec):
        view = strip_secrets(spec, frozenset({"script"}) if self.name == "listening" else frozenset())
        view["items"] = [
            item_type(c.get("type")).public_view(c) for c in spec.get("items") or [] if isinstance(c, Mapping)
        ]
        return view

    def lint(self, spec):
        from .lint import lint_group

        return lint_group(spec)


@register
class PassageType(_GroupType):
    name = "passage"
    stimulus = "text"


@register
class ListeningType(_GroupType):
    name = "listening"
    stimulus = "script"


def _safe_validate(kind: ItemType, spec: Mapping) -> list[Problem]:
    try:
        return kind.validate(spec)
    except Exception as exc:  # noqa: BLE001 - validation never raises
        return [error("", f"could not validate this item: {exc}")]
