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

# The first python3 on PATH may be a version manager's (pyenv) without pytest, while Debian's has it
# (scripts/provision/30-python.sh installs it there): take the first that can run the tests.
python=""
for candidate in "$(command -v python3 || true)" /usr/bin/python3; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] \
     && "$candidate" -c 'import sys, pytest; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
missing=""
if [ -z "$python" ]; then
  missing="python3 (3.11 or newer) with pytest"
fi
if [ -n "$missing" ]; then
  if $if_python && [ "${SENDGATE_STRICT:-false}" != "true" ]; then
    echo "clients/python/run-tests.sh: SKIPPED: $missing is missing, so the Python client's tests do not run" \
         "(run scripts/provision/30-python.sh)"
    # the build's closing summary (scripts/skipped-summary.sh) lists it
    mkdir -p target
    printf '%s\t%s\t%s\n' "$missing is missing" "scripts/provision/30-python.sh" \
      "the Python client's tests (clients/python/run-tests.sh)" >> target/skipped.txt
    exit 0
  fi
  echo "clients/python/run-tests.sh: $missing is missing; run scripts/provision/30-python.sh" >&2
  exit 1
fi

exec "$python" -m pytest clients/python/tests -q "$@"
