#!/usr/bin/env bash
# Headless Chromium and its WebDriver, for the live page's browser test (LivePageTests). Debian's
# packages, because a test tool's own browser download cannot reach its servers from here.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "chromium and chromedriver already installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium chromium-driver
chromium --version
chromedriver --version
