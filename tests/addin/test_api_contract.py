"""One findings contract (issue 16): the service's pydantic models are its response models, its
/openapi.json describes exactly what it sends, and the add-in's TypeScript types are generated from that
schema. These tests fail when the add-in's schema file (addin/openapi.json, which addin/build.mjs turns
into src/taskpane/api-schema.ts) and the running service drift apart, or when an answer of the real
service does not match its own schema."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

# the service started as the API tests start it (tests/api/conftest.py, imported as the package `api`)
from api.conftest import free_port, serve_env, serve_process
from jsonschema import Draft202012Validator

from vbassist.api.app import create_app
from vbassist.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ADDIN = ROOT / "addin"
SCHEMA_FILE = ADDIN / "openapi.json"
SAMPLES = sorted((ROOT / "tests" / "data").glob("*.docx"))
DUMP = "scripts/dump_openapi.py"

pytestmark = pytest.mark.slow  # starts the service


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vbassist serve` as users run it, on a free loopback port, without a corpus or an index."""
    root = tmp_path_factory.mktemp("contract")
    port = free_port()
    env = serve_env(root, WORKERS="1", LLM="")
    env.pop("VBASSIST_API_TOKENS", None)
    url = f"http://127.0.0.1:{port}"
    with serve_process(["--port", str(port), "--no-index"], env, root / "serve.log", f"{url}/v1/health"):
        yield url


def test_the_addins_schema_file_is_what_the_service_serves(service: str) -> None:
    served = httpx.get(f"{service}/openapi.json", timeout=10).json()
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == served, f"addin/openapi.json is out of date: run `.venv/bin/python {DUMP}`"
    # and the in-process app (what the dump script writes) says the same
    assert create_app(Settings(), warm=False).openapi() == served


def test_the_addins_types_are_generated_from_the_service_schema(tmp_path: Path, service: str) -> None:
    """The TypeScript the build generates from addin/openapi.json is what it generates from the live
    service's schema: a model changed in Python without the add-in's types following fails here."""
    node = shutil.which("node")
    if node is None or not (ADDIN / "node_modules").is_dir():
        pytest.fail("Node.js and addin/node_modules are needed: scripts/setup.sh --test installs them")
    live = tmp_path / "openapi.json"
    live.write_text(httpx.get(f"{service}/openapi.json", timeout=10).text, encoding="utf-8")

    def generate(schema: Path, out: Path) -> str:
        subprocess.run(
            [node, "build.mjs", "--types-only", "--schema", str(schema), "--types-out", str(out)],
            cwd=ADDIN,
            check=True,
            capture_output=True,
            timeout=120,
        )
        return out.read_text(encoding="utf-8")

    from_live = generate(live, tmp_path / "live.ts")
    from_file = generate(SCHEMA_FILE, tmp_path / "file.ts")
    assert from_live == from_file, f"the add-in's types drift from the service: run `.venv/bin/python {DUMP}`"
    for name in ("Finding", "Place", "Evidence", "CheckResult", "Draft", "SearchResponse"):
        assert f"        {name}: {{" in from_live, f"{name} is in the generated types"
    assert "severity_reason: string | null;" in from_live and "place: components" in from_live


def test_every_check_answer_matches_the_served_schema(service: str) -> None:
    """Real uploads of every sample, validated against the schema the service itself publishes (its
    models forbid extra keys, so a key sent but not described fails too)."""
    schema = httpx.get(f"{service}/openapi.json", timeout=10).json()
    validator = Draft202012Validator(
        {"$ref": "#/components/schemas/CheckResult", "components": schema["components"]}
    )
    for sample in SAMPLES:
        files = {"file": (sample.name, sample.read_bytes(), "application/octet-stream")}
        response = httpx.post(f"{service}/v1/check", files=files, timeout=60)
        assert response.status_code == 200, response.text
        body = response.json()
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        assert not errors, f"{sample.name}: {errors[0].message} at {list(errors[0].path)}"
        findings = body["documents"][0]["findings"]
        assert findings and all(f["place"] is not None for f in findings if f["location"] is not None)
    # the schema is strict where it must be: a finding with a key it does not describe is refused
    finding = body["documents"][0]["findings"][0]
    bad = {**body, "documents": [{"source": "x", "findings": [{**finding, "extra": 1}]}]}
    assert not validator.is_valid(bad)
