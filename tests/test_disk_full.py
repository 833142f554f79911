"""A full disk: one clear line, exit code 2 (HTTP 507), nothing half-written, for `vbassist index`,
`check --out`, `draft --all --out` and the service's POST /v1/index.

The disk is really full: each case runs in its own user and mount namespace (`unshare --user
--map-root-user --mount`, no root needed where unprivileged user namespaces are on) with the data or
output folder on a tmpfs of a few hundred kilobytes. Where that is not possible (a container without
user namespaces) the same cases run with ENOSPC simulated at the OS boundary instead: `os.fsync`
(which every output file goes through) and the index store's writes raise it for paths in that folder,
and the free space reads as none. The test says which way it ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
CORPUS_MD = REPO / "corpus" / "vb2025_hagersten-alvsjo_ungdomsenheten.md"

pytestmark = pytest.mark.slow  # subprocesses, and the bundled embedding model for the index


def _namespaces_work() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


REAL_DISK = _namespaces_work()

# the fallback: ENOSPC at the OS boundary for paths under $VBASSIST_TEST_FULL_DIR
_SIMULATE = textwrap.dedent(
    """
    import errno, os, shutil
    _full = os.environ["VBASSIST_TEST_FULL_DIR"]
    _fsync, _usage = os.fsync, shutil.disk_usage

    def _inside(fd):
        try:
            return os.readlink(f"/proc/self/fd/{fd}").startswith(_full)
        except OSError:
            return False

    def fsync(fd):
        if _inside(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return _fsync(fd)

    def disk_usage(path):
        usage = _usage(path)
        return usage._replace(free=0) if str(path).startswith(_full) else usage

    os.fsync, shutil.disk_usage = fsync, disk_usage
    try:
        from vbassist.index import store as _store
        _upsert = _store.ChromaStore.upsert
        def upsert(self, *a, **k):
            raise RuntimeError("Error in compaction: Failed to apply logs to the metadata segment")
        _store.ChromaStore.upsert = upsert
    except ImportError:
        pass
    """
)


# runs inside the namespace (or, simulated, as it is): mounts the small disk, then each step in turn
_DRIVER = textwrap.dedent(
    """
    import json, os, subprocess, sys
    config = json.loads(sys.argv[1])
    full, real, simulate, out = config["full"], config["real"], config["simulate"], []
    if real:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={config['size_kb']}k", "none", full], check=True)
    for step in config["steps"]:
        kind, args = step[0], step[1:]
        if kind == "@grow":  # room again
            if real:
                subprocess.run(["mount", "-o", "remount,size=65536k", full], check=True)
            os.environ.pop("VBASSIST_TEST_FULL_DIR", None)
            continue
        if kind == "@fill":  # fill what is left
            if real:
                subprocess.run(["sh", "-c", f"cat /dev/zero > {full}/.filler"], capture_output=True)
            continue
        if kind == "@sh":
            cmd = ["sh", "-c", args[0]]
        elif real or "VBASSIST_TEST_FULL_DIR" not in os.environ:
            cmd = [sys.executable, *args]
        else:  # python with ENOSPC simulated, then the module or script as `python ARGS` would run it
            run = "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)" if args[0] == "-m" else (
                "runpy.run_path(sys.argv[0], run_name='__main__')"
            )
            argv = args[1:] if args[0] == "-m" else args
            boot = simulate + f"\\nimport runpy, sys\\nsys.argv = {argv!r}\\n{run}"
            cmd = [sys.executable, "-c", boot]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        out.append({"args": args, "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr})
    print(json.dumps(out))
    """
)


def _run(tmp: Path, full_dir: Path, size_kb: int, steps: list[list[str]], env: dict[str, str]) -> list[dict]:
    """Run `steps` with `full_dir` on a disk of `size_kb` (["@py", *python args], ["@sh", command],
    ["@fill"]: fill what is left, ["@grow"]: give it room); each python or shell step's exit code and
    output."""
    full_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "full": str(full_dir),
        "real": REAL_DISK,
        "simulate": _SIMULATE,
        "size_kb": size_kb,
        "steps": steps,
    }
    base = [shutil.which("unshare") or "unshare", "--user", "--map-root-user", "--mount"] if REAL_DISK else []
    run = subprocess.run(
        [*base, sys.executable, "-c", _DRIVER, json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env if REAL_DISK else {**env, "VBASSIST_TEST_FULL_DIR": str(full_dir)},
        cwd=tmp,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _cli(*args: str) -> list[str]:
    return ["@py", "-m", "vbassist.cli", *args]


def _env(tmp: Path, data_dir: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("VBASSIST_")},
        "VBASSIST_DATA_DIR": str(data_dir),
        "VBASSIST_CORPUS_DIR": str(tmp / "corpus"),
        "HF_HUB_OFFLINE": "1",
    }


def _one_clear_line(step: dict, *needles: str) -> str:
    err = step["stderr"].strip()
    assert "Traceback" not in err, err[-3000:]
    lines = [line for line in err.splitlines() if "disken är full" in line]
    assert len(lines) == 1, err[-3000:]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_index_on_a_full_disk(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = CORPUS_MD.read_text(encoding="utf-8")
    (corpus / "ungdomsenheten.md").write_text(text[: text.index("\n", 20000)], encoding="utf-8")
    data = tmp_path / "full" / "data"
    steps = [
        _cli("index", "-q", str(corpus)),  # fails: the disk fills up
        ["@grow"],
        _cli("index", "-q", str(corpus)),  # the same run with room: completes
        _cli("search", "barn och unga delaktiga", "--format", "json"),
    ]
    failed, again, search = _run(tmp_path, tmp_path / "full", 600, steps, _env(tmp_path, data))
    assert failed["code"] == 2, failed
    _one_clear_line(failed, "sökindexet", str(data))
    # nothing half-written: the rerun finds a consistent index and completes it
    assert again["code"] == 0, again["stderr"][-3000:]
    assert "1 filer indexerade" in again["stdout"] or "1 fil" in again["stdout"], again["stdout"]
    hits = json.loads(search["stdout"])["hits"]
    assert hits and all(h["metadata"]["unit"] == "Ungdomsenheten" for h in hits)
    assert not list(data.rglob(".*.tmp")) if data.exists() else True
    print("disk full:", "tmpfs in a user namespace" if REAL_DISK else "simulated ENOSPC (no user namespaces)")


def _with_one_goal_to_draft(target: Path) -> Path:
    """The sample with the analysis of one enhetsmål emptied: `draft --all --out` has one to write."""
    import docx

    document = docx.Document(str(SAMPLE))
    texts = [p.text for p in document.paragraphs]
    goal = next(i for i, t in enumerate(texts) if t.startswith("Enhetsmål: Familjehem erbjuds"))
    heading = texts.index("Analys", goal)
    for paragraph in document.paragraphs[heading + 1 : heading + 3]:
        for run in paragraph.runs:
            run.text = ""
    document.save(str(target))
    return target


def test_check_and_draft_out_on_a_full_disk(tmp_path: Path) -> None:
    draft_input = _with_one_goal_to_draft(tmp_path / "utkast.docx")
    out = tmp_path / "full"
    report = out / "rapport.html"
    drafts = out / "utkast.docx"
    steps = [
        ["@sh", f"echo gammal > {report} && echo gammal > {drafts}"],
        ["@fill"],
        _cli("check", str(SAMPLE), "--format", "html", "--out", str(report)),
        _cli("draft", str(draft_input), "--all", "--out", str(drafts), "--no-sources"),
        ["@sh", f"cat {report} {drafts}; ls -a {out}"],
    ]
    _, check, draft, after = _run(tmp_path, out, 256, steps, _env(tmp_path, tmp_path / "data"))
    assert check["code"] == 2, check
    _one_clear_line(check, "rapporten")
    assert draft["code"] == 2, draft
    _one_clear_line(draft, "utkasten")
    # nothing half-written: both old files as they were, no temporary files left
    assert after["stdout"].splitlines()[:2] == ["gammal", "gammal"], after["stdout"]
    assert not [name for name in after["stdout"].split() if name.endswith(".tmp")], after["stdout"]


def test_api_index_upload_on_a_full_disk(tmp_path: Path) -> None:
    """POST /v1/index with uploads that do not fit: 507 with one line; none of the uploads is kept."""
    script = tmp_path / "api.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, sys
            from pathlib import Path
            from fastapi.testclient import TestClient
            from vbassist.api import create_app
            from vbassist.settings import Settings
            data = Path({str(tmp_path / "full" / "data")!r})
            (data.parent / "corpus").mkdir(parents=True, exist_ok=True)
            settings = Settings(data_dir=data, corpus_dir=data.parent / "corpus", workers=0, llm=None)
            sample = Path({str(SAMPLE)!r}).read_bytes()
            with TestClient(create_app(settings, warm=False)) as c:
                files = [("files", (f"vb{{i}}.docx", sample)) for i in range(8)]  # ~460 kB, on 256 kB
                r = c.post("/v1/index", files=files)
                kept = sorted(p.name for p in (data / "api-corpus").glob("*")) if (data / "api-corpus").exists() else []
                print(json.dumps({{"status": r.status_code, "body": r.json(), "kept": kept}}))
            """
        ),
        encoding="utf-8",
    )
    [result] = _run(
        tmp_path, tmp_path / "full", 256, [["@py", str(script)]], _env(tmp_path, tmp_path / "full" / "data")
    )
    assert result["code"] == 0, result["stderr"][-3000:]
    answer = json.loads(result["stdout"].strip().splitlines()[-1])
    assert answer["status"] == 507, answer
    assert answer["body"]["code"] == "disken_full" and "disken är full" in answer["body"]["message"]
    assert answer["kept"] == [], "all or none: no upload is left half-stored"
