/// Edits the prioritisation panel and `:metric …` make: an opportunity's numbers, the hero
/// metrics, the gate. Each is a value (so it can be an action payload, replayed or logged),
/// checked before anything changes: a rejected edit leaves the board as it was and says why.
///
/// Rules (the same ranges `journey check` enforces, so an edit never produces a board that
/// check rejects):
/// - impact: the metric must be a hero metric of the board; any finite number; nil removes it
///   (it then scores 0 and the card is reported incomplete).
/// - confidence, reach: 0 … 100; cost: > 0. nil removes the field (it falls back to its default).
/// - hero metric id: 1–40 ASCII letters, digits, `-` or `_`, starting with a letter or digit,
///   not already used. label: not blank. min < max, both finite. weight ≥ 0, finite.
/// - **Removing a hero metric removes its data too**: the metric's key in every card's
///   `impact`, `metrics` and `measured` and every journey's `metrics`. A value for a metric the
///   board does not define is a `check` error, so keeping them would leave a board that fails
///   check; the panel's undo brings the data back. To stop steering by a metric but keep its
///   numbers, set its weight to 0 instead.
/// - Renaming changes the label only; the id (the key in every card) stays, so a rename touches
///   one line of the file and never conflicts with squads editing cards.
public enum ScoringEdit: Equatable, Sendable {
    case impact(card: String, metric: String, Double?)
    case confidence(card: String, Double?)
    case reach(card: String, Double?)
    case cost(card: String, Double?)
    /// A new hero metric; an empty `order` places it after the others.
    case addMetric(HeroMetric)
    case removeMetric(String)
    case metricLabel(String, String)
    case metricUnit(String, String)
    case metricScale(String, min: Double, max: Double)
    case metricDirection(String, Better)
    case metricWeight(String, Double)
    case gate(Gate)
    /// Silent voting on (true) or off: `scoring.votesHidden`.
    case votesHidden(Bool)
}

