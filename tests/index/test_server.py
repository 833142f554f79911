"""Server mode: the index against a real `chroma run` started here (several service workers share one
server; an embedded store must not be opened by several processes)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vbassist.errors import ConfigurationError
from vbassist.index.corpus import CorpusIndex

from .helpers import SAMPLES, Built, copy_samples, free_port, fresh_settings, http_process

# the bundled embedding model (and, in places, subprocesses): still run by default
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHROMA = ROOT / ".venv" / "bin" / "chroma"


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(CHROMA),
        "run",
        "--path",
        str(tmp_path / "server-db"),
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
    ]
    with http_process(command, f"{url}/api/v2/heartbeat", tmp_path / "chroma.log"):
        yield url


@pytest.mark.slow
def test_index_and_search_through_a_chroma_server(built: Built, tmp_path: Path, chroma_server: str) -> None:
    corpus = copy_samples(tmp_path / "corpus", SAMPLES[:1])
    settings = fresh_settings(tmp_path, built.cache, chroma_url=chroma_server)
    index = CorpusIndex(settings)
    assert (
        type(index.store.client).__name__ != "ClientAPI" and not (Path(settings.data_dir) / "chroma").exists()
    )
    result = index.index_paths([corpus])
    assert result.embedded == 0 and index.count() > 0
    hits = index.search("tar medarbetarna cykel och tåg på tjänsteresor", k=3)
    assert hits and "resor" in hits[0].metadata["title"]

    # a second process (another service worker) sees the same index through the server
    other = CorpusIndex(fresh_settings(tmp_path / "worker2", None, chroma_url=chroma_server))
    assert other.count() == index.count()
    assert [h.id for h in other.search("tar medarbetarna cykel och tåg på tjänsteresor", k=3)] == [
        h.id for h in hits
    ]

    # re-indexing through the server replaces, never duplicates
    again = index.index_paths([corpus], rebuild=True)
    assert again.embedded == 0 and index.count() == other.count()
    # the other worker picks up the rebuilt collection (new generation) without a restart
    time.sleep(1.1)
    assert [h.id for h in other.search("tar medarbetarna cykel och tåg på tjänsteresor", k=3)] == [
        h.id for h in hits
    ]


def test_unreachable_server_is_a_configuration_error(tmp_path: Path) -> None:
    settings = fresh_settings(tmp_path, None, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ConfigurationError, match="Chroma"):
        CorpusIndex(settings)
