"""The region a query keeps rows to: the SQL behind a manager's scope, shared by the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql import ColumnElement


def within(province: Any, county: Any, province_code: str | None, county_code: str | None
           ) -> list[ColumnElement[bool]]:
    """Conditions keeping rows whose (province, county) columns match the codes given (None: any)."""
    where: list[ColumnElement[bool]] = [] if province_code is None else [province == province_code]
    return where if county_code is None else [*where, county == county_code]
