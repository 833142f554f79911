"""One validation, one message: a search filter the index cannot hold is refused by GET /v1/search
(422) and by `vbassist search` (exit 2) with the same reason, naming the allowed values, instead of
answering no hits. The value itself is never repeated."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from vbassist.cli import app

BAD = [
    (
        {"level": "goal"},
        "--level",
        "ska vara ett av: kf_inriktningsmal, kf_verksamhetsmal, namndmal, enhetsmal, indikator, avsnitt",
    ),
    ({"kind": "VX"}, "--kind", "ska vara ett av: VB, VP, T1, T2"),
    ({"year": "förra"}, "--year", "ska vara ett heltal"),
    ({"year": "1800"}, "--year", "ska vara minst 1990"),
    ({"k": "0"}, "--k/-k", "ska vara minst 1"),
    ({"k": "51"}, "--k/-k", "får vara högst 50"),
]


@pytest.mark.parametrize(("params", "option", "reason"), BAD, ids=lambda x: str(x)[:20])
def test_api_and_cli_refuse_the_same_way(
    client: TestClient, params: dict[str, str], option: str, reason: str
) -> None:
    ((field, value),) = params.items()
    response = client.get("/v1/search", params={"q": "barn och unga", **params})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "ogiltig_begaran"
    assert body["message"] == f"Ogiltig begäran: {field}: {reason}"
    assert value not in body["message"]

    result = CliRunner().invoke(app, ["search", "barn och unga", f"--{field}", value], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert f"Ogiltigt värde för {option}: {reason}." in result.output


def test_valid_filters_pass_to_the_index(client: TestClient) -> None:
    # near miss: every allowed value is accepted (an empty index answers with no hits and a message)
    for params in ({"level": "enhetsmal"}, {"kind": "T2"}, {"year": "2024"}, {"k": "50"}, {"unit": ""}):
        response = client.get("/v1/search", params={"q": "barn och unga", **params})
        assert response.status_code == 200, (params, response.text)
        assert response.json()["hits"] == []
