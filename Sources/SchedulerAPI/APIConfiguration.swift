import KafkaFramework

/// What the REST server needs to know about itself.
public struct APIConfiguration: Sendable {
    /// The address to listen on (`API_HOST`).
    public var host: String
    /// The port to listen on (`API_PORT`); 0 takes a free port (see `APIServer.makeService(onListening:)`).
    public var port: Int
    /// `API_AUTH_TOKEN`: when set, every route but `/health` requires it; nil leaves the API open.
    public var authToken: Secret?
    /// `FRAMEWORK_NAME`: the routes are also served under `/service/<frameworkName>/v1/…`.
    public var frameworkName: String
    /// The scheduler's version, shown by `GET /`.
    public var version: String
    /// The commit the scheduler was built from, shown by `GET /`.
    public var commit: String

    public init(host: String, port: Int, authToken: Secret?, frameworkName: String, version: String, commit: String) {
        self.host = host
        self.port = port
        self.authToken = authToken
        self.frameworkName = frameworkName
        self.version = version
        self.commit = commit
    }

    /// The configuration the daemon runs with: host, port and token from its settings.
    public init(settings: SchedulerSettings, frameworkName: String, version: String, commit: String) {
        self.init(
            host: settings.apiHost, port: settings.apiPort, authToken: settings.apiAuthToken,
            frameworkName: frameworkName, version: version, commit: commit)
    }
}
