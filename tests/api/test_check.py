"""POST /v1/check and /v1/check/annotated with real uploads of the sample drafts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from vbassist.batch import BytesInput, check_documents
from vbassist.settings import Settings

from .conftest import CORPUS_MD, FAMILJEHEM, SAMPLES, UNGDOM, docx_upload


def _direct(path: Path, settings: Settings, name: str | None = None) -> dict:
    """What the CLI's JSON says for the same bytes: the API must say exactly that."""
    result = check_documents(
        [BytesInput(name or path.name, path.read_bytes())],
        settings=settings,
        jobs=1,
        corpus_dir=settings.corpus_dir,
        dedupe=False,
    )
    return result.to_json()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_check_answers_what_the_cli_answers(
    client: TestClient, service_settings: Settings, sample: Path
) -> None:
    response = client.post("/v1/check", files=docx_upload(sample))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == _direct(sample, service_settings)
    (document,) = body["documents"]
    assert document["source"] == sample.name and "error" not in document
    assert body["summary"]["reports"] >= 1
    assert response.headers["x-request-id"]
    assert response.headers["cache-control"] == "no-store"  # findings can quote personal data


def test_a_draft_with_errors_has_located_findings(client: TestClient) -> None:
    body = client.post("/v1/check", files=docx_upload(FAMILJEHEM)).json()
    findings = body["documents"][0]["findings"]
    assert body["summary"]["findings"] == len(findings) > 0
    assert {f["severity"] for f in findings} <= {"error", "warning", "info"}
    assert all(f["location"] is not None or f["evidence"] for f in findings)
    # the documented JSON keys only (docs/check.md), each finding with its readable place
    documented = {"id", "rule", "category", "severity", "unit", "goal", "message", "evidence", "location"}
    documented |= {"also_rules", "place", "suggestion", "confidence", "severity_reason"}
    assert all(set(f) == documented for f in findings)
    assert all(f["place"]["text"] for f in findings if f["location"] is not None)


def test_markdown_upload_and_path_in_the_name_is_dropped(client: TestClient) -> None:
    response = client.post(
        "/v1/check", files={"file": ("../../etc/" + CORPUS_MD.name, CORPUS_MD.read_bytes(), "text/markdown")}
    )
    assert response.status_code == 200, response.text
    assert response.json()["documents"][0]["source"] == CORPUS_MD.name


def test_a_parsed_report_as_json_gives_the_same_findings(client: TestClient) -> None:
    from vbassist.parsing import parse_bytes

    (report,) = parse_bytes(UNGDOM.read_bytes(), UNGDOM.name)
    as_json = client.post(
        "/v1/check", content=report.model_dump_json(), headers={"content-type": "application/json"}
    )
    as_file = client.post("/v1/check", files=docx_upload(UNGDOM))
    assert as_json.status_code == 200, as_json.text
    ids = lambda r: sorted((f["rule"], f["message"]) for f in r.json()["documents"][0]["findings"])  # noqa: E731
    assert ids(as_json) == ids(as_file) and ids(as_file)


