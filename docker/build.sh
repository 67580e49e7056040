#!/usr/bin/env bash
# Builds the service image from the jar that ./mvnw package left in target/, tagged
# sendgate:<version> and sendgate:latest (or the tag given as $1). Where the local base image exists
# (scripts/provision/10-docker.sh makes it, for machines that cannot pull), the image is built on it;
# otherwise on the Dockerfile's default, a public JRE 17 image.
#   --if-engine  no Docker engine answering is not an error: say so, record it in target/skipped.txt (which the
#                end of ./mvnw verify sums up, and which tells it not to run the example's tests) and exit 0,
#                unless SENDGATE_STRICT=true (used by ./mvnw verify, so that a machine without Docker still builds)
#   SENDGATE_BASE_IMAGE  the local base image to prefer (default sendgate-base:17)
set -euo pipefail
cd "$(dirname "$0")/.."

if_engine=false
if [ "${1:-}" = "--if-engine" ]; then
  if_engine=true
  shift
fi

if ! timeout 20 docker info >/dev/null 2>&1; then
  if $if_engine && [ "${SENDGATE_STRICT:-false}" != "true" ]; then
    echo "docker/build.sh: SKIPPED: no Docker engine answers, so the image is not built and the container tests skip" \
         "(run scripts/provision/10-docker.sh to get one)"
    mkdir -p target
    printf 'no Docker engine answers\tscripts/provision/10-docker.sh\t%s\n' \
      "the image (docker/build.sh) and the tests of examples/testcontainers-junit" >> target/skipped.txt
    exit 0
  fi
  echo "docker/build.sh: no Docker engine answers (docker info failed); run scripts/provision/10-docker.sh" >&2
  exit 1
fi

shopt -s nullglob
jars=(target/sendgate-*.jar)
if [ "${#jars[@]}" -ne 1 ]; then
  echo "docker/build.sh: expected exactly one target/sendgate-*.jar, found ${#jars[@]}: run ./mvnw package first" >&2
  exit 1
fi
version="${jars[0]#target/sendgate-}"
version="${version%.jar}"

base="${SENDGATE_BASE_IMAGE:-sendgate-base:17}"
build_args=()
if docker image inspect "$base" >/dev/null 2>&1; then
  build_args+=(--build-arg "BASE_IMAGE=$base")
else
  base="the Dockerfile's default base"
fi

tags=("sendgate:$version" "sendgate:latest")
if [ -n "${1:-}" ]; then
  tags=("$1")
fi
tag_args=()
for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done

previous="$(docker image inspect --format '{{.Id}}' "${tags[0]}" 2>/dev/null || true)"
started=$SECONDS
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Host networking, as everywhere here: the build's one RUN step needs no network, and loopback is the only
# permitted target.
if ! docker build --network host -f docker/Dockerfile "${build_args[@]}" "${tag_args[@]}" . >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
# The image this build replaced would linger untagged; each one costs a full copy on vfs. Still in use by
# a container, it stays.
current="$(docker image inspect --format '{{.Id}}' "${tags[0]}")"
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "docker/build.sh: built ${tags[*]} from ${jars[0]} on $base in $((SECONDS - started)) s"
