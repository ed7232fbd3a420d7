#!/usr/bin/env bash
# Builds the Python package (jsii-pacmak wheel) from the compiled jsii assembly, installs it into the project-local
# virtual environment .venv/ and runs the Python tests in test-python/ against it.
#
# Needs the assembly of the current sources: run `npx projen compile` first. Everything this script writes is
# gitignored: .venv/ (the virtual environment), dist/python/ (the wheel), .tmp/test-python/ (build logs),
# assets/cli/ (the CLI bundle the tests compare against).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONDONTWRITEBYTECODE=1

VENV="$ROOT/.venv"
WHEEL_DIR="$ROOT/dist/python"
LOG_DIR="$ROOT/.tmp/test-python"
mkdir -p "$LOG_DIR"

SCRIPT_NAME=test-python
# shellcheck source=scripts/logged-steps.sh
source "$ROOT/scripts/logged-steps.sh"

# The version of an npm devDependency, without a range prefix (^2.257.0 -> 2.257.0).
dev_dependency_version() {
  node -e '
    const name = process.argv[1];
    const version = (require("./package.json").devDependencies || {})[name];
    if (!version) { console.error(`package.json has no devDependency ${name}`); process.exit(1); }
    process.stdout.write(version.replace(/^[\^~>=]+/, ""));
  ' "$1"
}

# --- 0. preconditions -------------------------------------------------------------------------------------------
command -v python3 >/dev/null || fail "python3 is not on PATH; it is needed to create $VENV"
[[ -f .jsii ]] || fail "no jsii assembly (.jsii) in $ROOT: run 'npx projen compile' first"

CDK_VERSION="$(dev_dependency_version aws-cdk-lib)"
CONSTRUCTS_VERSION="$(dev_dependency_version constructs)"
CONSTRUCTS_MAJOR="${CONSTRUCTS_VERSION%%.*}"

# --- 1. the virtual environment -----------------------------------------------------------------------------------
# Its bin/ goes first on PATH, so jsii-pacmak's `python3` is the venv's: pacmak makes its own throwaway venv from it
# and pip-installs its build tools (setuptools, build, twine) there, from pip's cache after the first run. The system
# Python only serves as the base interpreter and is never installed into.
if [[ ! -x "$VENV/bin/python" ]]; then
  step venv python3 -m venv "$VENV"
fi
PYTHON="$VENV/bin/python"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.prefix != sys.base_prefix else 1)' \
  || fail "$PYTHON is not a virtual environment's python"
export VIRTUAL_ENV="$VENV"
export PATH="$VENV/bin:$PATH"

step pip-dependencies "$PYTHON" -m pip install --quiet \
  "aws-cdk-lib==$CDK_VERSION" \
  "constructs>=$CONSTRUCTS_VERSION,<$((CONSTRUCTS_MAJOR + 1))" \
  pytest

# --- 2. the wheel (what `npx projen package:python` runs: jsii-pacmak -v --target python -> dist/python/) ----------
# The tests compare against the CLI, bundled here from the current sources; the wheel comes from the assembly, so
# both must come from the same sources: checked after bundling (edits made later reach neither).
step bundle-cli npx projen bundle:all
stale="$(find src -name '*.ts' -newer .jsii -print -quit)"
[[ -z "$stale" ]] || fail "the jsii assembly .jsii is older than $stale: run 'npx projen compile' first"
step package-python npx projen package:python
shopt -s nullglob
wheels=("$WHEEL_DIR"/cdk_qldb_aurora_migration-*.whl)
shopt -u nullglob
[[ ${#wheels[@]} -eq 1 ]] \
  || fail "expected exactly one cdk_qldb_aurora_migration wheel in $WHEEL_DIR after jsii-pacmak, found ${#wheels[@]}"
WHEEL="${wheels[0]}"

# The wheel's own dependencies (jsii runtime, typeguard, ...) once, then the freshly built wheel itself.
step pip-wheel-dependencies "$PYTHON" -m pip install --quiet "$WHEEL"
step pip-wheel "$PYTHON" -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
step pip-check "$PYTHON" -m pip check

# --- 3. the tests -------------------------------------------------------------------------------------------------
echo "test-python: testing $(basename "$WHEEL") with aws-cdk-lib $CDK_VERSION in $VENV"
echo "test-python: prepared in ${SECONDS}s ($(step_timings))"
"$PYTHON" -m pytest test-python -q -p no:cacheprovider --repo-root "$ROOT"
