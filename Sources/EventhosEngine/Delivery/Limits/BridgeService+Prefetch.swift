import EventhosCore

extension BridgeService {
    /// The prefetch of a contract's consumer: the broker hands out no more unacknowledged deliveries
    /// than the action's `maxInFlight`, nor, for a rate-limited action, than one second of its rate,
    /// so that what waits, waits in the broker.
    static func prefetch(for action: ActionDefinition, upTo prefetch: UInt16) -> UInt16 {
        var limit = Int(prefetch)
        if let maxInFlight = action.maxInFlight {
            limit = min(limit, maxInFlight)
        }
        if let rate = action.rateLimit {
            limit = min(limit, max(1, rate.per == .second ? rate.count : rate.count / 60))
        }
        return UInt16(max(1, limit))
    }
}
