import JourneyKit

/// A small board for merge tests: two journeys; J1 has stages S1, S2 and lanes L1 (touchpoints),
/// L2 (opportunities); J2 has stage S3 and lane L3. Cards C1–C4 in J1, C5 in J2.
public enum MergeFixture {
    public static func board() -> Board {
        var board = Board(title: "Fixture")
        board.heroMetrics = Board.defaultHeroMetrics
        board.personas["pe_0000000001"] = Persona(id: "pe_0000000001", name: "Busy parent", order: "a0")
        board.journeys["jr_0000000001"] = Journey(id: "jr_0000000001", title: "Get connected", persona: "pe_0000000001", order: "a0")
        board.journeys["jr_0000000002"] = Journey(id: "jr_0000000002", title: "Get help", order: "a1")
        board.stages["st_0000000001"] = Stage(id: "st_0000000001", journey: "jr_0000000001", title: "Order", order: "a0")
        board.stages["st_0000000002"] = Stage(id: "st_0000000002", journey: "jr_0000000001", title: "Install", order: "a1")
        board.stages["st_0000000003"] = Stage(id: "st_0000000003", journey: "jr_0000000002", title: "Call", order: "a0")
        board.lanes["ln_0000000001"] = Lane(id: "ln_0000000001", journey: "jr_0000000001", kind: .touchpoints, order: "a0")
        board.lanes["ln_0000000002"] = Lane(id: "ln_0000000002", journey: "jr_0000000001", kind: .opportunities, order: "a1")
        board.lanes["ln_0000000003"] = Lane(id: "ln_0000000003", journey: "jr_0000000002", kind: .pains, order: "a0")
        add(&board, "cd_0000000001", "st_0000000001", "ln_0000000001", "a0", "Order online")
        add(&board, "cd_0000000002", "st_0000000001", "ln_0000000001", "a1", "Confirmation email")
        add(&board, "cd_0000000003", "st_0000000002", "ln_0000000002", "a0", "SMS with technician ETA")
        add(&board, "cd_0000000004", "st_0000000002", "ln_0000000001", "a0", "Technician visit")
        add(&board, "cd_0000000005", "st_0000000003", "ln_0000000003", "a0", "Long wait on the phone")
        board.cards["cd_0000000003"]!.votes = ["mei": 1]
        board.cards["cd_0000000003"]!.tags = ["sms"]
        board.cards["cd_0000000003"]!.links = ["cd_0000000004"]
        board.cards["cd_0000000003"]!.impact = ["satisfaction": 5]
        return board
    }

    public static func add(_ board: inout Board, _ id: String, _ stage: String, _ lane: String, _ order: String, _ text: String) {
        board.cards[id] = Card(id: id, lane: lane, stage: stage, order: order, text: text)
    }

    /// Validator problems other than the conflict records themselves.
    public static func problems(_ board: Board) -> [String] {
        Validator.validate(board).map(\.message).filter { !$0.hasPrefix("unresolved merge conflict") }
    }

    /// The board as written and read back (what a file would hold).
    public static func roundTrip(_ board: Board) throws -> Board { try BoardCodec.read(BoardCodec.write(board)) }
}
