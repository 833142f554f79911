#!/usr/bin/env bash
# Install everything vbassist needs into .venv/ at the repo root (idempotent).
#   scripts/setup.sh          Python package and its dependencies (enough to run vbassist)
#   scripts/setup.sh --test   also the test tools: Debian's Chromium and LibreOffice, poppler,
#                             the add-in's npm packages and its build
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

python_bin="${PYTHON:-python3}"
if ! "$python_bin" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "vbassist behöver Python 3.11 eller senare" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
# pip's chatter goes to a log; shown only when the install fails
pip_log=.venv/pip-install.log
pip_install() {
  if ! .venv/bin/python -m pip install "$@" >"$pip_log" 2>&1; then
    tail -40 "$pip_log" >&2
    echo "vbassist: pip install misslyckades (hela loggen: $pip_log)" >&2
    exit 1
  fi
}
echo "vbassist: installerar Python-paket i .venv/ ..."
pip_install --upgrade pip
if [ "$want_test" = 1 ]; then
  pip_install -e ".[test]"
else
  pip_install -e .
fi

if [ "$want_test" = 1 ]; then
  # System tools the tests drive for real: Chromium (add-in e2e, HTML report), LibreOffice
  # (annotated .docx rendered with its comments), poppler (PDF -> text/PNG).
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v soffice >/dev/null || missing+=(libreoffice-writer)
  # Calc: the xlsx reports are opened in it to show that no cell is evaluated as a formula
  dpkg -s libreoffice-calc >/dev/null 2>&1 || missing+=(libreoffice-calc)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  # LibreOffice needs a font to lay out the annotated document it exports to PDF
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ -f addin/package.json ]; then
    (cd addin && { [ -f package-lock.json ] && npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; } && npm run build --silent)
  fi
elif [ -f addin/package.json ] && [ ! -f addin/dist/taskpane.html ] && command -v npm >/dev/null; then
  # the service serves the built task pane; build it once
  (cd addin && { [ -f package-lock.json ] && npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; } && npm run build --silent)
fi
