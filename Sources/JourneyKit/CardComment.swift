/// A card's conversation: `comments` is a map by comment id (`cm_…`, random like every id, so
/// two people commenting on one card on two branches add two keys and never collide), each
/// comment `{ "author", "time", "text", "resolved" }`. The map merges comment by comment; one
/// comment changed differently on both sides is a conflict record like any other field.
public struct CardComment: Sendable {
    /// The participant who wrote it (`--as NAME`); never empty.
    public var author: String
    /// When, in UTC: `2026-12-06T22:50:00Z` (see `UTCTime`).
    public var time: String
    public var text: String
    /// Written only when true.
    public var resolved: Bool
    /// Members this version does not know, written back as they came.
    public var extra: CodePointMap<JSONValue>

    public init(author: String, time: String, text: String, resolved: Bool = false, extra: CodePointMap<JSONValue> = [:]) {
        self.author = author; self.time = time; self.text = text; self.resolved = resolved; self.extra = extra
    }

    /// The comment as written in the file.
    public var json: JSONValue {
        var o = extra
        o["author"] = .string(author)
        o["time"] = .string(time)
        o["text"] = .string(text)
        if resolved { o["resolved"] = .bool(true) } else { o.removeValue(forKey: "resolved") }
        return .object(o)
    }

    /// A thread as written in the file (one object by comment id).
    public static func json(_ thread: CodePointMap<CardComment>) -> JSONValue {
        .object(thread.mapValues(\.json))
    }
}

extension CardComment: Equatable {
    /// Text compares by code points, like every text of the board.
    public static func == (a: CardComment, b: CardComment) -> Bool {
        CanonicalJSON.sameText(a.author, b.author) && CanonicalJSON.sameText(a.time, b.time)
            && CanonicalJSON.sameText(a.text, b.text) && a.resolved == b.resolved && a.extra == b.extra
    }
}

/// Reading a thread strictly: errors name the comment and the place in the file.
extension StrictJSONReader {
    mutating func commentMap(_ what: @autoclosure () -> String) throws -> CodePointMap<CardComment> {
        try valueAhead()
        guard p[i] == UInt8(ascii: "{") else { throw fail("\(what()) must be an object of comments by id, not \(kindHere())") }
        var m = CodePointMap<CardComment>()
        try readObject { r, id, _ in m[id] = try r.comment("\(what()).\(id)") }
        return m
    }

    mutating func comment(_ what: String) throws -> CardComment {
        try valueAhead()
        let start = i
        guard p[i] == UInt8(ascii: "{") else { throw fail("\(what) must be an object with author, time and text, not \(kindHere())") }
        var c = CardComment(author: "", time: "", text: "")
        var seen = (author: false, time: false, text: false)
        try readObject { r, key, _ in
            r.skipSpace()
            let at = r.i
            switch key {
            case "author":
                c.author = try r.string("\(what).author")
                if c.author.isEmpty { throw r.fail("\(what).author must name the participant, not be empty", at: at) }
                seen.author = true
            case "time":
                c.time = try r.string("\(what).time")
                guard UTCTime.isValid(c.time) else {
                    throw r.fail("\(what).time must be a UTC time like 2026-12-06T22:50:00Z, not \"\(DisplayText.sanitize(c.time))\"", at: at)
                }
                seen.time = true
            case "text":
                c.text = try r.string("\(what).text")
                seen.text = true
            case "resolved":
                guard case .bool(let b) = try r.readValue() else { throw r.fail("\(what).resolved must be true or false", at: at) }
                c.resolved = b
            default:
                c.extra[key] = try r.readValue()
            }
        }
        let missing = [("author", seen.author), ("time", seen.time), ("text", seen.text)].filter { !$0.1 }.map(\.0)
        if !missing.isEmpty { throw fail("\(what) needs \(missing.joined(separator: ", "))", at: start) }
        return c
    }
}

/// A comment thread in reading order, and what the board shows of it.
public enum CommentThread {
    /// Oldest first (by time, then id: equal times from two branches sort the same everywhere).
    public static func ordered(_ thread: CodePointMap<CardComment>) -> [(id: String, comment: CardComment)] {
        thread.map { (id: $0.key, comment: $0.value) }.sorted {
            if !CanonicalJSON.sameText($0.comment.time, $1.comment.time) { return CanonicalJSON.keyPrecedes($0.comment.time, $1.comment.time) }
            return CanonicalJSON.keyPrecedes($0.id, $1.id)
        }
    }

    /// Comments not resolved.
    public static func openCount(_ thread: CodePointMap<CardComment>) -> Int {
        var n = 0
        for (_, c) in thread where !c.resolved { n += 1 }
        return n
    }

    /// "ana: text" per comment, oldest first, resolved ones marked — for one-line exports.
    public static func oneLine(_ thread: CodePointMap<CardComment>, separator: String = "; ") -> String {
        ordered(thread).map { ($0.comment.resolved ? "(resolved) " : "") + "\($0.comment.author): \($0.comment.text)" }
            .joined(separator: separator)
    }
}

/// UTC times as the board writes them: `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601, seconds, `Z`). Reading
/// also takes a fraction of a second (`…:00.250Z`), which another tool may write. No
/// Foundation: the app and the reducers get the clock as seconds since the epoch.
public enum UTCTime {
    /// The time `seconds` after 1970-01-01T00:00:00Z, to the second.
    public static func format(_ seconds: Double) -> String {
        let total = Int64((seconds.isFinite ? seconds : 0).rounded(.down))
        var days = total / 86400, rest = total % 86400
        if rest < 0 { rest += 86400; days -= 1 }
        let (y, m, d) = civil(days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = String(y)
        while year.count < 4 { year = "0" + year }
        return "\(year)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// Seconds since the epoch of a valid time, else nil.
    public static func seconds(_ s: String) -> Double? {
        let b = Array(s.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z") else { return nil }
        func digits(_ from: Int, _ n: Int) -> Int64? {
            var v: Int64 = 0
            for k in from..<(from + n) { guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }; v = v * 10 + Int64(b[k] - 0x30) }
            return v
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2),
              let h = digits(11, 2), let mi = digits(14, 2), let sec = digits(17, 2) else { return nil }
        var fraction = 0.0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), b.count > 21 else { return nil }
            var scale = 0.1
            for k in 20..<(b.count - 1) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                fraction += Double(b[k] - 0x30) * scale; scale /= 10
            }
        }
        guard (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, sec < 60 else { return nil }
        return Double(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) + fraction
    }

    public static func isValid(_ s: String) -> Bool { seconds(s) != nil }

    static func daysIn(month m: Int64, year y: Int64) -> Int64 {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date of a day since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
