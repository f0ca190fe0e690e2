/// A value of an AMQP 0-9-1 field table (message headers, queue and exchange arguments).
///
/// Integers of every width decode to ``int(_:)``, floats and decimals to ``double(_:)``.
public enum AMQPFieldValue: Sendable, Hashable {
    /// A long string (`S`).
    case string(String)
    /// A signed integer; encoded as a 64-bit integer (`l`).
    case int(Int64)
    /// A boolean (`t`).
    case bool(Bool)
    /// A double-precision float (`d`).
    case double(Double)
    /// A byte array (`x`).
    case bytes([UInt8])
    /// A nested field table (`F`).
    case table(AMQPTable)
    /// A field array (`A`).
    case array([AMQPFieldValue])
    /// A timestamp in seconds since the epoch (`T`).
    case timestamp(UInt64)
    /// No value (`V`).
    case void
}

/// An AMQP 0-9-1 field table.
public typealias AMQPTable = [String: AMQPFieldValue]
