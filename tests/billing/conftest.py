import pytest


@pytest.fixture
def org(db):
    """Billing tests start from an organization on the Free plan (50 credits a month)."""
    from tests.factories import OrganizationFactory

    return OrganizationFactory(name="Acme Marketing", slug="acme")
