import Foundation

/// Timestamps in admin API answers and filters: ISO 8601 UTC with milliseconds.
package enum AdminTime {
    package static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Reads an RFC 3339 time (the `date-time` of JSON Schema): `2026-01-31T12:00:00Z`,
    /// `2026-01-31T12:00:00.123Z`, `2026-01-31t13:00:00.5+01:00`; `nil` for anything else.
    package static func date(_ text: String) -> Date? {
        let characters = Array(text.utf8)
        var position = 0
        func number(_ digits: Int) -> Int? {
            guard position + digits <= characters.count else { return nil }
            var value = 0
            for byte in characters[position..<position + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            position += digits
            return value
        }
        func expect(_ allowed: String) -> Bool {
            guard position < characters.count, allowed.utf8.contains(characters[position]) else { return false }
            position += 1
            return true
        }
        guard
            let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2), expect("Tt"),
            let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var fraction = 0.0
        if position < characters.count, characters[position] == UInt8(ascii: ".") {
            position += 1
            let start = position
            while position < characters.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(characters[position]) {
                position += 1
            }
            guard position > start, let value = Double("0." + String(decoding: characters[start..<position], as: UTF8.self)) else {
                return nil
            }
            fraction = value
        }
        var offset = 0
        if expect("Zz") {
            offset = 0
        } else {
            let sign = position < characters.count && characters[position] == UInt8(ascii: "-") ? -1 : 1
            guard expect("+-"), let hours = number(2), expect(":"), let minutes = number(2), (0...23).contains(hours), (0...59).contains(minutes)
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard position == characters.count else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: 0)
        guard let start = calendar.date(from: components) else { return nil }
        return start.addingTimeInterval(Double(second) + fraction - Double(offset))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
