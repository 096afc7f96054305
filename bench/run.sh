#!/usr/bin/env bash
# The benchmark: the guard against a plain Vert.x HTTPS "ceiling" server, then the decision path in JMH.
# Usage: bench/run.sh [all|http|jmh|soak|footprint]     Results: target/bench/results.txt (and the terminal)
#        footprint: each mode in its container image with its manifest's limit and JVM options, its memory, time to
#        ready and CPU per reading (bench/footprint.sh; results in target/bench/footprint.txt, not part of all)
#        soak: the guard alone under load on both endpoints for SOAK_MINUTES=30, its heap after a full GC each minute
# Tunables (env): WARMUP_MIN=60, WARMUP_MAX=300 (s of load per server before measuring; the warm-up ends between
#                 the two once the JIT is quiet: under WARMUP_JIT_QUIET=0.4 s of compiling in the last 20 s),
#                 DURATION=15 (s per round), ROUNDS=3, NODES=5000, CONNECTIONS=16 (throughput),
#                 LATENCY_CONNECTIONS=4, JVM_FLAGS="-XX:+UseSerialGC -Xms32m -Xmx128m" (both servers: what the
#                 JVM picks in a small pod is SerialGC, and the same flags on both keep the JVM out of the ratio)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
if [ "$what" = footprint ]; then exec bench/footprint.sh; fi
WARMUP_MIN=${WARMUP_MIN:-60}; WARMUP_MAX=${WARMUP_MAX:-300}; WARMUP_JIT_QUIET=${WARMUP_JIT_QUIET:-0.4}; DURATION=${DURATION:-15}; ROUNDS=${ROUNDS:-3}; NODES=${NODES:-5000}
CONNECTIONS=${CONNECTIONS:-16}; LATENCY_CONNECTIONS=${LATENCY_CONNECTIONS:-4}; JVM_FLAGS=${JVM_FLAGS:--XX:+UseSerialGC -Xms32m -Xmx128m}
SOAK_MINUTES=${SOAK_MINUTES:-30}
GUARD_PORT=9443; CEILING_PORT=9444
work=target/bench; mkdir -p "$work"; results="$work/results.txt"

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
fi
echo "== building"
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"

{ echo "# cgroup-guard benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $(java -version 2>&1 | head -1)"
  echo "# settings: nodes=$NODES warmup=${WARMUP_MIN}-${WARMUP_MAX}s (until under ${WARMUP_JIT_QUIET}s of JIT per 20s) rounds=$ROUNDS x ${DURATION}s connections=$CONNECTIONS latency-connections=$LATENCY_CONNECTIONS jvm-flags=$JVM_FLAGS"
} > "$results"
say() { echo "$*" | tee -a "$results"; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_guard() { # the packaged guard on $NODES generated nodes, and the review it is sent; sets guard and BODY
  java -cp "$cp" io.cgroupguard.bench.NodeListGenerator "$work/nodes.json" "$NODES"
  rm -rf "$work/certs"
  java $JVM_FLAGS -Dcgroup-guard.nodes-file="$work/nodes.json" -Dcgroup-guard.certs-dir="$work/certs" \
    -Dquarkus.http.ssl-port=$GUARD_PORT -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "$work/guard.log" 2>&1 &
  guard=$!; pids+=("$guard")
  for _ in $(seq 1 120); do
    curl -sf --cacert "$work/certs/ca.crt" "https://localhost:$GUARD_PORT/q/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -sf --cacert "$work/certs/ca.crt" "https://localhost:$GUARD_PORT/q/health/ready" >/dev/null \
    || { echo "guard did not become ready; see $work/guard.log"; exit 1; }
  # The apiserver sends compact JSON; the example is indented for people.
  java -cp "$cp" io.cgroupguard.bench.CompactJson examples/review-create-pod.json "$work/review-create-pod.json"
  export BODY="$work/review-create-pod.json"
}

field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }

load() { # server-port path connections seconds -> RESULT line
  wrk -t2 -c"$3" -d"$4"s -s bench/post.lua "https://localhost:$1$2" | grep '^RESULT'
}

heap_after_gc() {
  jcmd "$guard" GC.run >/dev/null 2>&1
  # Sum the heap's generations (G1 prints one heap line, Serial a young and a tenured one); not Metaspace.
  jcmd "$guard" GC.heap_info 2>/dev/null | grep -E 'heap|generation' | grep -o 'used [0-9]*K' \
    | grep -o '[0-9]*' | awk '{s += $1} END {print s}'
}

