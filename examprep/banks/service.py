"""Bank operations: load (versioned, all-or-nothing), list, stats, lookups.

Services take plain arguments, use ``db.session`` and only flush; the CLI
command or the request commits.
"""
from __future__ import annotations

import hashlib
import json

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from examprep import japanese
from examprep.banks.features import item_features
from examprep.banks.models import Bank, Item, ItemParameters, ItemVersion
from examprep.banks.reader import Entry, ParsedBank, Problem, read_bank
from examprep.banks.validator import validate_bank
from examprep.db import db, utcnow


class BankInvalid(Exception):
    """The bank has errors; nothing was loaded from it."""

    def __init__(self, slug: str, problems: list[Problem]):
        self.slug, self.problems = slug, problems
        super().__init__(f"bank {slug} has {len(problems)} error(s); nothing was loaded")


@dataclass
class LoadReport:
    slug: str
    unchanged: bool = False
    new_items: int = 0
    new_versions: int = 0
    reverted: int = 0
    unchanged_items: int = 0
    removed: int = 0
    restored: int = 0
    parameter_updates: int = 0
    furigana_refreshed: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        if self.unchanged:
            return f"{self.slug}: unchanged, nothing to load"
        parts = [
            f"{self.new_items} new item(s) or group(s)",
            f"{self.new_versions} new version(s) of edited items",
            f"{self.unchanged_items} unchanged",
        ]
        if self.reverted:
            parts.append(f"{self.reverted} reverted to an earlier version")
        if self.removed:
            parts.append(f"{self.removed} removed from the files (kept for past responses)")
        if self.restored:
            parts.append(f"{self.restored} restored")
        if self.parameter_updates:
            parts.append(f"{self.parameter_updates} IRT parameter update(s)")
        if self.furigana_refreshed:
            parts.append(f"furigana of {self.furigana_refreshed} unchanged item(s) refreshed (engine rules changed)")
        return f"{self.slug}: loaded: " + ", ".join(parts)


def _stored_hash(parsed: ParsedBank) -> str:
    """The bank's content hash as stored: the files, plus the furigana rules'
    version (the furigana stored with each version is derived from both)."""
    return hashlib.sha256(f"{parsed.content_hash}:furigana-{japanese.FURIGANA_VERSION}".encode()).hexdigest()


def load_bank(path: str | Path, parsed: ParsedBank | None = None) -> LoadReport:
    """Validate and load one bank. Raises BankInvalid (and changes nothing) on any error."""
    if parsed is None:
        # an unchanged bank was fully validated when it was loaded: compare the content
        # hash first and run the (slower) engine checks only on a bank that changed
        quick = read_bank(path, check_schema=False)
        if not quick.errors:
            known = db.session.scalar(select(Bank).where(Bank.slug == quick.slug))
            if known is not None and known.content_hash == _stored_hash(quick):
                return LoadReport(quick.slug, unchanged=True)
        parsed = validate_bank(path)
    if parsed.errors:
        raise BankInvalid(parsed.slug, parsed.errors)
    m = parsed.manifest
    bank = db.session.scalar(select(Bank).where(Bank.slug == parsed.slug))
    report = LoadReport(parsed.slug, warnings=parsed.warnings)
    digest = _stored_hash(parsed)
    if bank is not None and bank.content_hash == digest:
        report.unchanged = True
        return report
    if bank is None:
        bank = Bank(slug=parsed.slug)
        db.session.add(bank)
    bank.title = m["title"]
    bank.exam = m["exam"]
    bank.level = m.get("level")
    bank.sector = m.get("sector")
    bank.language = m["language"]
    bank.label = str(m["version"])
    bank.manifest = m
    bank.content_hash = digest
    bank.source_path = str(parsed.path)
    bank.loaded_at = utcnow()
    db.session.flush()

    existing = {i.slug: i for i in db.session.scalars(select(Item).where(Item.bank_id == bank.id))}
    by_slug: dict[str, Item] = {}
    groups = {e.item_id: e.spec for e in parsed.entries if e.is_group}
    for entry in parsed.entries:
        item = existing.pop(entry.item_id, None)
        if item is None:
            item = Item(bank_id=bank.id, slug=entry.item_id)
            db.session.add(item)
            report.new_items += 1
        elif item.removed_at is not None:
            item.removed_at = None
            report.restored += 1
        item.type = entry.type
        item.section = entry.section
        item.question_type = entry.question_type
        item.group_id = by_slug[entry.group_id].id if entry.group_id else None
        item.position = entry.position
        item.status = entry.status
        item.tags = entry.tags
        item.source_file = entry.file
        item.source_line = entry.line
        db.session.flush()
        by_slug[entry.item_id] = item
        _store_version(item, entry, report, m.get("level"), groups.get(entry.group_id))
        _store_parameters(item, entry, report)
    now = utcnow()
    for gone in existing.values():
        if gone.removed_at is None:
            gone.removed_at = now
            gone.status = "removed"
            report.removed += 1
    db.session.flush()
    return report


