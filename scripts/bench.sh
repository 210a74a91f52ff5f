#!/usr/bin/env bash
# Benchmarks of kafka-scheduler; docs/performance.md explains them and records results.
#
# Usage: scripts/bench.sh [offers|memory|rest|all]     (default: all)
#
#   offers  the offer evaluation of one OFFERS event of 1,000 offers against 100 brokers, against the
#           decoding of the same event's JSON as the baseline (kafka-scheduler-bench offers)
#   memory  the daemon's resident memory with BENCH_BROKERS (100) brokers deployed on mesos-local, against
#           the same daemon with one broker on the same cluster as the baseline
#   rest    requests per second and p99 latency of GET /v1/plan and GET /v1/brokers of the daemon with
#           BENCH_BROKERS brokers, with wrk, against GET /health of the same server as the baseline
#
# Settings: BUILD_CONFIGURATION (release), BENCH_BROKERS (100), BENCH_RUNS (50), BENCH_SECONDS (10), RUN_DIR (a
# temporary one), BENCH_SMAPS (set: also list the 100-broker daemon's largest resident mappings),
# BENCH_SCHEDULER (a kafka-scheduler binary to measure instead of building one).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

what=${1:-all}
case "$what" in offers | memory | rest | all) ;; *)
  echo "usage: scripts/bench.sh [offers|memory|rest|all]" >&2
  exit 2
  ;;
esac

ks_install_packages "wrk:/usr/bin/wrk"
configuration=${BUILD_CONFIGURATION:-release}
echo "Building (swift build -c $configuration; a first release build takes several minutes)..."
for product in mesos-local kafka-placeholder-broker; do
  swift build -c "$configuration" --product "$product" >/dev/null
done
bin="$(swift build -c "$configuration" --show-bin-path)"
# The daemon is measured as it ships (deploy/Dockerfile, SWIFT_BUILD_FLAGS): optimised for size, the Swift
# runtime linked statically, linked by lld with packed relative relocations; the offer evaluation benchmark is
# built the same way. They have a build directory of their own so that the other products' builds stay as
# they are.
shipped_flags=(--static-swift-stdlib -Xswiftc -Osize -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs)
swift build -c "$configuration" "${shipped_flags[@]}" --scratch-path .build-shipped --product kafka-scheduler-bench >/dev/null
shipped_bin="$(swift build -c "$configuration" "${shipped_flags[@]}" --scratch-path .build-shipped --show-bin-path)"
# BENCH_SCHEDULER names another build of the daemon to measure instead (e.g. one built with other flags).
if [ -n "${BENCH_SCHEDULER:-}" ]; then
  scheduler=$BENCH_SCHEDULER
else
  swift build -c "$configuration" "${shipped_flags[@]}" --scratch-path .build-shipped --product kafka-scheduler >/dev/null
  scheduler="$shipped_bin/kafka-scheduler"
fi
echo "Build: $configuration, $(nproc) cores, $(uname -m)"
echo

if [ "$what" = offers ] || [ "$what" = all ]; then
  "$shipped_bin/kafka-scheduler-bench" offers --runs "${BENCH_RUNS:-50}"
  echo
fi

