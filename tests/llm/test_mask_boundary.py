"""Nothing personal leaves the process: every request body that reaches a model or an embedding endpoint
is recorded at a local stand-in for an OpenAI-compatible server (a fake: no cloud model can run here,
tests/conftest.py) and searched for every spelling of the planted personal data.

The report is a real VB (corpus/, Ungdomsenheten 2025) with personal data written the ways people write
it, planted in a Förväntat resultat and in every Analys. "External" is tested for real in a subprocess
that reaches the stand-in through HTTP_PROXY while it believes it talks to hosts on the internet
(`*.vbassist.invalid`); in this process the stand-in is on 127.0.0.1, i.e. local, which `always` masks
and `external` does not.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from vbassist.api import create_app
from vbassist.drafting import draft_goal, find_goal
from vbassist.index.embeddings import make_embedder
from vbassist.model import Report
from vbassist.names import fold
from vbassist.parsing import parse_file
from vbassist.settings import Settings

REPO = Path(__file__).resolve().parents[2]
CORPUS_MD = REPO / "corpus" / "vb2025_hagersten-alvsjo_ungdomsenheten.md"
GOAL = "Enheten erbjuder rätt vård för rätt pris"
NAMES = ["Anna Svensson", "Bo Ek"]

# the spellings of issue 15, and the same persons written otherwise
PLANTED = (
    "Kontakt: ANNA SVENSSON, tel (08) 508 111 22, mobil +46 70 123 45 67, "
    "växel 08–508 222 33. Anna\u00a0Svenssons ersättare Bo Ek nås på 08-508 444 55, "
    "eller bo.ek@stockholm.se. Barnets personnummer 811228\u20119874, syskonets 19811228\u20139874."
)
# what must never be seen outside: the literal spellings, the names folded, and the digit runs of every
# phone number and personnummer (searched in the body's digits alone, whatever separates them)
SPELLINGS = ["ANNA SVENSSON", "Anna\u00a0Svensson", "Bo Ek", "bo.ek@stockholm.se", "(08) 508 111 22"]
FOLDED_NAMES = ["anna svensson", "svensson", "bo ek"]
DIGIT_RUNS = ["50811122", "701234567", "50822233", "50844455", "8112289874"]
KINDS = {"namn", "telefon", "epost", "personnummer"}


def leaks(text: str) -> list[str]:
    """Every planted value that `text` still holds, in any spelling."""
    folded = re.sub(r"\s+", " ", fold(text))
    digits = re.sub(r"\D", "", text)
    found = [s for s in SPELLINGS if s in text]
    found += [n for n in FOLDED_NAMES if n in folded]
    found += [d for d in DIGIT_RUNS if d in digits]
    return found


def bodies(server: Any) -> str:
    """All recorded request bodies as one text (strings decoded: a JSON escape hides nothing)."""
    return "\n".join(json.dumps(body, ensure_ascii=False) for body in server.requests)


def planted_md(tmp: Path) -> Path:
    text = CORPUS_MD.read_text(encoding="utf-8")
    first = "Alla individuella avtal har en bilagd vårdplan.  \n"
    assert first in text
    text = text.replace(first, f"{first}{PLANTED}  \n")
    text = re.sub(r"(#+ \**Analys\**\n\n)", rf"\1{PLANTED} ", text)
    path = tmp / "vb2025_ungdomsenheten_pii.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_md(tmp_path_factory.mktemp("pii"))


@pytest.fixture(scope="module")
def names_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "namn.txt"
    path.write_text("\n".join(NAMES) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def server(openai_server: Any) -> Any:  # tests/conftest.py: OpenAIStandIn, a fake model and endpoint
    openai_server.default_reply = json.dumps(
        {"text": "Enheten bedömer att målet uppfylls helt. [NAMN_1] följer upp.", "gaps": [], "claims": []}
    )
    return openai_server


def _report(path: Path) -> Report:
    [report] = parse_file(path)
    return report


def test_the_planted_text_is_what_the_detector_finds() -> None:
    # the detector itself: every planted value is found in the planted text, none in the corpus text
    assert set(leaks(PLANTED)) == set(SPELLINGS + FOLDED_NAMES + DIGIT_RUNS)
    assert leaks(CORPUS_MD.read_text(encoding="utf-8")) == []


def test_always_masks_the_chat_request_of_a_draft(server: Any, report_path: Path, names_file: Path) -> None:
    settings = Settings(
        llm="m", llm_base_url=server.url, llm_timeout_s=20, mask_pii="always", mask_names_file=names_file
    )
    report = _report(report_path)
    draft = draft_goal(report, find_goal(report, GOAL), settings=settings)
    assert server.requests, "the draft never asked the model"
    sent = bodies(server)
    assert leaks(sent) == []
    assert "[TELEFON_1]" in sent and "[NAMN_1]" in sent and "[PERSONNUMMER_1]" in sent
    assert {m.kind for m in draft.masked} == KINDS
    # the model's answer ("[NAMN_1] följer upp.") is unmasked for the reader
    assert draft.verification.drafter == "llm"
    assert "Anna Svensson följer upp." in draft.text


def test_external_sends_a_local_model_the_text_as_it_is(
    server: Any, report_path: Path, names_file: Path
) -> None:
    # near miss: a model on this machine (127.0.0.1) gets the text unmasked by default, so a test that
    # finds nothing above has really looked
    settings = Settings(llm="m", llm_base_url=server.url, llm_timeout_s=20, mask_names_file=names_file)
    assert settings.mask_pii == "external"
    report = _report(report_path)
    draft = draft_goal(report, find_goal(report, GOAL), settings=settings)
    assert set(leaks(bodies(server))) >= {"ANNA SVENSSON", "50811122", "8112289874"}
    assert draft.masked == []


def test_the_llm_check_pass_is_masked(server: Any, report_path: Path, names_file: Path) -> None:
    from vbassist.checks.llm_pass import llm_pass

    settings = Settings(
        llm="m", llm_base_url=server.url, llm_timeout_s=20, mask_pii="always", mask_names_file=names_file
    )
    llm_pass(_report(report_path), settings=settings, model=_model(settings))
    assert server.requests, "the check pass never asked the model"
    assert leaks(bodies(server)) == []


def _model(settings: Settings) -> Any:
    from vbassist.llm.provider import get_chat_model

    return get_chat_model(settings)


def _embedding_settings(server: Any, tmp_path: Path, names_file: Path, policy: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        embedding="openai",
        embedding_base_url=server.url,
        mask_pii=policy,  # type: ignore[arg-type]
        mask_names_file=names_file,
    )


def test_embedding_requests_are_masked(server: Any, tmp_path: Path, names_file: Path) -> None:
    embedder = make_embedder(_embedding_settings(server, tmp_path, names_file, "always"))
    vectors = embedder.embed_passages([PLANTED, "Andelen ökade till 61 %."])
    assert vectors.shape[0] == 2
    embedder.embed_query(f"vad skrev {PLANTED}")
    assert len(server.requests) == 2
    assert leaks(bodies(server)) == []
    assert set(embedder.masked_kinds(PLANTED)) == KINDS
    # the bundled model runs in this process: nothing leaves, nothing to mask
    local = make_embedder(Settings(data_dir=tmp_path, mask_pii="always", mask_names_file=names_file))
    assert local.masked_kinds(PLANTED) == []


def test_never_sends_everything(server: Any, tmp_path: Path, names_file: Path) -> None:
    make_embedder(_embedding_settings(server, tmp_path, names_file, "never")).embed_query(PLANTED)
    assert "ANNA SVENSSON" in leaks(bodies(server))


@pytest.mark.slow
def test_api_search_and_draft_say_what_was_masked(server: Any, tmp_path: Path, names_file: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=tmp_path / "corpus",
        workers=0,
        llm="m",
        llm_base_url=server.url,
        llm_timeout_s=20,
        embedding="openai",
        embedding_base_url=server.url,
        mask_pii="always",
        mask_names_file=names_file,
    )
    report_md = planted_md(tmp_path)
    with TestClient(create_app(settings, warm=False)) as client:
        indexed = client.post(
            "/v1/index", files={"files": (report_md.name, report_md.read_bytes(), "text/markdown")}
        )
        assert indexed.status_code == 200, indexed.text
        search = client.get("/v1/search", params={"q": f"avtal med {PLANTED}", "k": 3})
        assert search.status_code == 200, search.text
        assert set(search.json()["masked"]) == KINDS
        assert search.json()["hits"]
        plain = client.get("/v1/search", params={"q": "avtal och vårdplan", "k": 3})
        assert plain.json()["masked"] == []
        draft = client.post(
            "/v1/draft",
            files={"file": (report_md.name, report_md.read_bytes(), "text/markdown")},
            data={"goal": GOAL},
        )
        assert draft.status_code == 200, draft.text
        assert {m["kind"] for m in draft.json()["masked"]} == KINDS
    assert any(t.endswith("/embeddings") for t in server.targets)
    assert any(t.endswith("/chat/completions") for t in server.targets)
    assert leaks(bodies(server)) == []


@pytest.mark.slow
def test_cli_index_and_draft_mask_every_request_to_external_hosts(
    server: Any, report_path: Path, names_file: Path, tmp_path: Path
) -> None:
    """`vbassist index` and `vbassist draft` with the default policy, a chat model and an embedding
    endpoint on (fake) internet hosts: every corpus passage, search question and prompt is masked."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / report_path.name).write_bytes(report_path.read_bytes())
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("VBASSIST_")},
        "HTTP_PROXY": server.proxy,
        "http_proxy": server.proxy,
        "NO_PROXY": "",
        "no_proxy": "",
        "VBASSIST_DATA_DIR": str(tmp_path / "data"),
        "VBASSIST_CORPUS_DIR": str(corpus),
        "VBASSIST_LLM": "m",
        "VBASSIST_LLM_BASE_URL": "http://llm.vbassist.invalid/v1",
        "VBASSIST_LLM_TIMEOUT_S": "20",
        "VBASSIST_EMBEDDING": "openai",
        "VBASSIST_EMBEDDING_BASE_URL": "http://embed.vbassist.invalid/v1",
        "VBASSIST_MASK_NAMES_FILE": str(names_file),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vbassist.cli", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )

    indexed = run("index")
    assert indexed.returncode == 0, indexed.stderr
    drafted = run("draft", str(corpus / report_path.name), "--goal", GOAL, "--format", "json")
    assert drafted.returncode == 0, drafted.stderr
    assert {m["kind"] for m in json.loads(drafted.stdout)["masked"]} == KINDS
    hosts = {re.sub(r"^http://([^/]+)/.*$", r"\1", t) for t in server.targets}
    assert hosts == {"llm.vbassist.invalid", "embed.vbassist.invalid"}  # both went "out", by the proxy
    assert leaks(bodies(server)) == []
