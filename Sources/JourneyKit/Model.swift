/// The board model, schema version 1 (docs/FORMAT.md). Every entity lives in a map keyed by its
/// id; its place is in its own fields (`journey`, `stage`, `lane`, `order`), so moving a card
/// changes three fields and two squads editing different cards touch different lines.
/// Every entity keeps the fields this version does not know in `extra` and writes them back.

/// Where an entity's object starts in the file it was read from (for messages). It never takes
/// part in equality: a board read from a file equals the same board built in memory.
public struct SourceLocation: Equatable, Hashable, Sendable {
    public var offset: Int
    public init(_ offset: Int = -1) { self.offset = offset }
    public static func == (_: SourceLocation, _: SourceLocation) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

public enum Better: String, Sendable, CaseIterable { case higher, lower }

public struct HeroMetric: Equatable, Sendable {
    public var id: String
    public var label: String
    public var unit: String
    public var min: Double
    public var max: Double
    /// Kept as text so an unknown direction is reported by `check`, not silently changed.
    public var better: String
    public var weight: Double
    public var order: String
    public var extra: CodePointMap<JSONValue> = [:]
    public var loc = SourceLocation()

    public init(id: String, label: String, unit: String = "", min: Double, max: Double,
                better: Better, weight: Double = 1, order: String) {
        self.id = id; self.label = label; self.unit = unit; self.min = min; self.max = max
        self.better = better.rawValue; self.weight = weight; self.order = order
    }

    /// +1 when higher is better, −1 when lower is better.
    public var sign: Double { better == Better.lower.rawValue ? -1 : 1 }
    public var range: Double { max - min }
}

extension HeroMetric: BoardEntity {
    public static let entityKind = EntityKind.heroMetrics
    public static let declaration = EntityDeclaration<HeroMetric>("hero metric", [
        .string("label", \.label, required: true),
        .string("unit", \.unit),
        .number("min", \.min, required: true),
        .number("max", \.max, required: true),
        .string("better", \.better),
        .number("weight", \.weight),
        .string("order", \.order),
    ])

    public init(decodingID id: String) {
        self.init(id: id, label: id, min: 0, max: 100, better: .higher, order: "")
        better = ""
    }
}

public struct Scoring: Equatable, Sendable {
    public var gate: String = "all"
    public var votesPerParticipant: Int = 5
    /// Silent voting: vote counts are hidden everywhere (board, panel, `score`) until shown.
    /// Written only when true.
    public var votesHidden = false
    public var extra: CodePointMap<JSONValue> = [:]
    public init(gate: String = "all", votesPerParticipant: Int = 5) {
        self.gate = gate; self.votesPerParticipant = votesPerParticipant
    }
}

extension Scoring: DeclaredFields {
    /// The board's gate; an unknown gate text (a `check` error) scores as `all`.
    public var effectiveGate: Gate { Gate(rawValue: gate) ?? .all }

    /// Settings from their JSON object, checked as when read from a file.
    public init(json: JSONValue) throws { self = try BoardCodec.scoring(json: json) }

    /// The board's `scoring` member; `gate` is required.
    public static let declaration = EntityDeclaration<Scoring>("scoring", [
        .string("gate", \.gate, required: true),
        .integer("votesPerParticipant", \.votesPerParticipant),
        .flag("votesHidden", \.votesHidden),
    ])
}

public struct Persona: Equatable, Sendable {
    public var id: String
    public var name: String
    public var description: String = ""
    public var order: String
    public var extra: CodePointMap<JSONValue> = [:]
    public var loc = SourceLocation()
    public init(id: String, name: String, description: String = "", order: String) {
        self.id = id; self.name = name; self.description = description; self.order = order
    }
}

extension Persona: BoardEntity {
    public static let entityKind = EntityKind.personas
    public static let declaration = EntityDeclaration<Persona>("persona", [
        .string("name", \.name),
        .stringOrEmpty("description", \.description),
        .string("order", \.order),
    ])

    public init(decodingID id: String) { self.init(id: id, name: "", order: "") }
}

public enum JourneyState: String, Sendable, CaseIterable { case current, future }

public struct Journey: Equatable, Sendable {
    public var id: String
    public var title: String
    public var persona: String?
    /// What the journey is about, in a sentence or two (an imported diagram's accessible description).
    public var description: String = ""
    public var state: String = JourneyState.current.rawValue
    public var order: String
    /// Journey-level measured metrics (hero metric id → value in its own units).
    public var metrics: [String: Double] = [:]
    public var volume: Double?
    public var extra: CodePointMap<JSONValue> = [:]
    public var loc = SourceLocation()
    public init(id: String, title: String, persona: String? = nil, state: JourneyState = .current, order: String) {
        self.id = id; self.title = title; self.persona = persona; self.state = state.rawValue; self.order = order
    }
}

extension Journey: BoardEntity {
    public static let entityKind = EntityKind.journeys
    public static let declaration = EntityDeclaration<Journey>("journey", [
        .string("title", \.title, required: true),
        .string("persona", \.persona),
        .stringOrEmpty("description", \.description),
        .string("state", \.state, required: true),
        .string("order", \.order, required: true),
        .numbers("metrics", \.metrics),
        .number("volume", \.volume),
    ])

