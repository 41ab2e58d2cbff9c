"""Item pools for the adaptive engine, built from a loaded bank.

The newest ItemParameters row of an item is its parameters; items without
one get the engine's prior from level, question type and the text features
stored with their version. A pool is immutable data: it is cached per bank
content and parameter state, so N workers each build it once.
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import func, select

from examprep.adaptive.pool import ItemPool, PoolItem
from examprep.banks.models import Bank, Item, ItemParameters, ItemVersion
from examprep.db import db

GROUP_TYPES = ("passage", "listening")


def pool_for_bank(bank: Bank) -> ItemPool:
    """The bank's current pool (cached while its content and parameters are unchanged)."""
    newest = db.session.scalar(
        select(func.max(ItemParameters.id)).join(Item).where(Item.bank_id == bank.id)
    )
    return _cached_pool(str(db.session.get_bind().engine.url), bank.id, bank.content_hash, newest or 0)


def clear_pool_cache() -> None:
    _cached_pool.cache_clear()


@lru_cache(maxsize=32)
def _cached_pool(_database: str, bank_id: int, _content_hash: str, _newest_parameters: int) -> ItemPool:
    session = db.session
    bank = session.get(Bank, bank_id)
    rows = session.execute(
        select(Item, ItemVersion)
        .join(ItemVersion, Item.current_version_id == ItemVersion.id)
        .where(Item.bank_id == bank_id, Item.removed_at.is_(None), Item.status == "active",
               Item.type.not_in(GROUP_TYPES))
        .order_by(Item.position)
    ).all()
    params: dict[int, ItemParameters] = {}
    for p in session.scalars(select(ItemParameters).join(Item).where(Item.bank_id == bank_id)
                             .order_by(ItemParameters.id)):
        params[p.item_id] = p  # the newest row wins
    group_slugs = dict(session.execute(
        select(Item.id, Item.slug).where(Item.bank_id == bank_id, Item.type.in_(GROUP_TYPES))).all())
    items = []
    for item, version in rows:
        p = params.get(item.id)
        options = version.content.get("options")
        items.append(PoolItem(
            id=item.slug, section=item.section, question_type=item.question_type,
            a=p.a if p else None, b=p.b if p else None, c=p.c if p else None,
            group=group_slugs.get(item.group_id), level=version.content.get("level"),
            n_options=len(options) if isinstance(options, list) else None,
            type=item.type, features=version.features or None,
        ))
    return ItemPool.from_items(items, bank_id=bank.slug, bank_level=bank.level)
