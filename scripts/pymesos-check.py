#!/usr/bin/env python3
"""Independent-client check of mesos-local: pymesos subscribes, launches one task and waits for TASK_RUNNING.

Usage: pymesos-check.py HOST:PORT [TIMEOUT_SECONDS]

Prints `SUBSCRIBED <framework id>`, `LAUNCHED <task id>` and `RUNNING <task id>` as they happen and exits 0
once the task runs (the framework is torn down on the way out); exits 1 on a timeout or a task failure.
Needs pymesos (PyPI) and Debian's python3-http-parser: see ks_install_pymesos in scripts/lib.sh.
"""

import socket
import sys
import threading

from addict import Dict
from pymesos import MesosSchedulerDriver, Scheduler

TASK_ID = "pymesos-task-1"


class CheckScheduler(Scheduler):
    def __init__(self):
        self.launched = False
        self.outcome = None
        self.done = threading.Event()

    def registered(self, driver, framework_id, master_info):
        print(f"SUBSCRIBED {framework_id.value}", flush=True)

    def resourceOffers(self, driver, offers):
        for offer in offers:
            if self.launched:
                driver.declineOffer(offer.id)
                continue
            task = Dict()
            task.task_id.value = TASK_ID
            task.agent_id.value = offer.agent_id.value
            task.name = "pymesos check"
            task.command.value = "echo started; exec sleep 60"
            task.resources = [
                dict(name="cpus", type="SCALAR", scalar={"value": 0.1}),
                dict(name="mem", type="SCALAR", scalar={"value": 32}),
            ]
            driver.launchTasks(offer.id, [task])
            self.launched = True
            print(f"LAUNCHED {TASK_ID}", flush=True)

    def statusUpdate(self, driver, update):
        print(f"UPDATE {update.task_id.value} {update.state}", flush=True)
        if update.state == "TASK_RUNNING":
            self.outcome = "running"
            self.done.set()
        elif update.state in ("TASK_FAILED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_KILLED"):
            self.outcome = update.state
            self.done.set()

    def error(self, driver, message):
        print(f"ERROR {message}", flush=True)
        self.outcome = "error"
        self.done.set()


def main(arguments):
    if not arguments:
        print(__doc__, file=sys.stderr)
        return 2
    master = arguments[0]
    timeout = float(arguments[1]) if len(arguments) > 1 else 30.0
    scheduler = CheckScheduler()
    framework = Dict(user="root", name="pymesos-check", hostname=socket.gethostname(), failover_timeout=60.0)
    driver = MesosSchedulerDriver(scheduler, framework, master, use_addict=True)
    driver.start()
    finished = scheduler.done.wait(timeout)
    if scheduler.outcome == "running":
        print(f"RUNNING {TASK_ID}", flush=True)
    driver.stop(failover=False)
    driver.join()
    if not finished:
        print(f"TIMEOUT after {timeout} s", flush=True)
        return 1
    return 0 if scheduler.outcome == "running" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
