"""Fixtures for the agent catalog and runs (tests/agents/llm has its own)."""

from __future__ import annotations

import pytest


@pytest.fixture
def catalog(db):
    """The shipped catalog, current (a data migration seeds it; transactional tests flush it)."""
    from agents.catalog.sync import sync_catalog
    from agents.models import AgentDefinition, AgentVersion

    sync_catalog(AgentDefinition, AgentVersion)


@pytest.fixture
def funded(org, catalog):
    """`org` with its billing account open and plenty of credits."""
    from billing.services import billing_account_for, credits_grant

    billing_account_for(org=org)
    credits_grant(org=org, amount=5_000, reason="test credits")
    return org
