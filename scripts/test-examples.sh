#!/usr/bin/env bash
# Synthesizes the DMV example app and checks its templates:
#   1. the TypeScript app (examples/dmv/app.ts) into examples/dmv/cdk.out, twice: the two templates must be identical;
#   2. cfn-lint (pinned in scripts/python-requirements.txt, installed in .venv) on the template;
#   3. every state machine definition against the Amazon States Language (asl-validator);
#   4. the Python app (examples/dmv/python/app.py) with the jsii-pacmak wheel that scripts/test-python.sh built: its
#      template must equal the TypeScript app's, asset hashes aside;
#   5. the Java app (examples/dmv/java, Maven) against the jsii-pacmak Java package (dist/java): it must build and synthesize.
#
# Needs: `npx projen compile` and `npx projen bundle:all` (the assembly and the handler bundles), and for step 4
# `scripts/test-python.sh` (the wheel); step 5 runs `npx projen package:java`. Skip steps 4 and 5 with
# SKIP_PYTHON=1 / SKIP_JAVA=1. Scratch output goes to .tmp/test-examples/ (gitignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PIP_DISABLE_PIP_VERSION_CHECK=1
TMP="$ROOT/.tmp/test-examples"
rm -rf "$TMP"
mkdir -p "$TMP"
TS_OUT="$ROOT/examples/dmv/cdk.out"
TEMPLATE=DmvMigration.template.json

fail() {
  echo "test-examples: $*" >&2
  exit 1
}

# --- 1. the TypeScript app, twice (this is `npm run synth:dmv`) ----------------------------------------------------
synth_ts() {
  rm -rf "$1"
  CDK_OUTDIR="$1" npx tsx examples/dmv/app.ts
}
synth_ts "$TS_OUT"
synth_ts "$TMP/ts-again"
cmp -s "$TS_OUT/$TEMPLATE" "$TMP/ts-again/$TEMPLATE" \
  || fail "two syntheses of examples/dmv/app.ts differ: diff $TS_OUT/$TEMPLATE $TMP/ts-again/$TEMPLATE"
echo "test-examples: examples/dmv/app.ts synthesized twice, identical ($(wc -c <"$TS_OUT/$TEMPLATE") bytes)"

# --- 2. cfn-lint ------------------------------------------------------------------------------------------------------
[[ -x .venv/bin/cfn-lint ]] || scripts/python-env.sh
.venv/bin/cfn-lint --version
# W3005 (a DependsOn that a GetAtt already implies) is how aws-cdk-lib writes every function's and state machine's role
# dependency; every other finding fails.
.venv/bin/cfn-lint --ignore-checks W3005 -- "$TS_OUT/$TEMPLATE" || fail "cfn-lint found problems in $TS_OUT/$TEMPLATE"
echo "test-examples: cfn-lint passed"

# --- 3. Amazon States Language -------------------------------------------------------------------------------------
TEMPLATE_FILE="$TS_OUT/$TEMPLATE" npx tsx -e '
  const { readFileSync } = require("fs");
  const { Template } = require("aws-cdk-lib/assertions");
  const { expectValidAsl, stateMachineDefinitions } = require("./test/support/cdk-checks");
  const template = Template.fromJSON(JSON.parse(readFileSync(process.env.TEMPLATE_FILE, "utf8")));
  const definitions = stateMachineDefinitions(template);
  if (definitions.size === 0) throw new Error("no state machine in " + process.env.TEMPLATE_FILE);
  for (const [id, definition] of definitions) {
    expectValidAsl(definition);
    console.log(`test-examples: ${id}: valid Amazon States Language (${Object.keys(definition.States).length} states)`);
  }
'

# Asset hashes (64 hex digits) replaced, for comparing syntheses made from different copies of the assets.
strip_hashes() {
  sed -E 's/[0-9a-f]{64}/<asset hash>/g' "$1"
}

# --- 4. the Python app with the wheel of scripts/test-python.sh ---------------------------------------------------------
if [[ "${SKIP_PYTHON:-}" != 1 ]]; then
  shopt -s nullglob
  wheels=(dist/python/cdk_qldb_aurora_migration-*.whl)
  shopt -u nullglob
  [[ ${#wheels[@]} -eq 1 ]] || fail "no wheel in dist/python: run scripts/test-python.sh first (it builds and installs it)"
  [[ "${wheels[0]}" -nt .jsii ]] || fail "${wheels[0]} is older than the assembly .jsii: run scripts/test-python.sh again"
  .venv/bin/python -c 'import cdk_qldb_aurora_migration' 2>/dev/null \
    || .venv/bin/python -m pip install --quiet "${wheels[0]}"
  .venv/bin/python -m pip install --quiet --force-reinstall --no-deps "${wheels[0]}"
  CDK_OUTDIR="$TMP/python" .venv/bin/python examples/dmv/python/app.py
  if ! diff <(strip_hashes "$TS_OUT/$TEMPLATE") <(strip_hashes "$TMP/python/$TEMPLATE") >"$TMP/python.diff"; then
    head -40 "$TMP/python.diff" >&2
    fail "the Python app's template differs from the TypeScript app's (asset hashes aside): $TMP/python.diff"
  fi
  echo "test-examples: examples/dmv/python/app.py gives the TypeScript app's template (asset hashes aside)"
fi

# --- 5. the Java app against the jsii-pacmak Java package ------------------------------------------------------------------
if [[ "${SKIP_JAVA:-}" != 1 ]]; then
  command -v mvn >/dev/null || fail "mvn is not on PATH"
  npx projen package:java >"$TMP/package-java.log" 2>&1 || { tail -40 "$TMP/package-java.log" >&2; fail "npx projen package:java failed"; }
  (cd examples/dmv/java && CDK_OUTDIR="$TMP/java" mvn -q -B package exec:java) || fail "the Java app did not build or synthesize"
  [[ -s "$TMP/java/$TEMPLATE" ]] || fail "the Java app wrote no $TEMPLATE"
  grep -q '"AWS::StepFunctions::StateMachine"' "$TMP/java/$TEMPLATE" || fail "the Java app's template has no migration state machine"
  echo "test-examples: examples/dmv/java built and synthesized $(grep -c '"Type": "AWS::' "$TMP/java/$TEMPLATE") resources"
fi
echo "test-examples: all checks passed"
