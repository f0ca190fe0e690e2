import Foundation

/// Identifiers of received events: UUID version 7, so they sort by arrival time (handy for
/// cursors and for reading the audit) and never collide across restarts or instances.
enum ReceivedEventID {
    /// A new identifier for an event received at `millis` since 1970.
    static func make(millis: Int64) -> String {
        var uuid = UUID().uuid  // 122 random bits; the first 48 become the time
        withUnsafeMutableBytes(of: &uuid) { bytes in
            for index in 0..<6 {
                bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index)))
            }
            bytes[6] = (bytes[6] & 0x0f) | 0x70
        }
        return UUID(uuid: uuid).uuidString.lowercased()
    }
}
