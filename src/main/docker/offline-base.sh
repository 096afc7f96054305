#!/usr/bin/env bash
# Makes a Java 17 base image without any registry: a minimal Debian bookworm with the headless JRE and the CA
# certificates, from Debian's package mirror (mmdebstrap), imported into the local docker engine. The last line
# printed is the image reference, for
#   -Dquarkus.docker.build-args.BASE_IMAGE="$(src/main/docker/offline-base.sh | tail -n 1)"
# Needs root (or a user namespace mmdebstrap can use), mmdebstrap and docker. Takes from 20 s to a few minutes,
# with the mirror and the machine's load.
# The image is made again only when it is missing: OFFLINE_BASE_FORCE=1 rebuilds it.
set -euo pipefail

image="${OFFLINE_BASE_IMAGE:-cgroup-guard-base:bookworm-jre17}"

for tool in mmdebstrap docker; do
  command -v "$tool" >/dev/null 2>&1 || { echo "offline-base.sh: $tool is not installed (apt-get install -y mmdebstrap docker.io)" >&2; exit 1; }
done

if [ "${OFFLINE_BASE_FORCE:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "offline-base.sh: $image exists; OFFLINE_BASE_FORCE=1 makes it again" >&2
  echo "$image"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# minbase: essential packages and apt only, no init system or shell extras. openjdk-17-jre-headless pulls in no
# X11 libraries; ca-certificates gives the JVM's trust store (the guard calls the API server over TLS). Manual
# pages stay: the JRE's postinst registers its man pages with update-alternatives, and a build that left
# /usr/share/man out failed there.
mmdebstrap --quiet --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
  bookworm "$work/base.tar" >&2
# docker import keeps no ENV or PATH: the engine's default PATH finds /usr/bin/java (Debian's alternatives link).
docker import --message "cgroup-guard offline base: Debian bookworm minbase + openjdk-17-jre-headless" \
  "$work/base.tar" "$image" >&2
echo "$image"
