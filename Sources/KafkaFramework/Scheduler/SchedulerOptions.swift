/// The scheduler's timings, each with the default the product runs with. Tests shorten them.
public struct SchedulerTimings: Sendable, Equatable {
    /// Explicit reconciliation: first retry, then doubling up to the maximum.
    public var reconcileInitialBackoff: Duration = .seconds(4)
    public var reconcileMaximumBackoff: Duration = .seconds(30)
    /// Implicit reconciliation once reconciliation is complete.
    public var periodicReconcileInterval: Duration = .seconds(600)
    /// Refuse filter of offers declined with nothing to do.
    public var declineRefuseSeconds: Double = 120
    /// Refuse filter of offers declined while reconciling.
    public var reconcilingDeclineRefuseSeconds: Double = 5
    /// Refuse filter of the unused part of accepted offers.
    public var acceptRefuseSeconds: Double = 5
    /// How often a broker waiting at its readiness gate is looked at again (replica checks, messages).
    public var readinessPollInterval: Duration = .seconds(5)
    /// After this long at its gate, a block's message says how long it waited and what to check.
    public var readinessWarningAfter: Duration = .seconds(300)
    /// Relaunch backoff of failing brokers.
    public var relaunchBackoff = RelaunchBackoff()
    /// The pause before reading the state again after the store failed.
    public var stateRetryInterval: Duration = .seconds(2)

    public init() {}
}

/// How the scheduler behaves, beyond the stored configuration.
public struct SchedulerOptions: Sendable, Equatable {
    /// `ENABLE_AUTO_REPLACE`.
    public var enableAutoReplace: Bool
    /// `REPLACE_DELAY_SECONDS`.
    public var replaceDelay: Duration
    public var timings: SchedulerTimings

    public init(
        enableAutoReplace: Bool = false, replaceDelay: Duration = .seconds(600), timings: SchedulerTimings = .init()
    ) {
        self.enableAutoReplace = enableAutoReplace
        self.replaceDelay = replaceDelay
        self.timings = timings
    }

    /// The options of the daemon's settings.
    public init(settings: SchedulerSettings, timings: SchedulerTimings = .init()) {
        self.init(
            enableAutoReplace: settings.enableAutoReplace, replaceDelay: .seconds(settings.replaceDelaySeconds),
            timings: timings)
    }
}
