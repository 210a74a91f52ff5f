import Foundation

/// Broker task ids: `broker-<N>__<uuid>`, a new uuid for every launch.
public enum BrokerTaskID {
    /// A new task id for broker `broker`.
    public static func make(broker: Int, uuid: UUID = UUID()) -> String {
        "broker-\(broker)__\(uuid.uuidString.lowercased())"
    }

    /// The broker id named by a task id, or nil when it is not a broker task id.
    public static func brokerID(of taskID: String) -> Int? {
        guard taskID.hasPrefix("broker-"), let separator = taskID.range(of: "__") else { return nil }
        let number = taskID[taskID.index(taskID.startIndex, offsetBy: "broker-".count)..<separator.lowerBound]
        guard let id = Int(number), id >= 0, String(id) == number else { return nil }
        return id
    }
}
