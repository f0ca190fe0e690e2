import Foundation

extension Date {
    /// ISO-8601 UTC with milliseconds (`2026-01-31T12:00:00.123Z`), rounded to the nearest
    /// millisecond: fixed width, so text order is time order, and reading then writing a value
    /// gives the same text (Foundation's ISO-8601 style truncates, so its round trips drift).
    var storageText: String {
        let milliseconds = Int64((timeIntervalSince1970 * 1000).rounded())
        let (days, millisecondOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (year, month, day) = Self.civil(fromDays: days)
        let time = millisecondOfDay / 1000
        return "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))T"
            + "\(Self.digits(time / 3600, 2)):\(Self.digits(time / 60 % 60, 2)):\(Self.digits(time % 60, 2))."
            + "\(Self.digits(millisecondOfDay % 1000, 3))Z"
    }

    /// Reads a timestamp written by ``storageText``.
    init(storageText: String) throws(StoreError) {
        let fields = storageText.split(whereSeparator: { "-T:.Z".contains($0) }).map { Int64($0) }
        guard storageText.utf8.count == 24, fields.count == 7, let year = fields[0], let month = fields[1],
            let day = fields[2], let hour = fields[3], let minute = fields[4], let second = fields[5],
            let millisecond = fields[6]
        else {
            throw StoreError(.invalidRow, "invalid timestamp '\(storageText)'")
        }
        let days = Self.days(fromCivil: year, month, day)
        let milliseconds = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let (era, yearOfEra) = shiftedYear.floorDivided(by: 400)
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day since 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let (era, dayOfEra) = (days + 719_468).floorDivided(by: 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Quotient rounded down and the non-negative remainder.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
