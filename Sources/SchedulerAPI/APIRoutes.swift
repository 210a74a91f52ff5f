import Hummingbird
import Plan

/// The route table: each path with the handler of each method it answers.
///
/// Hummingbird's router answers 404 for a known path with another method; the API answers 405 with an
/// `Allow` header instead, so every path also gets a handler for the methods it does not serve. The `v1`
/// routes are registered twice: at `/v1/…` and at `/service/<name>/v1/…`, the path DC/OS clients use.
struct APIRoutes {
    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    struct Route {
        let path: String
        let methods: [(HTTPRequest.Method, Handler)]
        /// Whether GET only reads. HEAD is answered like GET on such routes, and is a 405 where GET runs a
        /// command (the plan commands), so that HEAD never changes anything.
        var getIsSafe = true
    }

    /// Methods that get a 405 on a path that does not serve them.
    static let knownMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options]

    /// `/`, `/health` and `/metrics`: served at the root only.
    static func serviceRoutes(_ h: APIHandlers) -> [Route] {
        [
            Route(path: "/", methods: [(.get, { h.root($0, $1) })]),
            Route(path: "/health", methods: [(.get, { h.health($0, $1) })]),
            Route(path: "/metrics", methods: [(.get, { h.metrics($0, $1) })]),
        ]
    }

    /// The seed's routes, relative to `/v1` (or `/service/<name>/v1`).
    static func v1Routes(_ h: APIHandlers) -> [Route] {
        var routes = [
            Route(path: "connection", methods: [(.get, { h.connection($0, $1) })]),
            Route(path: "connection/address", methods: [(.get, { h.connectionAddress($0, $1) })]),
            Route(path: "connection/dns", methods: [(.get, { h.connectionDNS($0, $1) })]),
            Route(path: "brokers", methods: [(.get, { h.brokers($0, $1) })]),
            Route(
                path: "brokers/{id}",
                methods: [
                    (.get, { try h.broker($0, $1) }),
                    (.put, { try await h.restartOrReplaceBroker($0, $1) }),
                ]),
            Route(
                path: "topics",
                methods: [
                    (.get, { try await h.listTopics($0, $1) }),
                    (.post, { try await h.createTopic($0, $1) }),
                ]),
            Route(
                path: "topics/under_replicated_partitions",
                methods: [(.get, { try await h.underReplicatedPartitions($0, $1) })]),
            Route(
                path: "topics/unavailable_partitions",
                methods: [(.get, { try await h.unavailablePartitions($0, $1) })]),
            Route(
                path: "topics/{name}",
                methods: [
                    (.get, { try await h.describeTopic($0, $1) }),
                    // The seed's describe example uses POST.
                    (.post, { try await h.describeTopic($0, $1) }),
                    (.put, { try await h.alterTopic($0, $1) }),
                    (.delete, { try await h.deleteTopic($0, $1) }),
                ]),
            Route(path: "topics/{name}/offsets", methods: [(.get, { try await h.topicOffsets($0, $1) })]),
            Route(path: "configurations", methods: [(.get, { h.configurationIDs($0, $1) })]),
            Route(path: "configurations/target", methods: [(.get, { try h.targetConfiguration($0, $1) })]),
            Route(path: "configurations/targetId", methods: [(.get, { try h.targetConfigurationID($0, $1) })]),
            Route(path: "configurations/{id}", methods: [(.get, { try h.configuration($0, $1) })]),
            Route(path: "plan", methods: [(.get, { h.plan($0, $1) })]),
            Route(path: "plan/status", methods: [(.get, { h.planStatus($0, $1) })]),
        ]
        // The seed sends plan commands without -X (GET); POST works as well.
        for kind in PlanCommandKind.allCases {
            let handler: Handler = { request, _ in try await h.planCommand(kind, request) }
            routes.append(
                Route(path: "plan/\(kind.rawValue)", methods: [(.get, handler), (.post, handler)], getIsSafe: false))
        }
        return routes
    }

    /// Registers `route` at `path` on `router`, with 405 answers for the other known methods. (The router
    /// adds HEAD to every GET route that has no HEAD handler, so a route whose GET is a command gets a 405
    /// for HEAD here first.)
    static func register(_ route: Route, at path: String, on router: Router<BasicRequestContext>) {
        let served = route.methods.map(\.0)
        var allowed = served
        if served.contains(.get), !served.contains(.head), route.getIsSafe { allowed.append(.head) }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for (method, handler) in route.methods {
            router.on(RouterPath(path), method: method) { request, context in
                try await handler(request, context)
            }
        }
        for method in knownMethods where !allowed.contains(method) {
            router.on(RouterPath(path), method: method) { request, _ -> Response in
                throw APIError(
                    .methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path); allowed: \(allow)",
                    headers: [.allow: allow])
            }
        }
    }
}
