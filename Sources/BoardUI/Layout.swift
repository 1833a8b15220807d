import JourneyKit

/// Where everything goes on screen for one state and size. Computed for what is visible only
/// (the stages and lanes in view, and in each cell only the cards that fit), so a frame costs
/// the same at 100 cards and at 100,000. Drawing and mouse hit-testing share it.
public struct FrameLayout: Sendable {
    public struct Column: Sendable { public var stage: Stage; public var x: Int; public var width: Int }
    public struct LaneBlock: Sendable {
        public var lane: Lane; public var y: Int; public var height: Int; public var curveRows: Int
        /// Emotion lanes: the hero-metric curve rows under the emotion curve (HeroCurves.swift).
        public var heroRows: Int = 0
    }
    public struct CardBox: Sendable { public var id: String; public var x: Int; public var y: Int; public var width: Int; public var lines: [String] }
    public struct CellBox: Sendable {
        public var stage: String; public var lane: String
        public var x: Int; public var y: Int; public var width: Int; public var height: Int
        public var cards: [CardBox]
        public var hiddenAbove: Int; public var hiddenBelow: Int
        /// Row of the new-card editor when adding here.
        public var editorRow: Int?
    }
    public var laneTitleWidth: Int
    public var columns: [Column] = []
    public var lanes: [LaneBlock] = []
    public var cells: [CellBox] = []
    public var bodyTop: Int
    public var bodyBottom: Int
    public var moreLeft: Int
    public var moreRight: Int
}

public enum Layout {
    public static let minimumWidth = 40
    public static let minimumHeight = 12
    static let headerRows = 3      // board header, stage titles, rule
    /// Status line and message line; presentation mode keeps only the message line.
    static func footerRows(_ s: BoardState) -> Int { s.workshop.presenting ? 1 : 2 }
    static let curveRows = 5       // emotion lane: +2 … −2
    static let maxCardLines = 3
    static let maxFocusedCardLines = 10

    public static func tooSmall(_ s: BoardState) -> Bool { s.width < minimumWidth || s.height < minimumHeight }

    static func laneTitleWidth(_ s: BoardState) -> Int { s.width >= 100 ? 18 : (s.width >= 70 ? 14 : 10) }

    /// At least 1 at any size, even one too small to draw on: the reducer keeps the focus in
    /// view (and so divides by this) before the "enlarge the terminal" screen is drawn.
    static func columnWidth(_ s: BoardState) -> Int {
        let avail = max(0, s.width - laneTitleWidth(s))
        if s.zoomed { return max(10, avail - 1) }
        let n = max(1, s.stages.count)
        let fit = avail / n - 1
        let least = s.workshop.presenting ? 32 : 24   // projectors: fewer, wider columns
        return max(1, min(s.workshop.presenting ? 60 : 44, max(min(least, avail - 1), fit)))
    }

    static func visibleStageCount(_ s: BoardState) -> Int {
        if s.zoomed { return 1 }
        return max(1, max(0, s.width - laneTitleWidth(s)) / (columnWidth(s) + 1))
    }

    static func visibleLaneCount(_ s: BoardState) -> Int {
        max(1, layout(s).lanes.count)
    }

    /// An emotion value as the board shows it. A value no board should hold (one beyond any
    /// integer, infinite, or the mean of +∞ and −∞) is shown as its number or "?" rather than
    /// rounded to an integer, which would trap.
    static func emotionLabel(_ v: Double) -> String {
        if v.isFinite && abs(v) < 1e15 { return SwimlaneText.emotionLabel(v) }
        return v.isFinite ? CanonicalJSON.numberText(v) : "?"
    }

    /// The card's lines in a cell `width` wide: kind mark, text, what matters for its kind,
    /// and its badges (votes, links, evidence). `conflicted`: a merge record concerns the
    /// card; "‼" goes before its text.
    public static func cardLines(_ c: Card, kind: LaneKind?, width: Int, focused: Bool, in s: BoardState, conflicted: Bool = false) -> [String] {
        var text = DisplayText.sanitize(c.text)
        switch kind {
        case .emotion?: if let v = c.value { text = emotionLabel(v) + " " + text }
        case .touchpoints?: if let ch = c.channel { text = "[\(DisplayText.sanitize(ch))] " + text }
        default: break
        }
        var badges: [String] = []
        // silent voting: only the participant's own dots, marked as theirs
        let votes = s.shownVotes(c)
        if votes > 0 { badges.append(s.votesHidden ? "you●\(votes)" : "●\(votes)") }
        let links = c.links.count + (s.tally.incoming[c.id]?.subtracting(c.links).count ?? 0)
        if links > 0 { badges.append("⇄\(links)") }
        if kind == .pains || kind == .opportunities {
            let ev = Facilitation.evidence(s, of: c)
            if ev > 0 { badges.append("ⓘ\(ev)") }
        }
        if !badges.isEmpty { text += "  " + badges.joined(separator: " ") }
        if conflicted { text = "‼ " + text }
        let mark = kind?.mark ?? "•"
        let maxLines = focused ? maxFocusedCardLines : maxCardLines
        var lines = s.wrapCache.lines(mark, text, columns: max(1, width - 3), maxLines: maxLines)
        if s.workshop.presenting { lines.append("") } // room to breathe on a projector
        return lines
    }

