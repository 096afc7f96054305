#!/usr/bin/env bash
# The footprint benchmark (bench/run.sh footprint): each mode started as shipped, in the container image with its
# manifest's memory limit, JVM options and (the agent) command (manifests/base), and what it costs.
#   agent:   started the in-cluster way, as the DaemonSet runs it: KUBERNETES_SERVICE_HOST/_PORT and a service-account
#            folder (token, ca.crt) mounted read-only where the kubelet mounts it, over HTTPS (bench TlsFront, a
#            certificate for 127.0.0.1 from the guard's own certs package) to a mock API server on the loopback
#            (bench MockApiServer); AGENT_API=http talks plain HTTP to the mock instead (KUBERNETES_MASTER=http://...),
#            not what ships. The TLS connections the agent opened are counted. The host's /proc and /sys/fs/cgroup
#            mounted read-only as the DaemonSet mounts them, CGROUPS extra live memory cgroups made for real under
#            /sys/fs/cgroup/memory/cgg-bench-PID (removed at the end), a reading every second for AGENT_SECONDS.
#            Resident set after start and at the end, time to ready, CPU per reading (utime+stime of the JVM over
#            the run, divided by the readings: so it includes what the idle JVM spends between readings).
#   webhook: NODES generated nodes from a node-list file (standalone mode), a bounded wrk load on /mutate and
#            /validate from 127.0.0.1 for LOAD_SECONDS. Resident set after start and after the load, time to ready.
#   webhook-cluster: the webhook in cluster mode and the Lease's only candidate, so the elected leader with the
#            labeller on (the worst start): its Node informer lists NODES nodes from the mock API server, which
#            answers the Node list in pages as a real one does (bench PagedNodeLists). Time to ready, resident set,
#            the pages the server answered, and where the start went (JVM, Quarkus, first and last page, cache
#            synced); a start that runs out of memory is reported, and fails the run.
#            Then the standalone mode's load on it, and the resident set after (the webhook as a cluster runs it).
#   Both: the container's peak memory (memory cgroup max_usage) against its limit.
# Needs root, docker (dockerd as .ci/run starts it: containers on --network host only), cgroup v1 memory.
# Tunables (env): IMAGE (default: built here as cgroup-guard-footprint:<checkout folder> over the offline base),
#   AGENT_JVM_OPTS / WEBHOOK_JVM_OPTS (default: the manifests'), AGENT_LIMIT / WEBHOOK_LIMIT (default: the
#   manifests'), CGROUPS=10000, AGENT_SECONDS=180, NODES=5000, LOAD_SECONDS=30, CONNECTIONS=4, NMT=0 (1: also
#   prints the JVMs' native memory summary, which costs a few MiB itself), PORT=21100 (uses PORT..PORT+6),
#   AGENT_API=https (as shipped) or http, AGENT_TLS_KEY=ECDSA_P256 (the API server's keys; RSA_2048 is kubeadm's),
#   AGENT_ENV / WEBHOOK_ENV (NAME=VALUE environment for the container, e.g. MALLOC_ARENA_MAX=2; the defaults are
#   the DaemonSet's and the Deployment's MALLOC_ARENA_MAX), AGENT_COMMAND (default: the DaemonSet's command,
#   e.g. java @/deployments/agent/java.args io.cgroupguard.Main; empty: the image's entry point),
#   WORK=target/bench/footprint (two runs at once need two, and two PORTs), LABEL (a name for the results line),
#   MODES="agent webhook webhook-cluster" (which to measure), SKIP_BUILD=0
set -euo pipefail
cd "$(dirname "$0")/.."
CGROUPS=${CGROUPS:-10000}; AGENT_SECONDS=${AGENT_SECONDS:-180}; NODES=${NODES:-5000}; LOAD_SECONDS=${LOAD_SECONDS:-30}
MODES=${MODES:-agent webhook webhook-cluster}; AGENT_API=${AGENT_API:-https}; AGENT_TLS_KEY=${AGENT_TLS_KEY:-ECDSA_P256}; CONNECTIONS=${CONNECTIONS:-4}; NMT=${NMT:-0}; PORT=${PORT:-21100}; LABEL=${LABEL:-$(git rev-parse --short HEAD)}
work=${WORK:-target/bench/footprint}; mkdir -p "$work"; results=target/bench/footprint.txt
env_args() { for e in $1; do printf -- '-e\n%s\n' "$e"; done; }
say() { echo "$*" | tee -a "$results"; }
# Waits up to $2 seconds for a helper server's "listening" line in its log $1; a run against a server that never
# came up would measure something else (a webhook listing the Nodes whole, unpaged), so the run stops instead.
await_listening() {
  for _ in $(seq 1 "$2"); do grep -q listening "$1" 2>/dev/null && return 0; sleep 1; done
  say "# $1 says no \"listening\" after $2 s: stopping this run (log below)"; tail -20 "$1" >&2; exit 1
}

