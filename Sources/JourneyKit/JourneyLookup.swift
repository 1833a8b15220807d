/// Finding a journey by id or title, as the command line names it.
public enum JourneyLookup {
    /// The journey with this id, else the first whose title matches (exactly, then ignoring
    /// case); nil name: the first journey.
    public static func find(_ name: String?, in board: Board) -> String? {
        let js = board.orderedJourneys
        guard let name = name else { return js.first?.id }
        if board.journeys[name] != nil { return name }
        if let j = js.first(where: { $0.title == name }) { return j.id }
        return js.first { $0.title.lowercased() == name.lowercased() }?.id
    }
}
