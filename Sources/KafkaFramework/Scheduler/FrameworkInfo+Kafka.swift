import Mesos

extension FrameworkInfo {
    /// The capabilities the scheduler relies on: one role with reservations in the refinement format, and the
    /// partition-aware task states (TASK_UNREACHABLE, TASK_GONE, …) that tell a lost agent from a gone one.
    public static let kafkaSchedulerCapabilities: [Capability] = [
        Capability(.multiRole), Capability(.reservationRefinement), Capability(.partitionAware),
        Capability(.taskKillingState),
    ]

    /// What the scheduler subscribes with: the service's name, role, principal and user, checkpointing, and a
    /// long failover timeout so that the brokers keep running while no scheduler is connected.
    ///
    /// - Parameter frameworkID: the stored framework id (`SchedulerStateStore.loadFrameworkID()`), nil on a
    ///   first start.
    public static func kafkaScheduler(
        configuration: ServiceConfiguration, settings: SchedulerSettings, frameworkID: FrameworkID?,
        hostname: String? = nil, webuiURL: String? = nil
    ) -> FrameworkInfo {
        FrameworkInfo(
            user: configuration.service.user, name: configuration.service.name, id: frameworkID,
            failoverTimeout: Double(settings.failoverTimeoutSeconds), checkpoint: true,
            roles: [configuration.service.role], hostname: hostname, principal: configuration.service.principal,
            webuiURL: webuiURL, capabilities: kafkaSchedulerCapabilities)
    }
}
