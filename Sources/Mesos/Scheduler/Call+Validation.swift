#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Call {
    /// Why the master would reject this call before looking at any state, with Mesos's own
    /// words (`validation::scheduler::call::validate`, without the principal check), or nil.
    ///
    /// A master answers `400 Failed to validate scheduler::Call: <reason>`.
    public var validationError: String? {
        // An absent type decodes as `.unknown`.
        if type == .unknown {
            return "Expecting 'type' to be present"
        }
        if type == .subscribe {
            guard let subscribe else { return "Expecting 'subscribe' to be present" }
            if subscribe.frameworkInfo.id != frameworkID {
                return "'framework_id' differs from 'subscribe.framework_info.id'"
            }
            return nil
        }
        guard frameworkID != nil else { return "Expecting 'framework_id' to be present" }
        switch type {
        case .subscribe, .teardown, .revive, .suppress, .unknown, .unrecognized:
            return nil
        case .accept:
            return accept == nil ? "Expecting 'accept' to be present" : nil
        case .decline:
            return decline == nil ? "Expecting 'decline' to be present" : nil
        case .acceptInverseOffers:
            return acceptInverseOffers == nil ? "Expecting 'accept_inverse_offers' to be present" : nil
        case .declineInverseOffers:
            return declineInverseOffers == nil ? "Expecting 'decline_inverse_offers' to be present" : nil
        case .kill:
            return kill == nil ? "Expecting 'kill' to be present" : nil
        case .shutdown:
            return shutdown == nil ? "Expecting 'shutdown' to be present" : nil
        case .acknowledge:
            guard let acknowledge else { return "Expecting 'acknowledge' to be present" }
            return MesosUUID.isValid(acknowledge.uuid) ? nil : "Not a valid UUID"
        case .acknowledgeOperationStatus:
            guard let acknowledgeOperationStatus else {
                return "Expecting 'acknowledge_operation_status' to be present"
            }
            guard MesosUUID.isValid(acknowledgeOperationStatus.uuid) else { return "Not a valid UUID" }
            return acknowledgeOperationStatus.agentID == nil ? "Expecting 'agent_id' to be present" : nil
        case .reconcile:
            return reconcile == nil ? "Expecting 'reconcile' to be present" : nil
        case .reconcileOperations:
            return reconcileOperations == nil ? "Expecting 'reconcile_operations' to be present" : nil
        case .message:
            return message == nil ? "Expecting 'message' to be present" : nil
        case .request:
            return request == nil ? "Expecting 'request' to be present" : nil
        case .updateFramework:
            guard let updateFramework else { return "Expecting 'update_framework' to be present" }
            if updateFramework.frameworkInfo.id != frameworkID {
                return "'framework_id' differs from 'update_framework.framework_info.id'"
            }
            return nil
        }
    }
}

extension MesosUUID {
    /// A new random (version 4) UUID's 16 bytes, as status update uuids are.
    public static func randomBytes() -> Data {
        let uuid = UUID().uuid
        return withUnsafeBytes(of: uuid) { Data($0) }
    }

    /// Whether `bytes` is a UUID Mesos accepts (`UUID::fromBytes`): 16 bytes with a known
    /// version (1 to 5) in the high nibble of byte 6.
    public static func isValid(_ bytes: Data) -> Bool {
        guard bytes.count == 16 else { return false }
        let version = bytes[bytes.startIndex + 6] >> 4
        return (1...5).contains(version)
    }
}
