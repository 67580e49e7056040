#!/usr/bin/env bash
# sendgate's benchmarks: each figure comes with a reference measured side by side in the same run, and the
# run ends with one line per figure, `RESULT name=value`, for a script to read (bench/spread.sh runs it
# several times and gives each figure's median and spread).
#   bench/run.sh            all of them
#   STEPS="2 3" bench/run.sh only those steps (1 small, 2 batches, 3 large, 4 events, 5 scale)
# Sizes: MIB (large send), RUNS (its rounds), DURATION and WARMUP (each wrk run), EVENT_SENDS, SCALE_SOCKETS; SENDGATE_JAR: the
# jar to measure (default: target's, built when missing). bench/smoke.sh runs it with tiny sizes in the build.
# Needs the service's jar (built here when missing), wrk (installed with apt when missing, as root),
# and a quiet machine: the numbers are only as good as the machine is idle.
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${MIB:-64}
RUNS=${RUNS:-5}
SCALE_SOCKETS=${SCALE_SOCKETS:-100000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
EVENT_SENDS=${EVENT_SENDS:-10000}
STEPS=" ${STEPS:-1 2 3 4 5} "
step() { [[ "$STEPS" == *" $1 "* ]]; }

jar=${SENDGATE_JAR:-$(ls target/sendgate-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
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
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
results=()
result() { results+=("RESULT $1=$2"); }
ratio() { python3 -c "print('%.2f' % (float('$1') / float('$2')))"; }

port=$(free_port)
base="http://127.0.0.1:$port"
# sendgate.bench.floor: the small send's reference, a request of a send's shape that sends nothing
java -Xmx1g -jar "$jar" --server.port="$port" --logging.level.root=WARN --spring.main.banner-mode=off \
  --sendgate.bench.floor=true \
  --sendgate.limits.max-bytes-in-flight=2GB \
  --sendgate.limits.max-bytes-per-send=$((MIB + 1))MB --sendgate.limits.max-request-size=$((MIB + 2))MB \
  --sendgate.limits.max-pending-per-socket=100000 &
pid=$!
children=($pid)
trap 'kill "${children[@]}" 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 1; done
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"

# wrk against URL (with a Lua script for a POST): requests per second, and the service's own CPU time per
# request (user + system, from /proc), which the load of wrk itself does not distort
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
measure() { # NAME CONNECTIONS URL [LUA]: sets rps and cpu (microseconds of the service's CPU per request)
  local before after
  before=$(cpu_ticks)
  wrk -t1 -c"$2" -d"$DURATION" ${4:+-s "$4"} "$3" > "target/bench/wrk-$1.txt"
  after=$(cpu_ticks)
  if grep -q "Non-2xx" "target/bench/wrk-$1.txt"; then
    echo "$1: some answers were not 2xx"; cat "target/bench/wrk-$1.txt"; exit 1
  fi
  read -r rps cpu < <(awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    '/requests in/{n=$1} /Requests\/sec/{rps=$2} END {printf "%s %.1f\n", rps, ticks / hz * 1e6 / n}' "target/bench/wrk-$1.txt")
}

udp_port=$(free_port)
python3 -c "import socket, time; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $udp_port)); time.sleep(86400)" &
children+=($!)
sock=$(bench Bench socket "$base" "$udp_port" UDP)
get_url="$base/api/v1/sockets/$sock"
floor_url="$base/api/v1/bench/sockets/$sock/floor"
send_url="$base/api/v1/sockets/$sock/sends"

if step 1; then
echo "== 1. small send: a 16-byte JSON send vs a GET of the socket and vs the floor (a POST of a send's shape,"
echo "      read by the send's own reader, no native call), to a UDP peer that never reads (nothing to wake)"
# the same warm-up for each, so the JIT has compiled every path before it is measured
for _ in 1 2; do
  DURATION=$WARMUP measure warm 1 "$get_url"
  DURATION=$WARMUP measure warm 1 "$floor_url" bench/send.lua
  DURATION=$WARMUP measure warm 1 "$send_url" bench/send.lua
done
for c in 1 8; do
  measure get "$c" "$get_url"; get_rps=$rps; get_cpu=$cpu
  measure floor "$c" "$floor_url" bench/send.lua; floor_rps=$rps; floor_cpu=$cpu
  measure send "$c" "$send_url" bench/send.lua; send_rps=$rps; send_cpu=$cpu
  printf 'small send, %s connection(s): GET %.0f req/s (%.0f us CPU each), floor %.0f req/s (%.0f us), send %.0f req/s (%.0f us); send/floor %s, send/GET %s\n' \
    "$c" "$get_rps" "$get_cpu" "$floor_rps" "$floor_cpu" "$send_rps" "$send_cpu" \
    "$(ratio "$send_rps" "$floor_rps")" "$(ratio "$send_rps" "$get_rps")"
  result "small_send_vs_floor_${c}conn" "$(ratio "$send_rps" "$floor_rps")"
  result "small_send_vs_get_${c}conn" "$(ratio "$send_rps" "$get_rps")"
done
fi

if step 2; then

echo "== 2. batches: 1,000 16-byte sends per request vs one send per request, same socket, 1 connection:"
echo "      the UDP socket above, and a TCP socket to a peer that reads everything"
tcp_port=$(free_port)
python3 - "$tcp_port" <<'PY' &
import socket, sys, threading
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1]))); srv.listen(16)
def drain(c):
    while c.recv(1 << 20): pass
