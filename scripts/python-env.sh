#!/usr/bin/env bash
# Creates the project-local virtual environment .venv (if missing) and installs scripts/python-requirements.txt into
# it. The jest tests find moto_server in .venv/bin; the Python test scripts use the same environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1
command -v python3 >/dev/null || { echo "python-env: python3 is not on PATH" >&2; exit 1; }
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet -r "$ROOT/scripts/python-requirements.txt"
echo "python-env: $("$VENV/bin/python" --version) in $VENV with $(grep -cv '^\s*\(#\|$\)' "$ROOT/scripts/python-requirements.txt") pinned requirements"
