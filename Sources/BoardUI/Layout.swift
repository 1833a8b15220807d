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
        /// Row of the new-card editor when adding here, and the rows it takes (the text being
        /// typed, wrapped as the card will be).
        public var editorRow: Int?
        public var editorRows: Int = 1
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
    /// Presentation mode with a timebox: the countdown in large digits above the message line.
    static func footerRows(_ state: BoardState) -> Int { state.workshop.presenting ? 1 + BigClock.height(state) : 2 }
    static let curveRows = 5       // emotion lane: +2 … −2
    static let maxCardLines = 3
    static let maxFocusedCardLines = 10

    public static func tooSmall(_ state: BoardState) -> Bool { state.width < minimumWidth || state.height < minimumHeight }

    static func laneTitleWidth(_ state: BoardState) -> Int { state.width >= 100 ? 18 : (state.width >= 70 ? 14 : 10) }

    /// At least 1 at any size, even one too small to draw on: the reducer keeps the focus in
    /// view (and so divides by this) before the "enlarge the terminal" screen is drawn.
    static func columnWidth(_ state: BoardState) -> Int {
        let avail = max(0, state.width - laneTitleWidth(state))
        if state.zoomed { return max(10, avail - 1) }
        let stageCount = max(1, state.stages.count)
        let fit = avail / stageCount - 1
        let least = state.workshop.presenting ? 32 : 24   // projectors: fewer, wider columns
        return max(1, min(state.workshop.presenting ? 60 : 44, max(min(least, avail - 1), fit)))
    }

    static func visibleStageCount(_ state: BoardState) -> Int {
        if state.zoomed { return 1 }
        return max(1, max(0, state.width - laneTitleWidth(state)) / (columnWidth(state) + 1))
    }

    static func visibleLaneCount(_ state: BoardState) -> Int {
        max(1, layout(state).lanes.count)
    }

    /// The whole frame's geometry.
    public static func layout(_ state: BoardState) -> FrameLayout {
        let titleWidth = laneTitleWidth(state)
        let bodyTop = headerRows, bodyBottom = state.height - footerRows(state)
        var frame = FrameLayout(laneTitleWidth: titleWidth, bodyTop: bodyTop, bodyBottom: bodyBottom, moreLeft: 0, moreRight: 0)
        let stages = state.stages, lanes = state.lanes
        guard !stages.isEmpty else { return frame }
        let stageWidth = columnWidth(state)
        var first = min(state.firstStage, max(0, stages.count - 1))
        if state.zoomed { first = state.stageIndex }
        let count = min(visibleStageCount(state), stages.count - first)
        for offset in 0..<count {
            frame.columns.append(.init(stage: stages[first + offset], x: titleWidth + offset * (stageWidth + 1) + 1, width: stageWidth))
        }
        // the last column takes the width left to the screen's edge rather than wrapping at the
        // standard width beside an empty strip
        if let last = frame.columns.indices.last, !state.zoomed {
            frame.columns[last].width = max(frame.columns[last].width, state.width - frame.columns[last].x)
        }
        frame.moreLeft = first
        frame.moreRight = stages.count - first - count

        let conflicted = state.workshop.filter == nil ? [] : state.board.cardsWithConflicts
        let marks = state.board.conflicts.isEmpty ? nil : ConflictMarks(state.board)
        var y = bodyTop
        var laneIndex = min(state.firstLane, max(0, lanes.count - 1))
        let bodyRows = bodyBottom - bodyTop
        while laneIndex < lanes.count && y < bodyBottom {
            let lane = lanes[laneIndex]
            let kind = lane.laneKind
            // emotion lanes: the emotion curve, then one row per hero metric (at least a row of cards stays)
            let hero = kind == .emotion ? max(0, min(HeroCurves.rows(state, lanes: lanes), max(2, bodyRows - 1) - curveRows - 1)) : 0
            let curve = kind == .emotion ? curveRows + hero : 0
            // content height: the tallest visible cell, capped to what the body can show
            var cellsHere: [(FrameLayout.Column, [String], [[String]], Int, Int, Int?)] = []
            var tallest = 1
            let isFocusLane = lane.id == state.focusLane
            let adding: Bool = { if case .adding = state.mode { return isFocusLane } else { return false } }()
            for column in frame.columns {
                var ids = state.cellCards(stage: column.stage.id, lane: lane.id)
                if let filter = state.workshop.filter, state.workshop.filterHides {
                    ids = ids.filter { id in id == state.focusCard || (state.board.cards[id].map { filter.matches($0, in: state.board, conflicted: conflicted, voter: state.votesHidden ? state.workshop.participant : nil) } ?? false) }
                }
                // Only the cards that can show are laid out: a window of the cell that starts no
                // more than a screenful before the focused card (each card is at least a line)
                // and ends a screenful after it. Other cells start at their first card.
                let isFocusCell = isFocusLane && column.stage.id == state.focusStage
                let anchor: Int? = isFocusCell ? (state.focusCard.flatMap { ids.firstIndex(of: $0) } ?? (adding ? ids.count - 1 : nil)) : nil
                let windowStart = anchor.map { max(0, $0 - max(1, bodyRows)) } ?? 0
                var linesPerCard: [[String]] = []
                var cellRows = 0, rowsAfterAnchor = 0
                for offset in windowStart..<ids.count {
                    guard let card = state.board.cards[ids[offset]] else { break }
                    let lines = cardLines(card, kind: kind, width: column.width, focused: ids[offset] == state.focusCard, in: state, conflicted: marks?.contains(card) ?? false)
                    linesPerCard.append(lines)
                    cellRows += lines.count
                    if offset > (anchor ?? -1) { rowsAfterAnchor += lines.count }
                    if rowsAfterAnchor > bodyRows { break } // the rest cannot be seen anyway
                }
                if adding && column.stage.id == state.focusStage { cellRows += editorRows(state, width: column.width) }
                tallest = max(tallest, cellRows)
                let shown = Array(ids[windowStart..<(windowStart + linesPerCard.count)])
                cellsHere.append((column, shown, linesPerCard, ids.count, windowStart, anchor.map { $0 - windowStart }))
            }
            let height = min(max(2, curve + tallest), max(2, bodyRows - 1))
            frame.lanes.append(.init(lane: lane, y: y, height: height, curveRows: curve - hero, heroRows: hero))
            for (column, ids, lines, total, before, anchor) in cellsHere {
                frame.cells.append(placeCell(state, column: column, lane: lane, y: y + curve, height: height - curve, ids: ids, lines: lines,
                                         total: total, before: before, anchor: anchor))
            }
            y += height + 1
            laneIndex += 1
        }
        return frame
    }

    /// Chooses which cards of a cell show, so the focused card (or the new-card editor) is in
    /// view; "↑ N more" / "↓ N more" lines stand for the rest. `ids` and `lines` are the laid-out
    /// window of the cell's `total` cards, `before` of them ahead of it; `anchor` is the focused
    /// card's place in the window (in the focused cell; the editor goes after it when adding).
    static func placeCell(_ state: BoardState, column: FrameLayout.Column, lane: Lane, y: Int, height: Int,
                          ids: [String], lines: [[String]], total: Int, before: Int = 0, anchor: Int? = nil) -> FrameLayout.CellBox {
        var box = FrameLayout.CellBox(stage: column.stage.id, lane: lane.id, x: column.x, y: y, width: column.width,
                                      height: height, cards: [], hiddenAbove: 0, hiddenBelow: 0, editorRow: nil)
        var adding = false
        if case .adding = state.mode, column.stage.id == state.focusStage, lane.id == state.focusLane { adding = true }
        // items: cards (by index into ids) and, when adding, the editor after the focused card
        var items: [(card: Int?, rows: Int)] = []
        let editorAfter = adding ? (anchor ?? (ids.count - 1)) : -2
        let editorHeight = adding ? editorRows(state, width: column.width) : 1
        box.editorRows = editorHeight
        if editorAfter == -1 { items.append((nil, editorHeight)) }
        for (index, itemLines) in lines.enumerated() {
            items.append((index, itemLines.count))
            if index == editorAfter { items.append((nil, editorHeight)) }
        }
        guard !items.isEmpty else { return box }
        let target = items.firstIndex { item in
            if adding { return item.card == nil }
            return item.card.map { ids[$0] == state.focusCard } ?? false
        } ?? 0
        let bottom = y + height
        var start = 0
        // the first item shown: the earliest from which the target still fits, with the
        // "↑ more" line above it (when cards are hidden there) and the "↓ more" line below
        let beyond = total - before - ids.count > 0
        let below = (target < items.count - 1 || beyond) ? 1 : 0
        func above(_ start: Int) -> Int { start > 0 || before > 0 ? 1 : 0 }
        var need = items[0...target].reduce(0) { $0 + $1.rows } + below // rows from items[start] to the target
        while start < target && need + above(start) > height { need -= items[start].rows; start += 1 }
        var row = y + above(start)
        box.hiddenAbove = before + items[..<start].filter { $0.card != nil }.count
        var shownCards = 0
        for itemIndex in start..<items.count {
            var rows = items[itemIndex].rows
            let rowsLeft = bottom - row
            if rowsLeft <= 0 { break }
            if rows > rowsLeft {
                guard itemIndex == target else { break }
                rows = rowsLeft // the focused card (or the editor) is clipped rather than hidden
                if items[itemIndex].card == nil { box.editorRows = rows }
            } else if itemIndex > target && (itemIndex < items.count - 1 || beyond) && rows == rowsLeft {
                break // keep the last row for "↓ more"
            }
            if let cardIndex = items[itemIndex].card {
                box.cards.append(.init(id: ids[cardIndex], x: column.x, y: row, width: column.width, lines: Array(lines[cardIndex].prefix(rows))))
                shownCards += 1
            } else {
                box.editorRow = row
            }
            row += rows
        }
        box.hiddenBelow = max(0, total - box.hiddenAbove - shownCards)
        return box
    }

    /// Adjusts the scroll so the focused stage and lane are in view.
    public static func keepFocusVisible(_ state: inout BoardState) {
        let stages = state.stages
        if !stages.isEmpty {
            let stageIndex = state.stageIndex, visibleStages = visibleStageCount(state)
            if stageIndex < state.firstStage { state.firstStage = stageIndex }
            if stageIndex >= state.firstStage + visibleStages { state.firstStage = stageIndex - visibleStages + 1 }
            state.firstStage = max(0, min(state.firstStage, stages.count - visibleStages))
        }
        let lanes = state.lanes
        guard !lanes.isEmpty, !tooSmall(state) else { return }
        let laneIndex = state.laneIndex
        if laneIndex < state.firstLane { state.firstLane = laneIndex; return }
        if state.firstLane >= lanes.count { state.firstLane = max(0, lanes.count - 1) }
        // scroll down until the focused lane is wholly visible (or is the first one shown)
        while state.firstLane < laneIndex {
            let frame = layout(state)
            if let block = frame.lanes.first(where: { $0.lane.id == state.focusLane }), block.y + block.height <= frame.bodyBottom { break }
            state.firstLane += 1
        }
    }
}
