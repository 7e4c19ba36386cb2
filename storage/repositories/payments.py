"""Queries and writes on invoices and payments made inside the chat; the caller's service commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storage.models import Person, Pledge
from storage.models.payments import Payment, PaymentInvoice
from storage.repositories.base import Repository, insert_for


class PaymentRepository(Repository):
    """Invoices by payload, payments once per charge id, and what a campaign was paid in the chat."""

    async def add_invoice(self, invoice: PaymentInvoice) -> int:
        """Write a new invoice now (a flush); its id."""
        return await self._written(invoice)

    async def invoice_with_pledge(self, pledge_id: int, nonce: str
                                 ) -> tuple[PaymentInvoice, Pledge, Person | None] | None:
        """The invoice of a payload (pledge id and nonce), its pledge, and the pledge's donor (None once the
        pledge was unlinked from a forgotten person); None when no such invoice exists."""
        result = await self.session.execute(
            select(PaymentInvoice, Pledge, Person).join(Pledge, Pledge.id == PaymentInvoice.pledge_id)
            .outerjoin(Person, Person.id == Pledge.person_id)
            .where(PaymentInvoice.pledge_id == pledge_id, PaymentInvoice.nonce == nonce))
        row = result.first()
        return (row[0], row[1], row[2]) if row is not None else None

    async def record_once(self, values: dict[str, Any]) -> int | None:
        """Insert a payment unless its charge id is already stored on its platform (ON CONFLICT DO NOTHING on
        the unique (platform, charge_id)): the new id, or None for a repeat."""
        statement = insert_for(self.session, Payment).values(**values).on_conflict_do_nothing(
            index_elements=[Payment.platform, Payment.charge_id]).returning(Payment.id)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def of_pledge(self, pledge_id: int) -> list[Payment]:
        """The payments made for a pledge, oldest first."""
        result = await self.session.execute(select(Payment).where(Payment.pledge_id == pledge_id)
                                            .order_by(Payment.id))
        return list(result.scalars().all())

    async def paid_tomans(self, campaign_id: int) -> int:
        """Tomans paid to a campaign inside the chat."""
        result = await self.session.execute(select(func.coalesce(func.sum(Payment.tomans), 0))
                                            .where(Payment.campaign_id == campaign_id))
        return int(result.scalar_one())
