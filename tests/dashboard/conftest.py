"""Fixtures for the dashboard's tests: the application on the test database, served on a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.app import create_app
from dashboard.rendering import DashboardConfig
from storage.unit_of_work import UnitOfWorkFactory

SECRET = b"test-dashboard-secret"


@pytest.fixture
def dashboard_config() -> DashboardConfig:
    """The dashboard's settings in tests: plain HTTP on loopback, thirty minutes idle."""
    return DashboardConfig(base_url="http://127.0.0.1", secret=SECRET, idle=timedelta(minutes=30))


@pytest.fixture
async def client(session_pool: async_sessionmaker[AsyncSession],
                 dashboard_config: DashboardConfig) -> AsyncIterator[TestClient]:
    """An HTTP client of the dashboard application on the test database."""
    app = create_app(dashboard_config, UnitOfWorkFactory(session_pool))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client
