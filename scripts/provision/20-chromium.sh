#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the live page's browser test (LivePageTests), from Debian's
# packages: a test tool's own browser download cannot reach its servers from here. Installs only what is
# missing, so running it twice is harmless.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "chromium and chromedriver already installed"
  exit 0
fi
as_root=()
if [ "$(id -u)" != 0 ]; then
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends chromium chromium-driver
chromium --version
chromedriver --version
