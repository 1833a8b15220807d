import JourneyKit

/// A memo of wrapped card lines, keyed by everything the result depends on (wcwidth on every
/// frame was the cost of drawing). Bounded: it is emptied when it grows past `limit` entries.
final class WrapCache: @unchecked Sendable {
    private struct Key: Hashable { var text: String; var mark: String; var columns: Int; var maxLines: Int }
    private var entries: [Key: [String]] = [:]
    static let limit = 20_000

    func lines(_ mark: String, _ text: String, columns: Int, maxLines: Int) -> [String] {
        let key = Key(text: text, mark: mark, columns: columns, maxLines: maxLines)
        if let hit = entries[key] { return hit }
        let lines = DisplayText.wrap(text, columns: columns, maxLines: maxLines)
            .enumerated().map { index, line in (index == 0 ? mark + " " : "  ") + line }
        if entries.count >= WrapCache.limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = lines
        return lines
    }
}
