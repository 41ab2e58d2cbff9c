"""Every interface string has its Urdu translation, and the catalogue matches the code."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def _catalog(lang: str):
    with open(ROOT / "examprep" / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh)


def test_every_string_in_the_code_has_an_urdu_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    urdu = {m.id: m.string for m in _catalog("ur") if m.id}
    missing = sorted(w for w in wanted if not urdu.get(w))
    assert not missing, "untranslated in ur (run `make extract-messages`, then translate):\n" + "\n".join(missing)


def test_urdu_translations_keep_the_placeholders():
    import re

    for m in _catalog("ur"):
        if m.id and m.string:
            assert sorted(re.findall(r"%\(\w+\)s", m.id)) == sorted(re.findall(r"%\(\w+\)s", m.string)), m.id
