import JourneyKit

/// The details form of one card (Enter or `e`): Tab and Shift-Tab move between fields, Enter
/// keeps every field (in Notes, a few lines, Enter starts a new line and Ctrl-S keeps), Esc
/// drops the changes. Each field is a card field of `Card.declaration` (its key is the field's
/// name): its text is read and written by the field's declared type, and the card is checked
/// with `journey check`'s rules (`Validator.checkCardFields`) before anything is kept.
/// Under the fields, the card's comment thread: the last field writes a new comment (kept with
/// the form, as the participant), and each comment is a row Tab reaches, where Ctrl-T resolves
/// or reopens it and Ctrl-X deletes it (only the participant's own) — each at once, undoable.
public struct CardForm: Equatable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case text, notes, channel, owner, tags, status, metrics, value, volume, measured, source, comment
        /// The card field it edits: its key in the file (a new comment is added to `comments`).
        public var key: String { rawValue }
        /// Whether it edits one card field as its declared type (a new comment does not).
        var isCardField: Bool { self != .comment }
        public var label: String {
            switch self {
            case .text: return "Text"
            case .notes: return "Notes"
            case .channel: return "Channel"
            case .owner: return "Owner"
            case .tags: return "Tags"
            case .status: return "Status"
            case .metrics: return "Metrics"
            case .value: return "Emotion"
            case .volume: return "Volume"
            case .measured: return "Measured"
            case .source: return "Source"
            case .comment: return "Comment"
            }
        }
        public var hint: String {
            switch self {
            case .text: return ""
            case .notes: return "Enter: a new line · ↑ ↓ its lines · Ctrl-S keeps the edit"
            case .channel: return "web, app, phone, store, email, sms, chat, visit, letter, social"
            case .owner: return "who takes it forward"
            case .tags: return "comma-separated"
            case .status: return CardStatus.allCases.map(\.rawValue).joined(separator: ", ")
            case .metrics: return "what it measures now: metric=value, …"
            case .value: return "-2 … +2"
            case .volume: return "how many customers pass this touchpoint (a number ≥ 0)"
            case .measured: return "results once shipped: metric=value, …"
            case .source: return "where the evidence comes from"
            case .comment: return "a new comment, kept with Enter; Tab reaches the thread below"
            }
        }
        /// Rows its editor shows.
        var rows: Int { self == .notes ? 3 : 1 }
        /// The type the board file gives the field.
        var type: FieldType { Card.declaration.type(of: key)! }

        /// The fields a card of `kind` shows: the common ones, and the ones its kind uses (or
        /// the card already has).
        static func shown(for card: Card, kind: LaneKind?) -> [Field] {
            var f: [Field] = [.text, .notes, .channel, .owner, .tags, .status, .metrics]
            if kind == .emotion || card.value != nil { f.insert(.value, at: 1) }
            if kind == .touchpoints || card.volume != nil { f.append(.volume) }
            if kind == .opportunities || kind == .solutions || !card.measured.isEmpty { f.append(.measured) }
            if kind == .insights || kind == .pains || kind == .opportunities || card.source != nil { f.append(.source) }
            f.append(.comment)
            return f
        }
    }

    public var cardID: String
    /// The card as the form opened it: a commit changes what the form changed, so edits that
    /// others made to the card meanwhile (a live board) stay.
    public var opened: Card
    public var fields: [Field]
    public var editors: [Field: LineEditor]
    /// Rows: the fields, then the thread's comments (ids, oldest first).
    public var focus: Int = 0
    public var error: String?
    /// The card's comments when the form opened, oldest first (rows after the fields).
    public var thread: [String]
    /// The card's last change in the repository's history ("2026-12-06 ana: text"), when
    /// the app has looked it up; nil: not known (not in a repository, or not yet).
    public var lastChange: String?

    public init(card: Card, kind: LaneKind?) {
        cardID = card.id
        opened = card
        fields = Field.shown(for: card, kind: kind)
        var editors: [Field: LineEditor] = [:]
        thread = CommentThread.ordered(card.comments).map(\.id)
        for field in Field.allCases where field.isCardField {
            let text = CardForm.text(card.field(field.key), field.type)
            editors[field] = field.rows > 1 ? LineEditor(lines: text) : LineEditor(text)
        }
        editors[.comment] = LineEditor("")
        self.editors = editors
    }

    /// Fields and comments: the rows Tab moves through.
    public var rowCount: Int { fields.count + thread.count }
    /// The field with the focus; nil when a comment of the thread has it.
    public var focusedField: Field? { focus < fields.count ? fields[focus] : nil }
    /// The comment with the focus, if one has it.
    public var focusedComment: String? { focus >= fields.count && focus - fields.count < thread.count ? thread[focus - fields.count] : nil }

    /// A field's value as the form shows it.
    static func text(_ value: JSONValue?, _ type: FieldType) -> String {
        switch value {
        case nil: return ""
        case .string(let s)?: return s
        case .number(let n)?: return CanonicalJSON.numberText(n)
        case .array(let a)?: return a.compactMap(\.stringValue).joined(separator: ", ")
        case .object(let o)?: return o.sortedKeys.map { "\($0)=\(o[$0]?.numberValue.map(CanonicalJSON.numberText) ?? "")" }.joined(separator: ", ")
        default: return ""
        }
    }

    /// What the form's text of a field stores, by the field's declared type (nil: not set).
    static func value(_ text: String, _ field: Field) throws -> JSONValue? {
        switch field.type {
        case .string, .stringOmittedWhenEmpty: return .string(text)
        case .optionalString: return text.isEmpty ? nil : .string(text)
        case .number, .optionalNumber, .absentableNumber, .integer:
            if text.isEmpty { return nil }
            guard let n = Double(text), n.isFinite else { throw FormError("\(field.label.lowercased()): a number, not \(DisplayText.sanitize(text))") }
            return .number(n)
        case .stringSet:
            let items = text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            return items.isEmpty ? nil : .array(items.map { .string($0) })
        case .numberMap, .integerMap:
            var m = CodePointMap<JSONValue>()
            for part in text.split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                guard kv.count == 2, let v = Double(kv[1]), v.isFinite else {
                    throw FormError("\(field.label.lowercased()): write metric=value, e.g. satisfaction=90")
                }
                m[kv[0]] = .number(v)
            }
            return m.isEmpty ? nil : .object(m)
        case .flag: return text.isEmpty ? nil : .bool(true)
        case .commentMap: throw FormError("\(field.label.lowercased()): the thread is edited comment by comment")
        }
    }

    struct FormError: Error { var message: String; init(_ m: String) { message = m } }

    /// The card with the form's values, or the reason they cannot be kept (what `journey
    /// check` would say of the card). A new comment is written by `author` at `time` (UTC text).
    func apply(to card: Card, board: Board, author: String, time: String) -> Result<Card, FormError> {
        var c = card
        for field in fields where field.isCardField {
            // notes keep their line breaks; spaces at either end of a field are dropped
            let raw = editors[field]!.text
            let text = field.rows > 1 ? raw.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
                .joined(separator: "\n").trimmingCharacters(in: "\n") : raw.trimmingSpaces
            if field == .text && text.isEmpty { return .failure(FormError("text: a card needs some text (d deletes a card)")) }
            do { c.setField(field.key, try CardForm.value(text, field)) } catch let e as FormError { return .failure(e) } catch {}
        }
        if let problem = Validator.problems(of: c, in: board).first {
            // "card cd…: volume must not be negative" → "volume must not be negative"
            let plain = problem.hasPrefix("card \(c.id): ") ? String(problem.dropFirst("card \(c.id): ".count)) : problem
            return .failure(FormError(DisplayText.sanitize(plain)))
        }
        let comment = editors[.comment]!.text.trimmingSpaces
        if !comment.isEmpty {
            c.comments[IDs.comment()] = CardComment(author: author, time: time, text: comment)
        }
        return .success(c)
    }
}

extension String {
    /// Without `c` at either end.
    func trimmingCharacters(in c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
