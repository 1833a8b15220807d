/// What an importer read from a source file, before it becomes part of a board: journeys with
/// their stages, lanes and cards in the source's order, by title rather than by id, each card
/// with the place in the source it came from. Every reader (Mermaid, CSV, Trello) produces one;
/// one function turns a draft into a new board or adds it to an existing one, so matching,
/// de-duplication and the report are the same whatever the source.
public struct ImportDraft: Equatable, Sendable {
    /// A title for a new board (a Mermaid diagram's or a Trello board's name), if the source has one.
    public var boardTitle: String?
    /// People the source names (Mermaid's actors), in order of first appearance.
    public var personas: [ImportDraft.Persona] = []
    public var journeys: [ImportDraft.Journey] = []
    /// Everything the reader skipped or changed, with where: the report lists them.
    public var notes: [ImportNote] = []

    public init(boardTitle: String? = nil) { self.boardTitle = boardTitle }

    public struct Persona: Equatable, Sendable {
        public var name: String
        public var description: String = ""
        public init(name: String, description: String = "") {
            self.name = name
            self.description = description
        }
    }

    public struct Journey: Equatable, Sendable {
        public var title: String
        /// Kept as the journey's description (Mermaid's `accTitle`/`accDescr`).
        public var description: String?
        /// The persona's name (one of the draft's personas), if the source names one for the journey.
        public var persona: String?
        /// Stage titles, in order.
        public var stages: [String] = []
        /// Lanes, in order; cards refer to them by index.
        public var lanes: [ImportDraft.Lane] = []
        public var cards: [ImportDraft.Card] = []
        public var source: ImportSourceLocation

        public init(title: String, source: ImportSourceLocation) {
            self.title = title
            self.source = source
        }
    }

    public struct Lane: Equatable, Sendable {
        public var title: String
        public var kind: LaneKind
        public init(title: String, kind: LaneKind) {
            self.title = title
            self.kind = kind
        }
    }

    public struct Card: Equatable, Sendable {
        /// Index into the journey's `stages`.
        public var stage: Int
        /// Index into the journey's `lanes`.
        public var lane: Int
        public var text: String
        public var notes: String?
        public var channel: String?
        public var owner: String?
        public var tags: [String] = []
        /// A number of votes the source counted (a sticky's dots, a spreadsheet's column).
        public var votes: Int?
        /// An emotion value, already on the board's scale −2…+2.
        public var emotion: Double?
        public var source: ImportSourceLocation

        public init(stage: Int, lane: Int, text: String, source: ImportSourceLocation) {
            self.stage = stage
            self.lane = lane
            self.text = text
            self.source = source
        }
    }
}

/// A place in an imported file: the file as named on the command line, and a 1-based line and column.
public struct ImportSourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COL`, the shape compilers and editors jump to.
    public var description: String { "\(file):\(line):\(column)" }
}

/// One thing an import skipped or changed (or a fact worth saying, such as the kind given to a
/// lane or the encoding a file was read in), with where it came from.
public struct ImportNote: Equatable, Sendable {
    public enum Kind: String, Sendable { case skipped, changed, info }
    public var kind: Kind
    public var message: String
    public var at: ImportSourceLocation

    public init(_ kind: Kind, _ message: String, at: ImportSourceLocation) {
        self.kind = kind
        self.message = message
        self.at = at
    }
}

/// A source an importer cannot read at all (a Mermaid diagram Mermaid itself rejects, a CSV with
/// no text column, bytes that are no text): the import writes nothing.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var at: ImportSourceLocation

    public init(_ message: String, at: ImportSourceLocation) {
        self.message = message
        self.at = at
    }

    /// `FILE:LINE:COL: error: MESSAGE`.
    public var description: String { "\(at): error: \(message)" }
}
