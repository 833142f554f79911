"""POST /v1/index (admin) and GET /v1/search against a real index (Chroma, the bundled embedding model,
BM25) built through the API from a slice of a real report; drafts then cite it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from vbassist.api import create_app

from .conftest import ADMIN_TOKEN, CORPUS_MD, FAMILJEHEM, USER_TOKEN, make_settings

pytestmark = pytest.mark.slow  # embeds a dozen passages with the real model (seconds)


def _slice(chars: int) -> bytes:
    """The start of a real VB (Ungdomsenheten 2025), cut at a line end: a dozen passages."""
    text = CORPUS_MD.read_text(encoding="utf-8")
    return text[: text.index("\n", chars)].encode()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(
        tmp_path_factory.mktemp("index"), api_tokens=USER_TOKEN, admin_tokens=ADMIN_TOKEN
    )
    with TestClient(create_app(settings, warm=False), headers={"Authorization": f"Bearer {USER_TOKEN}"}) as c:
        empty = c.get("/v1/search", params={"q": "ungdomar"})
        assert empty.status_code == 200 and empty.json()["hits"] == []
        assert "tomt" in empty.json()["message"]
        response = c.post(
            "/v1/index",
            files={"files": ("ungdomsenheten.md", _slice(20000), "text/markdown")},
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        )
        assert response.status_code == 200, response.text
        yield c


def test_index_reports_what_it_did(indexed: TestClient) -> None:
    health = indexed.get("/v1/health").json()
    assert health["index"]["status"] == "ready" and health["index"]["chunks"] > 5


def test_search_finds_the_indexed_report_with_filters(indexed: TestClient) -> None:
    response = indexed.get("/v1/search", params={"q": "barn och unga delaktiga utredning", "k": 3})
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert 1 <= len(hits) <= 3
    assert all(h["metadata"]["unit"] == "Ungdomsenheten" and h["metadata"]["year"] == 2025 for h in hits)
    assert all("/" not in h["metadata"]["source"] for h in hits)  # a name, not the server's path
    assert any("delaktig" in h["text"].lower() for h in hits)
    # near miss: a filter that matches nothing gives nothing
    none = indexed.get("/v1/search", params={"q": "barn och unga delaktiga", "year": 2019})
    assert none.status_code == 200 and none.json()["hits"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x", "k": 0},
        {"q": "x", "k": 51},
        {"q": "x", "year": "förra"},
        {"q": "x", "kind": "VX"},
    ],
)
def test_search_parameters_are_validated_in_swedish(indexed: TestClient, params: dict) -> None:
    response = indexed.get("/v1/search", params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "ogiltig_begaran" and response.json()["message"].startswith(
        "Ogiltig begäran"
    )


def test_sending_a_file_again_replaces_its_passages(indexed: TestClient) -> None:
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    before = indexed.get("/v1/health").json()["index"]["chunks"]
    same = indexed.post("/v1/index", files={"files": ("ungdomsenheten.md", _slice(20000))}, headers=admin)
    assert same.json()["indexed"] == [] and same.json()["unchanged"] == 1
    shorter = indexed.post("/v1/index", files={"files": ("ungdomsenheten.md", _slice(9000))}, headers=admin)
    assert shorter.status_code == 200 and shorter.json()["indexed"] == ["ungdomsenheten.md"]
    assert 0 < shorter.json()["chunks_total"] < before
    restored = indexed.post("/v1/index", files={"files": ("ungdomsenheten.md", _slice(20000))}, headers=admin)
    assert restored.json()["chunks_total"] == before


def test_index_refuses_other_file_kinds(indexed: TestClient) -> None:
    response = indexed.post(
        "/v1/index",
        files={"files": ("program.exe", b"MZ\x90\x00")},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert response.status_code == 422 and ".docx" in response.json()["message"]


def test_a_draft_cites_the_index(indexed: TestClient) -> None:
    response = indexed.post(
        "/v1/draft",
        files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())},
        # a goal another unit also has under the same nämndmål ("Placerade barn får en bättre hälsa och
        # skolgång"): other units' analyses are offered when they share the nämndmål and the topic
        data={"goal": "Familjehemsplacerade barn får en bättre hälsa"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not any("index" in n.lower() for n in body["verification"]["notes"])
    assert body["citations"], "another unit's analysis in the same district is offered"
    for citation in body["citations"]:
        assert citation["snippet"] and citation["unit"] == "Ungdomsenheten"
