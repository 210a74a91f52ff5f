import Foundation

/// Runs a process to completion off the cooperative pool and collects its output.
enum ProcessRunner {
    struct Result: Sendable {
        let status: Int32
        let stdout: Data
        let stderr: Data
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: URL? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                if let environment { process.environment = environment }
                if let currentDirectory { process.currentDirectoryURL = currentDirectory }
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                // stderr is drained on its own thread so that neither pipe can fill up and stall the process.
                let errData = LockedData()
                let errDone = DispatchSemaphore(value: 0)
                Thread.detachNewThread {
                    errData.set(err.fileHandleForReading.readDataToEndOfFile())
                    errDone.signal()
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                errDone.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: Result(status: process.terminationStatus, stdout: stdout, stderr: errData.get()))
            }
        }
    }
}

/// A `Data` handed from one thread to another.
final class LockedData: @unchecked Sendable {
    // @unchecked: `data` is only touched with `lock` held.
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