    /// The whole frame's geometry.
    public static func layout(_ s: BoardState) -> FrameLayout {
        let ltw = laneTitleWidth(s)
        let bodyTop = headerRows, bodyBottom = s.height - footerRows(s)
        var f = FrameLayout(laneTitleWidth: ltw, bodyTop: bodyTop, bodyBottom: bodyBottom, moreLeft: 0, moreRight: 0)
        let stages = s.stages, lanes = s.lanes
        guard !stages.isEmpty else { return f }
        let colW = columnWidth(s)
        var first = min(s.firstStage, max(0, stages.count - 1))
        if s.zoomed { first = s.stageIndex }
        let count = min(visibleStageCount(s), stages.count - first)
        for k in 0..<count {
            f.columns.append(.init(stage: stages[first + k], x: ltw + k * (colW + 1) + 1, width: colW))
        }
        f.moreLeft = first
        f.moreRight = stages.count - first - count

        let conflicted = s.workshop.filter == nil ? [] : s.board.cardsWithConflicts
        let marks = s.board.conflicts.isEmpty ? nil : ConflictMarks(s.board)
        var y = bodyTop
        var li = min(s.firstLane, max(0, lanes.count - 1))
        let bodyRows = bodyBottom - bodyTop
        while li < lanes.count && y < bodyBottom {
            let lane = lanes[li]
            let kind = lane.laneKind
            // emotion lanes: the emotion curve, then one row per hero metric (at least a row of cards stays)
            let hero = kind == .emotion ? max(0, min(HeroCurves.rows(s, lanes: lanes), max(2, bodyRows - 1) - curveRows - 1)) : 0
            let curve = kind == .emotion ? curveRows + hero : 0
            // content height: the tallest visible cell, capped to what the body can show
            var cellsHere: [(FrameLayout.Column, [String], [[String]], Int, Int, Int?)] = []
            var tallest = 1
            let isFocusLane = lane.id == s.focusLane
            let adding: Bool = { if case .adding = s.mode { return isFocusLane } else { return false } }()
            for col in f.columns {
                var ids = s.cellCards(stage: col.stage.id, lane: lane.id)
                if let filter = s.workshop.filter, s.workshop.filterHides {
                    ids = ids.filter { id in id == s.focusCard || (s.board.cards[id].map { filter.matches($0, in: s.board, conflicted: conflicted, voter: s.votesHidden ? s.workshop.participant : nil) } ?? false) }
                }
                // Only the cards that can show are laid out: a window of the cell that starts no
                // more than a screenful before the focused card (each card is at least a line)
                // and ends a screenful after it. Other cells start at their first card.
                let isFocusCell = isFocusLane && col.stage.id == s.focusStage
                let anchor: Int? = isFocusCell ? (s.focusCard.flatMap { ids.firstIndex(of: $0) } ?? (adding ? ids.count - 1 : nil)) : nil
                let lo = anchor.map { max(0, $0 - max(1, bodyRows)) } ?? 0
                var linesPerCard: [[String]] = []
                var h = 0, hAfter = 0
                for k in lo..<ids.count {
                    guard let c = s.board.cards[ids[k]] else { break }
                    let l = cardLines(c, kind: kind, width: col.width, focused: ids[k] == s.focusCard, in: s, conflicted: marks?.contains(c) ?? false)
                    linesPerCard.append(l)
                    h += l.count
                    if k > (anchor ?? -1) { hAfter += l.count }
                    if hAfter > bodyRows { break } // the rest cannot be seen anyway
                }
                if adding && col.stage.id == s.focusStage { h += 1 }
                tallest = max(tallest, h)
                let shown = Array(ids[lo..<(lo + linesPerCard.count)])
                cellsHere.append((col, shown, linesPerCard, ids.count, lo, anchor.map { $0 - lo }))
            }
            let height = min(max(2, curve + tallest), max(2, bodyRows - 1))
            f.lanes.append(.init(lane: lane, y: y, height: height, curveRows: curve - hero, heroRows: hero))
            for (col, ids, lines, total, before, anchor) in cellsHere {
                f.cells.append(placeCell(s, col: col, lane: lane, y: y + curve, height: height - curve, ids: ids, lines: lines,
                                         total: total, before: before, anchor: anchor))
            }
            y += height + 1
            li += 1
        }
        return f
    }

