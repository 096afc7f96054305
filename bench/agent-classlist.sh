#!/usr/bin/env bash
# Writes src/main/docker/agent/classes.lst: the classes the agent loads, from a training run of the agent as the
# DaemonSet starts it (the image, the manifest's command and JVM options), in-cluster over TLS to the benchmark's
# API server (bench TlsFront before bench MockApiServer, as bench/footprint.sh runs it; once with ECDSA keys, once
# with RSA), through its first
# readings, its condition write, a health and a metrics request, and its stop. The image build dumps the agent's
# class data sharing archive from this list (src/main/docker/Dockerfile.jvm). Run it again when the agent's code
# path changes (AgentMainProcessTest fails when the agent loads a class of its own that the list lacks).
# The training JVM runs without class sharing (-Xshare:off), so the list does not depend on the archive in use.
# Needs root, docker, the offline base (src/main/docker/offline-base.sh). PORT=21100 (uses PORT..PORT+6).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-21100}
work=target/bench/agent-classlist; rm -rf "$work"; mkdir -p "$work/out"; chmod 777 "$work/out"
list=src/main/docker/agent/classes.lst

mvn -B -q package -DskipTests
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
image=cgroup-guard-classlist:$(basename "$PWD" | tr -c 'a-zA-Z0-9_.\n-' '-')
docker build -q -f src/main/docker/Dockerfile.jvm \
  --build-arg BASE_IMAGE="$(src/main/docker/offline-base.sh | tail -n 1)" -t "$image" . >/dev/null
cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"

manifest=manifests/base/agent-daemonset.yaml
options=$(awk '/name: JDK_JAVA_OPTIONS$/{getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit}' "$manifest")
read -r -a command <<< "$(awk '/^ *command: \[/{sub(/^ *command: \[/, ""); sub(/\] *$/, ""); gsub(/[",]/, " "); print; exit}' "$manifest")"

container=cgg-classlist-$$; pids=()
cleanup() {
  docker rm -f "$container" >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
java -cp "$cp" io.cgroupguard.bench.MockApiServer "$PORT" node-a > "$work/mock-api.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 60); do grep -q listening "$work/mock-api.log" && break; sleep 1; done
train() { # key algorithm of the API server's chain -> $work/out/classes-ALGORITHM.lst
  local key=$1 front
  rm -rf "$work/serviceaccount"
  java -cp "$cp" io.cgroupguard.bench.TlsFront $((PORT + 6)) "$PORT" "$work/serviceaccount" "$key" \
    > "$work/tls-front-$key.log" 2>&1 &
  front=$!; pids+=("$front")
  for _ in $(seq 1 60); do grep -q listening "$work/tls-front-$key.log" 2>/dev/null && break; sleep 1; done
  chmod 755 "$work/serviceaccount"; chmod 644 "$work/serviceaccount"/*
  docker run -d --name "$container" --network host --read-only --tmpfs /tmp -v "$PWD/$work/out:/out" \
    -v /proc:/host/proc:ro -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro \
    -v "$PWD/$work/serviceaccount:/var/run/secrets/kubernetes.io/serviceaccount:ro" \
    -e KUBERNETES_SERVICE_HOST=127.0.0.1 -e KUBERNETES_SERVICE_PORT=$((PORT + 6)) \
    -e NODE_NAME=node-a -e CGROUP_GUARD_AGENT_HOST_ROOT=/host -e CGROUP_GUARD_AGENT_INTERVAL=1s \
    -e QUARKUS_HTTP_PORT=$((PORT + 1)) -e QUARKUS_MANAGEMENT_PORT=$((PORT + 2)) \
    -e JDK_JAVA_OPTIONS="$options -Xshare:off -XX:DumpLoadedClassList=/out/classes-$key.lst" \
    --entrypoint "${command[0]}" "$image" "${command[@]:1}" agent >/dev/null
  local ready=no
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 1))/q/health/ready" && { ready=yes; break; }
    sleep 0.2
  done
  [ "$ready" = yes ] || { docker logs "$container"; echo "agent-classlist.sh: the agent did not get ready" >&2; exit 1; }
  sleep 3
  curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 2))/q/metrics"
  curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 1))/q/health/live"
  docker stop -t 20 "$container" >/dev/null; docker rm "$container" >/dev/null
  grep -q ' connection [0-9]* TLS' "$work/tls-front-$key.log" || { echo "agent-classlist.sh: no TLS with $key" >&2; exit 1; }
  kill "$front"; wait "$front" 2>/dev/null || true
}
# The guard's own ECDSA keys (what bench/footprint.sh measures) and RSA, kubeadm's default for a cluster's CA and
# API server: each verifies the server's certificate with classes of its own.
train ECDSA_P256
train RSA_2048

{
  echo "# The classes the agent loads, from a training run over TLS (bench/agent-classlist.sh, $(date -u +%Y-%m-%d));"
  echo "# the image build dumps the agent's class data sharing archive from it (src/main/docker/Dockerfile.jvm)."
  grep -hv '^#' "$work/out/classes-ECDSA_P256.lst" "$work/out/classes-RSA_2048.lst" | awk '!seen[$0]++'
} > "$list"
echo "$(grep -vc '^#' "$list") classes and lambda forms in $list"
