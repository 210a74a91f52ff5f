import CurlHTTP
import Foundation
import Logging
import Mesos

#if canImport(Glibc)
    import Glibc
#endif

/// Fetches a task's URIs into its sandbox, as Mesos's fetcher does: absolute paths and `file://` URIs are copied,
/// `http(s)://` URIs downloaded (redirects followed, a non-2xx status is a failure); an `executable` file gets
/// mode 0755, otherwise an archive is unpacked into the sandbox when `extract` is true (the proto's default) —
/// `.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.txz` with the system's `tar`, `.zip` with `unzip`, a
/// plain `.gz` with `gzip`. `output_file` names the fetched file; `cache` is ignored (every fetch downloads).
/// The archive tools write their messages to the sandbox's `stderr`, where Mesos's fetcher writes its log.
struct AgentFetcher: Sendable {
    /// Where a URI's content comes from.
    enum Source: Hashable, Sendable {
        case file(path: String)
        case http(url: String)
    }

    /// How an archive is unpacked.
    enum ArchiveKind: Hashable, Sendable {
        case tar
        case gzip
        case zip
    }

    let httpClient: HTTPClient
    let logger: Logger
    /// `PATH` for finding `tar`, `gzip` and `unzip`.
    let toolSearchPath: String

    /// Fetches every URI in order; the first failure stops the fetch. Cancelling the calling task stops a
    /// download or an extraction in progress.
    func fetch(_ uris: [CommandInfo.URI], into sandbox: String) async throws(AgentFetchError) {
        for uri in uris {
            try await fetch(uri, into: sandbox)
        }
    }

    private func fetch(_ uri: CommandInfo.URI, into sandbox: String) async throws(AgentFetchError) {
        let source = try Self.source(of: uri.value)
        let destination = try Self.destination(of: uri, source: source, sandbox: sandbox)
        logger.debug(
            "Fetching URI", metadata: ["uri": "\(uri.value)", "destination": "\(destination)"])
        try await AgentBlockingWork.run("fetch") { () throws(AgentFetchError) in
            try Self.prepareDestination(destination, uri: uri.value)
        }
        try checkCancellation(uri.value)
        switch source {
        case .file(let path):
            try await AgentBlockingWork.run("fetch") { () throws(AgentFetchError) in
                try Self.copy(path, to: destination, uri: uri.value)
            }
        case .http(let url):
            try await download(url, to: destination, uri: uri.value)
        }
        try checkCancellation(uri.value)
        if uri.executable == true {
            guard chmod(destination, 0o755) == 0 else {
                throw AgentFetchError(
                    uri: uri.value,
                    reason: "cannot make '\(destination)' executable: \(String(cString: strerror(errno)))")
            }
        } else if uri.extract ?? true, let kind = Self.archiveKind(of: destination) {
            try await extract(destination, kind: kind, into: sandbox, uri: uri.value)
        }
    }

    private func checkCancellation(_ uri: String) throws(AgentFetchError) {
        if Task.isCancelled { throw AgentFetchError(uri: uri, reason: "the fetch was cancelled") }
    }

    // MARK: Deciding (pure)

