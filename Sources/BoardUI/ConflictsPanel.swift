import JourneyKit

/// The conflicts list (`c`; docs/MERGING.md): the merge records of the board, one per line, and
/// for the selected one its subject, the disputed field and base / ours / theirs side by side,
/// with the live side marked. Its keys are `ConflictsPanel.keyTable` (help and the README show
/// them); undo, redo and save are the global keys, every resolution one undoable edit.
///
/// Resolving calls `Board.resolveConflict` (which removes the record) and records the change as
/// one `BoardEdit`; a resolution the board refuses (it would leave a reference dangling, a value
/// of the wrong type) leaves everything as it was and says why in the list.
public struct ConflictsPanel: Equatable, Sendable {
    /// The selected record (an index into `board.conflicts`).
    public var selected = 0
    /// Set while editing the selected record's value.
    public var editor: LineEditor?
    /// The editor holds plain text (the value is a string) rather than JSON.
    public var editAsText = false
    /// Why the last key did nothing (a refused resolution, invalid JSON).
    public var error: String?

    public init(selected: Int = 0) { self.selected = selected }

    /// `c` on the board.
    static func open(_ state: inout BoardState) {
        guard !state.board.conflicts.isEmpty else {
            state.message = "no merge conflicts on this board"
            return
        }
        state.mode = .conflicts(ConflictsPanel())
        state.message = nil
    }

    /// Whether `b` (base) means something for record `i`: the record has a base value, or it
    /// is about one field (the base was "not set"). A whole thing both sides added has none.
    static func baseIsMeaningful(_ b: Board, _ i: Int) -> Bool {
        let c = b.conflicts[i]
        return c.base != nil || !b.conflictInfo(i).isWholeEntity
    }

    // MARK: keys

