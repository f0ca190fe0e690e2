import CRabbitMQ
import Glibc

/// Owned C memory for the arguments of one librabbitmq call: strings, field tables, basic
/// properties. Everything handed out stays valid until ``recycle()``, which keeps the pages for the
/// next call, so a publish costs no allocation once the pool has warmed up.
///
/// Confined to the connection's owner thread like everything else that touches C.
final class CArena {
    private let pool: UnsafeMutablePointer<amqp_pool_t>

    init() {
        pool = .allocate(capacity: 1)
        init_amqp_pool(pool, 16 * 1024)
    }

    deinit {
        empty_amqp_pool(pool)
        pool.deallocate()
    }

    /// Invalidates everything handed out so far.
    func recycle() {
        recycle_amqp_pool(pool)
    }

    private func allocate(_ count: Int) -> UnsafeMutableRawPointer {
        guard let memory = amqp_pool_alloc(pool, count) else { fatalError("out of memory") }
        return memory
    }

    /// A copy of the UTF-8 bytes of `string`.
    func bytes(_ string: String) -> amqp_bytes_t {
        var string = string
        return string.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    /// A copy of `source`.
    func bytes(_ source: UnsafeRawBufferPointer) -> amqp_bytes_t {
        guard let base = source.baseAddress, !source.isEmpty else { return amqp_empty_bytes }
        let memory = allocate(source.count)
        memory.copyMemory(from: base, byteCount: source.count)
        return amqp_bytes_t(len: source.count, bytes: memory)
    }

    /// A C field table with the entries of `table` (keys sorted, for a stable encoding).
    func table(_ table: AMQPTable) -> amqp_table_t {
        guard !table.isEmpty else { return amqp_empty_table }
        let entries = allocate(MemoryLayout<amqp_table_entry_t>.stride * table.count)
            .bindMemory(to: amqp_table_entry_t.self, capacity: table.count)
        for (index, key) in table.keys.sorted().enumerated() {
            (entries + index).initialize(to: amqp_table_entry_t(key: bytes(key), value: field(table[key]!)))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    /// A C field value for `value`.
    func field(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .string(let string):
            field.kind = kind(AMQP_FIELD_KIND_UTF8)
            field.value.bytes = bytes(string)
        case .int(let int):
            field.kind = kind(AMQP_FIELD_KIND_I64)
            field.value.i64 = int
        case .bool(let bool):
            field.kind = kind(AMQP_FIELD_KIND_BOOLEAN)
            field.value.boolean = bool ? 1 : 0
        case .double(let double):
            field.kind = kind(AMQP_FIELD_KIND_F64)
            field.value.f64 = double
        case .bytes(let array):
            field.kind = kind(AMQP_FIELD_KIND_BYTES)
            field.value.bytes = array.withUnsafeBytes { bytes($0) }
        case .table(let nested):
            field.kind = kind(AMQP_FIELD_KIND_TABLE)
            field.value.table = table(nested)
        case .array(let values):
            field.kind = kind(AMQP_FIELD_KIND_ARRAY)
            let elements = allocate(MemoryLayout<amqp_field_value_t>.stride * max(values.count, 1))
                .bindMemory(to: amqp_field_value_t.self, capacity: max(values.count, 1))
            for (index, element) in values.enumerated() { (elements + index).initialize(to: self.field(element)) }
            field.value.array = amqp_array_t(num_entries: Int32(values.count), entries: elements)
        case .timestamp(let seconds):
            field.kind = kind(AMQP_FIELD_KIND_TIMESTAMP)
            field.value.u64 = seconds
        case .void:
            field.kind = kind(AMQP_FIELD_KIND_VOID)
        }
        return field
    }

    /// C basic properties for `properties`, flags set for the present ones only.
    func properties(_ properties: AMQPProperties) -> amqp_basic_properties_t {
        var c = amqp_basic_properties_t()
        var flags: UInt32 = 0
        func set(_ value: String?, _ flag: Int32, _ field: inout amqp_bytes_t) {
            guard let value else { return }
            field = bytes(value)
            flags |= UInt32(flag)
        }
        set(properties.contentType, AMQP_BASIC_CONTENT_TYPE_FLAG, &c.content_type)
        set(properties.contentEncoding, AMQP_BASIC_CONTENT_ENCODING_FLAG, &c.content_encoding)
        if !properties.headers.isEmpty {
            c.headers = table(properties.headers)
            flags |= UInt32(AMQP_BASIC_HEADERS_FLAG)
        }
        if properties.persistent {
            c.delivery_mode = 2
            flags |= UInt32(AMQP_BASIC_DELIVERY_MODE_FLAG)
        }
        if let priority = properties.priority {
            c.priority = priority
            flags |= UInt32(AMQP_BASIC_PRIORITY_FLAG)
        }
        set(properties.correlationId, AMQP_BASIC_CORRELATION_ID_FLAG, &c.correlation_id)
        set(properties.replyTo, AMQP_BASIC_REPLY_TO_FLAG, &c.reply_to)
        set(properties.expiration, AMQP_BASIC_EXPIRATION_FLAG, &c.expiration)
        set(properties.messageId, AMQP_BASIC_MESSAGE_ID_FLAG, &c.message_id)
        if let timestamp = properties.timestamp {
            c.timestamp = timestamp
            flags |= UInt32(AMQP_BASIC_TIMESTAMP_FLAG)
        }
        set(properties.type, AMQP_BASIC_TYPE_FLAG, &c.type)
        set(properties.userId, AMQP_BASIC_USER_ID_FLAG, &c.user_id)
        set(properties.appId, AMQP_BASIC_APP_ID_FLAG, &c.app_id)
        c._flags = flags
        return c
    }

    private func kind(_ kind: amqp_field_value_kind_t) -> UInt8 {
        UInt8(kind.rawValue)
    }
}
