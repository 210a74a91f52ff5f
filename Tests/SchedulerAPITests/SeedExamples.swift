// The curl examples of the seed API reference, verbatim, and the answers it shows where our answer must be
// the same text (the plan's ids are derived differently and are compared with ids masked). Answers the
// reference renders lossily (quotes and newlines of messages lost) are checked in the tests themselves.

import TestSupport

enum SeedExamples {
    /// Every `$ curl` line of the seed, in order.
    static let commands: [String] = SeedCurlCommands.all

    static let connection = """
        {
            "address": [
                "10.0.0.211:9843",
                "10.0.0.217:10056",
                "10.0.0.214:9689"
            ],
            "dns": [
                "broker-0.kafka.mesos:9843",
                "broker-1.kafka.mesos:10056",
                "broker-2.kafka.mesos:9689"
            ],
            "vip": "broker.kafka.l4lb.thisdcos.directory:9092",
            "zookeeper": "master.mesos:2181/dcos-service-kafka"
        }
        """

    static let brokers = """
        {
            "brokers": [
                "0",
                "1",
                "2"
            ]
        }
        """

    static let restart = """
        [
            "broker-0__9c426c50-1087-475c-aa36-cd00d24ccebb"
        ]
        """

    static let replace = """
        [
            "broker-0__9c426c50-1087-475c-aa36-cd00d24ccebb"
        ]
        """

    static let topics = """
        [
            "topic1",
            "topic0"
        ]
        """

    static let describe = """
        {
            "partitions": [
                {
                    "0": {
                        "controller_epoch": 1,
                        "isr": [
                            0,
                            1,
                            2
                        ],
                        "leader": 0,
                        "leader_epoch": 0,
                        "version": 1
                    }
                },
                {
                    "1": {
                        "controller_epoch": 1,
                        "isr": [
                            1,
                            2,
                            0
                        ],
                        "leader": 1,
                        "leader_epoch": 0,
                        "version": 1
                    }
                },
                {
                    "2": {
                        "controller_epoch": 1,
                        "isr": [
                            2,
                            0,
                            1
                        ],
                        "leader": 2,
                        "leader_epoch": 0,
                        "version": 1
                    }
                }
            ]
        }
        """

    static let offsets = """
        [
            {
                "2": "334"
            },
            {
                "1": "333"
            },
            {
                "0": "333"
            }
        ]
        """

    static let underReplicated = """
        {
            "message": ""
        }
        """

    static let unavailable = """
        {
            "message": ""
        }
        """

    static let configurations = """
        [
            "319ebe89-42e2-40e2-9169-8568e2421023",
            "294235f2-8504-4194-b43d-664443f2132b"
        ]
        """

    static let plan = """
        {
            "errors": [],
            "phases": [
                {
                    "blocks": [
                        {
                            "hasDecisionPoint": false,
                            "id": "019eaab4-4082-4e38-ab01-a5d2a825cf8d",
                            "message": "Reconciliation complete",
                            "name": "Reconciliation",
                            "status": "Complete"
                        }
                    ],
                    "id": "a58d1e15-15b8-47a3-84d7-ae36b13a5ba8",
                    "name": "Reconciliation",
                    "status": "Complete"
                },
                {
                    "blocks": [
                        {
                            "hasDecisionPoint": false,
                            "id": "8a727290-062a-44bf-87ba-3ebfe005aa18",
                            "message": "Broker-0 is Complete",
                            "name": "broker-0",
                            "status": "Complete"
                        },
                        {
                            "hasDecisionPoint": false,
                            "id": "5d2aa9d9-5eda-4a13-aea1-9d98e4cf7ea7",
                            "message": "Broker-1 is Complete",
                            "name": "broker-1",
                            "status": "Complete"
                        },
                        {
                            "hasDecisionPoint": false,
                            "id": "7f6762b6-7a51-4df2-bb4d-b82b75623938",
                            "message": "Broker-2 is Complete",
                            "name": "broker-2",
                            "status": "Complete"
                        }
                    ],
                    "id": "e442fd2e-8f6b-4ddb-ac9f-78cd1da2c422",
                    "name": "Update to: d5c33781-a2b8-4426-86d7-3c6e23d89633",
                    "status": "Complete"
                }
            ],
            "status": "Complete"
        }
        """

    static let planStatusActive = """
        {
            "block": {
                "has_decision_point": false,
                "id": "498d30f5-248d-4e8d-a857-305d3d709c83",
                "message": "Broker-0 is InProgress",
                "name": "broker-0",
                "status": "InProgress"
            },
            "phase": {
                "block_count": 3,
                "id": "0d3cb059-d94b-4d73-8c8a-586ba3f4c75f",
                "name": "Update to: 5e56ff27-94c3-415d-aae8-a24f6ed5b42d",
                "status": "InProgress"
            },
            "stage": {
                "errors": [],
                "phase_count": 2,
                "status": "InProgress"
            }
        }
        """

    static let planStatusComplete = """
        {
            "stage": {
                "errors": [],
                "phase_count": 2,
                "status": "Complete"
            }
        }
        """
}