if [ "$what" = all ] || [ "$what" = http ]; then
  start_guard
  java $JVM_FLAGS -cp "target/quarkus-app/lib/main/*" bench/CeilingServer.java "$work/certs" $CEILING_PORT > "$work/ceiling.log" 2>&1 &
  ceiling=$!; pids+=("$ceiling")
  for _ in $(seq 1 60); do grep -q listening "$work/ceiling.log" && break; sleep 1; done

  # CPU seconds a process has used (user + system), and what wrk used: the ratio of two throughputs mixes the
  # server's own cost with the load generator's on the same two cores, so each round also says what a request
  # cost each of them. wrk's CPU per request rises as the server slows (fewer responses per wake-up).
  hz=$(getconf CLK_TCK)
  cpu_seconds() { awk -v hz="$hz" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
  measured_load() { # pid port path connections seconds -> RESULT line with server-us and wrk-us per request
    local before after result wrk_cpu TIMEFORMAT='%U %S'
    before=$(cpu_seconds "$1")
    wrk_cpu=$( { time load "$2" "$3" "$4" "$5" > "$work/wrk.out"; } 2>&1 ) # time counts the children: wrk
    after=$(cpu_seconds "$1")
    result=$(cat "$work/wrk.out")
    echo "$result $(awk -v b="$before" -v a="$after" -v w="$wrk_cpu" -v n="$(field "$result" requests)" \
      'BEGIN{split(w, t, " "); printf "server-us=%.1f wrk-us=%.1f", (a - b) * 1e6 / n, (t[1] + t[2]) * 1e6 / n}')"
  }
  young_gcs() { jstat -gc "$1" | awk 'NR == 2 {print $13, $14}'; } # count and seconds of young collections

  jit_seconds() { jstat -compiler "$1" | awk 'NR == 2 {print $4}'; }
  # On two cores the JIT compiles for minutes (C2 keeps finding hot code in TLS, HTTP and the handlers), and
  # while it does it takes a quarter of the CPU; a fixed short warm-up measured whichever server's JIT had
  # finished first. So each server gets load, 20 s at a time on both endpoints, until its JIT is quiet.
  warm_up() { # name pid port
    local spent=0 before after
    while :; do
      before=$(jit_seconds "$2")
      # Both endpoints at once, half the connections each, as the apiserver calls them (each pod: /mutate, then
      # /validate), so the JIT compiles the code they share from the mix that production sends it.
      load "$3" /mutate $((CONNECTIONS / 2)) 20 >/dev/null & local mutate_load=$!
      load "$3" /validate $((CONNECTIONS / 2)) 20 >/dev/null; wait "$mutate_load"
      spent=$((spent + 20)); after=$(jit_seconds "$2")
      if { [ "$spent" -ge "$WARMUP_MIN" ] && awk "BEGIN{exit !($after - $before < $WARMUP_JIT_QUIET)}"; } \
          || [ "$spent" -ge "$WARMUP_MAX" ]; then
        say "warm-up $1: ${spent}s of load; JIT compiled for $(awk "BEGIN{printf \"%.2f\", $after - $before}")s in the last 20s, ${after}s in all"
        return
      fi
    done
  }
  say "== warm-up: load until the JIT is quiet (${WARMUP_MIN}-${WARMUP_MAX}s per server)"
  warm_up guard "$guard" $GUARD_PORT
  warm_up ceiling "$ceiling" $CEILING_PORT
  say "== throughput, alternating rounds (requests/s; $CONNECTIONS connections, TLS keep-alive, $(wc -c < "$BODY")-byte review)"
  declare -A sum=()
  for r in $(seq 1 "$ROUNDS"); do
    for ep in /mutate /validate; do
      gc_before=$(young_gcs "$guard")
      g=$(measured_load "$guard" $GUARD_PORT $ep "$CONNECTIONS" "$DURATION")
      gc_after=$(young_gcs "$guard")
      c=$(measured_load "$ceiling" $CEILING_PORT $ep "$CONNECTIONS" "$DURATION")
      say "round $r $ep guard: $g young-gcs=$(awk -v a="$gc_before" -v b="$gc_after" 'BEGIN{split(a,x," "); split(b,y," "); printf "%d gc-seconds=%.2f", y[1]-x[1], y[2]-x[2]}')"
      say "round $r $ep ceiling: $c"
      for k in rps server-us wrk-us; do
        sum[$ep-g-$k]=$(awk "BEGIN{print ${sum[$ep-g-$k]:-0} + $(field "$g" $k)}")
        sum[$ep-c-$k]=$(awk "BEGIN{print ${sum[$ep-c-$k]:-0} + $(field "$c" $k)}")
      done
    done
    say "round $r guard heap used after GC: $(heap_after_gc) KiB"
  done
  for ep in /mutate /validate; do
    say "$(awk -v ep=$ep -v g="${sum[$ep-g-rps]}" -v c="${sum[$ep-c-rps]}" -v n="$ROUNDS" \
      'BEGIN{printf "THROUGHPUT %-9s guard %8.0f/s  ceiling %8.0f/s  ratio %.2f", ep, g/n, c/n, g/c}')"
  done
  for ep in /mutate /validate; do
    say "$(awk -v ep=$ep -v gs="${sum[$ep-g-server-us]}" -v gw="${sum[$ep-g-wrk-us]}" -v cs="${sum[$ep-c-server-us]}" \
      -v cw="${sum[$ep-c-wrk-us]}" -v n="$ROUNDS" 'BEGIN{printf "CPU PER REQUEST %-9s guard %.1f us (wrk %.1f)  ceiling %.1f us (wrk %.1f)  guard minus ceiling %.1f us", ep, gs/n, gw/n, cs/n, cw/n, (gs - cs)/n}')"
  done
  say "== latency at $LATENCY_CONNECTIONS connections (microseconds)"
  for ep in /mutate /validate; do
    say "LATENCY $ep guard:   $(load $GUARD_PORT $ep "$LATENCY_CONNECTIONS" "$DURATION")"
    say "LATENCY $ep ceiling: $(load $CEILING_PORT $ep "$LATENCY_CONNECTIONS" "$DURATION")"
  done
  say "MEMORY guard with $NODES nodes: RSS $(awk '/VmRSS/{print $2}' /proc/$guard/status) KiB, heap used after GC $(heap_after_gc) KiB"
  cleanup; pids=()
fi

if [ "$what" = soak ]; then
  # Whether the heap grows with use: a few rounds cannot tell a leak from the JIT and the pools settling. Heap
  # after GC moves by several MiB with what is in flight when it is taken, so compare the lowest values of the
  # first and last thirds, not two single samples. The load runs 30 s past the last sample, so every sample is
  # taken under it.
  start_guard
  say "== soak: $SOAK_MINUTES minutes of load on both endpoints ($((CONNECTIONS / 2)) connections each); each minute, requests answered and the heap after a full GC"
  load $GUARD_PORT /mutate $((CONNECTIONS / 2)) $((SOAK_MINUTES * 60 + 30)) > "$work/soak-mutate.out" &
  mutate_load=$!; pids+=("$mutate_load")
  load $GUARD_PORT /validate $((CONNECTIONS / 2)) $((SOAK_MINUTES * 60 + 30)) > "$work/soak-validate.out" &
  validate_load=$!; pids+=("$validate_load")
  samples=()
  for minute in $(seq 1 "$SOAK_MINUTES"); do
    sleep 60
    heap=$(heap_after_gc); samples+=("$heap")
    answered=$(curl -s --cacert "$work/certs/ca.crt" "https://localhost:$GUARD_PORT/q/metrics" \
      | awk '/^cgroup_guard_admission_decisions_total/ {s += $2} END {printf "%d", s}')
    say "SOAK minute $minute: $answered requests answered, heap after GC $heap KiB, RSS $(awk '/VmRSS/{print $2}' /proc/$guard/status) KiB"
  done
  wait "$mutate_load" "$validate_load"
  third=$(( (SOAK_MINUTES + 2) / 3 ))
  lowest() { printf '%s\n' "$@" | sort -n | sed -n 1p; }
  say "SOAK lowest heap after GC: first $third minutes $(lowest "${samples[@]:0:third}") KiB, last $third minutes $(lowest "${samples[@]: -third}") KiB"
  say "SOAK errors and non-2xx: $(grep -ho 'non2xx=[0-9]* errors=[0-9]*' "$work/soak-mutate.out" "$work/soak-validate.out" | tr '\n' ' ' || true)"
fi

if [ "$what" = all ] || [ "$what" = jmh ]; then
  say "== JMH: decision path (parse, decide, patch, serialize) for the same review, 5,000 cached nodes"
  java -cp "$cp" org.openjdk.jmh.Main DecisionPathBenchmark -prof gc -rf text -rff "$work/jmh.txt" > "$work/jmh.log" 2>&1
  grep -E '^DecisionPathBenchmark\.(mutate|validateDenied)( |:gc.alloc.rate.norm)' "$work/jmh.txt" | tee -a "$results"
fi
echo "results: $results"
