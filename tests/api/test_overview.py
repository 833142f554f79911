"""POST /v1/overview with real uploads of the sample drafts (through the service's worker process):
the same overview the CLI writes for the same files, a bad file listed rather than fatal, and the
service's limits and error codes when nothing can be read."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from vbassist.api import create_app
from vbassist.batch import BytesInput
from vbassist.cli import app
from vbassist.overview import FORMATS, build_overview
from vbassist.settings import Settings

from .conftest import DATA, REPO, make_settings

DOCX = sorted(DATA.glob("*.docx"))
# the .pdf of one draft: read (slowly, so only once here) and left out as a second copy of that report
PDF = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.pdf"
CORRUPT = ("trasig.docx", b"PK\x03\x04 not really a zip")


def _files(*extra: tuple[str, bytes], paths: list[Path] = DOCX) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in paths] + [("files", e) for e in extra]


def _cells(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_the_api_answers_what_the_cli_writes(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/v1/overview", files=_files(paths=[*DOCX, PDF]), data={"format": "xlsx"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == FORMATS[".xlsx"]
    assert response.headers["x-vbassist-reports"] == "5" and response.headers["x-vbassist-failed"] == "0"
    assert "översikt.xlsx" in response.headers["content-disposition"].replace("%C3%B6", "ö")
    out = tmp_path / "oversikt.xlsx"
    cli = CliRunner().invoke(app, ["overview", "--no-corpus", *map(str, [*DOCX, PDF]), "--out", str(out)])
    assert cli.exit_code == 0, cli.output
    assert _cells(response.content) == _cells(out.read_bytes())


def test_json_is_the_overview_of_the_same_bytes(client: TestClient, service_settings: Settings) -> None:
    response = client.post("/v1/overview", files=_files(CORRUPT), data={"format": "json"})
    assert response.status_code == 200 and response.headers["x-vbassist-failed"] == "1"
    direct = build_overview(
        [BytesInput(p.name, p.read_bytes()) for p in DOCX] + [BytesInput(*CORRUPT)],
        settings=service_settings,
        jobs=1,
        corpus_dir=service_settings.corpus_dir,
    )
    assert response.json() == direct.model_dump(mode="json")
    assert [f["source"] for f in response.json()["failed"]] == ["trasig.docx"]


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_other_formats_and_a_bad_file_listed(client: TestClient, fmt: str) -> None:
    response = client.post("/v1/overview", files=_files(CORRUPT), data={"format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == FORMATS[f".{fmt}"]
    assert response.headers["x-vbassist-failed"] == "1"
    if fmt == "html":
        assert "trasig.docx" in response.text and response.text.startswith("<!DOCTYPE html>")
    else:
        texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
        assert "Filer som inte kunde läsas" in texts and any(t.startswith("trasig.docx: ") for t in texts)


def test_nothing_readable_is_the_files_error(client: TestClient) -> None:
    response = client.post("/v1/overview", files=[("files", CORRUPT)])
    assert response.status_code == 422 and response.json()["code"] == "trasig_fil"
    assert "trasig.docx" in response.json()["message"]
    response = client.post("/v1/overview", files=[("files", ("tom.docx", b""))])
    assert response.status_code == 422 and response.json()["code"] == "tom_fil"
    plan = REPO / "corpus" / "vp2025_hagersten-alvsjo_barnenheten.txt"  # a plan: read, but no statuses
    response = client.post("/v1/overview", files=[("files", (plan.name, plan.read_bytes()))])
    assert response.status_code == 422 and response.json()["code"] == "inte_en_rapport"


def test_bad_requests(client: TestClient) -> None:
    response = client.post("/v1/overview", json={"files": []})
    assert response.status_code == 415 and response.json()["code"] == "fel_innehallstyp"
    response = client.post("/v1/overview", data={"format": "xlsx"}, files=[("annat", ("a.txt", b"x"))])
    assert response.status_code == 422 and "files" in response.json()["message"]
    response = client.post("/v1/overview", files=_files()[:1], data={"format": "pdf"})
    assert response.status_code == 422 and response.json()["code"] == "ogiltig_begaran"


@pytest.fixture(scope="module")
def small_limits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(tmp_path_factory.mktemp("overview-limits"), max_upload_mb=0.2)
    with TestClient(create_app(settings, warm=False)) as c:
        yield c


def test_uploads_over_the_request_limit_are_413(small_limits: TestClient) -> None:
    # each draft is small, but together they exceed the request's limit
    response = small_limits.post("/v1/overview", files=_files())
    assert response.status_code == 413 and response.json()["code"] == "for_stor_fil"
    # near miss: two drafts fit
    response = small_limits.post("/v1/overview", files=_files()[:2])
    assert response.status_code == 200 and response.headers["x-vbassist-reports"] == "2"