if [ "$what" != offers ]; then
  brokers=${BENCH_BROKERS:-100}
  run_dir=${RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kafka-scheduler-bench.XXXXXX")}
  mkdir -p "$run_dir"
  pids=()
  cleanup() {
    trap '' INT TERM
    trap - EXIT
    ks_stop_groups "${pids[@]}"
  }
  trap cleanup EXIT
  trap 'exit 130' INT TERM

  zk_port=$(ks_free_port)
  ks_start_zookeeper "$run_dir" "$zk_port"
  pids+=("$KS_STARTED_PID")
  mesos_port=$(ks_free_port)
  # One agent per broker (NODE placement), each with a slice of 20 ports.
  setsid "$bin/mesos-local" --host 127.0.0.1 --port "$mesos_port" --agents "$brokers" --agent-cpus 1 \
    --agent-mem 1024 --agent-disk 2000 --agent-ports "31000-$((31000 + 20 * brokers - 1))" \
    --work-dir "$run_dir/mesos" --log-level warning >"$run_dir/mesos-local.log" 2>&1 &
  pids+=($!)
  ks_wait_for mesos-local "${pids[-1]}" "$run_dir/mesos-local.log" curl -fsS "http://127.0.0.1:$mesos_port/master/state"

  # start_scheduler NAME COUNT — starts a scheduler for service NAME with COUNT brokers; sets api and pid.
  start_scheduler() {
    api_port=$(ks_free_port)
    env FRAMEWORK_NAME="$1" BROKER_COUNT="$2" MESOS_MASTER="http://127.0.0.1:$mesos_port" \
      ZOOKEEPER="127.0.0.1:$zk_port" API_HOST=127.0.0.1 API_PORT="$api_port" BROKER_CPUS=0.1 BROKER_MEM=256 \
      BROKER_HEAP_MB=128 BROKER_DISK=100 BROKER_COMMAND="$bin/kafka-placeholder-broker" LOG_LEVEL=warning \
      setsid "$scheduler" >"$run_dir/$1.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    api="http://127.0.0.1:$api_port"
  }
  # wait_complete NAME PID API — waits (10 min) until the plan answers 200 Complete.
  wait_complete() {
    local started=$SECONDS
    until curl -fsS "$3/v1/plan" >/dev/null 2>&1; do
      if ! kill -0 "$2" 2>/dev/null; then
        echo "the $1 scheduler exited; the end of its log:" >&2
        tail -n 30 "$run_dir/$1.log" >&2
        exit 1
      fi
      if ((SECONDS - started > 600)); then
        echo "the $1 deployment did not complete within 10 minutes" >&2
        exit 1
      fi
      sleep 1
    done
    echo "  $1: plan complete after $((SECONDS - started)) s"
  }
  rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
  hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
  anon_kb() { awk '/^RssAnon:/ { print $2 }' "/proc/$1/status"; }

  echo "deploying: a scheduler with 1 broker (baseline) and one with $brokers brokers on mesos-local"
  start_scheduler baseline 1
  wait_complete baseline "$pid" "$api"
  base_pid=$pid
  start_scheduler kafka "$brokers"
  wait_complete kafka "$pid" "$api"
  main_pid=$pid
  main_api=$api
  echo

  if [ "$what" = memory ] || [ "$what" = all ]; then
    echo "memory: the daemon's resident set with its brokers deployed (placeholder brokers on mesos-local)"
    # Settle, then read both in the same moment.
    sleep 5
    base_rss=$(rss_kb "$base_pid")
    main_rss=$(rss_kb "$main_pid")
    main_hwm=$(hwm_kb "$main_pid")
    base_anon=$(anon_kb "$base_pid")
    main_anon=$(anon_kb "$main_pid")
    awk -v b="$base_rss" -v m="$main_rss" -v h="$main_hwm" -v n="$brokers" -v ba="$base_anon" -v ma="$main_anon" 'BEGIN {
      printf "  1 broker (baseline)  RSS %6.1f MB, of which anonymous %5.1f MB\n", b / 1024, ba / 1024
      printf "  %d brokers          RSS %6.1f MB, of which anonymous %5.1f MB (peak RSS %.1f MB)\n", n, m / 1024, ma / 1024, h / 1024
      printf "  ratio %d brokers / 1 broker: %.2f\n", n, m / b
    }'
    if [ -n "${BENCH_SMAPS:-}" ]; then
      echo "  largest resident mappings of the $brokers-broker daemon (kB, mapping):"
      awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6) ? $6 : "[anonymous]" }
           /^Rss:/ { rss[name] += $2 }
           END { for (n in rss) printf "%8d  %s\n", rss[n], n }' "/proc/$main_pid/smaps" | sort -rn | head -12 | sed 's/^/  /'
    fi
    echo
  fi

  if [ "$what" = rest ] || [ "$what" = all ]; then
    echo "rest: wrk, 2 threads, 16 connections, ${BENCH_SECONDS:-10} s per route, $brokers brokers"
    # wrk_route PATH — prints "requests/s p99-ms".
    wrk_route() {
      wrk -t2 -c16 -d"${BENCH_SECONDS:-10}s" --latency "$main_api$1" | awk '
        /^Requests\/sec:/ { rps = $2 }
        /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                   else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; p99 = v }
        END { printf "%s %s\n", rps, p99 }'
    }
    read -r health_rps health_p99 < <(wrk_route /health)
    read -r plan_rps plan_p99 < <(wrk_route /v1/plan)
    read -r brokers_rps brokers_p99 < <(wrk_route /v1/brokers)
    awk -v h="$health_rps" -v hp="$health_p99" -v p="$plan_rps" -v pp="$plan_p99" -v b="$brokers_rps" \
      -v bp="$brokers_p99" 'BEGIN {
      printf "  GET /health (baseline) %9.0f req/s  p99 %7.2f ms\n", h, hp
      printf "  GET /v1/plan           %9.0f req/s  p99 %7.2f ms  ratio %.2f\n", p, pp, p / h
      printf "  GET /v1/brokers        %9.0f req/s  p99 %7.2f ms  ratio %.2f\n", b, bp, b / h
    }'
    echo
  fi
  echo "  (logs in $run_dir)"
fi
