"""The command line speaks Swedish everywhere a user looks: every command's --help and the usage errors
Typer and Click raise themselves ("Usage:", "No such option", "Missing argument", "Invalid value" …),
the errors of the commands, counts with the right noun form, values with their unit and numbers that
do not break across lines. Run as a user runs it: the real app through the CLI runner, a fixed
terminal width (COLUMNS), every line of output scanned for English words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from vbassist.cli import app

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted(DATA.glob("vb20*.docx"))
COMMANDS = ("parse", "check", "overview", "index", "search", "draft", "serve")

# English that Typer, Click, pydantic or a half-translated message would show. Whole words, matched
# case-sensitively, in the output without its option names (--format), choices (<text|json>) and the
# file names the test passes; none of them is a Swedish word.
_ENGLISH_WORDS = (
    "Usage Options Arguments Commands Command Error Try Show message exit Missing Invalid value values "
    "No such option options Got unexpected Did you mean Possible requires does not take takes is one "
    "of Input should be valid integer string number greater less than equal default required env "
    "Aborted found file files directory dir readable writable exist list Path path paths int str bool "
    "float range query the and or for with cannot could unknown empty corrupt encrypted report "
    "structure folder while reading unable parsing"
)
ENGLISH = _ENGLISH_WORDS.split()
_ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(ENGLISH) + r")(?![\w-])")
_NOT_WORDS_RE = re.compile(
    r"--?[\w-]+"  # option names
    r"|<[^<>]*>"  # the type column and choice lists
    r"|\[standard: [^\]]*\]"  # a default is a value (a choice such as "error")
    r"|\b(?:vbassist|VBASSIST_\w+)\b"
    r"|`[^`]*`"  # commands quoted in help texts
    r"|'[^']*'"  # an option's or argument's name quoted in an error
    r"|\S+\.(?:docx|md|txt|pdf|json|html|xlsx)\b"  # file names
)
# "vbassist parse" and friends are command names, not English prose
_COMMAND_NAMES_RE = re.compile(r"\b(?:parse|check|overview|index|search|draft|serve)\b")

# usage errors of the machinery, for every command (each must exit 2 with a Swedish message)
USAGE_ERRORS: list[list[str]] = [
    [],
    ["--nope"],
    ["chek"],
    ["check"],
    ["check", "x.docx", "--nope"],
    ["check", "x.docx", "--format", "pdf"],
    ["check", "x.docx", "--format"],
    ["check", "x.docx", "--jobs", "noll"],
    ["check", "x.docx", "--jobs", "0"],
    ["check", "x.docx", "--fail-on", "aldrig"],
    ["check", "--formt", "json", "x.docx"],
    ["overview"],
    ["overview", "x.docx"],
    ["overview", "x.docx", "--out"],
    ["overview", "x.docx", "--out", "o.xlsx", "--jobs", "0"],
    ["parse"],
    ["parse", "x.docx", "--format", "träd"],
    ["search"],
    ["search", "fråga", "annan", "fråga"],
    ["search", "fråga", "--k", "många"],
    ["search", "fråga", "--k", "0"],
    ["search", "fråga", "--k", "51"],
    ["search", "fråga", "--level", "goal"],
    ["search", "fråga", "--kind", "VX"],
    ["search", "fråga", "--year", "förra"],
    ["search", "fråga", "--year", "1800"],
    ["draft"],
    ["draft", "x.docx", "--format", "xml"],
    ["draft", "x.docx", "--goal"],
    ["serve", "--port", "noll"],
    ["serve", "--port", "70000"],
    ["serve", "--workers", "0"],
    ["index", "--rebuild=ja"],
]


def run(args: list[str]) -> Result:
    return CliRunner().invoke(app, args, env={"COLUMNS": "100", "TERMINAL_WIDTH": "100"})


def english_in(output: str) -> list[str]:
    """The English words in `output`, outside option names, choices, file names and command names."""
    words = _COMMAND_NAMES_RE.sub(" ", _NOT_WORDS_RE.sub(" ", output))
    return sorted({m.group(1) for m in _ENGLISH_RE.finditer(words)})


def test_the_word_list_catches_the_english_it_is_for() -> None:
    # near misses first: Swedish help and a Swedish error pass
    assert english_in("Användning: vbassist check [ALTERNATIV] {FILER}...\n--format -f <text|json>") == []
    assert english_in("Ogiltigt värde för --format/-f: ska vara ett av: text, json.") == []
    assert english_in("fel: utkast.docx: filen finns inte") == []
    # and what the CLI said before it spoke Swedish
    assert english_in("Usage: vbassist check [OPTIONS] {paths}...") == ["Usage", "paths"]
    assert english_in("│ --help  <bool>  Show this message and exit. │") == ["Show", "and", "exit", "message"]
    assert english_in("Missing argument 'paths'.") == ["Missing"]  # "argument" is Swedish too
    assert english_in("hittade ingen rapportstruktur / no report structure found") == [
        "found",
        "report",
        "structure",
    ]
    assert {"Invalid", "value", "for", "Input", "should", "be", "valid", "integer"} <= set(
        english_in("Invalid value for '--k' / '-k': Input should be a valid integer")
    )


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_swedish(command: str | None) -> None:
    result = run([command, "--help"] if command else ["--help"])
    assert result.exit_code == 0, result.output
    assert result.output.count("Användning: vbassist") == 1
    assert "Visa den här hjälpen och avsluta." in result.output
    assert english_in(result.output) == [], result.output


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a) or "inget")
def test_usage_errors_are_swedish_with_exit_2(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert english_in(result.output) == [], result.output
    if args:  # no arguments at all shows the help
        assert "╭─ Fel " in result.output and "Användning: vbassist" in result.output
        assert "för hjälp." in result.output


def test_the_error_names_the_option_and_what_it_takes() -> None:
    assert (
        "Okänt alternativ: --formt. Menade du --format eller --out?" in run(["check", "--formt", "x"]).output
    )
    assert "Argumentet FILER saknas." in run(["check"]).output
    assert (
        "Ogiltigt värde för --format/-f: ska vara ett av: text, json, html, xlsx."
        in run(["check", "x", "--format", "pdf"]).output
    )
    assert "Ogiltigt värde för --jobs/-j: ska vara minst 1." in run(["check", "x", "--jobs", "0"]).output
    assert "Alternativet --format behöver ett värde." in run(["check", "x", "--format"]).output
    assert "Okänt kommando: chek. Menade du 'check'?" in run(["chek"]).output


@pytest.mark.parametrize(
    ("args", "field", "api_reason"),
    [
        (["--level", "goal"], "--level", "ska vara ett av: kf_inriktningsmal, kf_verksamhetsmal, namndmal,"),
        (["--kind", "VX"], "--kind", "ska vara ett av: VB, VP, T1, T2"),
        (["--year", "förra"], "--year", "ska vara ett heltal"),
        (["--year", "1800"], "--year", "ska vara minst 1990"),
        (["--k", "51"], "--k/-k", "får vara högst 50"),
    ],
)
def test_search_refuses_a_filter_the_index_cannot_have(args: list[str], field: str, api_reason: str) -> None:
    """Before, `search --level goal` answered "Inga träffar"; now it says which values there are (the
    API answers the same reason with 422: tests/api/test_search_index.py)."""
    result = run(["search", "fråga", *args])
    assert result.exit_code == 2
    flat = " ".join(result.output.replace("│", " ").split())
    assert f"Ogiltigt värde för {field}: {api_reason}" in flat, flat
    assert "Inga träffar" not in result.output


def test_command_errors_are_swedish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tom.docx").write_bytes(b"")
    (tmp_path / "brev.txt").write_text("Hej! Vi ses på fredag.\n" * 5, encoding="utf-8")
    (tmp_path / "tom-mapp").mkdir()
    cases = [
        ["check", "--no-corpus", "finns-inte.docx"],
        ["check", "--no-corpus", "tom.docx", "brev.txt"],
        ["check", "tom-mapp"],
        ["check", "--format", "xlsx", "x.docx"],
        ["parse", "finns-inte.docx", "tom.docx", "brev.txt", "tom-mapp"],
        ["draft", "finns-inte.docx", "--goal", "x"],
        ["draft", str(SAMPLES[0])],
        ["index", "finns-inte"],
        ["serve", "--cert", "x.pem"],
        ["serve", "--host", "0.0.0.0"],
    ]
    for args in cases:
        result = run(args)
        assert result.exit_code == 2, (args, result.output)
        assert english_in(result.output) == [], (args, result.output)


# --------------------------------------------------------------------------- words and numbers

NOUNS = [
    ("rapport", "rapporter"),
    ("kommentar", "kommentarer"),
    ("fil", "filer"),
    ("varning", "varningar"),
    ("indikator", "indikatorer"),
    ("aktivitet", "aktiviteter"),
    ("stycke", "stycken"),
    ("rad", "rader"),
]
_COUNT_RE = re.compile(
    r"(?<![\w,.])(\d{1,3}(?:\u00a0\d{3})*|\d+) (" + "|".join(w for p in NOUNS for w in p) + r")\b"
)


def disagreements(text: str) -> list[str]:
    """Counts whose noun has the wrong number: "1 rapporter", "2 rapport"."""
    singular = {s for s, _ in NOUNS}
    plural = {p for _, p in NOUNS}
    wrong = []
    for m in _COUNT_RE.finditer(text):
        n = int(m.group(1).replace("\u00a0", ""))
        if (n == 1 and m.group(2) in plural) or (n != 1 and m.group(2) in singular):
            wrong.append(m.group(0))
    return wrong


def test_disagreements_are_found() -> None:
    assert disagreements("1 rapporter, 2 rapport, (1 kommentarer)") == [
        "1 rapporter",
        "2 rapport",
        "1 kommentarer",
    ]
    assert disagreements("1 rapport, 0 rapporter, 2 418 rapporter, 1 fil, 3 filer") == []


@pytest.fixture(scope="module")
def check_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What `check` shows for one sample: the text report, its summary line on stderr, the annotated
    copies' lines and the JSON."""
    out = tmp_path_factory.mktemp("check")
    sample = SAMPLES[0]
    text = run(["check", "--no-corpus", "--jobs", "1", str(sample)])
    written = run(
        [
            "check",
            "--no-corpus",
            "--jobs",
            "1",
            str(sample),
            "--out",
            str(out / "r.html"),
            "--annotate",
            str(out),
        ]
    )
    as_json = run(["check", "--no-corpus", "--jobs", "1", str(sample), "--format", "json"])
    parse = run(["parse", *map(str, SAMPLES)])
    return {"text": text.stdout, "stderr": written.stderr, "json": as_json.stdout, "parse": parse.stdout}


