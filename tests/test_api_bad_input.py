"""Bad input never makes the API answer 5xx: every operation in the schema, fed garbage.

Walks the OpenAPI schema Herald publishes, fills path parameters with the organization's
real slug and ids, and sends malformed bodies and query strings as the owner. Anything but
a 2xx/4xx in the error shape fails (a 503 is allowed only for "billing is not configured").
"""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

BODIES = [
    {},
    [],
    "not an object",
    {"name": None, "email": 5, "role": {}, "url": [], "plan": 12, "events": "x", "input": []},
    {"name": "x" * 5000, "email": "no-at-sign", "role": "emperor", "timezone": "Mars/Base"},
]
QUERIES = ["?page=abc", "?page_size=-1", "?cursor=garbage", "?kind=zzz&status=??&unread=maybe"]


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                yield path, method


def _fill(path: str, ids: dict[str, object]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 999999)), path)


@pytest.fixture
def ids(org, owner):
    from tests.test_tenancy import MAKERS

    return {"org_slug": org.slug, **{name: make(org, owner) for name, make in MAKERS.items()}}


def _assert_sane(response, what: str) -> None:
    if response.status_code == 503:
        assert response.json()["error"]["code"] == "billing_not_configured", what
        return
    assert response.status_code < 500, f"{what} -> {response.status_code}"
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error", "request_id"}, what
        assert body["error"]["message"], what


def test_no_operation_answers_5xx_to_garbage(api_as, owner, ids):
    client = api_as(owner)
    operations = list(_operations())
    assert len(operations) > 40

    for path, method in operations:
        url = _fill(path, ids)
        if method in ("get", "delete"):
            for query in QUERIES:
                _assert_sane(getattr(client, method)(url + query), f"{method.upper()} {url}{query}")
        else:
            for body in BODIES:
                response = getattr(client, method)(url, body, format="json")
                _assert_sane(response, f"{method.upper()} {url} {str(body)[:60]}")
