import Foundation
import Mesos
import Testing

@testable import MesosLocal

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Agent: tasks run as local processes")
struct AgentLaunchTests {
    @Test func taskRunsAndFinishes() async throws {
        try await withAgent { fixture in
            let task = shellTask("hello", "echo hello; echo oops >&2")
            let taskID = await fixture.launch(task)
            let started = try await fixture.expect([.starting, .running, .finished], for: taskID)
            let finished = started[2].status
            #expect(finished.message == "Command exited with status 0")
            #expect(finished.source == .executor)
            for update in started {
                #expect(update.frameworkID == fixture.frameworkID)
                #expect(update.status.agentID == fixture.agentID)
                #expect(update.status.executorID == ExecutorID(taskID.value))
                #expect(update.status.timestamp.map { $0 > 1_600_000_000 } == true)
                #expect(MesosUUID.isValid(try #require(update.status.uuid)))
                #expect(update.status.containerStatus?.containerID != nil)
            }
            #expect(Set(started.compactMap(\.status.uuid)).count == 3)
            #expect(started[1].status.containerStatus?.executorPID != nil)

            // The terminal update is acknowledged: the task is forgotten, its sandbox stays.
            #expect(await fixture.agent.runningTasks().isEmpty)
            let sandboxes = try FileManager.default.subpathsOfDirectory(atPath: fixture.workDirectory)
                .filter { $0.hasSuffix("/stdout") }
            let stdout = try #require(sandboxes.first)
            let sandbox = "\(fixture.workDirectory)/\((stdout as NSString).deletingLastPathComponent)"
            #expect(readFile("\(sandbox)/stdout") == "hello\n")
            #expect(readFile("\(sandbox)/stderr") == "oops\n")
        }
    }

    @Test func failingCommandReportsItsExitStatus() async throws {
        try await withAgent { fixture in
            let terminal = try await fixture.run(shellTask("fails", "echo about to fail; exit 3"))
            #expect(terminal.status.state == .failed)
            #expect(terminal.status.message == "Command exited with status 3")
            #expect(terminal.status.reason == nil)
        }
    }

    @Test func environmentAndSandboxAreAsSpecified() async throws {
        try await withAgent { fixture in
            let task = shellTask(
                "env", "env; echo \"cwd=$(pwd)\"", environment: ["KAFKA_HEAP_OPTS": "-Xmx64m", "MY_VALUE": "a b=c"])
            let taskID = await fixture.launch(task)
            try await fixture.expect([.starting, .running], for: taskID)
            let sandbox = try await fixture.sandbox(of: taskID)
            try await fixture.expect([.finished], for: taskID)

            let prefix =
                "\(fixture.workDirectory)/frameworks/\(fixture.frameworkID.value)/executors/\(taskID.value)/runs/"
            #expect(sandbox.hasPrefix(prefix))
            let containerID = String(sandbox.dropFirst(prefix.count))
            #expect(UUID(uuidString: containerID) != nil)

            let output = try #require(readFile("\(sandbox)/stdout"))
            var environment: [String: String] = [:]
            var cwd: String?
            for line in output.split(separator: "\n") {
                if line.hasPrefix("cwd=") {
                    cwd = String(line.dropFirst(4))
                } else if let equals = line.firstIndex(of: "=") {
                    environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
                }
            }
            #expect(cwd == sandbox)
            #expect(environment["MESOS_SANDBOX"] == sandbox)
            #expect(environment["MESOS_TASK_ID"] == taskID.value)
            #expect(environment["MESOS_EXECUTOR_ID"] == taskID.value)
            #expect(environment["MESOS_FRAMEWORK_ID"] == fixture.frameworkID.value)
            #expect(environment["MESOS_AGENT_ID"] == fixture.agentID.value)
            #expect(environment["KAFKA_HEAP_OPTS"] == "-Xmx64m")
            #expect(environment["MY_VALUE"] == "a b=c")
            #expect(environment["PATH"] == ProcessInfo.processInfo.environment["PATH"])
            #expect(environment["PORT0"] == nil)
            // Nothing else of the test runner's environment leaks in (the shell adds PWD itself).
            let allowed: Set<String> = [
                "PATH", "HOME", "TMPDIR", "LANG", "PWD", "KAFKA_HEAP_OPTS", "MY_VALUE", "MESOS_SANDBOX",
                "MESOS_TASK_ID", "MESOS_EXECUTOR_ID", "MESOS_FRAMEWORK_ID", "MESOS_AGENT_ID",
            ]
            let unexpected = environment.keys.filter { !allowed.contains($0) && !$0.hasPrefix("LC_") }
            #expect(unexpected.isEmpty, "unexpected variables: \(unexpected.sorted())")
        }
    }

