import Foundation

/// The package's executables as `swift build` leaves them in `.build/debug` (scripts/test.sh builds every
/// product before `swift test`, which builds only the test bundle).
enum BuiltProducts {
    /// The package root: this file is `<root>/Tests/EndToEndTests/BuiltProducts.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func executable(_ name: String) throws -> String {
        let path = packageRoot.appendingPathComponent(".build/debug/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw EndToEndError(
                "\(path) is missing: build every product first (`swift build`, as scripts/test.sh does before "
                    + "`swift test`)")
        }
        return path
    }

    static func scheduler() throws -> String { try executable("kafka-scheduler") }
    static func placeholderBroker() throws -> String { try executable("kafka-placeholder-broker") }
    static func kafkactl() throws -> String { try executable("kafkactl") }
}