manifest_env() { # the value of a container env var in a manifest
  awk -v name="$2" '$0 ~ "name: " name "$" {getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit}' "$1"
}
manifest_command() { # a manifest's container command, one word a line (command: ["java", "...", ...]); none: the image's
  awk '/^ *command: \[/{sub(/^ *command: \[/, ""); sub(/\] *$/, ""); n = split($0, w, /, */);
    for (i = 1; i <= n; i++) {gsub(/^"|"$/, "", w[i]); print w[i]}; exit}' "$1"
}
manifest_limit() { # the memory limit of a manifest's container, as docker takes it (192Mi -> 192m)
  awk '/limits:/{l=1} l && /memory:/{v=$2; sub(/Mi$/, "m", v); print v; exit}' "$1"
}
AGENT_JVM_OPTS=${AGENT_JVM_OPTS-$(manifest_env manifests/base/agent-daemonset.yaml JDK_JAVA_OPTIONS)}
WEBHOOK_JVM_OPTS=${WEBHOOK_JVM_OPTS-$(manifest_env manifests/base/webhook-deployment.yaml JDK_JAVA_OPTIONS)}
# The agent's launch as the DaemonSet's command gives it (empty: the image's entry point); AGENT_COMMAND tries another.
read -r -a agent_command <<< "${AGENT_COMMAND-$(manifest_command manifests/base/agent-daemonset.yaml | tr '\n' ' ')}"
AGENT_LIMIT=${AGENT_LIMIT:-$(manifest_limit manifests/base/agent-daemonset.yaml)}
WEBHOOK_LIMIT=${WEBHOOK_LIMIT:-$(manifest_limit manifests/base/webhook-deployment.yaml)}
AGENT_ENV=${AGENT_ENV-MALLOC_ARENA_MAX=$(manifest_env manifests/base/agent-daemonset.yaml MALLOC_ARENA_MAX)}
mapfile -t agent_env < <(env_args "$AGENT_ENV")
WEBHOOK_ENV=${WEBHOOK_ENV-MALLOC_ARENA_MAX=$(manifest_env manifests/base/webhook-deployment.yaml MALLOC_ARENA_MAX)}
mapfile -t webhook_env < <(env_args "$WEBHOOK_ENV")
if [ "$NMT" = 1 ]; then
  AGENT_JVM_OPTS="$AGENT_JVM_OPTS -XX:NativeMemoryTracking=summary"
  WEBHOOK_JVM_OPTS="$WEBHOOK_JVM_OPTS -XX:NativeMemoryTracking=summary"
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building"
  mvn -B -q package -DskipTests
  mvn -B -q test-compile
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
fi
if [ -z "${IMAGE:-}" ]; then
  # Tagged by checkout, so that two checkouts benchmarking at once do not build over each other's image.
  IMAGE=cgroup-guard-footprint:$(basename "$PWD" | tr -c 'a-zA-Z0-9_.\n-' '-')
  docker build -q -f src/main/docker/Dockerfile.jvm \
    --build-arg BASE_IMAGE="$(src/main/docker/offline-base.sh | tail -n 1)" -t "$IMAGE" . >/dev/null
fi
cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"

containers=(); pids=(); bench_cgroups="" # set once this run made its cgroups: only the run that made them removes them
cleanup() {
  for c in "${containers[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$bench_cgroups" ] && [ -d "$bench_cgroups" ]; then
    find "$bench_cgroups" -mindepth 1 -maxdepth 1 -type d -print0 | xargs -0 -r rmdir
    rmdir "$bench_cgroups"
  fi
}
trap cleanup EXIT