    public init(decodingID id: String) { self.init(id: id, title: "", order: "") }
}

public struct Stage: Equatable, Sendable {
    public var id: String
    public var journey: String
    public var title: String
    public var order: String
    public var extra: CodePointMap<JSONValue> = [:]
    public var loc = SourceLocation()
    public init(id: String, journey: String, title: String, order: String) {
        self.id = id; self.journey = journey; self.title = title; self.order = order
    }
}

extension Stage: BoardEntity {
    public static let entityKind = EntityKind.stages
    public static let declaration = EntityDeclaration<Stage>("stage", [
        .string("journey", \.journey),
        .string("title", \.title, required: true),
        .string("order", \.order, required: true),
    ])

    public init(decodingID id: String) { self.init(id: id, journey: "", title: "", order: "") }
}

/// The kinds of lane, in the order a new journey usually shows them.
public enum LaneKind: String, Sendable, CaseIterable {
    case steps, touchpoints, thoughts, emotion, pains, opportunities, solutions, backstage, insights, notes

    /// A short mark drawn before each card, so kinds are distinct without colour.
    public var mark: String {
        switch self {
        case .steps: return "›"
        case .touchpoints: return "◆"
        case .thoughts: return "…"
        case .emotion: return "♥"
        case .pains: return "✖"
        case .opportunities: return "★"
        case .solutions: return "✔"
        case .backstage: return "⚙"
        case .insights: return "ⓘ"
        case .notes: return "•"
        }
    }

    public var defaultTitle: String {
        switch self {
        case .steps: return "Steps"
        case .touchpoints: return "Touchpoints"
        case .thoughts: return "Thoughts & feelings"
        case .emotion: return "Emotion"
        case .pains: return "Pain points"
        case .opportunities: return "Opportunities"
        case .solutions: return "Solutions"
        case .backstage: return "Backstage"
        case .insights: return "Insights"
        case .notes: return "Notes"
        }
    }
}

public struct Lane: Equatable, Sendable {
    public var id: String
    public var journey: String
    /// Kept as text so an unknown kind is reported by `check`; see `laneKind`.
    public var kind: String
    public var title: String
    public var order: String
    public var extra: CodePointMap<JSONValue> = [:]
    public var loc = SourceLocation()
    public init(id: String, journey: String, kind: LaneKind, title: String? = nil, order: String) {
        self.id = id; self.journey = journey; self.kind = kind.rawValue
        self.title = title ?? kind.defaultTitle; self.order = order
    }
    public var laneKind: LaneKind? { LaneKind(rawValue: kind) }
}

extension Lane: BoardEntity {
    public static let entityKind = EntityKind.lanes
    public static let declaration = EntityDeclaration<Lane>("lane", [
        .string("journey", \.journey),
        .string("kind", \.kind),
        .string("title", \.title, required: true),
        .string("order", \.order, required: true),
    ])

    public init(decodingID id: String) { self.init(id: id, journey: "", kind: .notes, title: "", order: ""); kind = "" }
}

/// Statuses an opportunity or solution moves through.
public enum CardStatus: String, Sendable, CaseIterable {
    case idea, planned, inProgress = "in-progress", shipped, measured, parked
}

/// A merge that could not decide: kept in the file, shown on the board, resolved by a person.
public struct Conflict: Equatable, Sendable {
    /// Slash-separated path of the disputed value, e.g. `cards/cd_7hx2mcq4zt/text`,
    /// or `cards/cd_7hx2mcq4zt` for a whole entity deleted on one side and edited on the other.
    public var path: String
    public var base: JSONValue?
    public var ours: JSONValue?
    public var theirs: JSONValue?
    /// Names of the sides, e.g. ["ours": "main", "theirs": "feature/sms-eta"].
    public var labels: [String: String] = [:]
    public var extra: CodePointMap<JSONValue> = [:]
    public var loc = SourceLocation()
    public init(path: String, base: JSONValue?, ours: JSONValue?, theirs: JSONValue?, labels: [String: String] = [:]) {
        self.path = path; self.base = base; self.ours = ours; self.theirs = theirs; self.labels = labels
    }
}

public struct Board: Equatable, Sendable {
    public static let format = "journey-board"
    public static let schemaVersion = 1

    public var title: String
    public var heroMetrics: [String: HeroMetric] = [:]
    public var scoring = Scoring()
    public var personas: [String: Persona] = [:]
    public var journeys: [String: Journey] = [:]
    public var stages: [String: Stage] = [:]
    public var lanes: [String: Lane] = [:]
    public var cards = CardTable()
    public var conflicts: [Conflict] = []
    public var extra: CodePointMap<JSONValue> = [:]

    public init(title: String) { self.title = title }

    /// The default hero metrics: satisfaction (0–100, higher), effort (1–7, lower),
    /// engagement (0–100, higher), weight 1 each.
    public static var defaultHeroMetrics: [String: HeroMetric] {
        [
            "satisfaction": HeroMetric(id: "satisfaction", label: "Satisfaction", unit: "CSAT %", min: 0, max: 100, better: .higher, order: "a0"),
            "effort": HeroMetric(id: "effort", label: "Effort", unit: "CES 1–7", min: 1, max: 7, better: .lower, order: "a1"),
            "engagement": HeroMetric(id: "engagement", label: "Engagement", unit: "%", min: 0, max: 100, better: .higher, order: "a2"),
        ]
    }
}