def test_counts_agree_with_their_nouns(check_outputs: dict[str, str]) -> None:
    assert re.search(r"rapport: .*r\.html: 1 dokument, 1 rapport, \d+ fynd", check_outputs["stderr"])
    assert re.search(r"kommenterad kopia: .*\(\d+ kommentar(er)?\)", check_outputs["stderr"])
    for name, text in check_outputs.items():
        assert disagreements(text) == [], name


def test_values_in_messages_carry_their_unit(check_outputs: dict[str, str]) -> None:
    """A message never puts a bare number beside a percentage of the same indicator ("utfall 48,84 %,
    årsmål 25"): the row's unit goes with every value shown."""
    findings = [f for d in json.loads(check_outputs["json"])["documents"] for f in d["findings"]]
    pairs = 0
    for f in findings:
        values = re.findall(
            r"(?:utfall(?:et)?|årsmål(?:et)?) (\d{1,3}(?:\u00a0\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(\u00a0%)?",
            f["message"],
        )
        if any(unit for _, unit in values):
            pairs += 1
            assert all(unit for _, unit in values), f["message"]
    assert pairs >= 1


def test_numbers_in_messages_do_not_break(check_outputs: dict[str, str]) -> None:
    findings = [f for d in json.loads(check_outputs["json"])["documents"] for f in d["findings"]]
    texts = [f["message"] for f in findings] + [f["suggestion"] or "" for f in findings]
    assert not [t for t in texts if re.search(r"\d [\d%]|\d \d{3}(?!\d)|\d (?:kr|tkr|mnkr|procent)\b", t)]
    assert any("\u00a0" in t for t in texts)


