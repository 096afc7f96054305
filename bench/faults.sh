#!/usr/bin/env bash
# Fault tests that take minutes or need root, so they are not part of `mvn -B verify` (RELIABILITY.md has the
# figures and what each fault test proves).
# Usage: bench/faults.sh memory|restart|agent-memory          Results: target/faults/results.txt (and the terminal)
#   memory:  the packaged webhook in a cgroup v1 memory cgroup of LIMIT, NODES generated nodes, HOSTILE clients
#            sending BODY-byte reviews over TLS for DURATION s while one more sends normal reviews; RUNS times.
#            Prints the cgroup's peak memory against the limit, OOM kills, and the normal reviews' p99/max. Needs
#            root and /sys/fs/cgroup/memory (cgroup v1). The guard also gets a cpu cgroup with the Deployment's
#            CPU limit (CPU_QUOTA=1 CPU) and a high cpu.shares (CPU_SHARES=10240): on a build machine where dozens
#            of processes compete for two cores, the guard then gets its CPU as a pod with a request does, and the
#            latency measures the guard, not the machine's queue.
#   restart: two instances of the webhook; a client sends reviews to both and stops using one once its readiness
#            is DOWN (as the endpoints controller would), retrying a refused connection on the other; instance A
#            gets SIGTERM mid-load. Prints the failed reviews before and after A's readiness went DOWN; RUNS times.
#   agent-memory: the packaged agent in a memory cgroup of AGENT_LIMIT against a fabric8 mock API server, probing
#            every second for AGENT_SECONDS; prints its peak memory against the limit. The host it reads is an empty
#            folder (the condition it writes is then Unknown): the JVM, not the reading, is what costs memory.
# Tunables (env): APP=target/quarkus-app (the packaged app to run; another build's copy for a before/after),
#   JVM_OPTS (default: the JDK_JAVA_OPTIONS of manifests/base/webhook-deployment.yaml), ARENAS (MALLOC_ARENA_MAX;
#   default: the same manifest's), LIMIT=384M, NODES=5000,
#   CPU_QUOTA=1, CPU_SHARES=10240, CLASSES (the compiled load clients; default target/test-classes:target/classes), AGENT_LIMIT=192M, AGENT_SECONDS=60, AGENT_JVM_OPTS (default: the
#   JDK_JAVA_OPTIONS of manifests/base/agent-daemonset.yaml),
#   HOSTILE=16, BODY=3000000, DURATION=20, RUNS=3, PORT=20443 (restart also uses PORT+1), SKIP_BUILD=0
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:?usage: bench/faults.sh memory|restart}
APP=${APP:-target/quarkus-app}; LIMIT=${LIMIT:-384M}; NODES=${NODES:-5000}; HOSTILE=${HOSTILE:-16}
BODY=${BODY:-3000000}; DURATION=${DURATION:-20}; RUNS=${RUNS:-3}; PORT=${PORT:-20443}
CPU_QUOTA=${CPU_QUOTA:-1}; CPU_SHARES=${CPU_SHARES:-10240}
manifest_opts() { # the JDK_JAVA_OPTIONS value of a manifest's container env
  awk '/name: JDK_JAVA_OPTIONS/{getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit}' "$1"
}
JVM_OPTS=${JVM_OPTS-$(manifest_opts manifests/base/webhook-deployment.yaml)}
# The Deployment's glibc arena count beside its JVM options, for the guards started here.
ARENAS=${ARENAS-$(awk '/name: MALLOC_ARENA_MAX/{getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit}' \
  manifests/base/webhook-deployment.yaml)}
