#!/usr/bin/env bash
# Installs what the tests need from Debian's packages, when missing: Chromium and its driver for the browser ITs
# (testsupport/Browser), and Postfix for the real-Postfix harness ITs (harness/, docs/HARNESS.md). Idempotent: does
# nothing when every command is already there.
set -euo pipefail

# command that must exist -> Debian package that provides it
declare -A NEEDS=(
  [/usr/bin/chromium]=chromium
  [/usr/bin/chromedriver]=chromium-driver
  [/usr/sbin/postfix]=postfix
)

missing=()
for cmd in "${!NEEDS[@]}"; do
  [[ -x "$cmd" ]] || missing+=("${NEEDS[$cmd]}")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "test dependencies already installed"
  exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-test-deps.sh: not root and sudo is not available; install by hand: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Postfix: no system configuration; the harness runs private instances and never touches /etc/postfix
echo "postfix postfix/main_mailer_type select No configuration" | "${SUDO[@]}" debconf-set-selections
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
# a system instance the install may have started would hold port 25, which the harness's responders need
if [[ " ${missing[*]} " == *" postfix "* ]]; then
  "${SUDO[@]}" systemctl disable --now postfix 2>/dev/null || "${SUDO[@]}" service postfix stop 2>/dev/null || true
fi
