/// Why a `mesos-local` cluster could not start or do what was asked.
public enum MesosLocalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option has a value that cannot work: the option, the value, what is expected.
    case invalidOption(String, String, String)
    /// The HTTP server could not listen (the address and the reason).
    case cannotListen(String, String)
    /// The work directory could not be prepared.
    case workDirectory(String, String)
    /// A control request named something that does not exist or cannot be done now.
    case control(String)

    public var description: String {
        switch self {
        case .invalidOption(let option, let value, let expected):
            "Invalid \(option) '\(value)': \(expected)"
        case .cannotListen(let address, let reason):
            "Cannot listen on \(address): \(reason)"
        case .workDirectory(let path, let reason):
            "Cannot prepare the work directory \(path): \(reason)"
        case .control(let message):
            message
        }
    }
}
