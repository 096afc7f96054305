#!/usr/bin/env bash
# Leader and certificate faults at the shipped durations, on the fabric8 mock API server (loopback only):
#   bench/faults-leader.sh
# The same tests as `mvn test` runs (LeaderFaultsTest, CertificateRotationTest), but with the Lease timings the
# guard ships (15 s lease, 10 s renew deadline, 2 s retry: cgroup-guard.labeller.*) and the API server gone for
# 30 s, which would make the regular suite a minute slower. Prints the figures RELIABILITY.md quotes:
#   cut-off leader: stepped down after N ms, other replica led after M ms
#   leader shut down / leader killed: other replica led after N ms
#   API server back: cache converged after N ms, leader again after M ms
#   rotation across two replicas: N handshakes, 0 failed
# Override with LEASE=, RENEW=, RETRY=, OUTAGE= (seconds). Takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
LEASE=${LEASE:-15} RENEW=${RENEW:-10} RETRY=${RETRY:-2} OUTAGE=${OUTAGE:-30}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "lease ${LEASE}s, renew deadline ${RENEW}s, retry ${RETRY}s, API server outage ${OUTAGE}s" >&2
if ! mvn -B -q test -Dtest='LeaderFaultsTest,CertificateRotationTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfaults.lease="$LEASE" -Dfaults.renew="$RENEW" -Dfaults.retry="$RETRY" -Dfaults.outage="$OUTAGE" >"$log" 2>&1; then
  grep -E 'FAIL|AssertionFailed|expected' "$log" | head -20 >&2
  echo "FAILED; full log kept at $log.failed" >&2
  cp "$log" "$log.failed"
  exit 1
fi
grep -E '^(cut-off leader|leader shut down|leader killed|API server back|rotation across)' "$log"
