"""Indexing throughput and search latency.

    .venv/bin/python bench/index_speed.py [--corpus DIR] [--synthetic 50000] [--skip-cold]

Prints: chunks/s indexing the corpus cold (empty embedding cache) and warm (cache filled, empty store),
hybrid search p50/p95 on the corpus, and the same on N synthetic chunks (texts recombined from corpus
sentences, vectors = real chunk vectors plus noise, so no model time is spent building them).
Everything goes into temporary data dirs; nothing in `.vbassist/` is touched.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = Path("/work/shared/seeds")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def latencies(index, queries: list[str], filters: list[dict]) -> list[float]:
    out = []
    for q, f in zip(queries, filters, strict=True):
        t = time.perf_counter()
        index.search(q, k=5, **f)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--synthetic", type=int, default=50_000)
    ap.add_argument("--skip-cold", action="store_true", help="reuse the main embedding cache for 'cold'")
    ap.add_argument("--keep", type=Path, default=None, help="keep the synthetic index in this directory")
    args = ap.parse_args()

    from vbassist.index import get_index
    from vbassist.index.embeddings import EmbeddingCache
    from vbassist.parsing.files import report_files_in
    from vbassist.settings import Settings

    base = Settings()
    corpus = args.corpus or (base.corpus_dir if report_files_in(base.corpus_dir) else SEEDS)
    gold = json.loads((ROOT / "bench" / "gold_queries.json").read_text(encoding="utf-8"))["queries"]
    queries = [q["query"] for q in gold]
    tmp = Path(tempfile.mkdtemp(prefix="vbassist-bench-"))
    try:
        cold_dir = tmp / "cold"
        cold_dir.mkdir()
        if args.skip_cold and (Path(base.data_dir) / "embeddings.sqlite").exists():
            EmbeddingCache(Path(base.data_dir) / "embeddings.sqlite").copy_to(cold_dir / "embeddings.sqlite")
        cold = get_index(Settings(data_dir=cold_dir))
        t = time.perf_counter()
        r = cold.index_paths([corpus])
        dt = time.perf_counter() - t
        label = "cold (cache copied, --skip-cold)" if args.skip_cold else "cold"
        print(
            f"index {label}: {r.chunks_written} chunks from {len(r.indexed)} files in {dt:.1f} s "
            f"= {r.chunks_written / dt:.1f} chunks/s ({r.embedded} embedded)"
        )

        warm_dir = tmp / "warm"
        warm_dir.mkdir()
        EmbeddingCache(cold_dir / "embeddings.sqlite").copy_to(warm_dir / "embeddings.sqlite")
        warm = get_index(Settings(data_dir=warm_dir))
        t = time.perf_counter()
        r = warm.index_paths([corpus])
        dt = time.perf_counter() - t
        print(
            f"index warm: {r.chunks_written} chunks in {dt:.1f} s = {r.chunks_written / dt:.1f} chunks/s "
            f"({r.embedded} embedded)"
        )
        t = time.perf_counter()
        r = warm.index_paths([corpus])
        print(
            f"re-run, nothing changed: {time.perf_counter() - t:.2f} s ({len(r.unchanged)} files unchanged)"
        )

        warm.search("uppvärmning", k=5)  # load BM25 and the query model once
        units = sorted({m.get("unit") for m in warm.keyword_index().metas if m.get("unit")})
        filt = (
            [{} if i % 3 else {"unit": units[i % len(units)]} for i in range(len(queries))]
            if units
            else [{} for _ in queries]
        )
        lat = latencies(warm, queries, filt)
        # the query embedding is cached per text; a second pass shows search cost without the model
        lat2 = latencies(warm, queries, filt)
        print(
            f"search on corpus ({warm.count()} chunks, {len(lat)} queries, 1/3 with a unit filter): "
            f"p50 {percentile(lat, 50):.1f} ms, p95 {percentile(lat, 95):.1f} ms "
            f"(repeat, query vector cached: p50 {percentile(lat2, 50):.1f}, p95 {percentile(lat2, 95):.1f})"
        )

        if args.synthetic:
            synth_dir = args.keep or tmp / "synth"
            synth = get_index(Settings(data_dir=synth_dir, chroma_collection="synthetic"))
            kw = warm.keyword_index()
            got = warm.store.get(kw.ids)
            vec_by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
            sentences = [s for txt in kw.texts for s in txt.split("\n") if len(s) > 30]
            rng = random.Random(7)
            nrng = np.random.default_rng(7)
            n = args.synthetic
            t = time.perf_counter()
            batch = 2000
            for start in range(0, n, batch):
                ids, texts, vecs, metas = [], [], [], []
                for i in range(start, min(n, start + batch)):
                    j = rng.randrange(len(kw.ids))
                    base_meta = dict(kw.metas[j])
                    text = " ".join(rng.sample(sentences, 4))
                    v = np.asarray(vec_by_id[kw.ids[j]], dtype=np.float32) + nrng.normal(0, 0.02, 384).astype(
                        np.float32
                    )
                    v /= np.linalg.norm(v)
                    unit = f"Enhet {i % 300}"
                    base_meta.update(
                        unit=unit,
                        f_unit=[unit],
                        year=2015 + i % 11,
                        f_year=[2015 + i % 11],
                        source=f"synthetic/{i // 40}.docx",
                        shared=False,
                    )
                    ids.append(f"syn-{i}")
                    texts.append(text)
                    vecs.append(v)
                    metas.append(base_meta)
                synth.store.upsert(ids, texts, np.vstack(vecs), metas)
            synth.store.bump_generation()
            print(f"synthetic: wrote {n} chunks to Chroma in {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            synth.keyword_index()
            print(f"synthetic: BM25 built from the store and saved in {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            synth._keyword = None
            synth._keyword_generation = None
            synth.keyword_index()
            print(f"synthetic: BM25 loaded from disk in {time.perf_counter() - t:.2f} s")
            sfilt = [{} if i % 3 else {"unit": f"Enhet {i % 300}"} for i in range(len(queries))]
            lat = latencies(synth, queries, sfilt)
            lat += latencies(synth, [q + " 2024" for q in queries], sfilt)
            print(
                f"search on {synth.count()} synthetic chunks ({len(lat)} queries, 1/3 with a unit filter): "
                f"p50 {percentile(lat, 50):.1f} ms, p95 {percentile(lat, 95):.1f} ms, "
                f"mean {statistics.mean(lat):.1f} ms"
            )
        print(f"embedding cache entries: {EmbeddingCache(cold_dir / 'embeddings.sqlite').count()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
