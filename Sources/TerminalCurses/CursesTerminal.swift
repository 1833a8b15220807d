#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BoardUI
import CNcurses
import CTerminalSupport

/// Why the terminal could not be opened.
public enum TerminalError: Error, CustomStringConvertible {
    /// Standard input or output is not a terminal.
    case notATerminal
    /// ncurses could not set up the terminal (unknown or unset `TERM`).
    case cannotOpen(term: String?)
    /// The terminal cannot move the cursor (`TERM=dumb`, a hardcopy terminal): no full screen.
    case noCursorAddressing(term: String?)

    public var description: String {
        switch self {
        case .notATerminal:
            return "journey needs a terminal: standard input and output must be a terminal"
        case .cannotOpen(let term):
            return "cannot open the terminal (TERM=\(term ?? "unset")); try TERM=xterm-256color"
        case .noCursorAddressing(let term):
            return "this terminal (TERM=\(term ?? "unset")) cannot move the cursor, which the full-screen board needs; `journey show FILE` prints a board as text, `journey score FILE` its ranking"
        }
    }
}

/// The ncurses back end: draws `Screen`s, reads keys, mouse and resizes, suspends and
/// restores the terminal. The only code in the project that touches ncurses.
///
/// Opening one (before `newterm`) sets a UTF-8 `LC_CTYPE` (the user's own when it is UTF-8,
/// else `C.UTF-8`, so CJK text draws even when `LANG` is unset), installs our own
/// SIGINT/SIGTERM/SIGHUP handlers (they only record the signal: poll `takePendingSignal()`)
/// and a crash handler that restores the terminal before the backtrace prints. While curses
/// mode is on, stderr goes to a temporary file and is replayed on `end()`, `suspend()` or a
/// crash, so nothing written there garbles the board or vanishes with the alternate screen.
///
/// The terminal is raw (Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys), unechoed, with keypad
/// decoding, a 25 ms Esc delay and an invisible cursor unless `Screen.cursor` asks for one.
/// Bracketed paste is on while curses mode is (off on `end()`, `suspend()` and a crash):
/// pasted text arrives as one `.paste(text)` event, never as keys.
/// One instance per process; use it from one thread.
public final class CursesTerminal {
    private var active = false
    private var previous: Screen?
    private var fullRepaint = true
    private var cursorVisible: Bool? = nil
    private let colorOn: Bool
    private var defaultColors = true
    /// Colour pair per (fg, bg), indexed `fg * 9 + bg` (index 8 is the default colour);
    /// -1 not yet allocated, 0 no colour (pairs exhausted or refused).
    private var pairs = [Int16](repeating: -1, count: 81)
    private var nextPair: Int32 = 1
    private var extendedKeys: [Int32: Key?] = [:]
    private var wbuf = [wchar_t](repeating: 0, count: 8)
    /// Control characters, escape sequences and bracketed pastes (BoardUI's InputDecoder).
    private var decoder = InputDecoder()
    private var decoded: [InputEvent] = []
    /// How long to wait after an Esc ncurses handed over (it has waited its Esc delay already:
    /// only what is there now belongs to it), for the rest of an escape sequence, and for the
    /// next part of a paste.
    static let escapeWaitMs = 0
    static let sequenceWaitMs = 25
    static let pasteWaitMs = 500

