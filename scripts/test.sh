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

# The end-to-end tests run the mesos-local executable itself, which `swift test` does not build.
swift build --product mesos-local
swift test "$@"