    public static let keyTable = KeyTable<ConflictsAction>("Conflicts list (c)", [
        KeyBinding(keys: [.char("o")], keyLabel: "o", action: .ours, help: "keep ours", hint: "o keep ours"),
        KeyBinding(keys: [.char("t")], keyLabel: "t", action: .theirs,
                   help: "take theirs (for a card deleted on one side and edited on the other: the side that has it restores it)", hint: "t take theirs"),
        KeyBinding(keys: [.char("b")], keyLabel: "b", action: .base,
                   help: "back to the base value (offered when there is one: not for a thing both sides added)", hint: "b base"),
        KeyBinding(keys: [.char("e")], keyLabel: "e", action: .edit,
                   help: "edit the value: plain text for a text field, JSON otherwise (empty JSON removes it); Enter checks and applies it, Esc cancels", hint: "e edit"),
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .goToCard, help: "go to the card (or stage, lane) on the board; c comes back", hint: "Enter go to card"),
        KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .down, help: "next record", hint: "j/k move"),
        KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .up, help: "previous record"),
        KeyBinding(keys: [.pageDown], keyLabel: "PgDn", action: .pageDown, help: "ten records down"),
        KeyBinding(keys: [.pageUp], keyLabel: "PgUp", action: .pageUp, help: "ten records up"),
        KeyBinding(keys: [.home], keyLabel: "Home", action: .first, help: "the first record"),
        KeyBinding(keys: [.end], keyLabel: "End", action: .last, help: "the last record"),
        KeyBinding(keys: [.escape, .char("q"), .char("c")], keyLabel: "Esc q c", action: .close, help: "back to the board", hint: "Esc close"),
    ])

    public static let editorKeyTable = KeyTable<EditorAction>("Conflicts list, editing a value (e)", [
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .accept, help: "check the value and resolve the record with it", hint: "Enter applies"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "cancel the edit", hint: "Esc cancels the edit"),
    ])

    /// Resolves the selected record as one undoable edit; false (and `p.error`) when refused.
    static func resolve(_ state: inout BoardState, _ p: inout ConflictsPanel, _ choice: ConflictChoice, how: String) -> Bool {
        let i = p.selected
        guard state.board.conflicts.indices.contains(i) else { return false }
        let info = state.board.conflictInfo(i)
        var b = state.board
        do { try b.resolveConflict(i, choice) } catch {
            p.error = "\(error)"
            return false
        }
        state.perform(BoardEdit.between(state.board, b, label: "resolve conflict (\(how)): \(info.subject) — \(info.what)"))
        state.repairFocus()
        let left = state.board.conflicts.count
        p.selected = max(0, min(i, left - 1))
        state.message = "\(how): \(info.what) of \(info.subject) — " +
            (left == 0 ? "no conflicts left; s saves, u undoes" : "\(left) left; u undoes")
        return true
    }

    /// The editor's starting text for record `i`: the live value as plain text when it is (or
    /// the sides are) text, else as JSON (empty when absent).
    static func editText(_ b: Board, _ i: Int) -> (String, Bool) {
        let c = b.conflicts[i]
        let live = b.value(at: c.path)
        if case .string(let t)? = live { return (t, true) }
        if live == nil, let some = [c.ours, c.theirs, c.base].compactMap({ $0 }).first, case .string = some { return ("", true) }
        return (live.map(SafeJSON.compact) ?? "", false)
    }

    /// Reads the edited value: text as it is; JSON strictly (empty: remove the value).
    static func value(from text: String, asText: Bool) throws -> JSONValue? {
        if asText { return .string(text) }
        let t = text.trimmingSpaces
        if t.isEmpty { return nil }
        let bytes = Array(t.utf8)
        do {
            try RawBytesCheck.check(bytes)
            return try bytes.withUnsafeBufferPointer { p -> JSONValue in
                var r = StrictJSONReader(p)
                r.skipSpace()
                let v = try r.readValue()
                try r.expectEnd()
                return v
            }
        } catch let e as ReadFailure {
            throw ConflictResolutionError("not valid JSON at column \(SourcePosition.of(offset: e.offset, in: bytes).column): \(e.message)")
        } catch let e as DuplicateKey {
            throw ConflictResolutionError("not valid JSON: duplicate key \"\(DisplayText.sanitize(e.key))\"")
        }
    }

    /// Enter: shows the record's card (or its stage or lane) on the board.
    static func jump(_ state: inout BoardState, _ i: Int) -> Bool {
        let info = state.board.conflictInfo(i)
        let where_ = "conflict \(i + 1) of \(state.board.conflicts.count): \(info.what) — c returns to the list"
        if let id = info.cardIDs.first(where: { state.board.cards[$0] != nil }) {
            state.focus(card: id)
            state.mode = .board
            state.message = where_
            return true
        }
        if let id = info.entityID {
            if info.map == "stages", let st = state.board.stages[id] {
                state.journeyID = st.journey; state.focusStage = id; state.focusCard = nil
                state.repairFocus(); state.mode = .board; state.message = where_
                return true
            }
            if info.map == "lanes", let ln = state.board.lanes[id] {
                state.journeyID = ln.journey; state.focusLane = id; state.focusCard = nil
                state.repairFocus(); state.mode = .board; state.message = where_
                return true
            }
            if info.map == "cards" {
                let c = state.board.conflicts[i]
                let side = c.ours != nil ? "o keeps ours" : (c.theirs != nil ? "t takes theirs" : "")
                state.message = "the card is deleted on the board now" + (side.isEmpty ? "" : " — \(side), which restores it")
                return false
            }
        }
        state.message = "this conflict is not about a card (\(info.subject))"
        return false
    }

    // MARK: drawing

    static func draw(_ screen: inout Screen, _ state: BoardState, _ panel: ConflictsPanel, _ t: Theme) {
        let n = state.board.conflicts.count
        guard n > 0 else {
            let inner = Overlays.box(&screen, width: 72, height: 6, title: "conflicts", t)
            screen.put("No conflicts left.", x: inner.x, y: inner.y, style: .bold, limit: inner.x + inner.w)
            screen.put("Esc returns to the board · s saves · u undoes the last resolution", x: inner.x, y: inner.y + 2, style: t.hint, limit: inner.x + inner.w)
            return
        }
        let sel = max(0, min(panel.selected, n - 1))
        let infos = state.board.conflictInfos
        let info = infos[sel]
        let c = state.board.conflicts[sel]
        // what goes in, to size the box: the list, the record's subject and field, the sides
        let maxW = min(120, screen.width - 2) - 4
        let maxH = screen.height - 2 - 2
        let listRows = min(n, max(3, maxH / 4))
        let subject = DisplayText.wrap(info.subject, columns: maxW, maxLines: 2)
        let about = DisplayText.wrap("field: \(info.what)" + (info.reason.map { " · \($0)" } ?? ""), columns: maxW, maxLines: 3)
        let sep = 3
        let colW = max(4, (maxW - 2 * sep) / 3)
        let sides: [(side: ConflictInfo.Side, name: String, label: String, value: JSONValue?, line: String)] = [
            (.base, "base", info.baseLabel, c.base, info.base),
            (.ours, "ours", info.oursLabel, c.ours, info.ours),
            (.theirs, "theirs", info.theirsLabel, c.theirs, info.theirs),
        ]
        let columns: [[String]] = sides.map { side in
            let text = info.isWholeEntity ? ConflictDisplay.lines(side.value) : [side.line]
            return text.flatMap { DisplayText.wrap($0, columns: colW) }
        }
        let footerRows = 2 + (panel.editor == nil ? 0 : 1)
        let fixed = listRows + 1 + subject.count + about.count + 1 + 1 + footerRows
        let colRows = max(1, min(columns.map(\.count).max() ?? 1, maxH - fixed))
        let inner = Overlays.box(&screen, width: maxW + 4, height: fixed + colRows + 2, title: "conflicts — \(n) to resolve", t)
        let right = inner.x + inner.w
        var y = inner.y
        let bottom = inner.y + inner.h
        // the list
        let top = max(0, min(sel - listRows / 2, n - listRows))
        for i in top..<(top + listRows) {
            let info = infos[i]
            let live = info.liveSide.map { " · live: \($0.rawValue)" } ?? " · live: edited"
            let line = "\(i == sel ? "▶" : " ") ‼ \(i + 1). \(info.subject) — \(info.what)\(live)"
            if i == sel { screen.fill(x: inner.x, y: y, width: inner.w, height: 1, style: t.focus) }
            screen.put(DisplayText.truncate(line, columns: inner.w), x: inner.x, y: y, style: i == sel ? t.focus : .plain, limit: right)
            y += 1
        }
        if top + listRows < n { screen.put(" ↓ \(n - top - listRows) more", x: right - 12, y: y - 1, style: t.more, limit: right) }
        for x in inner.x..<right { screen.put("─", x: x, y: y, style: t.rule) }
        y += 1
        // the selected record
        let footerTop = bottom - footerRows
        for l in subject where y < footerTop { screen.put(l, x: inner.x, y: y, style: .bold, limit: right); y += 1 }
        for l in about where y < footerTop { screen.put(l, x: inner.x, y: y, limit: right); y += 1 }
        y += 1
        // base / ours / theirs side by side; the live one says so (in words: no colour needed)
        for (k, side) in sides.enumerated() {
            let x = inner.x + k * (colW + sep)
            if k > 0 { for yy in y..<max(y, footerTop) { screen.put("│", x: x - 2, y: yy, style: t.rule) } }
            guard y < footerTop else { continue }
            let isLive = info.liveSide == side.side
            var head = side.name + (side.label != side.name ? " · \(side.label)" : "")
            if isLive { head += " ◀ live" }
            var hs = Style.bold
            if isLive { hs.underline = true }
            screen.put(DisplayText.truncate(head, columns: colW), x: x, y: y, style: hs, limit: x + colW)
            var yy = y + 1
            let lines = columns[k]
            for (j, l) in lines.enumerated() {
                guard yy < footerTop else { break }
                if yy == footerTop - 1 && j < lines.count - 1 {
                    screen.put("…", x: x, y: yy, style: t.more)
                    break
                }
                screen.put(l, x: x, y: yy, limit: x + colW); yy += 1
            }
        }
        // the editor, the error, the keys
        var fy = footerTop
        if let ed = panel.editor {
            let lead = panel.editAsText ? "new text: " : "new value (JSON; empty removes it): "
            let start = screen.put(lead, x: inner.x, y: fy, style: .bold, limit: right)
            screen.fill(x: start, y: fy, width: max(0, right - start), height: 1, style: t.focus)
            let (shown, caret) = ed.visible(width: max(2, right - start - 1))
            screen.put(shown, x: start, y: fy, style: t.focus, limit: right)
            screen.cursor = (start + caret, fy)
            fy += 1
        }
        if let e = panel.error {
            screen.put(DisplayText.truncate(DisplayText.sanitize(e), columns: inner.w), x: inner.x, y: fy, style: t.error, limit: right)
        }
        fy += 1
        let hasBase = baseIsMeaningful(state.board, sel)
        let keys = panel.editor != nil
            ? footerHint([editorKeyTable.hint(.accept), editorKeyTable.hint(.cancel)])
            : panel.footer { $0 != .base || hasBase }
        screen.put(DisplayText.truncate(keys, columns: inner.w), x: inner.x, y: fy, style: t.hint, limit: right)
    }
}

