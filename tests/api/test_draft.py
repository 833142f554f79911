"""POST /v1/draft: from an uploaded report and a goal title, from a parsed report as JSON, from facts;
a failing language model degrades to the grounded draft with a note."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from vbassist.api import create_app
from vbassist.drafting import draft_goal, find_goal
from vbassist.parsing import parse_bytes
from vbassist.settings import Settings

from .conftest import FAMILJEHEM, make_settings

GOAL = "Familjehem erbjuds ett stöd"


def _grounded(settings: Settings, title: str = GOAL) -> dict:
    (report,) = parse_bytes(FAMILJEHEM.read_bytes(), FAMILJEHEM.name)
    return draft_goal(report, find_goal(report, title), settings=settings, index=None).model_dump(mode="json")


def test_draft_from_an_upload_is_the_grounded_draft(client: TestClient, service_settings: Settings) -> None:
    response = client.post(
        "/v1/draft",
        files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())},
        data={"goal": GOAL.lower(), "sources": "false"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {
        "text",
        "status",
        "suggested_status",
        "facts",
        "citations",
        "gaps",
        "verification",
        "masked",
    }
    expected = _grounded(service_settings)
    assert body["text"] == expected["text"] and body["text"].startswith("Enheten bedömer")
    assert body["facts"]["goal"].startswith(GOAL)
    assert body["verification"]["drafter"] == "grounded" and body["verification"]["ok"] is True


def test_draft_with_sources_from_an_empty_index_says_so(client: TestClient) -> None:
    response = client.post(
        "/v1/draft", files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())}, data={"goal": GOAL}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["citations"] == []
    assert any("index" in note.lower() for note in body["verification"]["notes"])


def test_unknown_goal_is_404_listing_the_goals(client: TestClient) -> None:
    response = client.post(
        "/v1/draft",
        files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())},
        data={"goal": "Finns inte alls"},
    )
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "mal_saknas" and "Familjehem erbjuds" in body["message"]


def test_ambiguous_goal_is_422_naming_the_candidates(client: TestClient) -> None:
    response = client.post(
        "/v1/draft",
        files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())},
        data={"goal": "Enheten", "sources": "false"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "mal_tvetydigt"
    assert (
        "Enheten köper i ökad utsträckning" in body["message"]
        and "Enheten erbjuder familjer" in body["message"]
    )


def test_goal_field_is_required(client: TestClient) -> None:
    response = client.post("/v1/draft", files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())})
    assert response.status_code == 422 and "goal" in response.json()["message"]


def test_draft_from_json_report_and_from_facts(client: TestClient, service_settings: Settings) -> None:
    (report,) = parse_bytes(FAMILJEHEM.read_bytes(), FAMILJEHEM.name)
    expected = _grounded(service_settings)
    by_report = client.post(
        "/v1/draft", json={"report": report.model_dump(mode="json"), "goal": GOAL, "sources": False}
    )
    assert by_report.status_code == 200, by_report.text
    assert by_report.json()["text"] == expected["text"]
    by_facts = client.post("/v1/draft", json={"facts": expected["facts"], "sources": False})
    assert by_facts.status_code == 200, by_facts.text
    assert by_facts.json()["text"] == expected["text"]
    # near miss: neither form is a 422 that says what to send
    neither = client.post("/v1/draft", json={"goal": GOAL})
    assert neither.status_code == 422 and "facts" in neither.json()["message"]
    bad_facts = client.post("/v1/draft", json={"facts": {"indicators": "inga"}})
    assert bad_facts.status_code == 422 and bad_facts.json()["code"] == "ogiltig_begaran"


def test_unit_selects_the_report(client: TestClient) -> None:
    response = client.post(
        "/v1/draft",
        files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())},
        data={"goal": GOAL, "unit": "Vuxen", "sources": "false"},
    )
    assert response.status_code == 404 and "Familjehemsenheten" in response.json()["message"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connection refused


@pytest.fixture(scope="module")
def failing_llm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A real OpenAI-compatible client pointed at a port nobody listens on: the provider fails."""
    settings = make_settings(
        tmp_path_factory.mktemp("llm"),
        llm="lokal-modell",
        llm_base_url=f"http://127.0.0.1:{_closed_port()}/v1",
    )
    with TestClient(create_app(settings, warm=False)) as c:
        yield c


def test_a_failing_language_model_gives_the_grounded_draft_with_a_note(
    failing_llm: TestClient, service_settings: Settings
) -> None:
    health = failing_llm.get("/v1/health").json()
    assert health["drafter"] == "llm" and health["llm"] == "lokal-modell"
    response = failing_llm.post(
        "/v1/draft",
        files={"file": (FAMILJEHEM.name, FAMILJEHEM.read_bytes())},
        data={"goal": GOAL, "sources": "0"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verification"]["drafter"] == "grounded"
    assert body["text"] == _grounded(service_settings)["text"]
    notes = " ".join(body["verification"]["notes"]).lower()
    assert "språkmodell" in notes or "modell" in notes, notes
