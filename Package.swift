// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "kafka-scheduler",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kafka-scheduler", targets: ["kafka-scheduler"]),
        .executable(name: "kafkactl", targets: ["kafkactl"]),
        .executable(name: "mesos-local", targets: ["mesos-local"]),
        .executable(name: "kafka-placeholder-broker", targets: ["kafka-placeholder-broker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        // C libraries. Only the wrapper modules below import these; no C type leaves them.
        .systemLibrary(
            name: "CZooKeeper",
            path: "Sources/CZooKeeper",
            providers: [.apt(["libzookeeper-mt-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CRdKafka",
            path: "Sources/CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),

        // Edge modules: each wraps one piece of the outside world.
        .target(
            name: "ZooKeeper",
            dependencies: ["CZooKeeper", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "StateStore",
            dependencies: ["ZooKeeper", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "CurlHTTP",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Mesos",
            dependencies: [
                "CurlHTTP", "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "MesosLocal",
            dependencies: [
                "Mesos", "CurlHTTP", "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(name: "KafkaWire", swiftSettings: strict),
        .target(
            name: "KafkaAdmin",
            dependencies: [
                "CRdKafka", "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .target(
            name: "PlaceholderBroker",
            dependencies: ["ZooKeeper", "KafkaWire", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // The core: pure decisions plus the scheduler actor.
        .target(name: "Plan", swiftSettings: strict),
        .target(
            name: "KafkaFramework",
            dependencies: [
                "Mesos", "Plan", "StateStore", "ZooKeeper", "KafkaAdmin",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SchedulerAPI",
            dependencies: [
                "KafkaFramework", "KafkaAdmin", "Plan",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // The daemon's composition: REST API, ZooKeeper, leader lock, Mesos client and scheduler in one group.
        .target(
            name: "SchedulerDaemon",
            dependencies: [
                "KafkaFramework", "SchedulerAPI", "KafkaAdmin", "Mesos", "StateStore", "ZooKeeper", "Plan",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // Thin executables.
        .executableTarget(
            name: "kafka-scheduler",
            dependencies: [
                "KafkaFramework", "SchedulerDaemon",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks (scripts/bench.sh, docs/performance.md).
        .executableTarget(
            name: "kafka-scheduler-bench",
            dependencies: ["KafkaFramework", "Mesos"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "kafkactl",
            dependencies: [
                "CurlHTTP", "Plan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "mesos-local",
            dependencies: [
                "MesosLocal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "kafka-placeholder-broker",
            dependencies: ["PlaceholderBroker", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // Used only by tests: real ZooKeeper servers, Kafka test brokers, process helpers.
        .target(
            name: "TestSupport",
            dependencies: [
                "ZooKeeper", "CurlHTTP", "CRdKafka", "KafkaWire", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "ZooKeeperTests", dependencies: ["ZooKeeper", "TestSupport"]),
        .testTarget(name: "StateStoreTests", dependencies: ["StateStore", "ZooKeeper", "TestSupport"]),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: [
                "CurlHTTP", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MesosTests",
            dependencies: [
                "Mesos", "MesosLocal", "CurlHTTP", "ZooKeeper", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "MesosLocalTests",
            dependencies: [
                "MesosLocal", "Mesos", "CurlHTTP", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "PlanTests", dependencies: ["Plan"]),
        // Renders and checks deploy/; runs the built kafka-scheduler with --check-config.
        .testTarget(name: "DeployTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "KafkaAdminTests",
            dependencies: ["KafkaAdmin", "ZooKeeper", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "PlaceholderBrokerTests",
            dependencies: ["PlaceholderBroker", "KafkaAdmin", "KafkaWire", "ZooKeeper", "TestSupport"]
        ),
        .testTarget(
            name: "KafkaFrameworkTests",
            dependencies: [
                "KafkaFramework", "KafkaAdmin", "Mesos", "MesosLocal", "Plan", "StateStore", "TestSupport", "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "TestSupport", "MesosLocal", "Mesos", "CurlHTTP", "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SchedulerAPITests",
            dependencies: [
                "SchedulerAPI", "KafkaFramework", "KafkaAdmin", "Plan", "MesosLocal", "CurlHTTP", "TestSupport",
                "ZooKeeper", "kafkactl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
