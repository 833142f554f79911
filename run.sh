#!/usr/bin/env bash
# The two commands of the README.
#   ./run.sh        install into .venv/, read the corpus, build the search index (first run only),
#                   then start the service with the Word add-in (Ctrl-C stops it)
#   ./run.sh test   install everything (incl. test tools) and run ruff, mypy and all tests
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-main}" in
  test)
    scripts/setup.sh --test
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy
    .venv/bin/python -m pytest -q -p no:cacheprovider "${@:2}"
    ;;
  main)
    scripts/setup.sh
    echo "== vbassist: läser korpusen (corpus/)"
    .venv/bin/vbassist parse corpus --format tree
    echo "== vbassist: bygger sökindexet (första gången tar det några minuter)"
    .venv/bin/vbassist index
    echo "== vbassist: startar tjänsten"
    exec .venv/bin/vbassist serve "${@:2}"
    ;;
  *)
    echo "användning: ./run.sh [test]" >&2
    exit 2
    ;;
esac