def test_the_machinery_on_a_small_app(tmp_path: Path) -> None:
    """The rarer texts of Typer and Click (a path that must exist, an option taking two values, a flag
    given a value, a required option), on an app of its own made Swedish the same way."""
    import typer

    from vbassist.commands.swedish import use_swedish

    small = typer.Typer()

    @small.command()
    def first(
        src: Path = typer.Argument(..., exists=True, metavar="KÄLLA"),
        pair: tuple[int, int] = typer.Option((1, 2), "--par", metavar="A B"),
        name: str = typer.Option(..., "--namn"),
        quiet: bool = typer.Option(False, "--tyst"),
    ) -> None:
        """Ett litet kommando."""

    @small.command()
    def second() -> None:
        """Ett till."""

    use_swedish(small)
    runner = CliRunner()

    def said(*args: str) -> str:
        result = runner.invoke(small, list(args), env={"COLUMNS": "200"})
        assert result.exit_code == 2, result.output
        assert english_in(result.output) == [], result.output
        return " ".join(result.output.replace("│", " ").split())

    missing = str(tmp_path / "saknas.txt")
    assert re.search(
        r"Ogiltigt värde för KÄLLA: Sökvägen '.*saknas\.txt' finns inte\. ",  # one full stop, not ".."
        said("first", missing, "--namn", "x"),
    )
    assert "Alternativet --par behöver 2 värden." in said("first", str(tmp_path), "--namn", "x", "--par", "1")
    assert "Alternativet --tyst tar inget värde." in said("first", str(tmp_path), "--namn", "x", "--tyst=ja")
    assert "Alternativet --namn saknas." in said("first", str(tmp_path))
    assert "Ogiltigt värde för --par: ska vara ett heltal." in said(
        "first", str(tmp_path), "--namn", "x", "--par", "a", "b"
    )
    assert "Okänt kommando: thrid." in said("thrid")
