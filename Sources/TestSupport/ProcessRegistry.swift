import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every child process group and temporary directory the tests made, so that whatever a failing test left
/// behind is killed and removed when the test process exits.
enum ProcessRegistry {
    private struct Entries {
        var processGroups: Set<Int32> = []
        var directories: Set<String> = []
        var installed = false
    }

    private static let entries = Mutex(Entries())

    static func register(processGroup: Int32) {
        installExitHandler()
        _ = entries.withLock { $0.processGroups.insert(processGroup) }
    }

    static func unregister(processGroup: Int32) {
        _ = entries.withLock { $0.processGroups.remove(processGroup) }
    }

    static func register(directory: String) {
        installExitHandler()
        _ = entries.withLock { $0.directories.insert(directory) }
    }

    static func unregister(directory: String) {
        _ = entries.withLock { $0.directories.remove(directory) }
    }

    /// Kills every registered group and removes every registered directory; runs at exit.
    static func cleanUp() {
        let (groups, directories) = entries.withLock { entries in
            defer {
                entries.processGroups = []
                entries.directories = []
            }
            return (entries.processGroups, entries.directories)
        }
        for group in groups {
            kill(-group, SIGKILL)
        }
        for directory in directories {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    private static func installExitHandler() {
        let install = entries.withLock { entries -> Bool in
            defer { entries.installed = true }
            return !entries.installed
        }
        if install {
            atexit { ProcessRegistry.cleanUp() }
        }
    }
}
