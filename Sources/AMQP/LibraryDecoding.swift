import CRabbitMQ
import Glibc

// Copies of librabbitmq's decoded structures into Swift values. Decoded frames live in pools the
// library recycles, so everything is copied before the next library call.

extension String {
    /// Copies AMQP bytes as UTF-8 (invalid sequences are repaired).
    init(_ bytes: amqp_bytes_t) {
        guard let base = bytes.bytes, bytes.len > 0 else {
            self = ""
            return
        }
        self = String(decoding: UnsafeRawBufferPointer(start: base, count: bytes.len), as: UTF8.self)
    }
}

extension AMQPFieldValue {
    /// Copies a C field value; every integer width becomes ``int(_:)``, decimals ``double(_:)``.
    init(_ field: amqp_field_value_t) {
        let value = field.value
        switch amqp_field_value_kind_t(UInt32(field.kind)) {
        case AMQP_FIELD_KIND_BOOLEAN: self = .bool(value.boolean != 0)
        case AMQP_FIELD_KIND_I8: self = .int(Int64(value.i8))
        case AMQP_FIELD_KIND_U8: self = .int(Int64(value.u8))
        case AMQP_FIELD_KIND_I16: self = .int(Int64(value.i16))
        case AMQP_FIELD_KIND_U16: self = .int(Int64(value.u16))
        case AMQP_FIELD_KIND_I32: self = .int(Int64(value.i32))
        case AMQP_FIELD_KIND_U32: self = .int(Int64(value.u32))
        case AMQP_FIELD_KIND_I64: self = .int(value.i64)
        case AMQP_FIELD_KIND_U64: self = .int(Int64(truncatingIfNeeded: value.u64))
        case AMQP_FIELD_KIND_F32: self = .double(Double(value.f32))
        case AMQP_FIELD_KIND_F64: self = .double(value.f64)
        case AMQP_FIELD_KIND_DECIMAL:
            self = .double(Double(value.decimal.value) / pow(10, Double(value.decimal.decimals)))
        case AMQP_FIELD_KIND_UTF8: self = .string(String(value.bytes))
        case AMQP_FIELD_KIND_BYTES: self = .bytes(Array(value.bytes))
        case AMQP_FIELD_KIND_TIMESTAMP: self = .timestamp(value.u64)
        case AMQP_FIELD_KIND_TABLE: self = .table(AMQPTable(value.table))
        case AMQP_FIELD_KIND_ARRAY:
            let array = value.array
            self = .array((0..<Int(array.num_entries)).map { AMQPFieldValue(array.entries[$0]) })
        default: self = .void
        }
    }
}

extension Array where Element == UInt8 {
    /// Copies AMQP bytes.
    init(_ bytes: amqp_bytes_t) {
        guard let base = bytes.bytes, bytes.len > 0 else {
            self = []
            return
        }
        self = Array(UnsafeRawBufferPointer(start: base, count: bytes.len))
    }
}

extension Dictionary where Key == String, Value == AMQPFieldValue {
    /// Copies a C field table; a repeated key keeps its last value.
    init(_ table: amqp_table_t) {
        self.init(minimumCapacity: Int(table.num_entries))
        for index in 0..<Int(table.num_entries) {
            let entry = table.entries[index]
            self[String(entry.key)] = AMQPFieldValue(entry.value)
        }
    }
}

extension AMQPProperties {
    /// Copies C basic properties, keeping only the flagged ones.
    init(_ c: amqp_basic_properties_t) {
        let flags = c._flags
        func has(_ flag: Int32) -> Bool { flags & UInt32(flag) != 0 }
        func string(_ flag: Int32, _ bytes: amqp_bytes_t) -> String? { has(flag) ? String(bytes) : nil }
        self.init(
            contentType: string(AMQP_BASIC_CONTENT_TYPE_FLAG, c.content_type),
            contentEncoding: string(AMQP_BASIC_CONTENT_ENCODING_FLAG, c.content_encoding),
            headers: has(AMQP_BASIC_HEADERS_FLAG) ? AMQPTable(c.headers) : [:],
            persistent: has(AMQP_BASIC_DELIVERY_MODE_FLAG) && c.delivery_mode == 2,
            priority: has(AMQP_BASIC_PRIORITY_FLAG) ? c.priority : nil,
            correlationId: string(AMQP_BASIC_CORRELATION_ID_FLAG, c.correlation_id),
            replyTo: string(AMQP_BASIC_REPLY_TO_FLAG, c.reply_to),
            expiration: string(AMQP_BASIC_EXPIRATION_FLAG, c.expiration),
            messageId: string(AMQP_BASIC_MESSAGE_ID_FLAG, c.message_id),
            timestamp: has(AMQP_BASIC_TIMESTAMP_FLAG) ? c.timestamp : nil,
            type: string(AMQP_BASIC_TYPE_FLAG, c.type),
            userId: string(AMQP_BASIC_USER_ID_FLAG, c.user_id),
            appId: string(AMQP_BASIC_APP_ID_FLAG, c.app_id)
        )
    }
}

extension AMQPError {
    /// A librabbitmq status code (`amqp_status_enum`) as an error.
    static func library(status: Int32, _ context: String) -> AMQPError {
        AMQPError(code: .library, detail: "\(context): \(String(cString: amqp_error_string2(status)))")
    }
}

extension Duration {
    /// This duration as a C `timeval`, for librabbitmq's timeouts.
    var timeval: Glibc.timeval {
        let (seconds, attoseconds) = components
        return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }

    /// This duration in whole milliseconds, rounded up, for poll().
    var roundedUpMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
