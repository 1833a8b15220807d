import JourneyKit

/// The details form of one card (Enter or `e`): Tab and Shift-Tab move between fields, Enter
/// keeps every field, Esc drops the changes. Numbers are checked before anything is kept.
public struct CardForm: Equatable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case text, notes, channel, owner, tags, status, metrics, value, source
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
            case .source: return "Source"
            }
        }
        public var hint: String {
            switch self {
            case .text: return ""
            case .notes: return ""
            case .channel: return "web, app, phone, store, email, sms, chat, visit, letter, social"
            case .owner: return "who takes it forward"
            case .tags: return "comma-separated"
            case .status: return CardStatus.allCases.map(\.rawValue).joined(separator: ", ")
            case .metrics: return "measured: metric=value, …"
            case .value: return "-2 … +2"
            case .source: return "where the evidence comes from"
            }
        }
    }

    public var cardID: String
    /// The card as the form opened it: a commit changes what the form changed, so edits that
    /// others made to the card meanwhile (a live board) stay.
    public var opened: Card
    public var fields: [Field]
    public var editors: [Field: LineEditor]
    public var focus: Int = 0
    public var error: String?

    public init(card: Card, kind: LaneKind?) {
        cardID = card.id
        opened = card
        var f: [Field] = [.text, .notes, .channel, .owner, .tags, .status, .metrics]
        if kind == .emotion { f.insert(.value, at: 1) }
        if kind == .insights { f.append(.source) }
        fields = f
        editors = [
            .text: LineEditor(card.text),
            .notes: LineEditor(card.notes ?? ""),
            .channel: LineEditor(card.channel ?? ""),
            .owner: LineEditor(card.owner ?? ""),
            .tags: LineEditor(card.tags.joined(separator: ", ")),
            .status: LineEditor(card.status ?? ""),
            .metrics: LineEditor(CardForm.formatMetrics(card.metrics)),
            .value: LineEditor(card.value.map(CanonicalJSON.numberText) ?? ""),
            .source: LineEditor(card.source ?? ""),
        ]
    }

    public var focusedField: Field { fields[focus] }

    static func formatMetrics(_ m: [String: Double]) -> String {
        m.keys.sorted().map { "\($0)=\(CanonicalJSON.numberText(m[$0]!))" }.joined(separator: ", ")
    }

    static func parseMetrics(_ s: String, board: Board) throws -> [String: Double] {
        var m: [String: Double] = [:]
        for part in s.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            guard kv.count == 2, let v = Double(kv[1]), v.isFinite else {
                throw FormError("metrics: write metric=value, e.g. satisfaction=90")
            }
            guard board.heroMetrics[kv[0]] != nil else {
                throw FormError("metrics: \(kv[0]) is not a hero metric (\(board.heroMetrics.keys.sorted().joined(separator: ", ")))")
            }
            m[kv[0]] = v
        }
        return m
    }

    struct FormError: Error { var message: String; init(_ m: String) { message = m } }

    /// The card with the form's values, or the reason they cannot be kept.
    func apply(to card: Card, board: Board) -> Result<Card, FormError> {
        var c = card
        func text(_ f: Field) -> String { editors[f]!.text.trimmingSpaces }
        func optional(_ f: Field) -> String? { let t = text(f); return t.isEmpty ? nil : t }
        let t = text(.text)
        if t.isEmpty { return .failure(FormError("text: a card needs some text (d deletes a card)")) }
        c.text = t
        c.notes = optional(.notes)
        c.channel = optional(.channel)
        c.owner = optional(.owner)
        c.tags = StringSet.normalized(text(.tags).split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty })
        c.status = optional(.status)
        do { c.metrics = try CardForm.parseMetrics(text(.metrics), board: board) } catch let e as FormError { return .failure(e) } catch {}
        if fields.contains(.value) {
            let v = text(.value)
            if v.isEmpty { c.value = nil } else {
                guard let n = Double(v), n >= -2, n <= 2 else { return .failure(FormError("emotion: a number from -2 to +2")) }
                c.value = n
            }
        }
        if fields.contains(.source) { c.source = optional(.source) }
        return .success(c)
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
