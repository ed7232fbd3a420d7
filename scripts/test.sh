#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (npm packages, a project-local Python venv),
# builds the library (type checks, bundles, jsii, API.md), runs every test against real services started by the
# tests themselves (an embedded PostgreSQL), packages the npm tarball and checks what it ships.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

step() { printf '\n=== %s\n' "$*"; }

step "npm ci"
npm ci --no-audit --no-fund --loglevel=error

step "Python environment (.venv): the S3 test server and pytest"
bash scripts/python-env.sh

step "build: synth, type checks, bundles, jsii, jest, eslint, npm package, API.md"
CI=true npx projen build

step "npm package contents"
node scripts/check-package.js

step "Python package (jsii-pacmak) and its tests"
bash scripts/test-python.sh

step "DMV example app: TypeScript (twice), cfn-lint, state machines, Python and Java apps"
bash scripts/test-examples.sh

step "Glue job: pytest, then local Spark against the TypeScript engine and PostgreSQL"
bash scripts/test-glue.sh

# The jest totals (from jest-junit's report) as one plain line; pytest prints its own.
node -e '
  const xml = require("fs").readFileSync("test-reports/junit.xml", "utf8");
  const root = /<testsuites[^>]*>/.exec(xml)[0];
  const attr = (name) => Number(new RegExp(` ${name}="(\\d+)"`).exec(root)[1]);
  console.log(`\njest: ${attr("tests") - attr("failures") - attr("errors")} passed, ${attr("failures") + attr("errors")} failed`);
'
echo "All test stages passed."
