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
swift test "$@"
