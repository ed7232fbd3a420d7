#!/usr/bin/env bash
# Tests the Glue job (assets/glue): pytest for its plain Python functions, then the job itself on a local Spark
# (pyspark from PyPI, Java 17) over a generated DMV export, compared with the TypeScript engine byte for byte and,
# loaded into PostgreSQL with COPY by the DMS table definition's column lists, with `qldb-migrate load`.
#
# Installs pyspark, amazon.ion and pytest into the project-local virtual environment .venv/ (the one
# scripts/test-python.sh uses; created when missing). Writes only gitignored paths: .venv/, .tmp/test-glue/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1

VENV="$ROOT/.venv"
WORK="$ROOT/.tmp/test-glue"
LOG_DIR="$WORK/logs"
rm -rf "$WORK"
mkdir -p "$LOG_DIR"

SCRIPT_NAME=test-glue
# shellcheck source=scripts/logged-steps.sh
source "$ROOT/scripts/logged-steps.sh"

command -v python3 >/dev/null || fail "python3 is not on PATH; it is needed to create $VENV"
command -v java >/dev/null || fail "java is not on PATH; local Spark needs Java 17"
if [[ ! -x "$VENV/bin/python" ]]; then
  step venv python3 -m venv "$VENV"
fi
PYTHON="$VENV/bin/python"
step pip "$PYTHON" -m pip install --quiet pyspark amazon.ion pytest

# --- 1. the plain Python functions ----------------------------------------------------------------------------------
"$PYTHON" -m pytest test-glue -q -p no:cacheprovider

# --- 2. the job on local Spark, against the TypeScript engine ----------------------------------------------------------
step generate npx tsx examples/dmv/generator/main.ts --out "$WORK/dmv" --seed 3 --documents 300 --formats JSON,ION_TEXT

export PYSPARK_PYTHON="$PYTHON" PYSPARK_DRIVER_PYTHON="$PYTHON"
SPARK_SUBMIT=("$VENV/bin/spark-submit" --master 'local[2]' --driver-memory 2g
  --conf spark.sql.shuffle.partitions=4 --conf spark.default.parallelism=4 --conf spark.ui.enabled=false
  --conf spark.log.level=WARN)

# export folder, mapping, name
RUNS=(
  "export-json examples/dmv/mapping.json dmv-json"
  "export-ion-text test-glue/fixtures/dmv-wide-mapping.json wide-ion-text"
  "export-json test-glue/fixtures/dmv-wide-mapping.json wide-json"
)
for run in "${RUNS[@]}"; do
  read -r export mapping name <<<"$run"
  step "spark-$name" "${SPARK_SUBMIT[@]}" assets/glue/ledger_etl.py --mapping_uri "$ROOT/$mapping" \
    --export_uris "$WORK/dmv/$export" --output_uri "$WORK/out-$name"
  step "compare-$name" npx tsx scripts/compare-glue-output.ts --export "$WORK/dmv/$export" --mapping "$mapping" \
    --spark "$WORK/out-$name" --work "$WORK/compare-$name"
  echo "test-glue: $name: $(grep '^{"job"' "$LOG_DIR/spark-$name.log") $(tail -n 1 "$LOG_DIR/compare-$name.log")"
done

echo "test-glue: passed in ${SECONDS}s ($(step_timings))"
