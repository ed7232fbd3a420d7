# Sourced by the test scripts: `fail MESSAGE` and `step NAME COMMAND...`, which runs a command with its output in
# "$LOG_DIR/NAME.log", prints the end of that log and fails when the command fails, and records its duration in
# TIMINGS. The sourcing script sets SCRIPT_NAME and LOG_DIR first.

fail() {
  echo "$SCRIPT_NAME: $*" >&2
  exit 1
}

TIMINGS=()
step() {
  local name="$1"
  shift
  local log="$LOG_DIR/$name.log"
  local started=$SECONDS
  if ! "$@" >"$log" 2>&1; then
    echo "----- $log -----" >&2
    tail -n 80 "$log" >&2
    fail "step '$name' failed (command: $*); full output in $log"
  fi
  TIMINGS+=("$name $((SECONDS - started))s")
}

# The durations of the steps run so far: "a 3s, b 10s".
step_timings() {
  (IFS=,; echo "${TIMINGS[*]}" | sed 's/,/, /g')
}