    /// Parses a URI value into where its content comes from.
    static func source(of value: String) throws(AgentFetchError) -> Source {
        if value.hasPrefix("/") { return .file(path: value) }
        let lowered = value.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return .http(url: value) }
        if lowered.hasPrefix("file://") {
            if let url = URL(string: value), url.isFileURL {
                let host = url.host ?? ""
                guard host.isEmpty || host == "localhost" else {
                    throw AgentFetchError(uri: value, reason: "a file:// URI must name a local file (host '\(host)')")
                }
                guard !url.path.isEmpty else { throw AgentFetchError(uri: value, reason: "the URI names no file") }
                return .file(path: url.path)
            }
            let path = String(value.dropFirst("file://".count))
            guard path.hasPrefix("/") else {
                throw AgentFetchError(uri: value, reason: "a file:// URI needs an absolute path")
            }
            return .file(path: path)
        }
        if let range = value.range(of: "://") {
            let scheme = value[..<range.lowerBound]
            throw AgentFetchError(
                uri: value,
                reason: "unsupported scheme '\(scheme)' (supported: absolute paths, file://, http://, https://)")
        }
        throw AgentFetchError(
            uri: value, reason: "relative paths are not supported: give an absolute path or a file:// URI")
    }

    /// Where the fetched file goes: `output_file` (relative to the sandbox) or the URI's last path component.
    static func destination(of uri: CommandInfo.URI, source: Source, sandbox: String) throws(AgentFetchError)
        -> String
    {
        if let outputFile = uri.outputFile, !outputFile.isEmpty {
            let components = outputFile.split(separator: "/")
            guard !outputFile.hasPrefix("/"), !components.isEmpty, !components.contains(where: { $0 == ".." })
            else {
                throw AgentFetchError(
                    uri: uri.value, reason: "output_file '\(outputFile)' must be a path inside the sandbox")
            }
            return "\(sandbox)/\(components.joined(separator: "/"))"
        }
        let path: String
        switch source {
        case .file(let filePath):
            path = filePath
        case .http(let url):
            path = URLComponents(string: url)?.percentEncodedPath.removingPercentEncoding ?? ""
        }
        guard let name = path.split(separator: "/").last, name != ".", name != ".." else {
            throw AgentFetchError(uri: uri.value, reason: "the URI names no file: set output_file")
        }
        return "\(sandbox)/\(name)"
    }

    /// The archive kind by file name, as Mesos's fetcher decides it; nil for a file that is not unpacked.
    static func archiveKind(of path: String) -> ArchiveKind? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".txz"] where name.hasSuffix(suffix) {
            return .tar
        }
        if name.hasSuffix(".gz") { return .gzip }
        if name.hasSuffix(".zip") { return .zip }
        return nil
    }

    // MARK: Doing

    private static func prepareDestination(_ destination: String, uri: String) throws(AgentFetchError) {
        let manager = FileManager.default
        let parent = (destination as NSString).deletingLastPathComponent
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw AgentFetchError(uri: uri, reason: "cannot create '\(parent)': \(error.localizedDescription)")
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: destination, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw AgentFetchError(uri: uri, reason: "'\(destination)' is a directory")
            }
            try? manager.removeItem(atPath: destination)
        }
    }

    private static func copy(_ path: String, to destination: String, uri: String) throws(AgentFetchError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AgentFetchError(uri: uri, reason: "'\(path)' does not exist")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw AgentFetchError(uri: uri, reason: "'\(path)' is not readable")
        }
        do {
            try FileManager.default.copyItem(atPath: path, toPath: destination)
        } catch {
            throw AgentFetchError(
                uri: uri, reason: "cannot copy '\(path)' to '\(destination)': \(error.localizedDescription)")
        }
    }

    private func download(_ url: String, to destination: String, uri: String) async throws(AgentFetchError) {
        let request = HTTPClient.Request(url: url, connectTimeout: .seconds(30), followRedirects: true)
        let head: HTTPClient.ResponseHead
        do {
            head = try await httpClient.download(request, to: destination)
        } catch {
            throw AgentFetchError(uri: uri, reason: error.description)
        }
        guard (200..<300).contains(head.status) else {
            try? FileManager.default.removeItem(atPath: destination)
            let reason = head.reason.isEmpty ? "" : " \(head.reason)"
            throw AgentFetchError(uri: uri, reason: "HTTP status \(head.status)\(reason)")
        }
    }

    private func extract(_ archive: String, kind: ArchiveKind, into sandbox: String, uri: String)
        async throws(AgentFetchError)
    {
        let tool: String
        let arguments: [String]
        var stdoutPath = "\(sandbox)/stdout"
        switch kind {
        case .tar:
            tool = "tar"
            arguments = ["tar", "-C", sandbox, "-xf", archive]
        case .gzip:
            tool = "gzip"
            arguments = ["gzip", "-d", "-c", archive]
            stdoutPath = String(archive.dropLast(".gz".count))
        case .zip:
            tool = "unzip"
            arguments = ["unzip", "-o", "-q", "-d", sandbox, archive]
        }
        guard let executable = AgentProcessSpawner.resolve(tool, searchPath: toolSearchPath, relativeTo: nil) else {
            throw AgentFetchError(
                uri: uri,
                reason: "'\(tool)' is needed to extract '\(archive)' and was not found in PATH=\(toolSearchPath)"
                    + " (Debian: apt-get install \(tool))")
        }
        let stderrPath = "\(sandbox)/stderr"
        let stderrOffset = (try? FileManager.default.attributesOfItem(atPath: stderrPath)[.size] as? Int) ?? 0
        let request = AgentSpawnRequest(
            executable: executable,
            arguments: arguments,
            environment: ["PATH=\(toolSearchPath)", "LC_ALL=C"],
            workingDirectory: sandbox,
            stdoutPath: stdoutPath,
            stderrPath: stderrPath
        )
        try checkCancellation(uri)
        let process: AgentChildProcess
        do {
            process = try await AgentChildProcess.spawn(request)
        } catch {
            throw AgentFetchError(uri: uri, reason: "cannot extract '\(archive)': \(error)")
        }
        let status = await withTaskCancellationHandler {
            await process.waitForExit()
        } onCancel: {
            process.signalGroup(SIGKILL)
        }
        try checkCancellation(uri)
        guard status.succeeded else {
            let detail = Self.lastLine(of: stderrPath, from: stderrOffset).map { ": \($0)" } ?? ""
            throw AgentFetchError(uri: uri, reason: "cannot extract '\(archive)': \(tool) \(status)\(detail)")
        }
        logger.debug("Extracted archive", metadata: ["archive": "\(archive)", "into": "\(sandbox)"])
    }

    /// The last non-empty line written to `path` after `offset`, for an error message.
    private static func lastLine(of path: String, from offset: Int) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        guard let data = try? handle.read(upToCount: 64 << 10) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return nil
        }
        return String(line.prefix(300))
    }
}
