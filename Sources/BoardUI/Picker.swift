import JourneyKit

/// What bare `journey` shows: the boards in ./boards and the current directory, and "new
/// board from template". Also asks for a template when `journey FILE` names a missing file.
public struct PickerState: Sendable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        /// The board's title and card count, or why it cannot be read.
        public var summary: String
        public var readable: Bool
        public init(path: String, summary: String, readable: Bool) { self.path = path; self.summary = summary; self.readable = readable }
    }
    /// Colours and theme, as the board will have them (`--theme`, `NO_COLOR`, `--no-color`).
    public var useColor = true
    public var theme: ThemeName = .dark

    public enum Step: Sendable, Equatable {
        case list
        case naming(LineEditor)
        case template(path: String)
    }
    public var entries: [Entry]
    public var selected = 0
    public var templateSelected = 0
    public var step: Step
    public var width: Int
    public var height: Int
    public var message: String?

    /// The picker of existing boards.
    public init(entries: [Entry], width: Int, height: Int) {
        self.entries = entries; self.width = width; self.height = height; step = .list
    }

    /// Straight to the template choice for a file that does not exist yet.
    public init(creating path: String, width: Int, height: Int) {
        entries = []; self.width = width; self.height = height; step = .template(path: path)
        message = "\(path) does not exist yet: choose a template to create it (Esc quits)"
    }

    /// Rows: the boards, then "new board from template".
    var rowCount: Int { entries.count + 1 }
}

public enum PickerOutcome: Equatable, Sendable {
    case open(String)
    case create(path: String, template: String)
    case quit
}

public enum Picker {
    public static func reduce(_ s: inout PickerState, _ e: InputEvent) -> PickerOutcome? {
        switch e {
        case .resize(let w, let h): s.width = w; s.height = h; return nil
        case .mouse: return nil
        case .key(let key): return handle(&s, key)
        case .paste(let text):
            // only the file name is text; elsewhere a paste means nothing
            if case .naming(var ed) = s.step { ed.insert(text); s.step = .naming(ed) } else { s.message = "paste ignored: nothing here takes text" }
            return nil
        }
    }

    static func handle(_ s: inout PickerState, _ key: Key) -> PickerOutcome? {
        switch s.step {
        case .list:
            switch key {
            case .down, .char("j"): s.selected = min(s.rowCount - 1, s.selected + 1)
            case .up, .char("k"): s.selected = max(0, s.selected - 1)
            case .char("n"): s.step = .naming(LineEditor("boards/new-journey.json"))
            case .enter:
                if s.selected < s.entries.count {
                    let e = s.entries[s.selected]
                    guard e.readable else { s.message = "cannot open \(e.path): \(e.summary)"; return nil }
                    return .open(e.path)
                }
                s.step = .naming(LineEditor("boards/new-journey.json"))
            case .char("q"), .escape, .ctrl("c"): return .quit
            default: break
            }
        case .naming(var ed):
            switch key {
            case .enter:
                let path = ed.text.trimmingSpaces
                guard !path.isEmpty else { return nil }
                if s.entries.contains(where: { $0.path == path }) { s.message = "\(path) exists already: choose another name"; return nil }
                s.step = .template(path: path)
                s.message = nil
            case .escape: s.step = .list
            default: ed.handle(key); s.step = .naming(ed)
            }
        case .template(let path):
            let n = BoardTemplate.all.count
            switch key {
            case .down, .char("j"): s.templateSelected = min(n - 1, s.templateSelected + 1)
            case .up, .char("k"): s.templateSelected = max(0, s.templateSelected - 1)
            case .enter: return .create(path: path, template: BoardTemplate.all[s.templateSelected].name)
            case .escape, .char("q"):
                if s.entries.isEmpty && s.message != nil { return .quit }
                s.step = .list
            default: break
            }
        }
        return nil
    }

    public static func render(_ s: PickerState) -> Screen {
        var screen = Screen(width: s.width, height: s.height)
        let t = Theme(color: s.useColor, name: s.theme)
        screen.fill(x: 0, y: 0, width: s.width, height: 1, style: t.header)
        screen.put(" journey — customer-journey boards", x: 0, y: 0, style: t.header)
        var y = 2
        switch s.step {
        case .list, .naming:
            screen.put("Open a board (↑↓ choose · Enter open · n new · q quit)", x: 2, y: y, style: .bold); y += 2
            if s.entries.isEmpty { screen.put("No boards in ./boards or here yet.", x: 4, y: y, style: t.hint); y += 2 }
            for (i, e) in s.entries.enumerated() where y < s.height - 3 {
                let line = DisplayText.pad(DisplayText.sanitize(e.path), columns: 44) + "  " + DisplayText.sanitize(e.summary)
                screen.put(DisplayText.truncate(line, columns: s.width - 6), x: 4, y: y, style: i == s.selected ? t.focus : (e.readable ? .plain : t.hint))
                y += 1
            }
            y += 1
            screen.put("+ new board from template…", x: 4, y: y, style: s.selected == s.entries.count ? t.focus : .bold)
            if case .naming(let ed) = s.step {
                y += 2
                screen.put("File name: ", x: 4, y: y, style: .bold)
                let (shown, caret) = ed.visible(width: s.width - 20)
                screen.put(shown, x: 15, y: y)
                screen.cursor = (15 + caret, y)
                screen.put("Enter continues · Esc back", x: 4, y: y + 1, style: t.hint)
            }
        case .template(let path):
            screen.put("New board \(DisplayText.sanitize(path)) — choose a template (↑↓ · Enter create · Esc back)", x: 2, y: y, style: .bold, limit: s.width - 1); y += 2
            for (i, tpl) in BoardTemplate.all.enumerated() {
                let line = DisplayText.pad(tpl.name, columns: 12) + tpl.summary
                screen.put(DisplayText.truncate(line, columns: s.width - 6), x: 4, y: y, style: i == s.templateSelected ? t.focus : .plain)
                y += 1
            }
        }
        if let m = s.message { screen.put(DisplayText.truncate(DisplayText.sanitize(m), columns: s.width), x: 0, y: s.height - 1) }
        t.finish(&screen)
        return screen
    }
}
