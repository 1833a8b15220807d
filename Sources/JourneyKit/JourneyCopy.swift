/// A copy of a journey as a variant of it (`:journey add TITLE --from JOURNEY`): its stages,
/// lanes and cards with new ids, cards in the copied stages and lanes, links between the
/// copied cards pointing at the copies (links to cards outside the journey kept), votes left
/// behind. The copy names its source in `extra["variantOf"]`, which `:compare` pairs it by,
/// and sorts right after it.
public enum JourneyCopy {
    /// The new journey's id and the edit that adds the copy (one edit: one undo removes it all);
    /// nil when `board` has no journey `source`. `index` is the board's cells, when the caller
    /// keeps them (an open board does); without it they are worked out here.
    public static func edit(copying source: String, in board: Board, index: CellIndex? = nil,
                            title: String, state: JourneyState) -> (journey: String, edit: BoardEdit)? {
        guard let sourceJourney = board.journeys[source] else { return nil }
        let index = index ?? CellIndex(board)
        let nextJourney = board.orderedJourneys.first {
            orderPrecedes(sourceJourney.order, sourceJourney.id, $0.order, $0.id)
        }
        var journey = Journey(id: IDs.journey(), title: title, persona: sourceJourney.persona, state: state,
                              order: OrderKey.between(sourceJourney.order, nextJourney?.order))
        journey.extra["variantOf"] = .string(sourceJourney.id)
        var changes: [BoardChange] = [.journey(journey.id, nil, journey)]
        var stageMap: [String: String] = [:], laneMap: [String: String] = [:], cardMap: [String: String] = [:]
        let stages = board.stages(of: sourceJourney.id), lanes = board.lanes(of: sourceJourney.id)
        for stage in stages {
            let copy = Stage(id: IDs.stage(), journey: journey.id, title: stage.title, order: stage.order)
            stageMap[stage.id] = copy.id
            changes.append(.stage(copy.id, nil, copy))
        }
        for lane in lanes {
            var copy = lane
            copy.id = IDs.lane(); copy.journey = journey.id; copy.loc = SourceLocation()
            laneMap[lane.id] = copy.id
            changes.append(.lane(copy.id, nil, copy))
        }
        let cards = stages.flatMap { stage in lanes.flatMap { lane in index.ids(stage: stage.id, lane: lane.id) } }
        for id in cards { cardMap[id] = IDs.card() }
        for id in cards {
            guard var card = board.cards[id] else { continue }
            card.id = cardMap[id]!
            card.stage = stageMap[card.stage] ?? card.stage
            card.lane = laneMap[card.lane] ?? card.lane
            card.links = StringSet.normalized(card.links.map { cardMap[$0] ?? $0 })
            card.votes = [:]; card.loc = SourceLocation()
            changes.append(.card(card.id, nil, card))
        }
        return (journey.id, BoardEdit("copy journey", changes))
    }
}
