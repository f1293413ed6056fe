"""The schema and both documentation pages are served by Herald itself, no CDN."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Herald API"
    assert "/api/v1/" in schema["paths"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_load_their_assets_from_our_own_static_files(client, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
    assert external == []
    assert "/static/drf_spectacular_sidecar/" in html


def test_api_root_names_the_docs(client):
    body = client.get("/api/v1/").json()

    assert body["docs"].endswith("/api/docs/")
    assert body["schema"].endswith("/api/schema/")
