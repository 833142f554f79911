"""`vbassist draft` end to end on a real sample: one goal as text/JSON, an unknown goal, and `--all --out`
writing drafts under the goals whose analysis is empty, marked by a Word comment."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from vbassist.cli import app
from vbassist.drafting.docx_out import COMMENT_AUTHOR, COMMENT_TEXT
from vbassist.parsing import parse_file

DATA = Path(__file__).resolve().parent.parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
DRAFT_KEYS = {"text", "status", "suggested_status", "facts", "citations", "gaps", "verification", "masked"}


@pytest.fixture(autouse=True)
def _grounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # the CLI reads settings from the environment: make sure no model is configured here
    from vbassist.settings import get_settings

    monkeypatch.delenv("VBASSIST_LLM", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _run(*args: str):
    return CliRunner().invoke(app, ["draft", *args, "--no-sources"])


def test_one_goal_as_json() -> None:
    result = _run(str(FAMILJEHEM), "--goal", "familjehemsplacerade barn får", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == DRAFT_KEYS
    assert data["status"] == "helt" and data["verification"]["ok"] is True
    # the document's own running text writes whole percents ("45%"): so does the draft
    assert "till 73 %." in data["text"] and "73,33" not in data["text"]
    assert data["facts"]["indicators"][0]["utfall"] == 73.33


def test_one_goal_as_text() -> None:
    result = _run(str(FAMILJEHEM), "--goal", "Familjehem erbjuds")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Enhetsmål: Familjehem erbjuds ett stöd")
    assert "Enheten bedömer att målet uppfylls delvis." in result.stdout
    # one number: not "alla 1 tal"
    assert "Kontroll: talet finns i underlaget och stämmer med sin roll (grounded)." in result.stdout


def test_unknown_goal_is_a_swedish_error() -> None:
    result = _run(str(FAMILJEHEM), "--goal", "Inget sådant mål")
    assert result.exit_code == 2
    assert "inget enhetsmål börjar med" in result.output


def test_goal_and_all_are_exclusive() -> None:
    assert _run(str(FAMILJEHEM)).exit_code == 2
    assert _run(str(FAMILJEHEM), "--goal", "x", "--all").exit_code == 2


def _blank_analysis(src: Path, dst: Path) -> None:
    """Copy of the sample where two goals lose their analysis: one keeps its Analys heading, the other
    loses the heading too (the draft then goes after Förväntat resultat)."""
    document = docx.Document(str(src))
    paragraphs = document.paragraphs

    def goal_index(prefix: str) -> int:
        return next(i for i, p in enumerate(paragraphs) if p.text.startswith(f"Enhetsmål: {prefix}"))

    def analys_after(i: int) -> int:
        return next(j for j in range(i + 1, len(paragraphs)) if paragraphs[j].text.strip() == "Analys")

    def drop(paragraph) -> None:
        paragraph._p.getparent().remove(paragraph._p)

    keep_heading = analys_after(goal_index("Familjehem erbjuds"))
    body_a = [paragraphs[keep_heading + 1], paragraphs[keep_heading + 2]]
    no_heading = analys_after(goal_index("Enheten erbjuder familjer"))
    body_b = [paragraphs[no_heading], paragraphs[no_heading + 1]]
    for p in [*body_a, *body_b]:
        drop(p)
    document.save(str(dst))


def test_all_writes_drafts_with_comments(tmp_path: Path) -> None:
    src = tmp_path / "utkast.docx"
    _blank_analysis(FAMILJEHEM, src)
    out = tmp_path / "ut" / "med_utkast.docx"
    result = _run(str(src), "--all", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "2 utkast skrivna" in result.stdout
    assert not list(out.parent.glob("*.tmp"))  # the atomic write leaves no temp file

    document = docx.Document(str(out))
    comments = list(document.comments)
    assert len(comments) == 2
    assert all(c.author == COMMENT_AUTHOR and c.text == COMMENT_TEXT for c in comments)
    texts = [p.text for p in document.paragraphs]
    a = next(i for i, t in enumerate(texts) if t.startswith("Enhetsmål: Familjehem erbjuds"))
    heading = next(i for i in range(a, len(texts)) if texts[i] == "Analys")
    assert (
        texts[heading + 1]
        == "Enheten bedömer att målet uppfylls delvis. [Beskriv vad som saknas för full måluppfyllelse och varför.]"
    )
    b = next(i for i, t in enumerate(texts) if t.startswith("Enhetsmål: Enheten erbjuder familjer"))
    last_bullet = next(
        i for i in range(b, len(texts)) if texts[i].startswith("Fler placerade barn får tidigt")
    )
    assert texts[last_bullet + 1].startswith("Enheten bedömer att målet uppfylls helt.")

    # the written file parses back with the drafts as those goals' analyses; the source is untouched
    [report] = parse_file(out)
    goals = {g.title[:25]: g for g in report.enhetsmal()}
    assert goals["Familjehem erbjuds ett st"].analys_text.startswith("Enheten bedömer")
    assert "Enheten bedömer" not in "\n".join(p.text for p in docx.Document(str(src)).paragraphs)


@pytest.mark.usefixtures("umask_022")
def test_all_out_is_readable_by_group_and_others(tmp_path: Path) -> None:
    src = tmp_path / "utkast.docx"
    _blank_analysis(FAMILJEHEM, src)
    out = tmp_path / "med_utkast.docx"
    assert _run(str(src), "--all", "--out", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o644  # not the 0600 of a temporary file


def test_ambiguous_goal_lists_the_candidates() -> None:
    # "Enheten" starts ten of the sample's enhetsmål: ask, don't guess
    result = _run(str(FAMILJEHEM), "--goal", "Enheten")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""  # no draft was written for any of them
    message = result.stderr
    assert "”Enheten” passar 10 enhetsmål" in message
    for title in ("Enheten erbjuder familjer fler öppna insatser", "Enheten köper i ökad utsträckning"):
        assert title in message


def test_a_full_title_that_starts_another_title_is_not_ambiguous() -> None:
    result = _run(str(FAMILJEHEM), "--goal", "Enheten köper i ökad utsträckning in ekologiska livsmedel.")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Enhetsmål: Enheten köper i ökad utsträckning")


def test_all_with_out_writes_nothing_when_nothing_is_to_be_drafted(tmp_path: Path) -> None:
    # every enhetsmål of the sample has its analysis: no draft, and no copy of the file
    out = tmp_path / "med_utkast.docx"
    result = _run(str(FAMILJEHEM), "--all", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "ingen fil skrevs" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_suggestions_become_comments_beside_the_draft_not_body_text(tmp_path: Path) -> None:
    from vbassist.drafting import draft_goal, find_goal
    from vbassist.drafting.docx_out import SUGGESTION_PREFIX, insert_drafts
    from vbassist.settings import Settings

    src = tmp_path / "utkast.docx"
    _blank_analysis(FAMILJEHEM, src)
    [report] = parse_file(src)
    goal = find_goal(report, "Familjehem erbjuds")
    draft = draft_goal(report, goal, settings=Settings(llm=None))
    snippet = "Två familjehem har stöd av en mentorsfamilj och 12 familjehem deltar i grupphandledning."
    marked = draft.model_copy(
        update={"text": f"{draft.text}\n\n[Formulering från VB 2024, Familjehemsenheten: ”{snippet}”]"}
    )
    out = tmp_path / "med_utkast.docx"
    [placement] = insert_drafts(src, [(goal, marked)], out)
    document = docx.Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Enheten bedömer att målet uppfylls delvis." in body
    assert "mentorsfamilj och 12 familjehem" not in body and "[Formulering" not in body
    texts = [c.text for c in document.comments]
    assert COMMENT_TEXT in texts
    assert f"{SUGGESTION_PREFIX} VB 2024, Familjehemsenheten: ”{snippet}”" in texts
    assert placement.paragraphs == len([p for p in draft.text.split("\n\n") if p.strip()])