while True:
    c, _ = srv.accept(); threading.Thread(target=drain, args=(c,), daemon=True).start()
PY
children+=($!)
sleep 1
tcp_sock=$(bench Bench socket "$base" "$tcp_port" TCP)
for target in udp tcp; do
  if [ "$target" = udp ]; then url="$send_url"; else url="$base/api/v1/sockets/$tcp_sock/sends"; fi
  DURATION=$WARMUP measure warm 1 "$url/batch" bench/batch.lua
  DURATION=$WARMUP measure warm 1 "$url" bench/send.lua
  measure single 1 "$url" bench/send.lua; single_rps=$rps
  measure batch 1 "$url/batch" bench/batch.lua; batch_rps=$rps
  batch_sends=$(python3 -c "print('%.0f' % (float('$batch_rps') * 1000))")
  echo "batches, ${target}: $batch_sends sends/s in batches of 1,000, $single_rps sends/s one per request, ratio $(ratio "$batch_sends" "$single_rps")"
  result "batch_vs_single_$target" "$(ratio "$batch_sends" "$single_rps")"
done
fi

if step 3; then

echo "== 3. large send: one ${MIB} MiB octet-stream send, captured and streamed (?stream=true), vs a plain Java NIO client, same loopback sink"
bench Bench throughput "$base" "$MIB" "$RUNS" | tee target/bench/throughput.txt | grep -v "^RESULT"
while read -r line; do results+=("$line"); done < <(grep "^RESULT" target/bench/throughput.txt)
fi

if step 4; then

echo "== 4. completion to event: a send's completedAt to its SSE event at a subscriber vs a plain loopback line, side by side"
# one client sending back to back (the issue's figure), then four at once; EVENT_SENDS measured sends each
{
  bench EventLatency "$base" "$EVENT_SENDS" 1
  bench EventLatency "$base" "$EVENT_SENDS" 4 c4
} | tee target/bench/events.txt | grep -v "^RESULT"
while read -r line; do results+=("$line"); done < <(grep "^RESULT" target/bench/events.txt)
value() { awk -F= -v n="$1" '$1 == "RESULT " n {print $2}' target/bench/events.txt; }
for c in "" _c4; do
  result "event_p99_vs_reference$c" "$(ratio "$(value "event_p99_ms$c")" "$(value "event_reference_p99_ms$c")")"
done
fi

if step 5; then

echo "== 5. scale: ${SCALE_SOCKETS} sockets with a pending send, drained"
# A service of its own, with the file limit and the budget this step needs; in a subshell, so the raised
# limit and the trap stay here. Each socket is one descriptor in the service and one in the benchmark's
# sink: the file limit goes as far as this machine lets root (the hard limit rises only with
# CAP_SYS_RESOURCE, and never past fs.nr_open); Scale says which limit stopped it short of SCALE_SOCKETS.
(
  ulimit -Hn "$(cat /proc/sys/fs/nr_open)" 2>/dev/null \
    || echo "scale: the hard file limit stays at $(ulimit -Hn): raising it needs CAP_SYS_RESOURCE"
  ulimit -Sn "$(ulimit -Hn)"
  scale_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # the budget holds every socket's pending send: Scale's payload is 16 KiB
  java -Xmx1g -XX:NativeMemoryTracking=summary -jar "$jar" --server.port="$scale_port" --logging.level.root=WARN \
    --spring.main.banner-mode=off \
    --sendgate.limits.max-sockets=$((SCALE_SOCKETS + 10)) \
    --sendgate.limits.max-bytes-in-flight=$((SCALE_SOCKETS * 16 / 1024 + 64))MB &
  scale_pid=$!
  trap 'kill $scale_pid 2>/dev/null; wait $scale_pid 2>/dev/null || true' EXIT
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$scale_port/actuator/health" >/dev/null && break; sleep 1; done
  bench Scale "http://127.0.0.1:$scale_port" "$SCALE_SOCKETS" "$scale_pid"
) 2>&1 | tee target/bench/scale.txt | grep -v "^RESULT"
while read -r line; do results+=("$line"); done < <(grep "^RESULT" target/bench/scale.txt || true)
fi

echo
printf '%s\n' "${results[@]}"