AGENT_JVM_OPTS=${AGENT_JVM_OPTS-$(manifest_opts manifests/base/agent-daemonset.yaml)}
AGENT_LIMIT=${AGENT_LIMIT:-192M}; AGENT_SECONDS=${AGENT_SECONDS:-60}
work=target/faults; mkdir -p "$work"; results="$work/results.txt"
say() { echo "$*" | tee -a "$results"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building"
  mvn -B -q package -DskipTests
  mvn -B -q test-compile
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
fi
cp="${CLASSES:-target/test-classes:target/classes}:$(cat "$work/classpath.txt")"
java -cp "$cp" io.cgroupguard.bench.NodeListGenerator "$work/nodes.json" "$NODES" >/dev/null
java -cp "$cp" io.cgroupguard.bench.CompactJson examples/review-create-pod.json "$work/review.json"
rm -rf "$work/certs"

pids=(); cgroup=""; cpu_cgroup=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for g in "$cgroup" "$cpu_cgroup"; do
    if [ -n "$g" ] && [ -d "$g" ]; then rmdir "$g" 2>/dev/null || true; fi
  done
}
trap cleanup EXIT

start_guard() { # port log [memory-cgroup cpu-cgroup] -> sets guard; waits until ready
  local port=$1 log=$2 group=${3:-} cpu_group=${4:-}
  # shellcheck disable=SC2086 # JVM_OPTS is a list of options
  if [ -n "$group" ]; then
    sh -c 'echo $$ > "$0/cgroup.procs"; echo $$ > "$1/cgroup.procs"; shift; exec "$@"' "$group" "$cpu_group" env MALLOC_ARENA_MAX="$ARENAS" java $JVM_OPTS \
      -Dcgroup-guard.nodes-file="$work/nodes.json" -Dcgroup-guard.certs-dir="$work/certs" \
      -Dquarkus.http.ssl-port="$port" -jar "$APP/quarkus-run.jar" > "$log" 2>&1 &
  else
    env MALLOC_ARENA_MAX="$ARENAS" java $JVM_OPTS -Dcgroup-guard.nodes-file="$work/nodes.json" -Dcgroup-guard.certs-dir="$work/certs" \
      -Dquarkus.http.ssl-port="$port" -jar "$APP/quarkus-run.jar" > "$log" 2>&1 &
  fi
  guard=$!; pids+=("$guard")
  for _ in $(seq 1 120); do
    curl -sf --cacert "$work/certs/ca.crt" "https://localhost:$port/q/health/ready" >/dev/null 2>&1 && return
    kill -0 "$guard" 2>/dev/null || { echo "guard exited; see $log"; exit 1; }
    sleep 1
  done
  echo "guard did not become ready; see $log"; exit 1
}

if [ "$what" = memory ]; then
  [ -d /sys/fs/cgroup/memory ] || { echo "needs cgroup v1 memory controller at /sys/fs/cgroup/memory"; exit 1; }
  say "# memory fault, $(date -u +%Y-%m-%dT%H:%M:%SZ): app=$APP limit=$LIMIT cpu=$CPU_QUOTA (shares $CPU_SHARES) nodes=$NODES hostile=$HOSTILE x ${BODY} B for ${DURATION}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  say "# jvm options: ${JVM_OPTS:-(none)}; MALLOC_ARENA_MAX=${ARENAS:-(unset)}"
  for run in $(seq 1 "$RUNS"); do
    cgroup=/sys/fs/cgroup/memory/cgg-faults-$$-$run
    mkdir "$cgroup"
    echo "$LIMIT" > "$cgroup/memory.limit_in_bytes"
    cpu_cgroup=/sys/fs/cgroup/cpu/cgg-faults-$$-$run
    mkdir "$cpu_cgroup"
    echo "$CPU_SHARES" > "$cpu_cgroup/cpu.shares"
    awk -v q="$CPU_QUOTA" 'BEGIN{printf "%d\n", q * 100000}' > "$cpu_cgroup/cpu.cfs_quota_us"
    start_guard "$PORT" "$work/guard-memory-$run.log" "$cgroup" "$cpu_cgroup"
    load=$(java -cp "$cp" io.cgroupguard.bench.HostileLoad "$PORT" "$work/certs/ca.crt" "$work/review.json" \
      "$DURATION" "$HOSTILE" "$BODY" 2>&1 | grep -E '^(NORMAL|HOSTILE)' | tr '\n' ' ')
    alive=yes; kill -0 "$guard" 2>/dev/null || alive=no
    peak=$(cat "$cgroup/memory.max_usage_in_bytes"); limit=$(cat "$cgroup/memory.limit_in_bytes")
    ooms=$(awk '/oom_kill /{print $2}' "$cgroup/memory.oom_control"); ooms=${ooms:-?}
    say "run $run: peak $((peak / 1048576)) MiB of $((limit / 1048576)) MiB ($((peak * 100 / limit))%) failcnt=$(cat "$cgroup/memory.failcnt") oom-kills=$ooms alive=$alive $load"
    cleanup; pids=(); cgroup=""; cpu_cgroup=""
  done