/// Which cards carry the conflict mark (‼) on the board: the card of a record, and the cards
/// in a stage or lane a record is about — the same cards as `Board.cardsWithConflicts`, found
/// per visible card from the records alone, so a frame stays as cheap at 100k cards.
struct ConflictMarks {
    var cards = Set<String>(), stages = Set<String>(), lanes = Set<String>()

    init(_ b: Board) {
        for c in b.conflicts {
            let segs = ConflictPath.split(c.path)
            guard segs.count >= 2 else { continue }
            switch segs[0] {
            case "cards": cards.insert(segs[1])
            case "stages": stages.insert(segs[1])
            case "lanes": lanes.insert(segs[1])
            default: break
            }
        }
    }

    var isEmpty: Bool { cards.isEmpty && stages.isEmpty && lanes.isEmpty }

    func contains(_ c: Card) -> Bool { cards.contains(c.id) || stages.contains(c.stage) || lanes.contains(c.lane) }
}

/// What a key does in the conflicts list.
public enum ConflictsAction: Sendable, Equatable {
    case ours, theirs, base, edit, goToCard, down, up, pageDown, pageUp, first, last, close
}

extension ConflictsPanel: Panel {
    static func current(_ state: BoardState) -> ConflictsPanel? {
        if case .conflicts(let panel) = state.mode { return panel }
        return nil
    }
    var mode: Mode { .conflicts(self) }
    var keyTable: KeyTable<ConflictsAction> { Self.keyTable }
    static var closeAction: ConflictsAction { .close }
    static var footerGlobals: [GlobalAction] { [.undo] }

