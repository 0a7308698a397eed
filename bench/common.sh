# What bench/run, bench/profile and bench/waiting share; sourced from the project root, after `set -euo pipefail`.
# OUT: the script's output directory (emptied). Sets JAVA_OPTS, BENCH_JAVA, JDK_BIN; gives free_port, start_nats
# (sets NATS_PORT and NATS_URL) and a PIDS list that is killed on exit.

# the heap of a worker pod: 384Mi (k8s/camel-k/integration-football-worker.yaml) with the image's MaxRAMPercentage=50
JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAM=384m -XX:MaxRAMPercentage=50}
# the runtime of k8s/camel-k/Dockerfile: Java 25; falls back to the default java
BENCH_JAVA=${BENCH_JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
BENCH_JAVA=${BENCH_JAVA:-java}
# that runtime's jcmd and jfr
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$BENCH_JAVA")")")
rm -rf "$OUT" && mkdir -p "$OUT"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
# a nats-server of the script's own, with JetStream, in $OUT
start_nats() {
  NATS_PORT=$(free_port)
  nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$OUT/nats-store" > "$OUT/nats-server.log" 2>&1 &
  PIDS+=($!)
  until (exec 3<>"/dev/tcp/127.0.0.1/$NATS_PORT") 2>/dev/null; do sleep 0.1; done
  NATS_URL="nats://127.0.0.1:$NATS_PORT"
}
