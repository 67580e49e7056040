#!/usr/bin/env bash
# bench/run.sh with tiny sizes (through bench/spread.sh, once), run by ./mvnw verify against the jar just
# packaged: every step runs to its end and reports every figure, so the benchmarks the README quotes keep working. No figure is judged here: a build's
# machine is not a quiet one. Without wrk or python3, or off Linux, it says SKIPPED (a failure under
# SENDGATE_STRICT=true).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
[ "$(uname -s)" = Linux ] || missing="Linux (the benchmarks read /proc)"
command -v python3 >/dev/null || missing="${missing:+$missing, }python3"
command -v wrk >/dev/null || missing="${missing:+$missing, }wrk"
if [ -n "$missing" ]; then
  if [ "${SENDGATE_STRICT:-false}" = "true" ]; then
    echo "bench/smoke.sh: missing $missing; run scripts/provision/00-tools.sh" >&2
    exit 1
  fi
  echo "bench/smoke.sh: SKIPPED: $missing missing, so the benchmarks' smoke run does not run (run scripts/provision/00-tools.sh)"
  mkdir -p target
  printf '%s\t%s\t%s\n' "$missing missing" "scripts/provision/00-tools.sh" "the benchmarks' smoke run (bench/smoke.sh)" >> target/skipped.txt
  exit 0
fi
figures=(small_send_vs_floor_1conn small_send_vs_get_1conn small_send_vs_floor_8conn small_send_vs_get_8conn
  batch_vs_single_udp batch_vs_single_tcp large_send_vs_raw large_send_streamed_vs_raw event_p99_ms event_reference_p99_ms event_p99_vs_reference
  event_p99_ms_c4 event_reference_p99_ms_c4 event_p99_vs_reference_c4 scale_sockets scale_heap_mib scale_drain_ratio
  scale_drain_cpu_ratio)
log=target/bench-smoke.log
mkdir -p target
if ! MIB=2 RUNS=1 DURATION=1s WARMUP=1s EVENT_SENDS=300 SCALE_SOCKETS=200 bench/spread.sh 1 > "$log" 2>&1; then
  cat "$log"
  echo "bench/smoke.sh: bench/spread.sh 1 failed (its output is above, and in $log)" >&2
  exit 1
fi
for name in "${figures[@]}"; do
  if ! grep -Eq "^RESULT $name=[0-9]+(\.[0-9]+)?$" "$log" || ! grep -Eq "^$name +[0-9]" "$log"; then
    cat "$log"
    echo "bench/smoke.sh: bench/run.sh reported no figure $name, or bench/spread.sh did not sum it up" >&2
    exit 1
  fi
done
# the README's STEPS example: only the steps asked for run
steps_log=target/bench-smoke-steps.log
if ! MIB=2 RUNS=1 DURATION=1s WARMUP=1s EVENT_SENDS=300 STEPS="2 4" bench/run.sh > "$steps_log" 2>&1 \
    || ! grep -q "^RESULT batch_vs_single_udp=" "$steps_log" || ! grep -q "^RESULT event_p99_ms=" "$steps_log" \
    || grep -q "^RESULT small_send\|^RESULT large_send\|^RESULT scale_" "$steps_log"; then
  cat "$steps_log"
  echo "bench/smoke.sh: STEPS=\"2 4\" bench/run.sh did not run exactly steps 2 and 4" >&2
  exit 1
fi
echo "bench/smoke.sh: every step of bench/run.sh ran and reported its figures (${#figures[@]}); STEPS=\"2 4\" ran only those"
