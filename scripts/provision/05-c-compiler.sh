#!/usr/bin/env bash
# The libc driver's tests compile a small C probe to hold the JNA structures, errno values and constants
# to this machine's headers (src/test/java/io/sendgate/jna/posix/CHeaders.java). Installs gcc and the
# libc headers when they are missing.
set -euo pipefail
if command -v gcc >/dev/null 2>&1 && printf '#include <sys/epoll.h>\nint main(void){return 0;}\n' | gcc -x c -o /dev/null - >/dev/null 2>&1; then
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev
