# Shared by scripts/test.sh and scripts/run-local.sh: install what the project needs from Debian when it
# is missing. Sourced, not executed.

# Debian packages the build and the tests need, as "package:probe-file" pairs (the probe tells whether the
# package is already there without asking dpkg, which may be absent in minimal images).
KS_DEBIAN_PACKAGES=(
  "libzookeeper-mt-dev:/usr/include/zookeeper/zookeeper.h"
  "libcurl4-openssl-dev:/usr/include/x86_64-linux-gnu/curl/curl.h"
  "librdkafka-dev:/usr/include/librdkafka/rdkafka.h"
  "zookeeper:/usr/share/java/zookeeper.jar"
  "zookeeper-bin:/usr/lib/zookeeper/bin/cli_mt"
  "pkg-config:/usr/bin/pkg-config"
  # The SchedulerAPI tests run the seed API reference's curl examples with the real curl.
  "curl:/usr/bin/curl"
  # The strict check of Mesos JSON against the official v1 protos (scripts/mesos-proto-check.py).
  "protobuf-compiler:/usr/bin/protoc"
  "libprotobuf-dev:/usr/include/google/protobuf/descriptor.proto"
  "python3-protobuf:/usr/lib/python3/dist-packages/google/protobuf/json_format.py"
  "golang-github-mesos-mesos-go-dev:/usr/share/gocode/src/github.com/mesos/mesos-go/api/v1/lib/scheduler/scheduler.proto"
  "golang-github-gogo-protobuf-dev:/usr/share/gocode/src/github.com/gogo/protobuf/gogoproto/gogo.proto"
  # mesos-local's fetcher unpacks .zip with unzip and .tar.bz2/.tar.xz through tar with bzip2/xz; the agent
  # tests build their zip archives with zip. (tar, gzip and setpriv come with every Debian system.)
  "unzip:/usr/bin/unzip"
  "zip:/usr/bin/zip"
  "bzip2:/usr/bin/bzip2"
  "xz-utils:/usr/bin/xz"
)

ks_missing_packages() {
  local missing=() entry pkg probe
  for entry in "${KS_DEBIAN_PACKAGES[@]}" "$@"; do
    pkg=${entry%%:*}
    probe=${entry#*:}
    [ -e "$probe" ] || missing+=("$pkg")
  done
  command -v java >/dev/null 2>&1 || missing+=("default-jre-headless")
  echo "${missing[@]}"
}

# ks_install_packages [extra "package:probe" ...] — installs the missing ones as root, or explains how.
ks_install_packages() {
  local missing
  missing=$(ks_missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
  else
    echo "These Debian packages are missing: $missing" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    return 1
  fi
}

# PyPI tools the tests run, in a virtualenv under the user's cache (kept between runs).
KS_CACHE_DIR=${KS_CACHE_DIR:-"$HOME/.cache/kafka-scheduler"}
KS_VENV="$KS_CACHE_DIR/venv"
# noida-db: a single-binary Kafka-protocol broker (the KafkaAdmin tests' real broker process).
KS_NOIDA_DB_VERSION=0.2.3

# ks_venv_python — creates the virtualenv when missing (installing Debian's python3-venv as root when
# the system Python cannot make one) and prints its python.
ks_venv_python() {
  if [ ! -x "$KS_VENV/bin/python" ]; then
    mkdir -p "$KS_CACHE_DIR"
    if ! python3 -m venv "$KS_VENV" >/dev/null 2>&1; then
      rm -rf "$KS_VENV"
      if [ "$(id -u)" -eq 0 ]; then
        echo "Installing Debian packages: python3-venv" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends python3-venv >&2
        /usr/bin/python3 -m venv "$KS_VENV" >&2
      else
        echo "Cannot create a Python virtualenv. Install Debian's python3-venv:" >&2
        echo "  sudo apt-get install -y python3-venv" >&2
        return 1
      fi
    fi
  fi
  echo "$KS_VENV/bin/python"
}

# ks_install_noida_db — installs noida-db $KS_NOIDA_DB_VERSION into the virtualenv when missing and
# exports NOIDA_DB_BINARY, the broker executable itself (not the Python wrapper, which would outlive a
# stop signal's target), for the tests.
ks_install_noida_db() {
  local python installed
  python=$(ks_venv_python) || return 1
  installed=$("$python" -c 'import importlib.metadata as m; print(m.version("noida-db"))' 2>/dev/null || true)
  if [ "$installed" != "$KS_NOIDA_DB_VERSION" ]; then
    echo "Installing noida-db $KS_NOIDA_DB_VERSION into $KS_VENV"
    "$python" -m pip install -q --disable-pip-version-check "noida-db==$KS_NOIDA_DB_VERSION"
  fi
  NOIDA_DB_BINARY=$("$python" -c 'import os, noida_db; print(os.path.join(os.path.dirname(noida_db.__file__), "noida-db"))')
  if [ ! -x "$NOIDA_DB_BINARY" ]; then
    echo "noida-db's broker executable is missing at $NOIDA_DB_BINARY" >&2
    return 1
  fi
  export NOIDA_DB_BINARY
}

# ks_install_openapi_validator — installs openapi-spec-validator (which brings PyYAML) into the
# virtualenv when missing and exports OPENAPI_SPEC_VALIDATOR and KS_VENV_PYTHON for the SchedulerAPI
# tests, which check docs/openapi.yaml with them.
ks_install_openapi_validator() {
  local python
  python=$(ks_venv_python) || return 1
  if ! "$python" -c 'import openapi_spec_validator, yaml' >/dev/null 2>&1; then
    echo "Installing openapi-spec-validator into $KS_VENV"
    "$python" -m pip install -q --disable-pip-version-check "openapi-spec-validator==0.9.0"
  fi
  OPENAPI_SPEC_VALIDATOR="$KS_VENV/bin/openapi-spec-validator"
  KS_VENV_PYTHON="$python"
  export OPENAPI_SPEC_VALIDATOR KS_VENV_PYTHON
}

# ks_install_pymesos — an independent Mesos client for checking mesos-local: pymesos in its own virtualenv
# with Debian's python3-http-parser (which pymesos needs and PyPI cannot build here), hence
# --system-site-packages. Exports PYMESOS_PYTHON.
KS_PYMESOS_VENV="$KS_CACHE_DIR/pymesos-venv"
KS_PYMESOS_VERSION=0.3.15
ks_install_pymesos() {
  if [ ! -e /usr/lib/python3/dist-packages/http_parser/__init__.py ] || ! /usr/bin/python3 -c 'import ensurepip' >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "Installing Debian packages: python3-http-parser python3-venv"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends python3-http-parser python3-venv
    else
      echo "pymesos needs Debian's python3-http-parser and python3-venv. Install them with:" >&2
      echo "  sudo apt-get install -y python3-http-parser python3-venv" >&2
      return 1
    fi
  fi
  if [ ! -x "$KS_PYMESOS_VENV/bin/python" ]; then
    mkdir -p "$KS_CACHE_DIR"
    /usr/bin/python3 -m venv --system-site-packages "$KS_PYMESOS_VENV"
  fi
  if ! "$KS_PYMESOS_VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("pymesos") != sys.argv[1])' "$KS_PYMESOS_VERSION" 2>/dev/null; then
    echo "Installing pymesos $KS_PYMESOS_VERSION into $KS_PYMESOS_VENV"
    "$KS_PYMESOS_VENV/bin/python" -m pip install -q --disable-pip-version-check "pymesos==$KS_PYMESOS_VERSION"
  fi
  PYMESOS_PYTHON="$KS_PYMESOS_VENV/bin/python"
  export PYMESOS_PYTHON
}

# ks_free_port — prints a free TCP port on 127.0.0.1.
ks_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ks_wait_for NAME PID LOG COMMAND... — polls COMMAND until it succeeds (60 s), failing early if PID exits.
ks_wait_for() {
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

# ks_zookeeper_ruok PORT — true when the ZooKeeper server on 127.0.0.1:PORT answers imok.
ks_zookeeper_ruok() {
  python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
s.sendall(b"ruok")
sys.exit(0 if s.recv(4) == b"imok" else 1)
' "$1"
}

# ks_start_zookeeper DIR PORT — starts Debian's ZooKeeper server on 127.0.0.1:PORT in its own process group
# with its data and log under DIR, waits until it answers, and sets KS_STARTED_PID.
ks_start_zookeeper() {
  local dir=$1 port=$2
  mkdir -p "$dir/zookeeper/data"
  printf '%s\n' "tickTime=500" "dataDir=$dir/zookeeper/data" "clientPort=$port" "clientPortAddress=127.0.0.1" \
    "maxClientCnxns=0" "admin.enableServer=false" "4lw.commands.whitelist=ruok,srvr,mntr,stat" \
    >"$dir/zookeeper/zoo.cfg"
  setsid java -Xms16m -Xmx256m -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true \
    -Dzookeeper.admin.enableServer=false -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar \
    org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zookeeper/zoo.cfg" >"$dir/zookeeper.log" 2>&1 &
  KS_STARTED_PID=$!
  ks_wait_for ZooKeeper "$KS_STARTED_PID" "$dir/zookeeper.log" ks_zookeeper_ruok "$port"
}

# ks_stop_groups PID... — stops each process group, last first: TERM, up to 5 s, then KILL.
ks_stop_groups() {
  local pid i pids=("$@")
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
