import ArgumentParser
import JourneyKit

/// A first word that is almost a subcommand's name (`journey chek`) is a typo, not a board to
/// create: it is refused with the name it was probably meant to be. A word that names an
/// existing file, looks like a path (`/`, `.`), or is far from every name is left to the
/// default subcommand (`open`), so `journey FILE` and `journey open check` still open files.
enum UnknownCommand {
    /// Every subcommand's name (and `help`, which the argument parser adds).
    static var names: [String] {
        Subcommands.all.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// "unknown command 'chek' — did you mean 'check'?", or nil when `word` is not a typo of a name.
    static func message(for word: String, fileExists: (String) -> Bool = BoardFile.exists) -> String? {
        guard !word.hasPrefix("-"), !word.contains("/"), !word.contains("."), !names.contains(word),
              !fileExists(word), let guess = nearest(word) else { return nil }
        return "unknown command '\(word)' — did you mean '\(guess)'? (`journey open \(word)` opens or creates a board named \(word))"
    }

    /// The closest name within a typo's reach: one edit for names of up to four letters, two for longer.
    static func nearest(_ word: String) -> String? {
        let lowered = word.lowercased()
        let scored = names.map { ($0, distance(lowered, $0)) }.filter { $0.1 <= ($0.0.count <= 4 ? 1 : 2) }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
