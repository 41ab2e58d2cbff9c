"""Factories with keyword defaults: write only what the test is about."""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import yaml

from examprep.accounts.service import create_user

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


def make_user(role: str = "candidate", email: str | None = None, full_name: str | None = None,
              password: str = PASSWORD, locale: str = "en"):
    n = next(_seq)
    return create_user(email or f"user{n}@example.test", full_name or f"Test User {n}", role, password, locale)


def manifest(**overrides: Any) -> dict[str, Any]:
    data = {
        "id": "test-bank",
        "title": "Test bank",
        "exam": "jlpt",
        "level": "N5",
        "language": "ja",
        "version": "1",
        "licence": "CC BY-SA 4.0",
        "credits": [{"name": "examprep authors (original items)", "licence": "CC BY-SA 4.0"}],
        "sections": [
            {"id": "vocabulary", "title": "Vocabulary", "question_types": ["kanji_reading", "orthography"]},
            {"id": "grammar", "title": "Grammar", "question_types": ["grammar_form", "sentence_composition"]},
            {"id": "reading", "title": "Reading", "question_types": ["short_passage"]},
            {"id": "listening", "title": "Listening", "question_types": ["task_based"]},
        ],
    }
    data.update(overrides)
    return data


def choice_item(n: int = 1, **overrides: Any) -> dict[str, Any]:
    data = {
        "id": f"t-kanji-reading-{n:04d}",
        "type": "choice",
        "section": "vocabulary",
        "question_type": "kanji_reading",
        "stem": "まいにち {電車} で がっこうへ いきます。",
        "target": "電車",
        "options": ["でんしゃ", "でんしや", "てんしゃ", "でんちゃ"],
        "key": 0,
        "explanation": {"en": "電 is read でん and 車 is read しゃ.", "ur": "電 کو でん پڑھتے ہیں۔"},
    }
    data.update(overrides)
    return data


def order_item(n: int = 1, **overrides: Any) -> dict[str, Any]:
    data = {
        "id": f"t-composition-{n:04d}",
        "type": "order",
        "section": "grammar",
        "question_type": "sentence_composition",
        "stem": "わたしは {*} です。",
        "fragments": ["がくせい", "の", "にほんご", "がっこう"],
        "key": [2, 3, 1, 0],
        "star": 2,
        "explanation": {"en": "わたしは にほんご がっこう の がくせい です。"},
    }
    data.update(overrides)
    return data


def passage_group(n: int = 1, **overrides: Any) -> dict[str, Any]:
    data = {
        "id": f"t-reading-{n:02d}",
        "type": "passage",
        "section": "reading",
        "question_type": "short_passage",
        "text": "たなかさんへ\nあしたの じゅぎょうは ９じからです。",
        "items": [{
            "id": f"t-reading-{n:02d}-q1",
            "type": "choice",
            "stem": "じゅぎょうは なんじからですか。",
            "options": ["８じ", "９じ", "１０じ", "１１じ"],
            "key": 1,
            "explanation": {"en": "The memo says class starts at 9."},
        }],
    }
    data.update(overrides)
    return data


def write_bank(root: Path, items: list[dict] | None = None, files: dict[str, Any] | None = None,
               slug: str = "test-bank", **manifest_overrides: Any) -> Path:
    """Write a bank folder; ``files`` maps extra relative paths to YAML data or raw text."""
    bank = root / slug
    (bank / "items").mkdir(parents=True, exist_ok=True)
    (bank / "bank.yaml").write_text(yaml.safe_dump(manifest(id=slug, **manifest_overrides), allow_unicode=True),
                                    encoding="utf-8")
    if items is None:
        items = [choice_item(1), choice_item(2, options=["がっこう", "がこう", "がっこ", "かっこう"], stem="{学校} に いきます。", target="学校"), order_item(1), passage_group(1)]
    (bank / "items" / "items.yaml").write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    for rel, content in (files or {}).items():
        path = bank / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True),
                        encoding="utf-8")
    return bank
