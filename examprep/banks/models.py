"""Banks, items and their versions.

An ``Item`` is the stable identity of a question (its id in the bank files).
Each distinct content of it is an ``ItemVersion``; responses point at the
version the candidate saw. IRT parameters live in ``ItemParameters``: every
change (from the bank file, a prior, or a calibration) adds a row with its
provenance, and the newest row is the current one.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examprep.db import Base


class Bank(Base):
    __tablename__ = "banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    exam: Mapped[str] = mapped_column(String(40), index=True)
    level: Mapped[str | None] = mapped_column(String(10))
    sector: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(40))  # the authors' version label
    manifest: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str] = mapped_column(String(500))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    items: Mapped[list[Item]] = relationship(back_populates="bank", order_by="Item.position")

    def __repr__(self) -> str:
        return f"<Bank {self.slug}>"


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("bank_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(String(60))
    question_type: Mapped[str] = mapped_column(String(60))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="active")
    tags: Mapped[list[Any]] = mapped_column(default=list)
    source_file: Mapped[str] = mapped_column(String(300))
    source_line: Mapped[int] = mapped_column(Integer)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("item_versions.id", use_alter=True, ondelete="SET NULL")
    )
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    bank: Mapped[Bank] = relationship(back_populates="items")
    group: Mapped[Item | None] = relationship(remote_side="Item.id", back_populates="children")
    children: Mapped[list[Item]] = relationship(back_populates="group", order_by="Item.position")
    versions: Mapped[list[ItemVersion]] = relationship(
        back_populates="item", foreign_keys="ItemVersion.item_id", order_by="ItemVersion.number"
    )
    current_version: Mapped[ItemVersion | None] = relationship(foreign_keys=[current_version_id], post_update=True)
    parameters: Mapped[list[ItemParameters]] = relationship(back_populates="item", order_by="ItemParameters.id")

    @property
    def is_group(self) -> bool:
        return self.type in ("passage", "listening")

    @property
    def current_parameters(self) -> ItemParameters | None:
        return self.parameters[-1] if self.parameters else None

    def __repr__(self) -> str:
        return f"<Item {self.slug}>"


class ItemVersion(Base):
    __tablename__ = "item_versions"
    __table_args__ = (UniqueConstraint("item_id", "number"), UniqueConstraint("item_id", "content_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]]
    furigana: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: text-difficulty features for the adaptive engine's priors (banks/features.py)
    features: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    item: Mapped[Item] = relationship(back_populates="versions", foreign_keys=[item_id])


class ItemParameters(Base):
    __tablename__ = "item_parameters"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    item_version_id: Mapped[int | None] = mapped_column(ForeignKey("item_versions.id", ondelete="SET NULL"))
    model: Mapped[str] = mapped_column(String(8))  # 1PL / 2PL / 3PL
    a: Mapped[float] = mapped_column(Float)
    b: Mapped[float] = mapped_column(Float)
    c: Mapped[float] = mapped_column(Float, default=0.0)
    method: Mapped[str] = mapped_column(String(40))  # bank | prior | mml-em-2pl | mml-em-3pl
    n_responses: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    item: Mapped[Item] = relationship(back_populates="parameters")
