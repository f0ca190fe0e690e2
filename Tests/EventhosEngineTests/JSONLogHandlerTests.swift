import EventhosJSON
import EventhosTemplates
import Foundation
import Logging
import Synchronization
import Testing

@testable import EventhosEngine

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    /// What a handler wrote.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])

        func append(_ bytes: [UInt8]) {
            lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
        }

        var written: [String] { lines.withLock { $0 } }
    }

    /// A logger whose handler writes into `lines`.
    private func logger(_ lines: Lines, level: Logger.Level = .info) -> Logger {
        var handler = JSONLogHandler(label: "eventhos-test", output: lines.append)
        handler.logLevel = level
        handler[metadataKey: "amqp"] = "publish"
        return Logger(label: "eventhos-test", factory: { _ in handler })
    }

    @Test("one JSON object per line: time, level, label, message and merged metadata")
    func line() throws {
        let lines = Lines()
        let logger = logger(lines)
        logger.warning(
            "event not accepted: \"quoted\"\nsecond line",
            metadata: ["receivedEventId": "0193", "nested": ["a": ["1", "2"]], "amqp": "override"])
        let written = lines.written
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false, "a message's newline is escaped")
        let object = try JSONParser.parse(Array(line.utf8))
        #expect(object["level"] == .string("warning"))
        #expect(object["label"] == .string("eventhos-test"))
        #expect(object["message"] == .string("event not accepted: \"quoted\"\nsecond line"))
        #expect(object["metadata"]?["receivedEventId"] == .string("0193"))
        #expect(object["metadata"]?["amqp"] == .string("override"), "the call's metadata wins")
        #expect(object["metadata"]?["nested"]?["a"] == .array([.string("1"), .string("2")]))
        guard case .string(let time) = object["time"] else {
            Issue.record("no time: \(object)")
            return
        }
        #expect(time.count == "2026-11-27T03:45:47.123Z".count && time.hasSuffix("Z"), "\(time)")
    }

    @Test("levels below the handler's are not written")
    func level() {
        let lines = Lines()
        let logger = logger(lines, level: .info)
        logger.debug("not written")
        logger.info("written")
        #expect(lines.written.count == 1)
    }

    @Test("timestamps are RFC 3339 in UTC with milliseconds")
    func timestamp() {
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 1_795_751_147.123_9)) == "2026-11-27T03:45:47.123Z")
    }
}
