import Foundation

/// Turns a launch plan into a process to start: makes the sandbox with empty `stdout` and `stderr` files,
/// links the persistent volumes into it, fetches the URIs and resolves the executable.
struct AgentTaskPreparation: Sendable {
    let fetcher: AgentFetcher

    func prepare(_ plan: AgentLaunchPlan) async throws(AgentLaunchError) -> AgentSpawnRequest {
        try await AgentBlockingWork.run("sandbox") { () throws(AgentLaunchError) in
            try Self.makeSandbox(plan)
        }
        do {
            try await fetcher.fetch(plan.uris, into: plan.sandbox)
        } catch {
            let sandbox = plan.sandbox
            await AgentBlockingWork.run("sandbox") { Self.appendToStderr(sandbox, "\(error)\n") }
            throw .fetch(error)
        }
        let stdout = "\(plan.sandbox)/stdout"
        let stderr = "\(plan.sandbox)/stderr"
        switch plan.command {
        case .shell(let value):
            return AgentSpawnRequest(
                executable: "/bin/sh", arguments: ["sh", "-c", value], environment: plan.environmentEntries,
                workingDirectory: plan.sandbox, stdoutPath: stdout, stderrPath: stderr)
        case .executable(let name, let arguments):
            let searchPath = plan.searchPath
            let sandbox = plan.sandbox
            let resolved = await AgentBlockingWork.run("resolve") {
                AgentProcessSpawner.resolve(name, searchPath: searchPath, relativeTo: sandbox)
            }
            guard let resolved else { throw .executableNotFound(name: name, searchPath: searchPath) }
            return AgentSpawnRequest(
                executable: resolved, arguments: arguments, environment: plan.environmentEntries,
                workingDirectory: plan.sandbox, stdoutPath: stdout, stderrPath: stderr)
        }
    }

    private static func makeSandbox(_ plan: AgentLaunchPlan) throws(AgentLaunchError) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: plan.sandbox, withIntermediateDirectories: true)
        } catch {
            throw .sandbox(path: plan.sandbox, message: error.localizedDescription)
        }
        for name in ["stdout", "stderr"] {
            let path = "\(plan.sandbox)/\(name)"
            guard manager.fileExists(atPath: path) || manager.createFile(atPath: path, contents: nil) else {
                throw .sandbox(path: path, message: "cannot create the file")
            }
        }
        for volume in plan.volumes {
            do {
                try manager.createDirectory(atPath: volume.hostPath, withIntermediateDirectories: true)
                let parent = (volume.containerPath as NSString).deletingLastPathComponent
                try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw .sandbox(path: volume.hostPath, message: error.localizedDescription)
            }
            if let existing = try? manager.destinationOfSymbolicLink(atPath: volume.containerPath) {
                if existing == volume.hostPath { continue }
                throw .sandbox(path: volume.containerPath, message: "already links to '\(existing)'")
            }
            if manager.fileExists(atPath: volume.containerPath) {
                throw .sandbox(path: volume.containerPath, message: "a file is in the way of the volume")
            }
            do {
                try manager.createSymbolicLink(atPath: volume.containerPath, withDestinationPath: volume.hostPath)
            } catch {
                throw .sandbox(path: volume.containerPath, message: error.localizedDescription)
            }
        }
    }

    /// Writes a line to the sandbox's `stderr`, where Mesos's fetcher logs.
    private static func appendToStderr(_ sandbox: String, _ text: String) {
        guard let handle = FileHandle(forWritingAtPath: "\(sandbox)/stderr") else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