    /// Opens the terminal in curses mode. `useColor` is the caller's decision (false for
    /// `NO_COLOR` or `--no-color`); colour is used only when the terminal also has it.
    /// `mouse` asks for click and wheel reports (optional: every action also has a key).
    public init(useColor: Bool, mouse: Bool = true) throws {
        guard isatty(0) != 0, isatty(1) != 0 else { throw TerminalError.notATerminal }
        // refused before curses starts, so the terminal is left exactly as it was
        if jc_terminal_can_address() == 0 {
            throw TerminalError.noCursorAddressing(term: getenv("TERM").map { String(cString: $0) })
        }
        CursesTerminal.prepareProcess()
        guard jc_newterm() != nil else {
            throw TerminalError.cannotOpen(term: getenv("TERM").map { String(cString: $0) })
        }
        active = true
        jt_set_curses_active(1)
        jt_capture_stderr()
        let w = jc_stdscr()
        raw()
        noecho()
        nonl()
        intrflush(w, false)
        keypad(w, true)
        set_escdelay(25)
        curs_set(0)
        cursorVisible = false
        if useColor && has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            colorOn = true
        } else {
            colorOn = false
        }
        setMouse(mouse)
        jt_set_bracketed_paste(1)
    }

    deinit { end() }

    /// Turns mouse reporting (clicks and the wheel) on or off. Off, the terminal's own text
    /// selection works without Shift (`--no-mouse`, `:mouse off`).
    public func setMouse(_ on: Bool) {
        guard active else { return }
        if on {
            let want = jc_button1_clicked() | jc_button1_pressed() | jc_button4_pressed() | jc_button5_pressed()
            _ = mousemask(want, nil)
            mouseinterval(0)
        } else {
            _ = mousemask(0, nil)
        }
    }

    /// Locale, signal and crash handlers: what must happen before ncurses starts.
    private static func prepareProcess() {
        setlocale(LC_ALL, "")
        var utf8 = false
        if let cs = nl_langinfo(nl_item(CODESET)) {
            let name = String(cString: cs).uppercased().filter { $0 != "-" }
            utf8 = name == "UTF8"
        }
        if !utf8 && setlocale(LC_CTYPE, "C.UTF-8") == nil {
            setlocale(LC_CTYPE, "en_US.UTF-8")
        }
        jt_install_signal_handlers()
        jt_install_crash_handlers()
    }

    /// SIGINT, SIGTERM or SIGHUP received since the last call (the latest, if several), or nil.
    /// The app polls this between reads, writes its recovery file, calls `end()` and exits.
    public static func takePendingSignal() -> Int32? {
        let s = jt_take_pending_signal()
        return s == 0 ? nil : s
    }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        guard active else { return (0, 0) }
        let w = jc_stdscr()
        return (Int(jc_maxx(w)), Int(jc_maxy(w)))
    }

    /// Makes the next `draw` repaint every cell (and the whole physical screen).
    public func invalidate() { fullRepaint = true }

    /// Rings the terminal bell.
    public func bell() { if active { beep() } }

    /// Leaves curses mode and restores the terminal. Safe to call more than once.
    public func end() {
        guard active else { return }
        active = false
        jt_set_curses_active(0)
        jt_set_bracketed_paste(0)
        curs_set(1)
        endwin()
        jt_release_stderr()
    }

    /// Stops the process as Ctrl-Z would in a cooked terminal (raw mode delivers Ctrl-Z as a
    /// key, so the app calls this). Returns after `fg`, back in curses mode; the next `draw`
    /// repaints everything.
    public func suspend() {
        guard active else { return }
        jt_set_curses_active(0)
        jt_set_bracketed_paste(0)
        endwin()
        jt_release_stderr()
        jt_suspend_self()
        jt_capture_stderr()
        jt_set_curses_active(1)
        // The first refresh after endwin restores the program's terminal modes.
        clearok(jc_curscr(), true)
        wrefresh(jc_stdscr())
        jt_set_bracketed_paste(1)
        cursorVisible = nil
        invalidate()
    }

    // MARK: Drawing

    /// Writes the cells that changed since the last draw (all of them after `invalidate()`
    /// or a size change), places or hides the cursor (`screen.cursor`), and refreshes.
    /// Cells beyond the terminal's edge are clipped.
    public func draw(_ screen: Screen) {
        guard active else { return }
        let win = jc_stdscr()
        let rows = min(screen.height, Int(jc_maxy(win)))
        let cols = min(screen.width, Int(jc_maxx(win)))
        var old = previous
        if fullRepaint || old == nil || old!.width != screen.width || old!.height != screen.height {
            old = nil
            werase(win)
            clearok(jc_curscr(), true)
            fullRepaint = false
        }
        let W = screen.width
        screen.cells.withUnsafeBufferPointer { n in
            if let o = old {
                o.cells.withUnsafeBufferPointer { p in
                    for y in 0..<rows {
                        let row = y * W
                        for x in 0..<cols where dirty(x, row, W, n, p) {
                            put(win, x, y, row, cols, n)
                        }
                    }
                }
            } else {
                for y in 0..<rows {
                    let row = y * W
                    for x in 0..<cols { put(win, x, y, row, cols, n) }
                }
            }
        }
        if let c = screen.cursor, c.x >= 0, c.y >= 0, c.x < cols, c.y < rows {
            wmove(win, Int32(c.y), Int32(c.x))
            if cursorVisible != true { curs_set(1); cursorVisible = true }
        } else if cursorVisible != false {
            curs_set(0); cursorVisible = false
        }
        wrefresh(win)
        previous = screen
    }

    /// Whether column `x` of the row starting at `row` needs drawing: it changed, or it is a
    /// wide lead whose continuation changed, or the wide character it held before changed.
    @inline(__always)
    private func dirty(_ x: Int, _ row: Int, _ W: Int,
                       _ n: UnsafeBufferPointer<Cell>, _ o: UnsafeBufferPointer<Cell>) -> Bool {
        let i = row + x
        if n[i] != o[i] { return true }
        if x + 1 < W, n[i + 1].isContinuation, n[i + 1] != o[i + 1] { return true }
        if x > 0, o[i].isContinuation, n[i - 1] != o[i - 1] { return true }
        return false
    }

    /// Draws column `x`: a wide character draws both its columns; a continuation is drawn by
    /// its lead (one without a wide lead, like a wide character with no room, shows a space).
    @inline(__always)
    private func put(_ win: UnsafeMutablePointer<WINDOW>?, _ x: Int, _ y: Int, _ row: Int, _ cols: Int,
                     _ n: UnsafeBufferPointer<Cell>) {
        let cell = n[row + x]
        if cell.isContinuation {
            if x > 0, columns(n[row + x - 1].text) == 2 { return } // drawn with its lead
            putText(win, x, y, " ", cell.style)
            return
        }
        if columns(cell.text) == 2 && (x + 1 >= cols || !n[row + x + 1].isContinuation) {
            putText(win, x, y, " ", cell.style)
        } else {
            putText(win, x, y, cell.text, cell.style)
        }
    }

    /// Columns of the first scalar of a cell's text (what ncurses will give it).
    @inline(__always)
    private func columns(_ text: String) -> Int {
        guard let s = text.unicodeScalars.first else { return 0 }
        if s.value < 0x7F { return 1 }
        return jc_wcwidth(wchar_t(bitPattern: s.value)) == 2 ? 2 : 1
    }

    private func putText(_ win: UnsafeMutablePointer<WINDOW>?, _ x: Int, _ y: Int, _ text: String, _ style: Style) {
        let (attr, pair) = attributes(style)
        // A spacing character and up to four combining marks (CCHARW_MAX is 5).
        var k = 0
        for s in text.unicodeScalars {
            if k == 5 { break }
            wbuf[k] = wchar_t(bitPattern: s.value); k += 1
        }
        if k == 0 { wbuf[0] = 0x20; k = 1 }
        wbuf[k] = 0
        var cc = cchar_t()
        wbuf.withUnsafeBufferPointer { _ = setcchar(&cc, $0.baseAddress, attr, pair, nil) }
        mvwadd_wch(win, Int32(y), Int32(x), &cc)
    }

    private func attributes(_ style: Style) -> (attr_t, Int16) {
        var a = jc_a_normal()
        if style.bold { a |= jc_a_bold() }
        if style.reverse { a |= jc_a_reverse() }
        if style.dim { a |= jc_a_dim() }
        if style.underline { a |= jc_a_underline() }
        guard colorOn, style.fg != .default || style.bg != .default else { return (a, 0) }
        return (a, pair(style.fg, style.bg))
    }

    /// The colour pair for (fg, bg), allocated on first use; 0 (no colour) when the terminal
    /// has no pairs left or refuses this one.
    private func pair(_ fg: Color, _ bg: Color) -> Int16 {
        let fi = fg == .default ? 8 : Int(fg.rawValue)
        let bi = bg == .default ? 8 : Int(bg.rawValue)
        let slot = fi * 9 + bi
        let known = pairs[slot]
        if known >= 0 { return known }
        var f = fg == .default ? Int16(-1) : Int16(fg.rawValue)
        var b = bg == .default ? Int16(-1) : Int16(bg.rawValue)
        if !defaultColors {
            if f < 0 { f = Int16(COLOR_WHITE) }
            if b < 0 { b = Int16(COLOR_BLACK) }
        }
        var result: Int16 = 0
        if nextPair < jc_color_pairs(), nextPair <= Int32(Int16.max),
           init_pair(Int16(nextPair), f, b) == OK {
            result = Int16(nextPair)
            nextPair += 1
        }
        pairs[slot] = result
        return result
    }

    // MARK: Input

    /// The next event, or nil when `timeoutMs` passed without one (negative: wait forever) or
    /// a signal interrupted the wait (poll `takePendingSignal()`). Keys that mean nothing to
    /// the board (unknown escape sequences, Alt+key, stray control characters) are dropped,
    /// never returned as text; a bracketed paste is one `.paste` event.
    public func readEvent(timeoutMs: Int) -> InputEvent? {
        guard active else { return nil }
        if !decoded.isEmpty { return decoded.removeFirst() }
        let win = jc_stdscr()
        let start = monotonicMs()
        var wait = timeoutMs
        while true {
            // an open escape sequence or paste waits briefly for its rest, whatever the caller's timeout
            let open = decoder.waitingFor
            let limit: Int
            switch open {
            case .nothing: limit = wait
            case .escape: limit = CursesTerminal.escapeWaitMs
            case .sequence: limit = CursesTerminal.sequenceWaitMs
            case .paste: limit = CursesTerminal.pasteWaitMs
            }
            wtimeout(win, Int32(clamping: limit))
            var ch: wint_t = 0
            let r = wget_wch(win, &ch)
            let unit: InputDecoder.Unit
            if r == ERR {
                if open == .nothing {
                    noticeDeadInput(elapsed: monotonicMs() - start, timeoutMs: timeoutMs)
                    return nil
                }
                unit = .timeout
            } else if r == jc_key_code_yes() {
                unit = decodeKeyCode(Int32(bitPattern: ch)).map { .event($0) } ?? .ignored
            } else {
                unit = .scalar(UInt32(ch))
            }
            decoded += decoder.feed(unit)
            if !decoded.isEmpty { return decoded.removeFirst() }
            if unit == .timeout, timeoutMs >= 0, monotonicMs() - start >= timeoutMs { return nil }
            if timeoutMs >= 0 && open == .nothing {
                wait = max(0, timeoutMs - (monotonicMs() - start))
            }
        }
    }

    /// As `readEvent(timeoutMs:)`, and also returns nil as soon as `fd` (a file watch) has
    /// something to read: what ncurses already holds is taken first, then one poll(2) waits
    /// on the terminal and `fd` together, so an idle board sleeps until a key, a change or
    /// the timeout. A negative `fd` waits on the terminal only.
    public func readEvent(timeoutMs: Int, wakingOn fd: Int32) -> InputEvent? {
        guard active else { return nil }
        guard fd >= 0 else { return readEvent(timeoutMs: timeoutMs) }
        if let e = readEvent(timeoutMs: 0) { return e }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        let r = poll(&fds, 2, Int32(clamping: timeoutMs))
        guard r > 0, fds[0].revents != 0 else { return nil }   // the timeout, a signal, or the watch
        // the terminal has input (or hung up: the read then notices dead input)
        return readEvent(timeoutMs: 100)
    }

    private func decodeKeyCode(_ code: Int32) -> InputEvent? {
        switch code {
        case jc_key_up(): return .key(.up)
        case jc_key_down(): return .key(.down)
        case jc_key_left(): return .key(.left)
        case jc_key_right(): return .key(.right)
        case jc_key_sr(): return .key(.shiftUp)
        case jc_key_sf(): return .key(.shiftDown)
        case jc_key_sleft(): return .key(.shiftLeft)
        case jc_key_sright(): return .key(.shiftRight)
        // Home and End by every name terminfo gives them: tmux and screen send ESC[1~ and
        // ESC[4~, which vt220-style entries call Find and Select
        case jc_key_home(), jc_key_find(), jc_key_a1(): return .key(.home)
        case jc_key_end(), jc_key_select(), jc_key_c1(): return .key(.end)
        case jc_key_ppage(): return .key(.pageUp)
        case jc_key_npage(): return .key(.pageDown)
        case jc_key_enter(): return .key(.enter)
        case jc_key_backspace(): return .key(.backspace)
        case jc_key_dc(): return .key(.delete)
        case jc_key_btab(): return .key(.backTab)
        case jc_key_resize():
            invalidate()
            let s = size
            return .resize(width: s.width, height: s.height)
        case jc_key_mouse(): return readMouse()
        case jc_key_f(1)...jc_key_f(63): return .key(.function(Int(code - jc_key_f(0))))
        default:
            guard code > jc_key_max() else { return nil }
            return extendedKey(code).map { .key($0) }
        }
    }

    /// Keys from terminfo's extended capabilities (xterm's `kUP`, `kDN`, …), by name.
    private func extendedKey(_ code: Int32) -> Key? {
        if let known = extendedKeys[code] { return known }
        var key: Key? = nil
        if let p = keyname(code) {
            switch String(cString: p) {
            case "kUP": key = .shiftUp
            case "kDN": key = .shiftDown
            case "kLFT": key = .shiftLeft
            case "kRIT": key = .shiftRight
            default: key = nil
            }
        }
        extendedKeys[code] = key
        return key
    }

    private func readMouse() -> InputEvent? {
        var ev = MEVENT()
        guard getmouse(&ev) == OK else { return nil }
        let kind: MouseKind
        if ev.bstate & jc_button4_pressed() != 0 { kind = .wheelUp }
        else if ev.bstate & jc_button5_pressed() != 0 { kind = .wheelDown }
        else if ev.bstate & (jc_button1_pressed() | jc_button1_clicked()) != 0 { kind = .click }
        else { return nil }
        return .mouse(MouseEvent(x: Int(ev.x), y: Int(ev.y), kind: kind))
    }

    /// A read that fails long before its timeout, with no signal to explain it, means input is
    /// gone (terminal closed without a SIGHUP reaching us): report it as SIGHUP so the app
    /// saves its recovery file and exits instead of spinning.
    private func noticeDeadInput(elapsed: Int, timeoutMs: Int) {
        guard timeoutMs > 20, elapsed < timeoutMs / 4 else { return }
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        if poll(&p, 1, 0) == 1, p.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            jt_note_signal(SIGHUP)
        }
    }

    private func monotonicMs() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }
}
