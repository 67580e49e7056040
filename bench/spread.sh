#!/usr/bin/env bash
# Runs bench/run.sh N times (default 3) one after another and gives, for each figure, the median and the
# spread (lowest..highest) of its RESULT lines. Each run's whole output is kept in target/bench-runs/.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3}
rm -rf target/bench-runs && mkdir -p target/bench-runs
for i in $(seq "$n"); do
  echo "== run $i of $n"
  bench/run.sh 2>&1 | tee "target/bench-runs/run-$i.log"
done
echo "== $n runs, $(date -u +%Y-%m-%d), $(nproc) cores: median [lowest..highest]"
cat target/bench-runs/run-*.log | python3 -c '
import sys, statistics, collections
values = collections.OrderedDict()
for line in sys.stdin:
    if line.startswith("RESULT "):
        name, value = line[7:].strip().split("=", 1)
        values.setdefault(name, []).append(float(value))
for name, v in values.items():
    print("%-32s %8.2f  [%.2f..%.2f]  (%d runs)" % (name, statistics.median(v), min(v), max(v), len(v)))
'