    @Test func commandWithoutShellGetsItsArguments() async throws {
        try await withAgent { fixture in
            var task = shellTask("exec", "printf")
            task.command?.shell = false
            task.command?.arguments = ["printf", "%s|%s", "one two", "$HOME"]
            let taskID = await fixture.launch(task)
            try await fixture.expect([.starting, .running], for: taskID)
            let sandbox = try await fixture.sandbox(of: taskID)
            try await fixture.expect([.finished], for: taskID)
            #expect(readFile("\(sandbox)/stdout") == "one two|$HOME")
        }
    }

    @Test func missingExecutableFailsTheLaunch() async throws {
        try await withAgent { fixture in
            var task = shellTask("missing", "no-such-program-\(UUID().uuidString)")
            task.command?.shell = false
            let taskID = await fixture.launch(task)
            let failed = try await fixture.expect([.failed], for: taskID)[0].status
            #expect(failed.reason == .containerLaunchFailed)
            #expect(failed.source == .agent)
            #expect(failed.message?.hasPrefix("Failed to launch container: executable 'no-such-program-") == true)
            #expect(await fixture.agent.runningTasks().isEmpty)
        }
    }

    @Test func processesLeftByAnEndedTaskAreKilled() async throws {
        try await withAgent { fixture in
            let task = shellTask("leftover", "sleep 1000 & echo $! > child.pid; exit 0")
            let taskID = await fixture.launch(task)
            try await fixture.expect([.starting, .running], for: taskID)
            let sandbox = try await fixture.sandbox(of: taskID)
            try await fixture.expect([.finished], for: taskID)
            let child = try #require(
                readFile("\(sandbox)/child.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
            try await eventually("the task's background child dies", timeout: .seconds(5)) { !processIsAlive(child) }
        }
    }

    @Test func taskInheritsOnlyItsStandardStreams() async throws {
        // A descriptor of the test process without close-on-exec, as a careless library leaves one.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        #expect(leaked > 2)
        try await withAgent { fixture in
            // The shell's own descriptors, listed by a builtin (a redirection would add some); 3 is the directory
            // the glob reads.
            let taskID = await fixture.launch(shellTask("fds", "cd /proc/$$/fd; echo *; readlink 0"))
            try await fixture.expect([.starting, .running], for: taskID)
            let sandbox = try await fixture.sandbox(of: taskID)
            try await fixture.expect([.finished], for: taskID)
            #expect(readFile("\(sandbox)/stdout") == "0 1 2 3\n/dev/null\n")
        }
    }

    @Test func launchPlanRejectsWhatCannotRunHere() throws {
        func plan(_ task: TaskInfo, framework: FrameworkID = "fw") throws(AgentLaunchError) -> AgentLaunchPlan {
            try AgentLaunchPlan(
                task: task, frameworkID: framework, agentID: "a", workDirectory: "/work", containerID: "c",
                inheritedEnvironment: ["PATH": "/bin", "SECRET_TOKEN": "x", "LC_ALL": "C", "HOME": "/root"])
        }
        let good = try plan(shellTask("t", "true", environment: ["PATH": "/opt/bin"]))
        #expect(good.environment["PATH"] == "/opt/bin")
        #expect(good.environment["SECRET_TOKEN"] == nil)
        #expect(good.environment["LC_ALL"] == "C")
        #expect(good.environment["HOME"] == "/root")

        var executorTask = shellTask("t", "true")
        executorTask.command = nil
        executorTask.executor = ExecutorInfo(executorID: "e")
        #expect(throws: AgentLaunchError.self) { try plan(executorTask) }
        #expect(throws: AgentLaunchError.self) { try plan(shellTask("t", "true"), framework: "../x") }

        var secret = shellTask("t", "true")
        secret.command?.environment = Environment([.init(name: "PASSWORD", value: nil, type: .secret)])
        #expect(throws: AgentLaunchError.self) { try plan(secret) }

        let outside = shellTask(
            "t", "true",
            resources: [.disk(10).reserved(role: "kafka").withPersistentVolume(id: "v", containerPath: "../up")])
        #expect(throws: AgentLaunchError.self) { try plan(outside) }
        let absolute = shellTask(
            "t", "true",
            resources: [.disk(10).reserved(role: "kafka").withPersistentVolume(id: "v", containerPath: "/data")])
        #expect(throws: AgentLaunchError.self) { try plan(absolute) }
    }
}
