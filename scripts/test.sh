#!/usr/bin/env bash
# The project's test command: installs what is missing (as root), builds, and runs every test.
# Usage: scripts/test.sh [extra arguments for `swift test`, e.g. --filter ZooKeeperTests]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ks_install_packages
ks_install_noida_db
ks_install_openapi_validator
ks_install_pymesos

# Tests run the executables themselves (mesos-local, kafka-placeholder-broker, kafkactl, kafka-scheduler),
# which `swift test` does not build: build every product first.
swift build

# The full output goes to the terminal and to a log; on failure the failing tests and what they recorded are
# repeated at the end, where a CI log's tail shows them.
log="$(mktemp "${TMPDIR:-/tmp}/kafka-scheduler-test.XXXXXX")"
trap 'rm -f "$log"' EXIT
status=0
swift test "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "=== failures (status $status) ==="
  grep -E '✘|recorded an issue|error:|Fatal error|Test Case .* failed|Crash|signal' "$log" | grep -v '^\[' | head -200 || true
fi
exit "$status"