/// Why an edit was refused; `message` is meant for the status line.
public struct ScoringEditError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Board {
    /// Applies an edit, or leaves the board untouched and returns why not. On success, a short
    /// description of what changed (for the status line).
    public mutating func apply(_ edit: ScoringEdit) -> Result<String, ScoringEditError> {
        func fail(_ m: String) -> Result<String, ScoringEditError> { .failure(ScoringEditError(m)) }
        func num(_ v: Double) -> String { CanonicalJSON.numberText(v) }
        func metric(_ id: String) -> HeroMetric? { heroMetrics[id] }
        let known = orderedHeroMetrics.map(\.id).joined(separator: ", ")

        switch edit {
        case let .impact(cid, mid, v):
            guard cards[cid] != nil else { return fail("no card \(cid)") }
            guard metric(mid) != nil else { return fail("\(mid) is not a hero metric of this board (\(known))") }
            if let v = v, !v.isFinite { return fail("impact must be a number") }
            cards[cid]!.impact[mid] = v
            return .success(v.map { "impact on \(heroMetrics[mid]!.label): \(num($0))" } ?? "impact on \(heroMetrics[mid]!.label) removed (scores 0)")

        case let .confidence(cid, v):
            guard cards[cid] != nil else { return fail("no card \(cid)") }
            if let v = v, !(v >= 0 && v <= 100) { return fail("confidence must be between 0 and 100, not \(num(v))") }
            cards[cid]!.confidence = v
            return .success(v.map { "confidence \(num($0))" } ?? "confidence removed (scores \(num(CXScore.defaultConfidence)))")

        case let .reach(cid, v):
            guard cards[cid] != nil else { return fail("no card \(cid)") }
            if let v = v, !(v >= 0 && v <= 100) { return fail("reach must be between 0 and 100, not \(num(v))") }
            cards[cid]!.reach = v
            return .success(v.map { "reach \(num($0))" } ?? "reach removed (scores \(num(CXScore.defaultReach)))")

        case let .cost(cid, v):
            guard cards[cid] != nil else { return fail("no card \(cid)") }
            if let v = v, !(v > 0 && v.isFinite) { return fail("cost must be greater than 0, not \(num(v))") }
            cards[cid]!.cost = v
            return .success(v.map { "cost \(num($0))" } ?? "cost removed (scores the median cost of the board's opportunities)")

        case var .addMetric(m):
            if let e = Board.checkMetricID(m.id) { return fail(e) }
            if heroMetrics[m.id] != nil { return fail("there is already a hero metric \(m.id)") }
            if let e = Board.checkLabel(m.label) { return fail(e) }
            if let e = Board.checkScale(m.min, m.max) { return fail(e) }
            if let e = Board.checkWeight(m.weight) { return fail(e) }
            if Better(rawValue: m.better) == nil { return fail("better must be \"higher\" or \"lower\", not \"\(m.better)\"") }
            if m.order.isEmpty { m.order = orderedHeroMetrics.last.map { OrderKey.between($0.order, nil) } ?? OrderKey.first }
            heroMetrics[m.id] = m
            return .success("added hero metric \(m.label) (\(num(m.min))–\(num(m.max)), \(m.better) is better, weight \(num(m.weight)))")

        case let .removeMetric(id):
            guard let m = metric(id) else { return fail("no hero metric \(id) (\(known))") }
            heroMetrics[id] = nil
            var removed = 0
            for cid in Array(cards.keys) {
                let c = cards[cid]!
                guard c.impact[id] != nil || c.metrics[id] != nil || c.measured[id] != nil else { continue }
                if cards[cid]!.impact.removeValue(forKey: id) != nil { removed += 1 }
                if cards[cid]!.metrics.removeValue(forKey: id) != nil { removed += 1 }
                if cards[cid]!.measured.removeValue(forKey: id) != nil { removed += 1 }
            }
            for jid in Array(journeys.keys) where journeys[jid]!.metrics[id] != nil {
                journeys[jid]!.metrics[id] = nil
                removed += 1
            }
            let values = removed == 1 ? "1 value" : "\(removed) values"
            return .success("removed hero metric \(m.label) and its \(values)")

        case let .metricLabel(id, label):
            guard metric(id) != nil else { return fail("no hero metric \(id) (\(known))") }
            if let e = Board.checkLabel(label) { return fail(e) }
            heroMetrics[id]!.label = label
            return .success("hero metric \(id) is now labelled \(label)")

        case let .metricUnit(id, unit):
            guard metric(id) != nil else { return fail("no hero metric \(id) (\(known))") }
            heroMetrics[id]!.unit = unit
            return .success("unit of \(heroMetrics[id]!.label): \(unit.isEmpty ? "none" : unit)")

        case let .metricScale(id, lo, hi):
            guard metric(id) != nil else { return fail("no hero metric \(id) (\(known))") }
            if let e = Board.checkScale(lo, hi) { return fail(e) }
            heroMetrics[id]!.min = lo
            heroMetrics[id]!.max = hi
            return .success("scale of \(heroMetrics[id]!.label): \(num(lo))–\(num(hi))")

        case let .metricDirection(id, better):
            guard metric(id) != nil else { return fail("no hero metric \(id) (\(known))") }
            heroMetrics[id]!.better = better.rawValue
            return .success("\(heroMetrics[id]!.label): \(better.rawValue) is better")

        case let .metricWeight(id, w):
            guard metric(id) != nil else { return fail("no hero metric \(id) (\(known))") }
            if let e = Board.checkWeight(w) { return fail(e) }
            heroMetrics[id]!.weight = w
            return .success("weight of \(heroMetrics[id]!.label): \(num(w))" + (w == 0 ? " (shown, not steered by)" : ""))

        case let .gate(g):
            scoring.gate = g.rawValue
            return .success("gate: \(g.rawValue) — \(g.summary)")

        case let .votesHidden(hidden):
            scoring.votesHidden = hidden
            return .success(hidden ? "vote counts hidden (silent voting) — :votes show reveals them" : "vote counts shown")
        }
    }

    /// The board with an edit applied, or why not (this board is unchanged either way).
    public func applying(_ edit: ScoringEdit) -> Result<Board, ScoringEditError> {
        var b = self
        return b.apply(edit).map { _ in b }
    }

    static func checkMetricID(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        func ok(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
        }
        guard !bytes.isEmpty, bytes.count <= 40, bytes.allSatisfy(ok), bytes[0] != 0x2D, bytes[0] != 0x5F else {
            return "a hero metric id is 1–40 letters, digits, - or _ (e.g. nps, conversion), not \"\(DisplayText.sanitize(id))\""
        }
        return nil
    }

    static func checkLabel(_ label: String) -> String? {
        label.allSatisfy { $0.isWhitespace } ? "a hero metric needs a label" : nil
    }

    static func checkScale(_ lo: Double, _ hi: Double) -> String? {
        guard lo.isFinite, hi.isFinite else { return "min and max must be numbers" }
        return lo < hi ? nil : "min (\(CanonicalJSON.numberText(lo))) must be less than max (\(CanonicalJSON.numberText(hi)))"
    }

    static func checkWeight(_ w: Double) -> String? {
        w.isFinite && w >= 0 ? nil : "weight must be 0 or more, not \(CanonicalJSON.numberText(w))"
    }
}
