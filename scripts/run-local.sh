#!/usr/bin/env bash
# Runs kafka-scheduler on a local simulated cluster: a ZooKeeper server, mesos-local with three agents, and
# the scheduler, all on 127.0.0.1. Ctrl-C stops everything it started.
#
# Usage: scripts/run-local.sh
#
# The scheduler's variables (docs/configuration.md) pass through, e.g.
#   BROKER_COUNT=5 PHASE_STRATEGY=STAGE scripts/run-local.sh
#   API_PORT=8080 API_AUTH_TOKEN=secret scripts/run-local.sh
# With KAFKA_URI (and JAVA_URI) pointing at a Kafka distribution and a JRE (file:// or http://), the
# brokers run real Kafka; otherwise each broker is the kafka-placeholder-broker, which registers in ZooKeeper
# and answers the Kafka protocol's metadata requests but stores no messages.
# Other settings: AGENTS (3), RUN_DIR (a new temporary directory), BUILD_CONFIGURATION (debug).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ks_install_packages

configuration=${BUILD_CONFIGURATION:-debug}
echo "Building (swift build -c $configuration; the first build takes a few minutes)..."
swift build -c "$configuration" --product kafka-scheduler
swift build -c "$configuration" --product mesos-local
swift build -c "$configuration" --product kafka-placeholder-broker
swift build -c "$configuration" --product kafkactl
bin="$(swift build -c "$configuration" --show-bin-path)"

run_dir=${RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kafka-scheduler-local.XXXXXX")}
mkdir -p "$run_dir"
echo "Run directory (logs, ZooKeeper data, agent sandboxes): $run_dir"

pids=()
cleanup() {
  # A second Ctrl-C must not cut the cleanup short.
  trap '' INT TERM
  trap - EXIT
  echo
  echo "Stopping..."
  # The scheduler first (it closes its subscription without tearing the framework down), then the cluster.
  ks_stop_groups "${pids[@]}"
  echo "Stopped. Logs are in $run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ZooKeeper, from the Debian package.
zk_port=$(ks_free_port)
ks_start_zookeeper "$run_dir" "$zk_port"
pids+=("$KS_STARTED_PID")
echo "ZooKeeper:  127.0.0.1:$zk_port"

# The Mesos master with simulated agents.
mesos_port=$(ks_free_port)
setsid "$bin/mesos-local" --host 127.0.0.1 --port "$mesos_port" --agents "${AGENTS:-3}" \
  --work-dir "$run_dir/mesos" >"$run_dir/mesos-local.log" 2>&1 &
pids+=($!)
ks_wait_for mesos-local "${pids[-1]}" "$run_dir/mesos-local.log" curl -fsS "http://127.0.0.1:$mesos_port/master/state"
echo "Mesos:      http://127.0.0.1:$mesos_port (mesos-local, ${AGENTS:-3} agents)"

# The scheduler.
export MESOS_MASTER=${MESOS_MASTER:-http://127.0.0.1:$mesos_port}
export ZOOKEEPER=${ZOOKEEPER:-127.0.0.1:$zk_port}
export API_HOST=${API_HOST:-127.0.0.1}
export API_PORT=${API_PORT:-$(ks_free_port)}
export BROKER_COUNT=${BROKER_COUNT:-3}
export BROKER_CPUS=${BROKER_CPUS:-0.5}
export BROKER_MEM=${BROKER_MEM:-1024}
export BROKER_HEAP_MB=${BROKER_HEAP_MB:-512}
export BROKER_DISK=${BROKER_DISK:-2000}
if [ -z "${KAFKA_URI:-}" ] && [ -z "${BROKER_COMMAND:-}" ]; then
  export BROKER_COMMAND="$bin/kafka-placeholder-broker"
fi
"$bin/kafka-scheduler" --check-config >"$run_dir/resolved-configuration.json"
setsid "$bin/kafka-scheduler" >"$run_dir/kafka-scheduler.log" 2>&1 &
pids+=($!)
api="http://127.0.0.1:$API_PORT"
curl_auth=""
[ -n "${API_AUTH_TOKEN:-}" ] && curl_auth="-H 'Authorization: token=$API_AUTH_TOKEN' "
kafkactl_auth=${API_AUTH_TOKEN:+ --token $API_AUTH_TOKEN}
ks_wait_for kafka-scheduler "${pids[-1]}" "$run_dir/kafka-scheduler.log" curl -fsS "$api/health"

cat <<EOF

REST API: $api
Scheduler log: $run_dir/kafka-scheduler.log

Try:
  curl ${curl_auth}$api/v1/plan
  curl ${curl_auth}$api/v1/brokers
  curl ${curl_auth}$api/v1/connection
  $bin/kafkactl --url $api$kafkactl_auth plan show
  $bin/kafkactl --url $api$kafkactl_auth broker list

Ctrl-C stops the scheduler, the agents' brokers, mesos-local and ZooKeeper.
EOF

wait "${pids[-1]}"
