"""Attempts and responses.

An ``Attempt`` is one sitting of a blueprint (a mock exam or a practice set) by
one candidate; the adaptive engine's state is stored on it as JSON so any
worker can continue it. A ``Response`` records one answer to one exact item
version, with its grade.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examprep.db import Base


class Attempt(Base):
    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="RESTRICT"), index=True)
    blueprint: Mapped[str] = mapped_column(String(80))
    mode: Mapped[str] = mapped_column(String(20))  # mock | practice
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deadline_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    theta: Mapped[float | None] = mapped_column(Float)
    theta_se: Mapped[float | None] = mapped_column(Float)

    responses: Mapped[list[Response]] = relationship(back_populates="attempt", order_by="Response.id")


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "item_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id", ondelete="RESTRICT"), index=True)
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    verdict: Mapped[str] = mapped_column(String(12))
    credit: Mapped[float] = mapped_column(Float)
    feedback: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
