import AMQP

/// How a chained event names the received event whose delivery answered with it, and how many
/// replies separate it from the event a producer sent (its hop).
struct ChainLink: Sendable, Equatable {
    enum Header {
        static let parent = "eventhos-parent-received-event-id"
        static let hop = "eventhos-chain-hop"
    }

    var parent: String
    var hop: Int

    /// The link a message carries; `nil` for an event a producer sent.
    init?(headers: AMQPTable) {
        guard case .string(let parent) = headers[Header.parent], case .int(let hop) = headers[Header.hop] else { return nil }
        self.init(parent: parent, hop: Int(hop))
    }

    init(parent: String, hop: Int) {
        self.parent = parent
        self.hop = hop
    }

    /// Adds the link to a message's headers.
    func annotate(_ headers: inout AMQPTable) {
        headers[Header.parent] = .string(parent)
        headers[Header.hop] = .int(Int64(hop))
    }
}
