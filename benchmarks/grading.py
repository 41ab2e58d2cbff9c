"""Text-grading throughput against raw fugashi tagging of the same answers.

Run:  .venv/bin/python benchmarks/grading.py [--rounds N]

For a realistic mix of typed answers (right, near misses, homophones, wrong
forms, romaji, variants) in every mode, it times

* ``grader``: ``examprep.scoring.grade_text(expected, answer, mode, ...)``;
* ``fugashi``: a bare unidic-lite ``tagger(answer)`` with feature access
  (``[(w.feature.lemma, w.feature.kana) for w in tagger(answer)]``),

on the same answer strings, in the same process, one core. Per-item analyses
and dictionary look-ups are warmed once first (in production they are cached
per item); answers are never cached. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from examprep.japanese import get_tagger  # noqa: E402
from examprep.scoring import grade_text  # noqa: E402

REPEATS = 7

# (mode, expected, accepted, form, typed answers)
ITEMS = [
    ("reading", "がっこう", (), None, ["がっこう", "がこう", "がっこー", "ガッコウ", "gakkou", "学校", "がっこ", "かっこう"]),
    ("reading", "でんしゃ", (), None, ["でんしゃ", "でんしや", "てんしゃ", "デンシャ", "densha", "でんしゃ。"]),
    ("reading", "あした", ("あす",), None, ["あした", "あす", "みょうにち", "あしだ", "ashita"]),
    ("reading", "せんせい", (), None, ["せんせい", "せんせえ", "せんせ", "センセイ"]),
    ("reading", "きって", (), None, ["きって", "きて", "きつて", "kitte"]),
    ("reading", "しゅくだい", (), None, ["しゅくだい", "しゆくだい", "しゅくたい", "宿題"]),
    ("word", "暑い", (), None, ["暑い", "熱い", "あつい", "厚い", "暑かった", "寒い"]),
    ("word", "橋", (), None, ["橋", "箸", "はし", "端", "かわ"]),
    ("word", "受付", (), None, ["受付", "受け付け", "受付け", "うけつけ", "受け取り"]),
    ("word", "少ない", (), None, ["少ない", "少い", "すくない", "多い", "少なない"]),
    ("word", "三人", (), None, ["三人", "3人", "３人", "さんにん", "二人"]),
    ("word", "病院", (), None, ["病院", "びょういん", "美容院", "病員", "byouin"]),
    ("kanji", "学校", (), None, ["学校", "がっこう", "学こう", "学生", "校学"]),
    ("kanji", "食べる", (), None, ["食べる", "食る", "たべる", "飲む"]),
    ("kanji", "電車", (), None, ["電車", "電話", "でんしゃ", "電しゃ"]),
    ("particle", "は", (), None, ["は", "わ", "が", "wa", "ハ"]),
    ("particle", "を", (), None, ["を", "お", "に"]),
    ("particle", "へ", ("に",), None, ["へ", "え", "に", "で"]),
    ("form", "書いて", (), "te", ["書いて", "書きて", "書いた", "かいて", "かきて", "書く", "読んで"]),
    ("form", "食べます", (), "masu", ["食べます", "食べる", "たべます", "たべる", "食べました", "食べって"]),
    ("form", "行って", (), "te", ["行って", "行きて", "いって", "行いて", "行った"]),
    ("form", "来ない", (), "nai", ["来ない", "こない", "きない", "来なかった", "来ません"]),
    ("form", "高くて", (), "te", ["高くて", "高いて", "たかくて", "高かった", "安くて"]),
    ("form", "見られる", (), "potential", ["見られる", "見れる", "みられる", "見える", "見させる"]),
]


def _pairs():
    for mode, expected, accepted, form, answers in ITEMS:
        for answer in answers:
            yield mode, expected, accepted, form, answer


def bench(rounds: int) -> list[tuple[str, int, float, float]]:
    pairs = list(_pairs())
    tagger = get_tagger()
    for mode, expected, accepted, form, answer in pairs:  # warm per-item caches
        grade_text(expected, answer, mode, accepted, form=form)
        [(w.feature.lemma, w.feature.kana) for w in tagger(answer)]
    rows = []
    for label, subset in [("all modes", pairs)] + [
        (m, [p for p in pairs if p[0] == m]) for m in ("reading", "word", "kanji", "particle", "form")
    ]:
        n = len(subset) * rounds
        best_grader = best_tagger = float("inf")
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            for _ in range(rounds):
                for mode, expected, accepted, form, answer in subset:
                    grade_text(expected, answer, mode, accepted, form=form)
            best_grader = min(best_grader, time.perf_counter() - t0)
            t0 = time.perf_counter()
            for _ in range(rounds):
                for _mode, _e, _a, _f, answer in subset:
                    [(w.feature.lemma, w.feature.kana) for w in tagger(answer)]
            best_tagger = min(best_tagger, time.perf_counter() - t0)
        rows.append((label, n, n / best_grader, n / best_tagger))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="passes over the answer set per timing (default 40)")
    args = parser.parse_args()
    rows = bench(args.rounds)
    print(f"Text grading vs bare fugashi tagging ({len(list(_pairs()))} distinct answers x {args.rounds} rounds, best of {REPEATS}, "
          f"one core, Python {platform.python_version()}, {platform.machine()})\n")
    print("| answers | graded | grader answers/s | fugashi answers/s | grader cost / fugashi cost |")
    print("|---|---:|---:|---:|---:|")
    for label, n, grader, tagger in rows:
        print(f"| {label} | {n} | {grader:,.0f} | {tagger:,.0f} | {tagger / grader:.2f}x |")
    overall = rows[0]
    ok = overall[2] >= 5000 and overall[3] / overall[2] <= 2.0
    print(f"\nTargets (all modes): >= 5,000 answers/s and <= 2.00x fugashi: {'met' if ok else 'NOT met'}.")


if __name__ == "__main__":
    main()
