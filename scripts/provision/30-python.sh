#!/usr/bin/env bash
# The Python client's tests (clients/python/run-tests.sh, run by ./mvnw verify) need python3 (3.11, Debian
# 12's) and pytest, from Debian's packages: PyPI cannot be reached from here. run-tests.sh takes the first
# python3 on PATH that has pytest, else Debian's; this installs Debian's only when neither has it, so running
# it twice is harmless.
set -euo pipefail
for candidate in "$(command -v python3 || true)" /usr/bin/python3; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import pytest' >/dev/null 2>&1; then
    echo "30-python: $candidate already has pytest $("$candidate" -c 'import pytest; print(pytest.__version__)')"
    exit 0
  fi
done
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-pytest >/dev/null
/usr/bin/python3 -m pytest --version