def test_invalid_report_json_is_422_naming_the_field(client: TestClient) -> None:
    response = client.post(
        "/v1/check", json={"kind": "VB", "source": "x", "hemligt": "personnummer 19121212-1212"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "ogiltig_begaran" and "source_format" in body["message"]
    assert "19121212" not in body["message"]  # values are never echoed


def test_wrong_content_type_is_415(client: TestClient) -> None:
    response = client.post("/v1/check", content=b"hej", headers={"content-type": "text/plain"})
    assert response.status_code == 415 and response.json()["code"] == "fel_innehallstyp"


def test_missing_file_field_is_422(client: TestClient) -> None:
    response = client.post("/v1/check", data={"annat": "x"}, files={"bilaga": ("a.txt", b"x")})
    assert response.status_code == 422 and "file" in response.json()["message"]


def test_rules_switch_by_form_field_or_query_and_unknown_prefix_is_422(client: TestClient) -> None:
    def rules_of(response) -> set[str]:  # type: ignore[no-untyped-def]
        assert response.status_code == 200, response.text
        return {f["rule"] for f in response.json()["documents"][0]["findings"]}

    everything = rules_of(client.post("/v1/check", files=docx_upload(FAMILJEHEM)))
    budget = {r for r in everything if r.startswith("VB-BUDGET")}
    assert budget and everything - budget
    form = client.post("/v1/check", files=docx_upload(FAMILJEHEM), data={"rules": "VB-BUDGET"})
    assert rules_of(form) == budget
    query = client.post("/v1/check?skip_rules=VB-BUDGET", files=docx_upload(FAMILJEHEM))
    assert rules_of(query) == everything - budget
    from vbassist.parsing import parse_bytes

    (report,) = parse_bytes(FAMILJEHEM.read_bytes(), FAMILJEHEM.name)
    as_json = client.post(
        "/v1/check?rules=VB-BUDGET",
        content=report.model_dump_json(),
        headers={"content-type": "application/json"},
    )
    assert rules_of(as_json) == budget
    for bad in (
        client.post("/v1/check", files=docx_upload(FAMILJEHEM), data={"rules": "VB-BUDGT"}),
        client.post("/v1/check/annotated?skip_rules=NOPE", files=docx_upload(FAMILJEHEM)),
    ):
        assert bad.status_code == 422, bad.text
        assert bad.json()["code"] == "okand_regel" and "okänd regel" in bad.json()["message"]


def _comments(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        if "word/comments.xml" not in z.namelist():
            return 0
        return z.read("word/comments.xml").count(b"<w:comment ")


def test_annotated_copy_has_one_word_comment_per_finding(client: TestClient) -> None:
    checked = client.post("/v1/check", files=docx_upload(FAMILJEHEM)).json()
    n = len(checked["documents"][0]["findings"])
    response = client.post(
        "/v1/check/annotated", files=docx_upload(FAMILJEHEM, "Årsberättelse familjehem.docx")
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert int(response.headers["x-vbassist-findings"]) == n > 0
    assert _comments(response.content) == n
    assert "%C3%85rsber%C3%A4ttelse%20familjehem.granskad.docx" in response.headers["content-disposition"]
    import docx

    docx.Document(io.BytesIO(response.content))  # Word can open it: python-docx reads it back


def test_annotated_refuses_a_non_docx(client: TestClient) -> None:
    response = client.post(
        "/v1/check/annotated", files={"file": (CORPUS_MD.name, CORPUS_MD.read_bytes(), "text/markdown")}
    )
    assert response.status_code == 422 and response.json()["code"] == "okant_format"


def test_the_corpus_is_context_for_a_check(tmp_path: Path) -> None:
    """With the repository's corpus (plans of Hägersten-Älvsjö 2025), a VB 2025 of the district is checked
    against them, as `vbassist check` does; with corpus=false it is not."""
    from vbassist.api import create_app

    from .conftest import REPO, make_settings

    settings = make_settings(tmp_path, corpus_dir=REPO / "corpus")
    with TestClient(create_app(settings, warm=False)) as c:
        with_corpus = c.post("/v1/check", files=docx_upload(UNGDOM))
        without = c.post("/v1/check", files=docx_upload(UNGDOM), data={"corpus": "false"})
    assert with_corpus.status_code == 200 == without.status_code
    assert with_corpus.json()["summary"]["related_reports"] > 0
    assert without.json()["summary"]["related_reports"] == 0
    direct = check_documents(
        [BytesInput(UNGDOM.name, UNGDOM.read_bytes())],
        settings=Settings(),
        jobs=1,
        corpus_dir=REPO / "corpus",
        corpus_cache_dir=tmp_path / "data" / "cache" / "check-corpus",
        dedupe=False,
    ).to_json()
    assert with_corpus.json() == direct


def test_a_long_check_does_not_block_other_requests(client: TestClient) -> None:
    """A PDF takes seconds to read; meanwhile the service answers others at once (the work runs in a
    worker process, not on the event loop)."""
    import threading
    import time

    from .conftest import PDF

    result: dict[str, object] = {}

    def slow() -> None:
        result["pdf"] = client.post(
            "/v1/check", files={"file": (PDF.name, PDF.read_bytes(), "application/pdf")}
        )

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.5)
    started = time.perf_counter()
    health = client.get("/v1/health")
    manifest = client.get("/addin/manifest.xml")
    elapsed = time.perf_counter() - started
    assert health.status_code == 200 and manifest.status_code == 200
    assert worker.is_alive(), "the PDF check finished too soon to show anything"
    assert elapsed < 1.0, f"other requests waited {elapsed:.2f} s behind the PDF"
    worker.join(timeout=120)
    pdf = result["pdf"]
    assert pdf.status_code == 200, pdf.text  # type: ignore[attr-defined]
    assert pdf.json()["documents"][0]["findings"]  # type: ignore[attr-defined]
