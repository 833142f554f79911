"""Tokens (401 without, 403 for indexing without an admin token), health without auth, CORS only for the
add-in's origin, and the add-in's files and manifest."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vbassist import __version__
from vbassist.api import create_app
from vbassist.api.routes.addin import dist_dir

from .conftest import ADMIN_TOKEN, CORPUS_MD, USER_TOKEN, make_settings


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_needs_no_token_and_says_what_runs(auth_client: TestClient) -> None:
    response = auth_client.get("/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == __version__ and body["auth"] is True
    assert body["drafter"] == "grounded" and body["index"]["status"] in ("not_opened", "ready")
    assert body["token"] == "missing"
    worth = {
        t: auth_client.get("/v1/health", headers=_bearer(t)).json()["token"]
        for t in (USER_TOKEN, ADMIN_TOKEN, "x")
    }
    # a wrong token is answered as none: health is no oracle for guessing tokens
    assert worth == {USER_TOKEN: "valid", ADMIN_TOKEN: "admin", "x": "missing"}
    near = auth_client.get("/v1/health", headers=_bearer(USER_TOKEN[:-1] + "4")).json()
    assert near["token"] == "missing" and set(near) == set(body)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/v1/check"),
        ("post", "/v1/check/annotated"),
        ("post", "/v1/draft"),
        ("get", "/v1/search?q=x"),
        ("post", "/v1/index"),
    ],
)
def test_every_v1_call_but_health_needs_a_token(auth_client: TestClient, method: str, path: str) -> None:
    response = getattr(auth_client, method)(path)
    assert response.status_code == 401
    assert response.json()["code"] == "ej_inloggad" and "Bearer" in response.json()["message"]
    wrong = getattr(auth_client, method)(path, headers=_bearer("gissad-token"))
    assert wrong.status_code == 401 and wrong.json()["message"] == "Token är ogiltig."
    basic = getattr(auth_client, method)(path, headers={"Authorization": f"Basic {USER_TOKEN}"})
    assert basic.status_code == 401


def test_a_user_token_checks_but_cannot_index(auth_client: TestClient) -> None:
    files = {"file": (CORPUS_MD.name, CORPUS_MD.read_bytes(), "text/markdown")}
    assert auth_client.post("/v1/check", files=files, headers=_bearer(USER_TOKEN)).status_code == 200
    assert auth_client.post("/v1/check", files=files, headers=_bearer("other")).status_code == 200
    response = auth_client.post("/v1/index", headers=_bearer(USER_TOKEN))
    assert response.status_code == 403 and response.json()["code"] == "ej_behorig"


def test_an_admin_token_passes_the_index_gate(auth_client: TestClient) -> None:
    # a wrong body type proves the request got past authentication without indexing anything
    response = auth_client.post(
        "/v1/index", content=b"{}", headers={**_bearer(ADMIN_TOKEN), "content-type": "application/json"}
    )
    assert response.status_code == 415
    # an admin token is also good for the user endpoints
    files = {"file": (CORPUS_MD.name, CORPUS_MD.read_bytes(), "text/markdown")}
    assert auth_client.post("/v1/check", files=files, headers=_bearer(ADMIN_TOKEN)).status_code == 200


def test_only_user_tokens_configured_means_nobody_may_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path, api_tokens=USER_TOKEN)
    with TestClient(create_app(settings, warm=False)) as c:
        response = c.post("/v1/index", headers=_bearer(USER_TOKEN))
        assert response.status_code == 403 and "VBASSIST_ADMIN_TOKENS" in response.json()["message"]


def test_cors_allows_the_add_in_origin_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path, public_url="https://vbassist.example.se/")
    with TestClient(create_app(settings, warm=False)) as c:
        preflight = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        }
        ok = c.options("/v1/check", headers={"Origin": "https://vbassist.example.se", **preflight})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://vbassist.example.se"
        other = c.options("/v1/check", headers={"Origin": "https://elak.example.com", **preflight})
        assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
        simple = c.get("/v1/health", headers={"Origin": "https://elak.example.com"})
        assert "access-control-allow-origin" not in simple.headers


def test_manifest_points_at_the_service(client: TestClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/addin/manifest.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    text = response.text
    assert "{{BASE_URL}}" not in text
    assert '<SourceLocation DefaultValue="http://testserver/addin/taskpane.html"/>' in text
    from lxml import etree

    etree.fromstring(response.content)  # still well-formed XML
    # a spoofed Host header changes nothing (the manifest names the address the service was reached on)
    spoofed = client.get("/addin/manifest.xml", headers={"Host": "elak.example.com:443"}).text
    assert "elak.example.com" not in spoofed and spoofed == text
    settings = make_settings(tmp_path, public_url="https://vbassist.example.se")
    with TestClient(create_app(settings, warm=False)) as c:
        assert (
            'DefaultValue="https://vbassist.example.se/addin/taskpane.html"'
            in c.get("/addin/manifest.xml").text
        )


@pytest.mark.skipif(
    dist_dir() is None, reason="the add-in is not built (cd addin && npm ci && npm run build)"
)
def test_add_in_files_are_served_and_nothing_outside(client: TestClient) -> None:
    page = client.get("/addin/taskpane.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "taskpane.js" in page.text
    assert client.get("/addin/taskpane.js").headers["content-type"].split(";")[0] in (
        "text/javascript",
        "application/javascript",
    )
    assert client.get("/addin/assets/icon-32.png").content.startswith(b"\x89PNG")
    assert client.get("/addin/taskpane.js.map").status_code == 404
    assert client.get("/addin/../../pyproject.toml").status_code == 404
    assert client.get("/addin/%2e%2e/%2e%2e/pyproject.toml").status_code == 404


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/v1/health", "/v1/check", "/v1/check/annotated", "/v1/draft", "/v1/search", "/v1/index"):
        assert path in schema["paths"], path
    body = schema["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert set(body) == {"multipart/form-data", "application/json"}
    assert "Report" in schema["components"]["schemas"] and "Goal" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_api_docs_work_offline(client: TestClient) -> None:
    """/docs must not depend on a CDN: every script and style it loads is served by the service."""
    import re

    page = client.get("/docs").text
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+\.(?:js|css))['"]""", page)
    assert assets, "the docs page loads no scripts"
    for url in assets:
        assert url.startswith("/docs-assets/"), url
        response = client.get(url)
        assert response.status_code == 200 and len(response.content) > 1000, url