    /// Chooses which cards of a cell show, so the focused card (or the new-card editor) is in
    /// view; "↑ N more" / "↓ N more" lines stand for the rest. `ids` and `lines` are the laid-out
    /// window of the cell's `total` cards, `before` of them ahead of it; `anchor` is the focused
    /// card's place in the window (in the focused cell; the editor goes after it when adding).
    static func placeCell(_ s: BoardState, col: FrameLayout.Column, lane: Lane, y: Int, height: Int,
                          ids: [String], lines: [[String]], total: Int, before: Int = 0, anchor: Int? = nil) -> FrameLayout.CellBox {
        var box = FrameLayout.CellBox(stage: col.stage.id, lane: lane.id, x: col.x, y: y, width: col.width,
                                      height: height, cards: [], hiddenAbove: 0, hiddenBelow: 0, editorRow: nil)
        var adding = false
        if case .adding = s.mode, col.stage.id == s.focusStage, lane.id == s.focusLane { adding = true }
        // items: cards (by index into ids) and, when adding, the editor after the focused card
        var items: [(card: Int?, h: Int)] = []
        let editorAfter = adding ? (anchor ?? (ids.count - 1)) : -2
        if editorAfter == -1 { items.append((nil, 1)) }
        for (i, l) in lines.enumerated() {
            items.append((i, l.count))
            if i == editorAfter { items.append((nil, 1)) }
        }
        guard !items.isEmpty else { return box }
        let target = items.firstIndex { it in
            if adding { return it.card == nil }
            return it.card.map { ids[$0] == s.focusCard } ?? false
        } ?? 0
        let bottom = y + height
        var start = 0
        // the first item shown: the earliest from which the target still fits, with the
        // "↑ more" line above it (when cards are hidden there) and the "↓ more" line below
        let beyond = total - before - ids.count > 0
        let below = (target < items.count - 1 || beyond) ? 1 : 0
        func above(_ start: Int) -> Int { start > 0 || before > 0 ? 1 : 0 }
        var need = items[0...target].reduce(0) { $0 + $1.h } + below // rows from items[start] to the target
        while start < target && need + above(start) > height { need -= items[start].h; start += 1 }
        var row = y + above(start)
        box.hiddenAbove = before + items[..<start].filter { $0.card != nil }.count
        var shownCards = 0
        for k in start..<items.count {
            var h = items[k].h
            let rowsLeft = bottom - row
            if rowsLeft <= 0 { break }
            if h > rowsLeft {
                guard k == target else { break }
                h = rowsLeft // the focused card is clipped rather than hidden
            } else if k > target && (k < items.count - 1 || beyond) && h == rowsLeft {
                break // keep the last row for "↓ more"
            }
            if let ci = items[k].card {
                box.cards.append(.init(id: ids[ci], x: col.x, y: row, width: col.width, lines: Array(lines[ci].prefix(h))))
                shownCards += 1
            } else {
                box.editorRow = row
            }
            row += h
        }
        box.hiddenBelow = max(0, total - box.hiddenAbove - shownCards)
        return box
    }

    /// Adjusts the scroll so the focused stage and lane are in view.
    public static func keepFocusVisible(_ s: inout BoardState) {
        let stages = s.stages
        if !stages.isEmpty {
            let si = s.stageIndex, n = visibleStageCount(s)
            if si < s.firstStage { s.firstStage = si }
            if si >= s.firstStage + n { s.firstStage = si - n + 1 }
            s.firstStage = max(0, min(s.firstStage, stages.count - n))
        }
        let lanes = s.lanes
        guard !lanes.isEmpty, !tooSmall(s) else { return }
        let li = s.laneIndex
        if li < s.firstLane { s.firstLane = li; return }
        if s.firstLane >= lanes.count { s.firstLane = max(0, lanes.count - 1) }
        // scroll down until the focused lane is wholly visible (or is the first one shown)
        while s.firstLane < li {
            let f = layout(s)
            if let b = f.lanes.first(where: { $0.lane.id == s.focusLane }), b.y + b.height <= f.bodyBottom { break }
            s.firstLane += 1
        }
    }

    /// A click focuses the card or cell under it; the wheel moves between lanes.
    static func handleMouse(_ s: inout BoardState, _ m: MouseEvent) -> [Effect] {
        guard case .board = s.mode else { return [] }
        switch m.kind {
        case .wheelUp: Navigation.move(&s, .up)
        case .wheelDown: Navigation.move(&s, .down)
        case .click:
            let f = layout(s)
            for cell in f.cells where m.x >= cell.x && m.x < cell.x + cell.width {
                if let card = cell.cards.first(where: { m.y >= $0.y && m.y < $0.y + $0.lines.count }) {
                    s.focusStage = cell.stage; s.focusLane = cell.lane; s.focusCard = card.id
                    return []
                }
            }
            for lane in f.lanes where m.y >= lane.y && m.y < lane.y + lane.height {
                if let col = f.columns.first(where: { m.x >= $0.x && m.x < $0.x + $0.width }) {
                    s.focusStage = col.stage.id; s.focusLane = lane.lane.id
                    s.focusCard = s.focusedCellCards.first
                }
            }
        }
        return []
    }
}