    mutating func prepare(_ state: BoardState) { selected = max(0, min(selected, state.board.conflicts.count - 1)) }

    mutating func willPress(_ state: inout BoardState) { error = nil }

    mutating func editorKey(_ state: inout BoardState, _ key: Key) -> [Effect]? {
        guard var lineEditor = editor else { return nil }
        switch Self.editorKeyTable.action(for: key) {
        case .cancel?:
            editor = nil; error = nil
        case .accept?:
            do {
                let value = try Self.value(from: lineEditor.text, asText: editAsText)
                if Self.resolve(&state, &self, .value(value), how: "edited") { editor = nil }
            } catch {
                self.error = "\(error)"
                return [.bell]
            }
        default:
            lineEditor.handle(key)
            editor = lineEditor
            error = nil
        }
        return error == nil ? [] : [.bell]
    }

    mutating func reduce(_ state: inout BoardState, _ action: ConflictsAction) -> [Effect] {
        let count = state.board.conflicts.count
        switch action {
        case .close: state.mode = .board
        case .down: selected = min(max(0, count - 1), selected + 1)
        case .up: selected = max(0, selected - 1)
        case .first: selected = 0
        case .last: selected = max(0, count - 1)
        case .pageDown: selected = min(max(0, count - 1), selected + 10)
        case .pageUp: selected = max(0, selected - 10)
        case .ours: if !Self.resolve(&state, &self, .ours, how: "kept ours") { return [.bell] }
        case .theirs: if !Self.resolve(&state, &self, .theirs, how: "took theirs") { return [.bell] }
        case .base:
            guard count > 0 else { return [.bell] }
            guard Self.baseIsMeaningful(state.board, selected) else {
                error = "no base: both sides added this; keep ours, take theirs, or edit"
                return [.bell]
            }
            if !Self.resolve(&state, &self, .base, how: "went back to the base") { return [.bell] }
        case .edit:
            guard count > 0 else { return [.bell] }
            let (text, asText) = Self.editText(state.board, selected)
            editor = LineEditor(text)
            editAsText = asText
        case .goToCard:
            guard count > 0 else { return [.bell] }
            return Self.jump(&state, selected) ? [] : [.bell]
        }
        return []
    }

    mutating func unbound(_ state: inout BoardState, _ key: Key) -> [Effect] { [.bell] }

    mutating func afterHistory(_ state: BoardState, touched: String?) {
        selected = max(0, min(selected, state.board.conflicts.count - 1))
    }

    mutating func finish(_ state: BoardState) {}
}