fi

if [ "$what" = restart ]; then
  say "# restart fault, $(date -u +%Y-%m-%dT%H:%M:%SZ): app=$APP nodes=$NODES"
  say "# jvm options: ${JVM_OPTS:-(none)}; MALLOC_ARENA_MAX=${ARENAS:-(unset)}"
  for run in $(seq 1 "$RUNS"); do
    start_guard "$PORT" "$work/guard-a-$run.log"; a=$guard
    start_guard $((PORT + 1)) "$work/guard-b-$run.log"
    java -cp "$cp" io.cgroupguard.bench.RollingRestartLoad "$PORT" $((PORT + 1)) "$work/certs/ca.crt" \
      "$work/review.json" 20 > "$work/restart-$run.out" 2>&1 &
    client=$!
    sleep 6
    kill -TERM "$a"
    wait "$client" || true
    a_exit=0; wait "$a" || a_exit=$?
    say "run $run: $(grep '^RESTART' "$work/restart-$run.out" || cat "$work/restart-$run.out") a-exit=$a_exit"
    cleanup; pids=()
  done
fi

if [ "$what" = agent-memory ]; then
  say "# agent memory, $(date -u +%Y-%m-%dT%H:%M:%SZ): app=$APP limit=$AGENT_LIMIT for ${AGENT_SECONDS}s"
  say "# jvm options: ${AGENT_JVM_OPTS:-(none)}"
  for run in $(seq 1 "$RUNS"); do
    java -cp "$cp" io.cgroupguard.bench.MockApiServer $((PORT + 2)) node-a > "$work/mock-api-$run.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 1 60); do grep -q listening "$work/mock-api-$run.log" && break; sleep 1; done
    mkdir -p "$work/agent-host"
    cgroup=/sys/fs/cgroup/memory/cgg-faults-$$-agent-$run
    mkdir "$cgroup"
    echo "$AGENT_LIMIT" > "$cgroup/memory.limit_in_bytes"
    # shellcheck disable=SC2086 # AGENT_JVM_OPTS is a list of options
    sh -c 'echo $$ > "$0/cgroup.procs"; exec "$@"' "$cgroup" java $AGENT_JVM_OPTS \
      -Dquarkus.kubernetes-client.api-server-url="http://127.0.0.1:$((PORT + 2))" \
      -Dquarkus.http.port=$((PORT + 3)) -Dcgroup-guard.agent.node-name=node-a \
      -Dcgroup-guard.agent.host-root="$work/agent-host" -Dcgroup-guard.agent.interval=1s \
      -jar "$APP/quarkus-run.jar" agent > "$work/agent-$run.log" 2>&1 &
    agent=$!; pids+=("$agent")
    sleep "$AGENT_SECONDS"
    alive=yes; kill -0 "$agent" 2>/dev/null || alive=no
    ready=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$((PORT + 3))/q/health/live" || true)
    rss=$(awk '/VmRSS/{print $2}' "/proc/$agent/status" 2>/dev/null || echo 0)
    peak=$(cat "$cgroup/memory.max_usage_in_bytes"); limit=$(cat "$cgroup/memory.limit_in_bytes")
    ooms=$(awk '/oom_kill /{print $2}' "$cgroup/memory.oom_control"); ooms=${ooms:-?}
    say "run $run: peak $((peak / 1048576)) MiB of $((limit / 1048576)) MiB ($((peak * 100 / limit))%) rss $((rss / 1024)) MiB failcnt=$(cat "$cgroup/memory.failcnt") oom-kills=$ooms alive=$alive live=$ready"
    cleanup; pids=(); cgroup=""
  done
fi
