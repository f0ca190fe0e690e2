/// One fact for the audit: an event was received, or a contract tried its action.
public enum AuditRecord: Sendable {
    /// An event was received (accepted or rejected); stored once per ``ReceivedEventRecord/id``.
    case received(ReceivedEventRecord)
    /// A try of a contract finished; stored once per (contract, received event, attempt).
    case tried(DeliveryTryRecord)
    /// A delivery ended without a try (filtered out, expired); stored once per (contract, received event).
    case settled(DeliverySettlement)
}
