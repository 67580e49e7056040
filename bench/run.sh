#!/usr/bin/env bash
# sendgate's benchmarks: each figure comes with a reference measured side by side in the same run.
#   bench/run.sh            all of them
# Needs the service's jar (built here when missing), wrk (installed with apt when missing, as root),
# and a quiet machine: the numbers are only as good as the machine is idle.
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${MIB:-64}
RUNS=${RUNS:-5}
SOCKETS=${SOCKETS:-10000}
DURATION=${DURATION:-10s}

jar=$(ls target/sendgate-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=$(ls target/sendgate-*.jar | grep -v plain | head -1)
fi
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
# the benchmarks are plain Java classes sharing Bench's helpers, compiled apart from the service
rm -rf target/bench && javac -d target/bench bench/*.java
bench() { java -cp target/bench "$@"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

java -Xmx1g -jar "$jar" --server.port="$port" --logging.level.root=WARN \
  --sendgate.limits.max-sockets=$((SOCKETS + 10)) --sendgate.limits.max-bytes-in-flight=2GB \
  --sendgate.limits.max-bytes-per-send=$((MIB + 1))MB --sendgate.limits.max-request-size=$((MIB + 2))MB \
  --sendgate.limits.max-pending-per-socket=100000 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 1; done

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "== 1. large send: one ${MIB} MiB octet-stream send vs a plain Java NIO client, same loopback sink"
bench Bench throughput "$base" "$MIB" "$RUNS"

echo "== 2. small send: 16-byte overlapped JSON send vs reading a socket (same HTTP stack, no native call), 1 connection"
sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$sink_port" <<'PY' &
import socket, sys, threading
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1]))); srv.listen(16)
def drain(c):
    while c.recv(1 << 20): pass
while True:
    c, _ = srv.accept(); threading.Thread(target=drain, args=(c,), daemon=True).start()
PY
sink=$!
trap 'kill $pid $sink 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
sleep 1
sock=$(bench Bench socket "$base" "$sink_port")
# both paths get the same warm-up, so the JIT has compiled each before it is measured
wrk -t1 -c1 -d5s "$base/api/v1/sockets/$sock" > /dev/null
wrk -t1 -c1 -d5s -s bench/send.lua "$base/api/v1/sockets/$sock/sends" > /dev/null
for c in 1 8; do
  wrk -t1 -c$c -d"$DURATION" --latency "$base/api/v1/sockets/$sock" > /tmp/wrk-read.txt
  wrk -t1 -c$c -d"$DURATION" --latency -s bench/send.lua "$base/api/v1/sockets/$sock/sends" > /tmp/wrk-send.txt
  read_rps=$(awk '/Requests\/sec/{print $2}' /tmp/wrk-read.txt)
  send_rps=$(awk '/Requests\/sec/{print $2}' /tmp/wrk-send.txt)
  read_p50=$(awk '$1=="50%"{print $2}' /tmp/wrk-read.txt)
  send_p50=$(awk '$1=="50%"{print $2}' /tmp/wrk-send.txt)
  python3 -c "print('small send, %s connection(s): read %s req/s (p50 %s), send %s req/s (p50 %s), send/read throughput ratio %.2f' % ('$c', '$read_rps', '$read_p50', '$send_rps', '$send_p50', float('$send_rps')/float('$read_rps')))"
done
grep -h "Non-2xx" /tmp/wrk-send.txt /tmp/wrk-read.txt || true

echo "== 2b. batches: 1,000 16-byte sends per request vs one send per request, same socket, 1 connection"
wrk -t1 -c1 -d5s -s bench/batch.lua "$base/api/v1/sockets/$sock/sends/batch" > /dev/null
wrk -t1 -c1 -d"$DURATION" -s bench/send.lua "$base/api/v1/sockets/$sock/sends" > /tmp/wrk-single.txt
wrk -t1 -c1 -d"$DURATION" -s bench/batch.lua "$base/api/v1/sockets/$sock/sends/batch" > /tmp/wrk-batch.txt
single=$(awk '/Requests\/sec/{print $2}' /tmp/wrk-single.txt)
batch=$(awk '/Requests\/sec/{print $2}' /tmp/wrk-batch.txt)
python3 -c "print('batches: %.0f sends/s in batches of 1,000, %.0f sends/s one per request, ratio %.1f' % (float('$batch') * 1000, float('$single'), float('$batch') * 1000 / float('$single')))"
grep -h "Non-2xx" /tmp/wrk-single.txt /tmp/wrk-batch.txt || true

echo "== 3. ${SOCKETS} sockets, each with a pending 64 KiB send, on the one epoll thread"
bench Bench pool "$base" "$SOCKETS" "$pid"

echo "== 5. completion to event: a send's completedAt to its SSE event at a subscriber vs a plain loopback line, side by side"
# one client sending back to back (the issue's figure), then four at once; 10,000 measured sends each
EVENT_SENDS=${EVENT_SENDS:-10000}
bench EventLatency "$base" "$EVENT_SENDS" 1
bench EventLatency "$base" "$EVENT_SENDS" 4 c4