def _store_version(item: Item, entry: Entry, report: LoadReport, level: str | None,
                   group: dict[str, Any] | None) -> None:
    digest = entry.content_hash
    current = item.current_version
    if current is not None and current.content_hash == digest:
        report.unchanged_items += 1
        fresh = json.loads(json.dumps(japanese.item_furigana(entry.spec), ensure_ascii=False))  # as stored
        if current.furigana != fresh:  # same content, newer furigana rules
            current.furigana = fresh
            report.furigana_refreshed += 1
        return
    earlier = db.session.scalar(
        select(ItemVersion).where(ItemVersion.item_id == item.id, ItemVersion.content_hash == digest)
    )
    if earlier is not None:
        item.current_version = earlier
        report.reverted += 1
        return
    number = (db.session.scalar(select(func.max(ItemVersion.number)).where(ItemVersion.item_id == item.id)) or 0) + 1
    version = ItemVersion(item_id=item.id, number=number, content_hash=digest,
                          content=entry.content, furigana=japanese.item_furigana(entry.spec),
                          features={} if entry.is_group else item_features(
                              entry.spec, entry.spec.get("level") or level, group))
    db.session.add(version)
    db.session.flush()
    item.current_version = version
    if number > 1:
        report.new_versions += 1


def _store_parameters(item: Item, entry: Entry, report: LoadReport) -> None:
    irt = entry.irt
    if not irt:
        return
    a, b, c = float(irt["a"]), float(irt["b"]), float(irt.get("c", 0.0))
    latest = db.session.scalar(
        select(ItemParameters).where(ItemParameters.item_id == item.id).order_by(ItemParameters.id.desc()).limit(1)
    )
    if latest is not None and latest.method == "bank" and (latest.a, latest.b, latest.c) == (a, b, c):
        return
    if latest is not None and latest.method != "bank" and _bank_params_unchanged(item.id, (a, b, c)):
        return  # a calibration superseded the file's values; keep it until the file changes them
    db.session.add(ItemParameters(
        item_id=item.id, item_version_id=item.current_version_id, model="3PL" if "c" in irt else "2PL",
        a=a, b=b, c=c, method="bank", n_responses=0, details={"file": entry.file, "line": entry.line},
    ))
    report.parameter_updates += 1


def _bank_params_unchanged(item_id: int, abc: tuple[float, float, float]) -> bool:
    last_bank = db.session.scalar(
        select(ItemParameters).where(ItemParameters.item_id == item_id, ItemParameters.method == "bank")
        .order_by(ItemParameters.id.desc()).limit(1)
    )
    return last_bank is not None and (last_bank.a, last_bank.b, last_bank.c) == abc


def list_banks() -> list[Bank]:
    return list(db.session.scalars(select(Bank).order_by(Bank.exam, Bank.level, Bank.slug)))


def get_bank(slug: str) -> Bank | None:
    return db.session.scalar(select(Bank).where(Bank.slug == slug))


