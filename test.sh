#!/usr/bin/env bash
# Runs every Fleet test on this machine. It first installs what the tests drive for real
# (Debian's mosquitto clients), so it works on a fresh machine that has only the .NET SDK.
# Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

install_debian_packages() {
  local missing=()
  command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
  # The store and fault tests start their own influxd and mosquitto on free ports with temp dirs.
  command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  # The device security tests make a CA with openssl and reach HTTPS with curl (docs/security.md).
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # The dashboard's browser tests drive Debian's Chromium (Playwright cannot download one here).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # The audit tests run docs/verify-audit.py, the verifier that needs none of Fleet's code.
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  # The evidence tests read the PDF report with pdftotext and draw it with Debian's DejaVu fonts.
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing ${missing[*]} ..."
  $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" || return 1
  # The packages start system services (mosquitto on 1883, influxd on 8086) where an init system
  # runs; the tests need neither, and a broker on 1883 would shadow `dotnet run`'s embedded one.
  for service in mosquitto influxdb; do
    $sudo service "$service" stop >/dev/null 2>&1 || true
  done
  return 0
}

if ! install_debian_packages; then
  echo "Could not install the Debian packages the tests need." >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
fi

log=$(mktemp)
dotnet test --solution Fleet.sln --no-progress "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform closes with "succeeded: N" and "failed: N".
passed=$(grep -E '^\s*succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
failed=$(grep -E '^\s*failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
# The servers' logs run to thousands of lines, so a failure's message is far above the end of the
# output; each failed test is repeated with its first lines just before the closing line.
failures=$(awk '/^failed / { n = 20 } n > 0 { print; n-- }' "$log")
rm -f "$log"
dotnet_test_passed=$passed

# A few seconds of the load harness (docs/performance.md), so it cannot rot: real MQTT into a real
# server, every acknowledged reading counted in the store, one alert over SignalR. It reuses the
# Debug build of the server that dotnet test just made (dotnet test builds only test projects and
# what they reference, so the harness itself is built here), and counts as one more test.
if dotnet run -c Debug --project tests/Fleet.Benchmarks -- smoke; then
  passed=$(( ${passed:-0} + 1 ))
else
  failed=$(( ${failed:-0} + 1 ))
  status=1
fi
if [ -n "$failures" ]; then
  printf '\nFailed tests, each with the first lines of its message:\n%s\n\n' "$failures"
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -eq 0 ] && [ -z "$dotnet_test_passed" ]; then
  echo "No test results were found." >&2
  status=1
fi
exit "$status"
