"""Retrieval quality on the gold set: recall@5 and MRR@10 for BM25 only, vectors only, hybrid (RRF), and
a plain LangChain + Chroma baseline with fixed-size chunks, for the tuning half and the held-out half.

    .venv/bin/python bench/retrieval_eval.py [--corpus DIR] [--data-dir DIR]

The corpus defaults to `corpus/` when it holds reports, else `/work/shared/seeds`. The index goes into
the collection `vbassist_bench` in the data dir (sharing the embedding cache with the main index, so the
first run embeds the corpus once, in minutes, and later runs take seconds).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vbassist.index.text import fold  # noqa: E402

K = 5
MRR_DEPTH = 10
SEEDS = Path("/work/shared/seeds")


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def matches(target: dict[str, str], meta: dict[str, Any]) -> bool:
    """Does a hit's metadata name the target chunk (source stem, chunk type, piece of title)?"""
    sources = _norm(str(meta.get("sources") or meta.get("source_name") or meta.get("source") or ""))
    if target.get("source") and _norm(target["source"]) not in sources:
        return False
    if target.get("type") and meta.get("chunk_type") != target["type"]:
        return False
    return _norm(target.get("title", "")) in _norm(str(meta.get("title", "")))


def first_rank(hits: list[dict[str, Any]], targets: list[dict[str, str]]) -> int | None:
    for rank, meta in enumerate(hits, start=1):
        if any(matches(t, meta) for t in targets):
            return rank
    return None


def score(ranks: list[int | None]) -> tuple[float, float]:
    n = max(len(ranks), 1)
    recall = sum(1 for r in ranks if r is not None and r <= K) / n
    mrr = sum(1.0 / r for r in ranks if r is not None and r <= MRR_DEPTH) / n
    return recall, mrr


# ---------------------------------------------------------------------------- baseline


def _raw_text(path: Path) -> str:
    """What a plain LangChain pipeline would load: the file's text as is (blocks for .docx/.pdf)."""
    if path.suffix.lower() in (".md", ".txt", ".markdown"):
        return path.read_text(encoding="utf-8", errors="replace")
    from vbassist.parsing import read_blocks

    doc = read_blocks(path)
    lines = []
    for block in doc.blocks:
        if block.kind == "paragraph":
            lines.append(block.text)
        else:
            lines.extend("\t".join(row) for row in block.rows)
    return "\n".join(lines)


def build_baseline(files: list[Path], settings: Any) -> Any:
    """LangChain + Chroma with RecursiveCharacterTextSplitter (1000 characters, 150 overlap): the
    usual tutorial setup, embedded with the same cached e5 model so only chunking differs."""
    import chromadb
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from vbassist.index.embeddings import langchain_embeddings, make_embedder

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=150)
    texts, metas = [], []
    for f in files:
        for piece in splitter.split_text(_raw_text(f)):
            texts.append(piece)
            metas.append({"source_name": f.name})
    client = chromadb.EphemeralClient()
    store = Chroma(
        collection_name="baseline",
        embedding_function=langchain_embeddings(make_embedder(settings)),
        client=client,
        collection_metadata={"hnsw:space": "cosine"},
    )
    store.add_texts(texts, metadatas=metas)
    return store, len(texts)


def baseline_rank(
    store: Any, query: str, targets: list[dict], target_texts: dict[str, list[str]]
) -> int | None:
    """A fixed-size chunk answers if it holds a sentence of a target chunk (first 60 characters)."""
    docs = store.similarity_search(query, k=MRR_DEPTH)
    for rank, doc in enumerate(docs, start=1):
        body = _norm(doc.page_content)
        for t in targets:
            for probe in target_texts.get(json.dumps(t, sort_keys=True), []):
                if probe in body:
                    return rank
    return None


def sentences_of(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        for sent in re.split(r"(?<=[.!?])\s+", line):
            sent = _norm(sent)
            if len(sent) >= 40:
                out.append(sent[:60])
    return out


# ---------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold_queries.json")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()

    from vbassist.index import get_index
    from vbassist.parsing.files import report_files_in
    from vbassist.settings import Settings

    base = Settings()
    corpus = args.corpus
    if corpus is None:
        corpus = base.corpus_dir if report_files_in(base.corpus_dir) else SEEDS
    settings = Settings(data_dir=args.data_dir or base.data_dir, chroma_collection="vbassist_bench")
    index = get_index(settings)
    started = time.perf_counter()
    result = index.index_paths([corpus])
    print(
        f"corpus {corpus}: {len(result.indexed)} files indexed, {len(result.unchanged)} unchanged, "
        f"{len(result.failed)} failed; {index.count()} chunks; {result.embedded} new embeddings; "
        f"{time.perf_counter() - started:.1f} s"
    )
    for path, why in result.failed.items():
        print(f"  failed: {Path(path).name}: {why}")

    gold = json.loads(args.gold.read_text(encoding="utf-8"))["queries"]
    # every target must exist in the index, else the gold set (or the parser) is wrong: say so
    keyword = index.keyword_index()
    missing = [
        (q["id"], t) for q in gold for t in q["targets"] if not any(matches(t, m) for m in keyword.metas)
    ]
    for qid, t in missing:
        print(f"  gold target not in index: {qid}: {t}")

    columns = ["bm25", "vector", "hybrid"]
    ranks: dict[str, dict[str, list[int | None]]] = {
        c: {"tune": [], "heldout": []} for c in [*columns, "baseline"]
    }
    misses: list[str] = []
    for q in gold:
        for mode in columns:
            hits = index.search(q["query"], k=MRR_DEPTH, mode=mode)
            r = first_rank([h.metadata for h in hits], q["targets"])
            ranks[mode][q["split"]].append(r)
            if mode == "hybrid" and (r is None or r > K):
                misses.append(f"{q['id']}: rank {r}")

    if not args.no_baseline:
        t0 = time.perf_counter()
        files = report_files_in(corpus)
        store, n = build_baseline(files, settings)
        target_texts: dict[str, list[str]] = {}
        for q in gold:
            for t in q["targets"]:
                key = json.dumps(t, sort_keys=True)
                if key not in target_texts:
                    texts = [
                        txt for txt, m in zip(keyword.texts, keyword.metas, strict=True) if matches(t, m)
                    ]
                    target_texts[key] = [s for txt in texts for s in sentences_of(txt)]
        for q in gold:
            ranks["baseline"][q["split"]].append(baseline_rank(store, q["query"], q["targets"], target_texts))
        print(f"baseline: {n} fixed-size chunks, built and queried in {time.perf_counter() - t0:.1f} s")

    print()
    print(f"{'':10}{'recall@5':>22}{'MRR@10':>22}")
    print(f"{'':10}{'tune':>8}{'heldout':>8}{'all':>6}{'tune':>10}{'heldout':>8}{'all':>6}")
    for col in [*columns, *([] if args.no_baseline else ["baseline"])]:
        tr, tm = score(ranks[col]["tune"])
        hr, hm = score(ranks[col]["heldout"])
        ar, am = score(ranks[col]["tune"] + ranks[col]["heldout"])
        print(f"{col:10}{tr:8.3f}{hr:8.3f}{ar:6.3f}{tm:10.3f}{hm:8.3f}{am:6.3f}")
    print(
        f"\n{len(gold)} queries ({sum(q['split'] == 'tune' for q in gold)} tune / "
        f"{sum(q['split'] == 'heldout' for q in gold)} held out)"
    )
    if args.show_misses:
        print("hybrid misses:", *misses, sep="\n  ")


if __name__ == "__main__":
    main()