def live_items(bank: Bank) -> list[Item]:
    return list(db.session.scalars(
        select(Item).where(Item.bank_id == bank.id, Item.removed_at.is_(None)).order_by(Item.position)
    ))


@dataclass
class BankStats:
    bank: Bank
    items: int
    groups: int
    by_status: Counter
    rows: list[dict[str, Any]]  # one per (section, question_type)
    urdu_share: float


def bank_stats(bank: Bank) -> BankStats:
    items = live_items(bank)
    latest_params = {
        p.item_id for p in db.session.scalars(
            select(ItemParameters).join(Item).where(Item.bank_id == bank.id)
        )
    }
    table: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"items": 0, "with_irt": 0, "without_irt": 0, "groups": 0})
    answerable = [i for i in items if not i.is_group]
    for it in items:
        row = table[(it.section, it.question_type)]
        if it.is_group:
            row["groups"] += 1
            continue
        row["items"] += 1
        row["with_irt" if it.id in latest_params else "without_irt"] += 1
    with_ur = sum(1 for i in answerable
                  if i.current_version and (i.current_version.content.get("explanation") or {}).get("ur"))
    rows = [{"section": s, "question_type": q, **v} for (s, q), v in table.items()]
    order = {s.get("id"): n for n, s in enumerate(bank.manifest.get("sections", []))}
    rows.sort(key=lambda r: (order.get(r["section"], 99), r["question_type"]))
    return BankStats(bank, len(answerable), sum(1 for i in items if i.is_group),
                     Counter(i.status for i in answerable), rows,
                     with_ur / len(answerable) if answerable else 0.0)


def item_counts(banks: list[Bank]) -> dict[int, int]:
    """Answerable, servable items per bank id."""
    if not banks:
        return {}
    rows = db.session.execute(
        select(Item.bank_id, func.count()).where(
            Item.bank_id.in_([b.id for b in banks]), Item.removed_at.is_(None),
            Item.type.not_in(("passage", "listening")), Item.status == "active",
        ).group_by(Item.bank_id)
    )
    return {bank_id: n for bank_id, n in rows}


def all_credits() -> list[dict[str, Any]]:
    """Every credit line of every loaded bank, merged by source name."""
    merged: dict[str, dict[str, Any]] = {}
    for bank in list_banks():
        for credit in bank.manifest.get("credits") or []:
            row = merged.setdefault(credit["name"], {**credit, "banks": []})
            row["banks"].append(bank.title)
    return sorted(merged.values(), key=lambda c: c["name"])


@dataclass
class ItemPage:
    items: list[Item]
    total: int
    page: int
    pages: int


def browse_items(bank: Bank, section: str | None = None, question_type: str | None = None,
                 page: int = 1, per_page: int = 50) -> ItemPage:
    """Top-level entries (items and groups) of a bank, filtered and paginated."""
    q = select(Item).where(Item.bank_id == bank.id, Item.removed_at.is_(None), Item.group_id.is_(None))
    if section:
        q = q.where(Item.section == section)
    if question_type:
        q = q.where(Item.question_type == question_type)
    total = db.session.scalar(select(func.count()).select_from(q.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = list(db.session.scalars(q.order_by(Item.position).offset((page - 1) * per_page).limit(per_page)))
    return ItemPage(items, total, page, pages)


def get_item(bank: Bank, slug: str) -> Item | None:
    return db.session.scalar(select(Item).where(Item.bank_id == bank.id, Item.slug == slug))


def engine_parameters(bank: Bank, item: Item) -> dict[str, Any] | None:
    """The (a, b, c) the adaptive engine uses for an item now, and whether they are calibrated."""
    from examprep.banks.pools import pool_for_bank

    pool = pool_for_bank(bank)
    i = pool.index.get(item.slug)
    if i is None:
        return None
    return {"a": float(pool.a[i]), "b": float(pool.b[i]), "c": float(pool.c[i]),
            "calibrated": bool(pool.calibrated[i])}
