/// The maps of entities a board holds, keyed by id. The raw value is the map's name in the file
/// and in conflict paths (`cards/cd_x/text`). Code that treats every map alike (reading,
/// writing, merge, diff, textconv, conflict resolution) goes through `visit`, so a new entity
/// is one case here, one line in `visit`'s switch, and whatever the compiler then asks for.
public enum EntityKind: String, CaseIterable, Sendable {
    // in the order diff and textconv list them
    case journeys, personas, stages, lanes, cards, heroMetrics

    /// The entity type kept in this map.
    public var entityType: any BoardEntity.Type {
        struct TypeOfMap: EntityMapVisitor {
            func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) -> any BoardEntity.Type
                where M.Entity: BoardEntity { M.Entity.self }
        }
        var visitor = TypeOfMap()
        return visit(&visitor)
    }

    /// What one entity is called in messages ("hero metric").
    public var singular: String { entityType.kindName }

    /// What several are called in messages ("hero metrics").
    public var plural: String { singular + "s" }

    /// The fields that give an entity of this kind its place (they merge as one unit).
    public var placeFields: [String] { entityType.placeFields }

    /// How the field `name` of an entity of this kind merges.
    public func merge(of name: String) -> FieldMerge { entityType.merge(of: name) }

    /// Hands `visitor` this kind's map of a board, typed.
    public func visit<V: EntityMapVisitor>(_ visitor: inout V) throws(V.Failure) -> V.Result {
        switch self {
        case .journeys: return try visitor.visit(self, \Board.journeys)
        case .personas: return try visitor.visit(self, \Board.personas)
        case .stages: return try visitor.visit(self, \Board.stages)
        case .lanes: return try visitor.visit(self, \Board.lanes)
        case .cards: return try visitor.visit(self, \Board.cards)
        case .heroMetrics: return try visitor.visit(self, \Board.heroMetrics)
        }
    }
}

/// Something done to one map of entities of a board, whatever the entity's type.
public protocol EntityMapVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) throws(Failure) -> Result
        where M.Entity: BoardEntity
}
