"""The overview over the real sample drafts, built once per session through the real batch (two
worker processes, as the CLI runs it), and copies of the samples edited the way a unit would (its own
name, its own typo in the pasted nämndmål) by rewriting the text of the Word file's body."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from vbassist.batch import check_documents
from vbassist.checks.result import CheckResult
from vbassist.overview import Overview, build_overview
from vbassist.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
DOCX = sorted(DATA.glob("*.docx"))
PDF = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.pdf"
VUXEN = DATA / "vb2024_kungsholmen_vuxenenheten.docx"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
UNGDOM = DATA / "vb2025_hagersten-alvsjo_ungdomsenheten.docx"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "overview"


def edited_copy(source: Path, target: Path, replacements: dict[str, str]) -> Path:
    """`source` with each text of `replacements` replaced in the document body (every one must occur)."""
    src = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                for old, new in replacements.items():
                    assert old in xml, f"{old!r} is not in {source.name}"
                    xml = xml.replace(old, new)
                data = xml.encode("utf-8")
            dst.writestr(info, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.getvalue())
    return target


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("overview-settings")
    return Settings(data_dir=root / "data", corpus_dir=root / "corpus", llm=None)


@pytest.fixture(scope="session")
def samples_overview(settings: Settings) -> Overview:
    """All samples: five .docx drafts and the .pdf of one of them (a second copy of that report)."""
    return build_overview([DATA], settings=settings, jobs=2, use_corpus=False)


@pytest.fixture(scope="session")
def samples_check(settings: Settings) -> CheckResult:
    return check_documents([DATA], settings=settings, jobs=1, use_corpus=False)
