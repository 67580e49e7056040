#!/usr/bin/env bash
# The Python client's tests (clients/python/run-tests.sh, run by ./mvnw verify) need python3 (3.11, Debian
# 12's) and pytest, from Debian's packages: PyPI cannot be reached from here. Checks the python3 the tests
# will run (the first on PATH) and installs only what is missing, so running it twice is harmless.
set -euo pipefail
if command -v python3 >/dev/null 2>&1 && python3 -c 'import pytest' >/dev/null 2>&1; then
  echo "30-python: $(command -v python3) already has pytest $(python3 -c 'import pytest; print(pytest.__version__)')"
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-pytest >/dev/null
python3 -m pytest --version
