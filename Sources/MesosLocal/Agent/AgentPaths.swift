import Mesos

/// The agent's directory layout under its work directory (`<mesos-local --work-dir>/agents/<agent id>`):
/// `frameworks/<framework>/executors/<task>/runs/<container>` for sandboxes and
/// `volumes/roles/<role>/<persistence id>` for persistent volumes, as a Mesos agent lays them out.
enum AgentPaths {
    static func sandbox(
        workDirectory: String, frameworkID: FrameworkID, executorID: String, containerID: String
    ) -> String {
        "\(workDirectory)/frameworks/\(frameworkID.value)/executors/\(executorID)/runs/\(containerID)"
    }

    /// A persistent volume on the agent's own disk.
    static func volume(workDirectory: String, role: String, persistenceID: String) -> String {
        "\(workDirectory)/volumes/roles/\(role)/\(persistenceID)"
    }

    /// Where a persistent volume's data lives: the root of its MOUNT disk, under the root of its PATH disk, or
    /// under the agent's work directory. Nil when `resource` is not a persistent volume or names a path that
    /// would leave its root.
    static func volume(of resource: Resource, workDirectory: String) -> String? {
        guard let persistenceID = resource.persistenceID, isSafeComponent(persistenceID) else { return nil }
        let role = resource.reservationRole ?? "*"
        guard !role.isEmpty, role.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isSafeComponent)
        else { return nil }
        let source = resource.disk?.source
        switch source?.type {
        case .mount?:
            guard let root = source?.mount?.root, !root.isEmpty else { return nil }
            return absolute(root, workDirectory: workDirectory)
        case .path?:
            guard let root = source?.path?.root, !root.isEmpty else { return nil }
            return volume(
                workDirectory: absolute(root, workDirectory: workDirectory), role: role, persistenceID: persistenceID)
        default:
            return volume(workDirectory: workDirectory, role: role, persistenceID: persistenceID)
        }
    }

    /// A single path component that cannot climb out of its parent.
    static func isSafeComponent<S: StringProtocol>(_ component: S) -> Bool {
        !component.isEmpty && component != "." && component != ".." && !component.contains("/")
            && !component.contains("\0")
    }

    private static func absolute(_ path: String, workDirectory: String) -> String {
        path.hasPrefix("/") ? path : "\(workDirectory)/\(path)"
    }
}
