import EventhosCore
import EventhosJSON
import EventhosTemplates
import NIOCore

/// The checks every received event passes before it may reach `eventhos.events`, whatever its way
/// in (webhook or AMQP): a credential naming a producer system, a known event identifier, that
/// system being the event's producer, and a JSON (or empty) body.
///
/// Checks run in that order, so a caller without a valid credential learns nothing about which
/// events exist. They read only the registry snapshot: no database, no broker.
struct EventAdmission: Sendable {
    /// How a producer identifies itself.
    enum Credential: Sendable, Hashable {
        /// A producer key, as presented (it is hashed before lookup).
        case key(Substring)
        /// A broker user that RabbitMQ vouched for (the validated `user_id` of a message).
        case brokerUser(String)
    }

    /// An event that passed the checks of its credential and identifier.
    struct Admitted: Sendable, Hashable {
        /// The producer system's identifier.
        var producer: String
        var route: EventRoute
    }

    /// A way in, as the messages of rejections name what it takes.
    struct Channel: Sendable {
        /// Where credentials come from.
        var credentials: String
        /// What carries the event identifier.
        var eventIdentifier: String

        static let webhook = Channel(
            credentials: "access-key query parameter, access-key header or bearer token",
            eventIdentifier: "the event-identifier query parameter")
        static let amqp = Channel(
            credentials: "eventhos-access-key header, or the user_id of the broker user a system names as amqpUser",
            eventIdentifier: "the routing key (the event identifier)")
    }

    let snapshot: RegistrySnapshot
    let channel: Channel

    /// Checks the credential, the event identifier and that the credential's system produces the event.
    func admit(_ credential: Credential?, eventIdentifier: String?) throws(EventRejection) -> Admitted {
        guard let producer = credential.flatMap(producer(of:)) else {
            throw EventRejection(code: .invalidKey, message: "a valid producer key is required (\(channel.credentials))")
        }
        guard let identifier = eventIdentifier, !identifier.isEmpty else {
            throw EventRejection(
                code: .eventIdentifierMissing, message: "\(channel.eventIdentifier) is required", producer: producer)
        }
        guard let route = snapshot.event(identifier) else {
            throw EventRejection(
                code: .unknownEvent, message: "no event has the identifier '\(identifier)'", producer: producer)
        }
        guard route.event.producer == producer else {
            let noun = credential?.noun ?? "key"
            throw EventRejection(
                code: .notProducer, message: "this \(noun)'s system is not the producer of event '\(identifier)'",
                producer: producer)
        }
        return Admitted(producer: producer, route: route)
    }

    /// Every check, the body's included: what a message that comes whole (AMQP) goes through.
    func admit(_ credential: Credential?, eventIdentifier: String?, body: ByteBuffer) throws(EventRejection) -> Admitted {
        let admitted = try admit(credential, eventIdentifier: eventIdentifier)
        try Self.checkBody(body, producer: admitted.producer)
        return admitted
    }

    /// Checks that the body of `producer`'s event is JSON (without building it); an empty body is accepted.
    static func checkBody(_ body: ByteBuffer, producer: String) throws(EventRejection) {
        let valid = body.readableBytes == 0 || body.withUnsafeReadableBytes { JSONParser.isValid($0) }
        guard valid else { throw EventRejection(code: .invalidJSON, message: "the body is not JSON", producer: producer) }
    }

    private func producer(of credential: Credential) -> String? {
        switch credential {
        case .key(let key): snapshot.producer(presentedKey: key)
        case .brokerUser(let user): snapshot.producer(amqpUser: user)
        }
    }
}

extension EventAdmission.Credential {
    /// What the credential is, for messages.
    fileprivate var noun: String {
        switch self {
        case .key: "key"
        case .brokerUser: "broker user"
        }
    }
}
