import Hummingbird
import KafkaAdmin
import KafkaFramework

extension APIHandlers {
    func listTopics(_ request: Request, _ context: BasicRequestContext) async throws(APIError) -> Response {
        JSONBody.response(try await topicCall { () async throws(TopicOperationError) in try await topics.list() })
    }

    func createTopic(_ request: Request, _ context: BasicRequestContext) async throws(APIError) -> Response {
        guard let name = request.query("name") else {
            throw .badRequest(
                "missing query parameter name: POST /v1/topics?name=<topic>[&partitions=N][&replication=N]")
        }
        do {
            try TopicName.validate(name)
        } catch {
            throw .badRequest("invalid topic name: \(error.message)")
        }
        let partitions = try request.positiveInteger("partitions", example: 3)
        let replication = try request.positiveInteger("replication", example: 3)
        let message = try await topicCall { () async throws(TopicOperationError) in
            try await topics.create(topic: name, partitions: partitions, replication: replication)
        }
        logger.info("topic created", metadata: ["topic": "\(name)"])
        return JSONBody.response(MessageBody(message: message))
    }

    func describeTopic(_ request: Request, _ context: BasicRequestContext) async throws(APIError) -> Response {
        let name = try context.pathParameter("name")
        let description = try await topicCall { () async throws(TopicOperationError) in
            try await topics.describe(topic: name)
        }
        return JSONBody.response(TopicDescriptionBody(description: description))
    }

    /// `PUT /v1/topics/<topic>?operation=partitions&partitions=N` or `?operation=producer-test&messages=N`.
    func alterTopic(_ request: Request, _ context: BasicRequestContext) async throws(APIError) -> Response {
        let name = try context.pathParameter("name")
        let allowed = "operation must be partitions (with partitions=N) or producer-test (with messages=N)"
        guard let operation = request.query("operation") else {
            throw .badRequest("missing query parameter operation: \(allowed)")
        }
        let message: String
        switch operation {
        case "partitions":
            let count = try request.requiredPositiveInteger(
                "partitions", example: 6, context: "for operation=partitions")
            message = try await topicCall { () async throws(TopicOperationError) in
                try await topics.changePartitions(topic: name, count: count)
            }
            logger.info("topic partitions changed", metadata: ["topic": "\(name)", "partitions": "\(count)"])
        case "producer-test":
            let messages = try request.requiredPositiveInteger(
                "messages", example: 10, context: "for operation=producer-test")
            message = try await topicCall { () async throws(TopicOperationError) in
                try await topics.producerTest(topic: name, messages: messages)
            }
        default:
            throw .badRequest("unknown operation '\(operation)': \(allowed)")
        }
        return JSONBody.response(MessageBody(message: message))
    }

    func deleteTopic(_ request: Request, _ context: BasicRequestContext) async throws(APIError) -> Response {
        let name = try context.pathParameter("name")
        let message = try await topicCall { () async throws(TopicOperationError) in
            try await topics.delete(topic: name)
        }
        logger.info("topic deleted", metadata: ["topic": "\(name)"])
        return JSONBody.response(MessageBody(message: message))
    }

    func topicOffsets(_ request: Request, _ context: BasicRequestContext) async throws(APIError) -> Response {
        let name = try context.pathParameter("name")
        let time = try request.offsetTime()
        let offsets = try await topicCall { () async throws(TopicOperationError) in
            try await topics.offsets(topic: name, time: time)
        }
        return JSONBody.response(OffsetsBody(offsets: offsets))
    }

    func underReplicatedPartitions(_ request: Request, _ context: BasicRequestContext) async throws(APIError)
        -> Response
    {
        let message = try await topicCall { () async throws(TopicOperationError) in
            try await topics.underReplicatedPartitions()
        }
        return JSONBody.response(MessageBody(message: message))
    }

    func unavailablePartitions(_ request: Request, _ context: BasicRequestContext) async throws(APIError)
        -> Response
    {
        let message = try await topicCall { () async throws(TopicOperationError) in
            try await topics.unavailablePartitions()
        }
        return JSONBody.response(MessageBody(message: message))
    }

    private func topicCall<T>(_ call: () async throws(TopicOperationError) -> T) async throws(APIError) -> T {
        do {
            return try await call()
        } catch {
            throw APIError(error)
        }
    }
}
