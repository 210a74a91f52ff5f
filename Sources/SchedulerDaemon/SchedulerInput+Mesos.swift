import KafkaFramework
import Mesos

extension SchedulerInput {
    /// The scheduler's input for what the Mesos client reports. Heartbeats are not delivered by the client
    /// (it watches them itself), but map like any other event.
    init(_ event: MesosSchedulerEvent) {
        switch event {
        case .subscribed(let subscription):
            self = .subscribed(frameworkID: subscription.frameworkID, masterInfo: subscription.masterInfo)
        case .offers(let offers):
            self = .event(Event(type: .offers, offers: .init(offers: offers)))
        case .inverseOffers(let offers):
            self = .event(Event(type: .inverseOffers, inverseOffers: .init(inverseOffers: offers)))
        case .rescind(let id):
            self = .event(Event(type: .rescind, rescind: .init(offerID: id)))
        case .rescindInverseOffer(let id):
            self = .event(Event(type: .rescindInverseOffer, rescindInverseOffer: .init(inverseOfferID: id)))
        case .update(let status):
            self = .event(Event(type: .update, update: .init(status: status)))
        case .updateOperationStatus(let status):
            self = .event(Event(type: .updateOperationStatus, updateOperationStatus: .init(status: status)))
        case .message(let message):
            self = .event(Event(type: .message, message: message))
        case .failure(let failure):
            self = .event(Event(type: .failure, failure: failure))
        case .error(let message):
            self = .event(Event(type: .error, error: .init(message: message)))
        case .heartbeat:
            self = .event(Event(type: .heartbeat))
        case .disconnected(let reason):
            self = .disconnected(reason: "\(reason)")
        }
    }
}
