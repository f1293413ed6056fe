"""Every model registered in the staff admin lists, searches and opens without error."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED, ids=lambda v: str(v))
def test_changelist_search_and_add_pages_render(admin_client, org, owner, app_label, model_name):
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")

    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "acme"}).status_code == 200
    add = admin_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code in (200, 403)  # 403: staff never add these by hand


def test_an_organization_opens_with_its_members(admin_client, org, owner):
    response = admin_client.get(reverse("admin:organizations_organization_change", args=[org.pk]))

    assert response.status_code == 200
    assert owner.email.encode() in response.content
