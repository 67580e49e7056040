#!/usr/bin/env bash
# A Docker engine and the local JRE base image for the container tests. Nothing can be pulled on this
# machine, so the base image is made from Debian's packages (debootstrap) and imported; the service image
# is then built FROM it (docker/build.sh). Idempotent: each step runs only when its result is missing.
#   SENDGATE_BASE_IMAGE  name of the local base image (default sendgate-base:17)
#   DOCKERD_LOG          where the background dockerd writes (default /var/log/sendgate-dockerd.log)
set -euo pipefail

base_image="${SENDGATE_BASE_IMAGE:-sendgate-base:17}"
dockerd_log="${DOCKERD_LOG:-/var/log/sendgate-dockerd.log}"
started=$SECONDS

say() { echo "10-docker: $*"; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

# Quiet on success; the whole log on failure.
run_logged() {
  local log
  log="$(mktemp)"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

apt_install() {
  # apt lists are absent on a fresh machine: update once per run, before the first install.
  if [ -z "${apt_updated:-}" ]; then
    run_logged apt-get update
    apt_updated=1
  fi
  run_logged env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

if ! engine_answers; then
  if ! command -v dockerd >/dev/null 2>&1; then
    say "installing docker.io"
    apt_install docker.io
  fi
  # vfs needs no kernel overlay support wherever dockerd runs; the price is a full copy per layer.
  say "starting dockerd (vfs), log in $dockerd_log"
  nohup dockerd --storage-driver=vfs >"$dockerd_log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 1
  done
  if ! engine_answers; then
    say "dockerd did not answer within 60 s; last lines of $dockerd_log:" >&2
    tail -n 20 "$dockerd_log" >&2 || true
    exit 1
  fi
fi

if ! docker image inspect "$base_image" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  rootfs="$(mktemp -d /var/tmp/sendgate-base.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  say "building $base_image with debootstrap (a few minutes)"
  run_logged debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs"
  # apt caches and lists are not needed at run time and make the vfs layers heavier.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # mktemp made the directory 0700, and it becomes the image's "/": a non-root user could not even exec.
  chmod 0755 "$rootfs"
  tar -C "$rootfs" -c . | docker import \
      -c "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
      -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      - "$base_image" >/dev/null
fi

say "engine up, $base_image present ($((SECONDS - started)) s)"
