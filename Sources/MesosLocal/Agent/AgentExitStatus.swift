#if canImport(Glibc)
    import Glibc
#endif

/// How a process ended.
enum AgentExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// The status could not be read (the process was reaped by someone else).
    case unknown

    /// Worded as Mesos's `WSTRINGIFY`: "exited with status 3", "terminated with signal Killed".
    var description: String {
        switch self {
        case .exited(let code):
            return "exited with status \(code)"
        case .signaled(let signal):
            return "terminated with signal \(Self.signalName(signal))"
        case .unknown:
            return "exited with an unknown status"
        }
    }

    var succeeded: Bool { self == .exited(0) }

    /// `strsignal`'s text for the common signals, the number otherwise.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: "Hangup"
        case SIGINT: "Interrupt"
        case SIGQUIT: "Quit"
        case SIGILL: "Illegal instruction"
        case SIGTRAP: "Trace/breakpoint trap"
        case SIGABRT: "Aborted"
        case SIGBUS: "Bus error"
        case SIGFPE: "Floating point exception"
        case SIGKILL: "Killed"
        case SIGUSR1: "User defined signal 1"
        case SIGSEGV: "Segmentation fault"
        case SIGUSR2: "User defined signal 2"
        case SIGPIPE: "Broken pipe"
        case SIGALRM: "Alarm clock"
        case SIGTERM: "Terminated"
        case SIGXCPU: "CPU time limit exceeded"
        case SIGXFSZ: "File size limit exceeded"
        case SIGSYS: "Bad system call"
        default: "Unknown signal \(signal)"
        }
    }
}
