"""Payments inside the chat: the invoices the bot sent for pledges, and the payments the platforms confirmed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class PaymentInvoice(Base):
    """An invoice sent for a pledge: its payload is `pledge:<pledge id>:<nonce>`, and what it asked for is kept,
    so a pre-checkout is checked against this very invoice (its amount in the platform's unit and currency,
    and the pledge's amount in tomans when it was sent)."""

    __tablename__ = "payment_invoices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(32), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(BigInteger)  # in the platform's smallest unit (Bale: rials)
    tomans: Mapped[int] = mapped_column(BigInteger)  # the pledge's amount when the invoice was sent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Payment(Base):
    """A successful payment, once per charge: the platform's charge id is unique on its platform, so a
    repeated `successful_payment` finds its row and changes nothing."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("platform", "charge_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    charge_id: Mapped[str] = mapped_column(String(255))  # telegram_payment_charge_id (Bale uses the same field)
    provider_charge_id: Mapped[str | None] = mapped_column(String(255))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("payment_invoices.id", ondelete="SET NULL"))
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id", ondelete="SET NULL"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"), index=True)
    currency: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(BigInteger)  # what the platform charged, in its smallest unit
    tomans: Mapped[int] = mapped_column(BigInteger)  # the same, in tomans (the invoice's)
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
