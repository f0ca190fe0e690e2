import EventhosJSON
import EventhosTemplates
import Foundation
import Logging
import OrderedCollections

/// A swift-log handler that writes one JSON object per line (`log.format: json`):
/// `{"time": "2026-11-27T03:45:47.123Z", "level": "info", "label": "eventhos", "message": "…", "metadata": {…}}`
/// (`error` too when the call passed one).
///
/// Metadata merges the handler's, the metadata provider's and the call's (the call's wins). Each
/// line is written with a single `write`, so lines from concurrent tasks never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: @Sendable ([UInt8]) -> Void

    /// - Parameter output: receives each line, newline included.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, output: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    /// A handler that writes to standard error.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: metadataProvider) { line in
            line.withUnsafeBytes { bytes in _ = Foundation.write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, explicit in explicit }
        }
        var object: JSONObject = [
            "time": .string(Self.timestamp(Date())), "level": .string(event.level.rawValue), "label": .string(label),
            "message": .string(event.message.description),
        ]
        if let error = event.error {
            object["error"] = .string("\(error)")
        }
        if !merged.isEmpty {
            object["metadata"] = Self.json(merged)
        }
        var bytes = JSONValue.object(object).serialized()
        bytes.append(UInt8(ascii: "\n"))
        output(bytes)
    }

    /// RFC 3339 in UTC with milliseconds: `2026-11-27T03:45:47.123Z`.
    static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: some BinaryInteger, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))T"
            + "\(padded(parts.tm_hour, 2)):\(padded(parts.tm_min, 2)):\(padded(parts.tm_sec, 2))."
            + "\(padded(millis % 1000, 3))Z"
    }

    private static func json(_ metadata: Logger.Metadata) -> JSONValue {
        var object = JSONObject(minimumCapacity: metadata.count)
        for key in metadata.keys.sorted() {
            object[key] = json(metadata[key]!)
        }
        return .object(object)
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .dictionary(let dictionary): json(dictionary)
        case .array(let array): .array(array.map(json))
        }
    }
}
