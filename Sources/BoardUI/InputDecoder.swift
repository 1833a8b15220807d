/// Turns what a terminal library reads (code points one at a time, and the keys, mouse reports
/// and resizes it decoded itself) into the board's `InputEvent`s: control characters become
/// keys, escape sequences the library left undecoded (xterm's Shift+arrows, back-tab, and Home
/// and End as tmux, screen, rxvt and xterm each send them when `TERM` does not describe the
/// terminal the keys come from) become keys or are dropped, and a bracketed paste — `ESC[200~` text `ESC[201~`, which terminals
/// send when the program asked for it with `ESC[?2004h` — becomes one `.paste(text)`, so
/// pasted text is never taken for keys.
///
/// A pure state machine with no clock: the caller reads with a short timeout while
/// `waitingFor` says a sequence is open, and feeds `.timeout` when that read times out. An Esc
/// followed by nothing is the Esc key; a paste whose end never comes ends with what arrived.
public struct InputDecoder: Sendable {
    /// One thing read from the terminal.
    public enum Unit: Equatable, Sendable {
        /// A code point, as read (control characters included).
        case scalar(UInt32)
        /// A key, mouse report or resize the terminal library decoded itself.
        case event(InputEvent)
        /// A key code the library decoded that means nothing to the board.
        case ignored
        /// No input arrived within the short wait `waitingFor` asked for.
        case timeout
    }

    /// What an open sequence waits for, which decides how long the caller waits for more.
    public enum Waiting: Equatable, Sendable {
        /// Nothing open: wait as long as the caller likes.
        case nothing
        /// What follows an Esc: the rest of a sequence, or nothing (the Esc key). Terminal
        /// libraries already wait a little after an Esc before handing it over, so whatever
        /// belongs to it is usually there already; a longer wait would take a quick Esc
        /// followed by a key for Alt+key.
        case escape
        /// The rest of an escape sequence. Bytes of one sequence arrive together, so a short wait.
        case sequence
        /// The rest of a paste: a large one may arrive in several reads.
        case paste
    }

    enum State: Sendable {
        case ground
        case escape
        case csi(String)
        case ss3
        /// Inside a paste: the text so far and how much of the end marker the last scalars match.
        case paste(String.UnicodeScalarView, matched: Int)
    }

    var state: State = .ground
    static let endMarker: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E] // ESC [ 2 0 1 ~

    public init() {}

    public var waitingFor: Waiting {
        switch state {
        case .ground: return .nothing
        case .escape: return .escape
        case .csi, .ss3: return .sequence
        case .paste: return .paste
        }
    }

    /// Feeds one unit; returns the events it completes (none while a sequence is still open).
    public mutating func feed(_ unit: Unit) -> [InputEvent] {
        switch state {
        case .ground:
            switch unit {
            case .scalar(0x1B): state = .escape; return []
            case .scalar(let v): return Self.plain(v).map { [$0] } ?? []
            case .event(let e): return [e]
            case .ignored, .timeout: return []
            }

        case .escape:
            switch unit {
            case .timeout: state = .ground; return [.key(.escape)]
            case .scalar(0x1B): return [.key(.escape)] // Esc, Esc: the first was a key on its own
            case .scalar(0x5B): state = .csi(""); return []
            case .scalar(0x4F): state = .ss3; return []
            case .scalar: state = .ground; return [] // Alt+key: means nothing here
            case .event(let e):
                // Alt plus a key the library decoded: dropped, but a resize is kept
                state = .ground
                if case .resize = e { return [e] }
                return []
            case .ignored: state = .ground; return []
            }

        case .csi(var params):
            switch unit {
            case .scalar(let v) where (0x40...0x7E).contains(v):
                state = .ground
                switch (params, v) {
                case ("200", 0x7E): state = .paste(String.UnicodeScalarView(), matched: 0); return []
                case ("1;2", 0x41): return [.key(.shiftUp)]
                case ("1;2", 0x42): return [.key(.shiftDown)]
                case ("1;2", 0x43): return [.key(.shiftRight)]
                case ("1;2", 0x44): return [.key(.shiftLeft)]
                case ("", 0x5A): return [.key(.backTab)]
                // Home: ESC[1~ (tmux, screen, linux), ESC[7~ (rxvt), ESC[H (xterm)
                case ("1", 0x7E), ("7", 0x7E), ("", 0x48): return [.key(.home)]
                // End: ESC[4~ (tmux, screen, linux), ESC[8~ (rxvt), ESC[F (xterm)
                case ("4", 0x7E), ("8", 0x7E), ("", 0x46): return [.key(.end)]
                default: return []
                }
            case .scalar(let v):
                // parameters and intermediates; anything else (or a runaway) ends it unread
                guard (0x20...0x3F).contains(v), params.unicodeScalars.count < 32, let u = Unicode.Scalar(v) else {
                    state = .ground; return []
                }
                params.unicodeScalars.append(u)
                state = .csi(params)
                return []
            case .event(let e):
                state = .ground
                if case .resize = e { return [e] }
                return []
            case .ignored, .timeout: state = .ground; return []
            }

        case .ss3:
            state = .ground
            switch unit {
            // ESC O H and ESC O F: Home and End in xterm's application keypad mode
            case .scalar(0x48): return [.key(.home)]
            case .scalar(0x46): return [.key(.end)]
            case .event(let e): if case .resize = e { return [e] }; return []
            default: return []
            }

        case .paste(var text, var matched):
            switch unit {
            case .scalar(let v):
                guard let u = Unicode.Scalar(v) else { return [] }
                text.append(u)
                if v == Self.endMarker[matched] { matched += 1 } else { matched = v == 0x1B ? 1 : 0 }
                if matched == Self.endMarker.count {
                    state = .ground
                    text.removeLast(matched)
                    return text.isEmpty ? [] : [.paste(String(text))]
                }
                state = .paste(text, matched: matched)
                return []
            case .event(.key(.enter)):
                text.append("\n"); state = .paste(text, matched: 0); return []
            case .event(.key(.tab)):
                text.append("\t"); state = .paste(text, matched: 0); return []
            case .event(let e):
                // a sequence inside the pasted text that the library took for a key is not
                // text; a resize during a long paste still counts
                state = .paste(text, matched: 0)
                if case .resize = e { return [e] }
                return []
            case .ignored:
                state = .paste(text, matched: 0); return []
            case .timeout:
                // the end marker never came: keep what did (without a partial marker)
                state = .ground
                text.removeLast(matched)
                return text.isEmpty ? [] : [.paste(String(text))]
            }
        }
    }

    /// A code point outside any sequence: a control character's key, a printable character,
    /// or nothing (other C0 and C1 controls are never text).
    static func plain(_ v: UInt32) -> InputEvent? {
        switch v {
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(v) + 0x60))))
        case 0..<32, 0x80...0x9F: return nil
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return .key(.char(Character(s)))
        }
    }
}
