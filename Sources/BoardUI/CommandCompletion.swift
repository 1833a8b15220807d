import JourneyKit

/// Tab in the command line: completes a command's name, a subcommand, or an argument whose
/// values are a finite set (`CommandArgument.candidates`), from the rows of `Commands`.
enum CommandCompletion {
    /// The word being typed at the end of `text`, and the values that complete it.
    static func candidates(_ state: BoardState, _ text: String) -> (word: String, options: [String]) {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let word = text.isEmpty || text.last == " " ? "" : (words.popLast() ?? "")
        let position = words.count
        var options: [String] = []
        if position == 0 {
            options = Commands.all.flatMap { [$0.verb] + $0.aliases }
        } else {
            let rows = Commands.rows(verb: words[0])
            let arguments = rows.flatMap(\.arguments)
            if let option = words.last, option.hasPrefix("--") {
                options = arguments.filter { $0.option == option }.flatMap { $0.candidates(state) }
            } else if word.hasPrefix("--") {
                options = arguments.compactMap(\.option)
            } else {
                for row in rows {
                    let names = row.nameWords
                    // the words typed so far must be this row's name so far
                    guard zip(names.dropFirst(), words.dropFirst()).allSatisfy({ $0 == $1 }) else { continue }
                    if position < names.count { options.append(names[position]); continue }
                    let positional = row.arguments.filter { $0.option == nil }
                    let index = position - names.count
                    if index < positional.count { options += positional[index].candidates(state) }
                }
            }
        }
        var seen = Set<String>()
        options = options.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        return (word, options)
    }

    /// Completes the line: one candidate is written out (and a space after it); several are
    /// completed as far as they agree and listed in the status line.
    static func complete(_ state: inout BoardState, _ editor: inout LineEditor) {
        let text = editor.text
        let (word, options) = candidates(state, text)
        guard let first = options.first else {
            state.message = "nothing to complete"
            return
        }
        let before = String(text.dropLast(word.count))
        if options.count == 1 {
            editor = LineEditor(before + first + " ")
            state.message = nil
            return
        }
        var common = first
        for option in options.dropFirst() {
            while !option.hasPrefix(common) { common.removeLast() }
        }
        editor = LineEditor(before + common)
        state.message = options.map { DisplayText.sanitize($0) }.joined(separator: "  ")
    }
}
