/// A key press, as the terminal back end decodes it. BoardUI's key table maps these to actions.
public enum Key: Hashable, Sendable {
    /// A printable character (any script, including wide characters and pasted UTF-8).
    case char(Character)
    /// Ctrl plus a letter, e.g. `.ctrl("r")` for Ctrl-R (lower-case letter).
    case ctrl(Character)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case enter, escape, tab, backTab, backspace, delete
    case home, end, pageUp, pageDown
    case function(Int)
}

public enum MouseKind: Hashable, Sendable { case click, wheelUp, wheelDown }

public struct MouseEvent: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var kind: MouseKind
    public init(x: Int, y: Int, kind: MouseKind) { self.x = x; self.y = y; self.kind = kind }
}

/// Everything the terminal can tell the board.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Text the terminal says was pasted (bracketed paste): text, never keys.
    case paste(String)
}
