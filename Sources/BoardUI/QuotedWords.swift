/// Splitting a command line or a filter into words: spaces separate words, and "double" or
/// 'single' quotes keep spaces inside one word (the quotes themselves are dropped). A quote may
/// start inside a word: `tag:"first bill"` is the one word `tag:first bill`. An unclosed quote
/// runs to the end of the line.
enum QuotedWords {
    struct Word: Equatable {
        var text: String
        /// How many characters of `text` came before the first quote (all of them when the
        /// word has no quote): `tag:` in `tag:"first bill"`. Options and filter keys are
        /// recognised only there, so a quoted `"--state"` or `"a:b"` is plain text.
        var unquoted: Int

        /// The part before the first quote.
        var bare: Substring { text.prefix(unquoted) }
        var isQuoted: Bool { unquoted < text.count }
    }

    static func split(_ line: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var count = 0
        var firstQuote: Int?
        var inWord = false
        var quote: Character?
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch); count += 1 }
                continue
            }
            switch ch {
            case " ", "\t":
                if inWord { words.append(Word(text: current, unquoted: firstQuote ?? count)) }
                current = ""; count = 0; firstQuote = nil; inWord = false
            case "\"", "'":
                inWord = true
                quote = ch
                if firstQuote == nil { firstQuote = count }
            default:
                inWord = true
                current.append(ch)
                count += 1
            }
        }
        if inWord { words.append(Word(text: current, unquoted: firstQuote ?? count)) }
        return words
    }
}
