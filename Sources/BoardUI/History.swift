/// The `:` commands and searches of a session, recalled with ↑ and ↓ in their prompts.
enum History {
    /// The most remembered per prompt.
    static let limit = 200

    /// Adds a line run or searched (not an empty one, nor the one just before again).
    static func remember(_ list: inout [String], _ line: String) {
        let text = line.trimmingSpaces
        guard !text.isEmpty, list.last != text else { return }
        list.append(text)
        if list.count > limit { list.removeFirst(list.count - limit) }
    }

    /// ↑ (older) or ↓ (newer): the prompt shows that line; past the newest, an empty line.
    static func recall(_ state: inout BoardState, _ editor: inout LineEditor, _ list: [String], older: Bool) {
        guard !list.isEmpty else { return }
        guard let position = state.historyPosition else {
            guard older else { return }
            state.historyPosition = list.count - 1
            editor = LineEditor(list[list.count - 1])
            return
        }
        if older {
            state.historyPosition = max(0, position - 1)
        } else if position + 1 < list.count {
            state.historyPosition = position + 1
        } else {
            state.historyPosition = nil
            editor = LineEditor()
            return
        }
        editor = LineEditor(list[state.historyPosition!])
    }
}
