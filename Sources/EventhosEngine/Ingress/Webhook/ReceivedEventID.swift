import Foundation

/// Identifiers of received events: UUID version 7, so they sort by arrival time (handy for
/// cursors and for reading the audit) and never collide across restarts or instances.
enum ReceivedEventID {
    /// A new identifier for an event received at `millis` since 1970.
    ///
    /// The random bits come from the system generator (one `getrandom` call); Foundation's `UUID()`
    /// opens, reads and closes `/dev/urandom` for each identifier.
    static func make(millis: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        var uuid = withUnsafeBytes(of: random) { $0.load(as: uuid_t.self) }
        withUnsafeMutableBytes(of: &uuid) { bytes in
            for index in 0..<6 {
                bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index)))
            }
            bytes[6] = (bytes[6] & 0x0f) | 0x70
            bytes[8] = (bytes[8] & 0x3f) | 0x80
        }
        return UUID(uuid: uuid).uuidString.lowercased()
    }
}
