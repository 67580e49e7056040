#!/usr/bin/env bash
# Runs the Python client's tests (clients/python/tests) against the service's jar, which the pytest fixture
# starts and stops: the jar ./mvnw package left in target/, or $SENDGATE_JAR. Arguments after the options go
# to pytest (e.g. -k events).
#   --if-python  python3 (3.11 or newer) or pytest missing is not an error: say so and exit 0, unless
#                SENDGATE_STRICT=true (used by ./mvnw verify, so that a machine without Python still builds)
set -euo pipefail
cd "$(dirname "$0")/../.."

if_python=false
if [ "${1:-}" = "--if-python" ]; then
  if_python=true
  shift
fi

missing=""
if ! command -v python3 >/dev/null 2>&1; then
  missing="python3"
elif ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  missing="python3 3.11 or newer (found $(python3 -c 'import platform; print(platform.python_version())'))"
elif ! python3 -c 'import pytest' >/dev/null 2>&1; then
  missing="pytest for $(command -v python3)"
fi
if [ -n "$missing" ]; then
  if $if_python && [ "${SENDGATE_STRICT:-false}" != "true" ]; then
    echo "clients/python/run-tests.sh: SKIPPED: $missing is missing, so the Python client's tests do not run" \
         "(run scripts/provision/30-python.sh)"
    exit 0
  fi
  echo "clients/python/run-tests.sh: $missing is missing; run scripts/provision/30-python.sh" >&2
  exit 1
fi

exec python3 -m pytest clients/python/tests -q "$@"