hz=$(getconf CLK_TCK)
pid_of() { docker inspect --format '{{.State.Pid}}' "$1"; }
rss_mib() { awk '/VmRSS/{printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_of() { # container -> "peak MiB of limit MiB (percent)"
  local g=/sys/fs/cgroup/memory/docker/$(docker inspect --format '{{.Id}}' "$1")
  awk -v p="$(cat "$g/memory.max_usage_in_bytes")" -v l="$(cat "$g/memory.limit_in_bytes")" \
    'BEGIN{printf "%.1f MiB of %d MiB (%d%%)", p / 1048576, l / 1048576, p * 100 / l}'
}
threads_of() { awk '/Threads/{print $2}' "/proc/$1/status"; }
nmt() { # pid file: the JVM's native memory summary, then its heap after a full GC, by the host's jcmd (it attaches
  # across the container's namespaces)
  [ "$NMT" = 1 ] || return 0
  { jcmd "$1" VM.native_memory summary; jcmd "$1" GC.run; jcmd "$1" GC.heap_info; } > "$2" 2>&1
  # What holds the live heap (the histogram forces a full GC first), and every loaded class with its loader.
  jcmd "$1" GC.class_histogram > "${2%.txt}-histogram.txt" 2>&1
  jcmd "$1" VM.class_hierarchy > "${2%.txt}-classes.txt" 2>&1
  echo "  native memory and heap after GC: $2; live heap by class, loaded classes: ${2%.txt}-histogram.txt, -classes.txt"
}
await_ready() { # container url [curl options] -> seconds from now until it answers 200; fails if the container stops
  local start container=$1; shift; start=$(date +%s.%N)
  for _ in $(seq 1 1200); do
    if curl -sf -o /dev/null "$@"; then awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e - s}'; return; fi
    [ "$(docker inspect --format '{{.State.Running}}' "$container")" = true ] || { echo "exited"; return 1; }
    sleep 0.1
  done
  echo "never"; return 1
}

say "# footprint $LABEL, $(date -u +%Y-%m-%dT%H:%M:%SZ), image $IMAGE; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- agent
if [[ " $MODES " == *" agent "* ]]; then
say "# agent over $AGENT_API ($AGENT_TLS_KEY keys if https): limit $AGENT_LIMIT, command: ${agent_command[*]:-(the image entry point)} agent," \
  "options: ${AGENT_JVM_OPTS:-(none)} ${AGENT_ENV:-}"
# The last run's log goes first: the wait below could otherwise read its "listening" before the new one is made.
rm -f "$work/mock-api.log"
java -cp "$cp" io.cgroupguard.bench.MockApiServer "$PORT" node-a > "$work/mock-api.log" 2>&1 &
pids+=("$!")
await_listening "$work/mock-api.log" 60
if [ "$AGENT_API" = https ]; then
  rm -rf "$work/serviceaccount" "$work/tls-front.log"
  java -cp "$cp" io.cgroupguard.bench.TlsFront $((PORT + 6)) "$PORT" "$work/serviceaccount" "$AGENT_TLS_KEY" \
    > "$work/tls-front.log" 2>&1 &
  pids+=("$!")
  await_listening "$work/tls-front.log" 60
  chmod 755 "$work/serviceaccount"; chmod 644 "$work/serviceaccount"/*
  api_args=(-v "$PWD/$work/serviceaccount:/var/run/secrets/kubernetes.io/serviceaccount:ro"
    -e KUBERNETES_SERVICE_HOST=127.0.0.1 -e KUBERNETES_SERVICE_PORT=$((PORT + 6)))
else
  api_args=(-e KUBERNETES_MASTER="http://127.0.0.1:$PORT")
fi
bench_cgroups=/sys/fs/cgroup/memory/cgg-bench-$$
mkdir "$bench_cgroups"
seq 1 "$CGROUPS" | sed "s|^|$bench_cgroups/g|" | xargs mkdir
memcgs=$(awk '$1 == "memory" {print $3}' /proc/cgroups)
agent=cgg-footprint-agent-$$; containers+=("$agent")
start=$(date +%s.%N)
docker run -d --name "$agent" --network host --read-only --tmpfs /tmp --memory "$AGENT_LIMIT" \
  -v /proc:/host/proc:ro -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro \
  -e NODE_NAME=node-a -e CGROUP_GUARD_AGENT_HOST_ROOT=/host -e CGROUP_GUARD_AGENT_INTERVAL=1s \
  "${api_args[@]}" -e QUARKUS_HTTP_PORT=$((PORT + 1)) \
  -e QUARKUS_MANAGEMENT_PORT=$((PORT + 2)) -e JDK_JAVA_OPTIONS="$AGENT_JVM_OPTS" "${agent_env[@]}" \
  ${agent_command[0]:+--entrypoint "${agent_command[0]}"} "$IMAGE" "${agent_command[@]:1}" agent >/dev/null
ready=$(await_ready "$agent" "http://127.0.0.1:$((PORT + 1))/q/health/ready")
ready=$(awk -v s="$start" -v e="$(date +%s.%N)" -v r="$ready" 'BEGIN{printf "%.2f", e - s}')
pid=$(pid_of "$agent")
sleep 5
rss_start=$(rss_mib "$pid"); ticks0=$(cpu_ticks "$pid")
last0=$(curl -s "http://127.0.0.1:$((PORT + 2))/q/metrics" | awk '/^cgroup_guard_agent_last_reading_timestamp_seconds/{print $2}')
sleep "$AGENT_SECONDS"
ticks1=$(cpu_ticks "$pid")
metrics=$(curl -s "http://127.0.0.1:$((PORT + 2))/q/metrics")
last1=$(echo "$metrics" | awk '/^cgroup_guard_agent_last_reading_timestamp_seconds/{print $2}')
seen=$(echo "$metrics" | awk '/^cgroup_guard_memory_cgroups/{print $0}' | tr '\n' ' ')
readings=$(awk -v a="$last0" -v b="$last1" 'BEGIN{printf "%d", b - a}')
say "agent: ready in ${ready} s (docker run to /q/health/ready); rss after start ${rss_start} MiB," \
  "after ${AGENT_SECONDS} s of 1 s readings $(rss_mib "$pid") MiB; threads $(threads_of "$pid");" \
  "peak $(peak_of "$agent"); host memory cgroups ${memcgs};" \
  "cpu $(awk -v t=$((ticks1 - ticks0)) -v hz="$hz" -v n="$readings" 'BEGIN{printf "%.1f ms per reading (%d readings, %.2f s)", t * 1000 / hz / n, n, t / hz}');" \
  "gauges: ${seen}"
if [ "$AGENT_API" = https ]; then
  say "  over TLS: $(grep -c ' connection [0-9]* TLS' "$work/tls-front.log" || true) connections (handshakes) in all," \
    "$(grep -c 'failed' "$work/tls-front.log" || true) failed; negotiated: $(grep -o 'TLS[^ ]* TLS_[A-Z0-9_]*' "$work/tls-front.log" | sort | uniq -c | tr -s ' \n' ' ')"
fi
nmt "$pid" "$work/agent-nmt.txt"
docker logs "$agent" > "$work/agent.log" 2>&1
docker rm -f "$agent" >/dev/null; containers=()
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pids=()
find "$bench_cgroups" -mindepth 1 -maxdepth 1 -type d -print0 | xargs -0 -r rmdir; rmdir "$bench_cgroups"; bench_cgroups=""
fi

# ---- webhook
if [[ " $MODES " == *" webhook "* ]]; then
say "# webhook: limit $WEBHOOK_LIMIT, $NODES nodes from a file, options: ${WEBHOOK_JVM_OPTS:-(none)} ${WEBHOOK_ENV:-}"
command -v wrk >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
java -cp "$cp" io.cgroupguard.bench.NodeListGenerator "$work/nodes.json" "$NODES" >/dev/null
java -cp "$cp" io.cgroupguard.bench.CompactJson examples/review-create-pod.json "$work/review.json"
rm -rf "$work/certs"; mkdir -p "$work/certs"; chmod 777 "$work/certs"; chmod 644 "$work/nodes.json"
webhook=cgg-footprint-webhook-$$; containers+=("$webhook")
start=$(date +%s.%N)
docker run -d --name "$webhook" --network host --read-only --tmpfs /tmp --memory "$WEBHOOK_LIMIT" \
  -v "$PWD/$work/certs:/etc/cgroup-guard/certs" -v "$PWD/$work/nodes.json:/nodes.json:ro" \
  -e CGROUP_GUARD_CERTS_DIR=/etc/cgroup-guard/certs -e CGROUP_GUARD_NODES_FILE=/nodes.json \
  -e QUARKUS_HTTP_SSL_PORT=$((PORT + 3)) -e QUARKUS_MANAGEMENT_PORT=$((PORT + 4)) \
  -e JDK_JAVA_OPTIONS="$WEBHOOK_JVM_OPTS" "${webhook_env[@]}" "$IMAGE" serve >/dev/null
for _ in $(seq 1 600); do [ -f "$work/certs/ca.crt" ] && break; sleep 0.1; done
await_ready "$webhook" "https://127.0.0.1:$((PORT + 3))/q/health/ready" --cacert "$work/certs/ca.crt" >/dev/null
ready=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e - s}')
pid=$(pid_of "$webhook")
sleep 5
rss_start=$(rss_mib "$pid")
export BODY="$work/review.json"
half=$(( (CONNECTIONS + 1) / 2 ))
wrk -t1 -c"$half" -d"$LOAD_SECONDS"s -s bench/post.lua "https://127.0.0.1:$((PORT + 3))/mutate" > "$work/wrk-mutate.txt" &
wrk -t1 -c"$half" -d"$LOAD_SECONDS"s -s bench/post.lua "https://127.0.0.1:$((PORT + 3))/validate" > "$work/wrk-validate.txt"
wait
say "webhook: ready in ${ready} s (docker run to /q/health/ready, $NODES nodes loaded); rss after start ${rss_start} MiB," \
  "after ${LOAD_SECONDS} s of load $(rss_mib "$pid") MiB; threads $(threads_of "$pid"); peak $(peak_of "$webhook");" \
  "load: $(grep -h '^RESULT' "$work/wrk-mutate.txt" "$work/wrk-validate.txt" | tr '\n' ' ')"
nmt "$pid" "$work/webhook-nmt.txt"
docker rm -f "$webhook" >/dev/null; containers=()
fi

# ---- webhook, node state from the API server: start to ready with NODES nodes listed from the mock API server, in
# pages (the pages are serialized once beforehand, so what is timed is the webhook's share, not the mock's)
if [[ " $MODES " == *" webhook-cluster "* ]]; then
say "# webhook from the API server: limit $WEBHOOK_LIMIT, $NODES nodes, options: ${WEBHOOK_JVM_OPTS:-(none)} ${WEBHOOK_ENV:-}"
java -cp "$cp" io.cgroupguard.bench.NodeListGenerator "$work/nodes.json" "$NODES" >/dev/null
rm -f "$work/mock-api-nodes.log"
java -cp "$cp" io.cgroupguard.bench.MockApiServer $((PORT + 5)) node-a "$work/nodes.json" > "$work/mock-api-nodes.log" 2>&1 &
pids+=("$!")
await_listening "$work/mock-api-nodes.log" 600
# In cluster mode the certificates are self-managed (a Secret the leader writes): until then the webhook serves a
# temporary self-signed one, so readiness is asked without checking it; what is measured is when node state is in.
webhook=cgg-footprint-webhook-cluster-$$; containers+=("$webhook")
start=$(date +%s.%N)
docker run -d --name "$webhook" --network host --read-only --tmpfs /tmp --memory "$WEBHOOK_LIMIT" \
  -e KUBERNETES_MASTER="http://127.0.0.1:$((PORT + 5))" -e POD_NAMESPACE=cgroup-guard -e HOSTNAME=webhook-a \
  -e QUARKUS_HTTP_SSL_PORT=$((PORT + 3)) -e QUARKUS_MANAGEMENT_PORT=$((PORT + 4)) \
  -e JDK_JAVA_OPTIONS="$WEBHOOK_JVM_OPTS" "${webhook_env[@]}" "$IMAGE" serve >/dev/null
if ! await_ready "$webhook" "https://127.0.0.1:$((PORT + 3))/q/health/ready" --insecure >/dev/null; then
  docker logs -t "$webhook" > "$work/webhook-cluster.log" 2>&1
  say "webhook from the API server: not ready: $(docker inspect --format 'exit {{.State.ExitCode}} oom-killed {{.State.OOMKilled}}' "$webhook");" \
    "$(grep -o 'OutOfMemoryError.*' "$work/webhook-cluster.log" | head -1); log: $work/webhook-cluster.log"
  exit 1
fi
ready=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e - s}')
pid=$(pid_of "$webhook")
# CPU the JVM spent to get ready: unlike the time, it does not grow with what else the machine runs.
cpu_ready=$(awk -v t="$(cpu_ticks "$pid")" -v hz="$hz" 'BEGIN{printf "%.2f", t / hz}')
sleep 5
say "webhook from the API server: ready in ${ready} s (docker run to /q/health/ready, $(grep -o 'created [0-9]* nodes' "$work/mock-api-nodes.log") in the mock)," \
  "${cpu_ready} s of CPU by then; rss 5 s after ready $(rss_mib "$pid") MiB; threads $(threads_of "$pid"); peak $(peak_of "$webhook")"
# Where the start went: the guard's log with docker's timestamps, and when the mock answered each page.
docker logs -t "$webhook" > "$work/webhook-cluster.log" 2>&1
after_run() { [ -n "$1" ] && awk -v s="$start" -v t="$(date -d "$1" +%s.%N)" 'BEGIN{printf "%.2f", t - s}' || echo "-"; }
stamp() { grep -m1 "$1" "$2" | cut -d' ' -f1; }
pages=$(grep -c 'list page' "$work/mock-api-nodes.log" || true)
say "  where it went (s after docker run): JVM's first line $(after_run "$(head -1 "$work/webhook-cluster.log" | cut -d' ' -f1)")," \
  "first list page $(after_run "$(stamp 'list page' "$work/mock-api-nodes.log")"), Quarkus $(grep -m1 -o 'started in [0-9.]*s' "$work/webhook-cluster.log")" \
  "at $(after_run "$(stamp 'started in' "$work/webhook-cluster.log")"), last page $(after_run "$(grep 'list page' "$work/mock-api-nodes.log" | tail -1 | cut -d' ' -f1)")," \
  "node cache synced $(after_run "$(stamp 'node cache synced' "$work/webhook-cluster.log")");" \
  "$pages Node list requests (pages) answered; leader: $(grep -q 'holds the Lease' "$work/webhook-cluster.log" && echo yes || echo no)," \
  "labeller synced $(after_run "$(stamp 'labeller synced' "$work/webhook-cluster.log")")"
# Then the same load as the standalone webhook's, for the resident set as a cluster runs it: the leader holds the
# labeller's state beside the node cache. (wrk does not check certificates: the self-managed one is fine.)
java -cp "$cp" io.cgroupguard.bench.CompactJson examples/review-create-pod.json "$work/review.json"
export BODY="$work/review.json"
half=$(( (CONNECTIONS + 1) / 2 ))
wrk -t1 -c"$half" -d"$LOAD_SECONDS"s -s bench/post.lua "https://127.0.0.1:$((PORT + 3))/mutate" > "$work/wrk-cluster-mutate.txt" &
mutate_load=$!
wrk -t1 -c"$half" -d"$LOAD_SECONDS"s -s bench/post.lua "https://127.0.0.1:$((PORT + 3))/validate" > "$work/wrk-cluster-validate.txt"
wait "$mutate_load" # not a bare wait: the mock API server runs in the background too
rss_load=$(rss_mib "$pid")
# And once more 10 s later: what C2 still compiled when the load stopped (its arenas hold 10-25 MiB while it works)
# has then gone back to the system (HotSpot frees its chunk pool every 5 s, the trim follows within a second).
sleep 10
say "  after ${LOAD_SECONDS} s of load: rss ${rss_load} MiB (10 s later $(rss_mib "$pid") MiB); peak $(peak_of "$webhook");" \
  "load: $(grep -h '^RESULT' "$work/wrk-cluster-mutate.txt" "$work/wrk-cluster-validate.txt" | tr '\n' ' ')"
nmt "$pid" "$work/webhook-cluster-nmt.txt"
docker logs -t "$webhook" > "$work/webhook-cluster-after-load.log" 2>&1
fi
