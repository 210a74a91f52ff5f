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
  local pid
  # The scheduler first (it closes its subscription without tearing the framework down), then the cluster.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  echo "Stopped. Logs are in $run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for NAME PID LOG COMMAND... — polls COMMAND until it succeeds (60 s), failing early if PID exits.
wait_for() {
  local name=$1 pid=$2 log=$3
  shift 3
  for _ in $(seq 1 600); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited; the end of $log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "$name did not come up within 60 s; the end of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

# ZooKeeper, from the Debian package.
zk_port=$(free_port)
mkdir -p "$run_dir/zookeeper/data"
cat >"$run_dir/zookeeper/zoo.cfg" <<EOF
tickTime=500
dataDir=$run_dir/zookeeper/data
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,mntr,stat
EOF
setsid java -Xms16m -Xmx256m -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true -Dzookeeper.admin.enableServer=false \
  -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar \
  org.apache.zookeeper.server.ZooKeeperServerMain "$run_dir/zookeeper/zoo.cfg" \
  >"$run_dir/zookeeper.log" 2>&1 &
pids+=($!)
zk_ruok() {
  python3 - "$zk_port" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
s.sendall(b"ruok")
sys.exit(0 if s.recv(4) == b"imok" else 1)
EOF
}
wait_for ZooKeeper "${pids[-1]}" "$run_dir/zookeeper.log" zk_ruok
echo "ZooKeeper:  127.0.0.1:$zk_port"

# The Mesos master with simulated agents.
mesos_port=$(free_port)
setsid "$bin/mesos-local" --host 127.0.0.1 --port "$mesos_port" --agents "${AGENTS:-3}" \
  --work-dir "$run_dir/mesos" >"$run_dir/mesos-local.log" 2>&1 &
pids+=($!)
wait_for mesos-local "${pids[-1]}" "$run_dir/mesos-local.log" curl -fsS "http://127.0.0.1:$mesos_port/master/state"
echo "Mesos:      http://127.0.0.1:$mesos_port (mesos-local, ${AGENTS:-3} agents)"

# The scheduler.
export MESOS_MASTER=${MESOS_MASTER:-http://127.0.0.1:$mesos_port}
export ZOOKEEPER=${ZOOKEEPER:-127.0.0.1:$zk_port}
export API_HOST=${API_HOST:-127.0.0.1}
export API_PORT=${API_PORT:-$(free_port)}
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
auth=()
[ -n "${API_AUTH_TOKEN:-}" ] && auth=(-H "Authorization: token=$API_AUTH_TOKEN")
wait_for kafka-scheduler "${pids[-1]}" "$run_dir/kafka-scheduler.log" curl -fsS "$api/health"

cat <<EOF

REST API: $api
Scheduler log: $run_dir/kafka-scheduler.log

Try:
  curl ${auth[*]:+-H "${auth[1]}"} $api/v1/plan
  curl ${auth[*]:+-H "${auth[1]}"} $api/v1/brokers
  curl ${auth[*]:+-H "${auth[1]}"} $api/v1/connection
  $bin/kafkactl --url $api${API_AUTH_TOKEN:+ --token $API_AUTH_TOKEN} plan show
  $bin/kafkactl --url $api${API_AUTH_TOKEN:+ --token $API_AUTH_TOKEN} broker list

Ctrl-C stops the scheduler, the agents' brokers, mesos-local and ZooKeeper.
EOF

wait "${pids[-1]}"
