import JourneyKit

/// Reading a duration as facilitators write it: `5m`, `90s`, `1h`, `1h30m`, `mm:ss`, or minutes;
/// and showing one as a clock (the timebox of `:timer`).
public enum Duration {
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces.lowercased()
        guard !trimmed.isEmpty else { return nil }
        if trimmed.contains(":") {
            let parts = trimmed.split(separator: ":").map { Double($0) }
            guard parts.count == 2, let minutes = parts[0], let seconds = parts[1], minutes >= 0, seconds >= 0, seconds < 60 else { return nil }
            return minutes * 60 + seconds
        }
        if let minutes = Double(trimmed) { return minutes > 0 ? minutes * 60 : nil }
        var total = 0.0, number = ""
        for character in trimmed {
            if character.isNumber || character == "." { number.append(character); continue }
            guard let amount = Double(number) else { return nil }
            switch character {
            case "h": total += amount * 3600
            case "m": total += amount * 60
            case "s": total += amount
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        return total
    }

    /// `4:59`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        // no timebox runs for centuries: beyond that (or not a number) there is nothing to count
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "–:––" }
        let whole = Int(seconds.rounded(.up))
        let hours = whole / 3600, minutes = (whole % 3600) / 60, secondsPart = whole % 60
        let secondsText = secondsPart < 10 ? "0\(secondsPart)" : "\(secondsPart)"
        if hours > 0 { return "\(hours):\(minutes < 10 ? "0" : "")\(minutes):\(secondsText)" }
        return "\(minutes):\(secondsText)"
    }
}
