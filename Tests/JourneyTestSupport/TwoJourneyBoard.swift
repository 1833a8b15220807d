import JourneyKit

/// A small board with fixed ids: one journey, three stages, three lanes, a few cards;
/// and a second journey, so switching and cross-journey search can be tested.
extension Fixture {
    public static func twoJourneyBoard() -> Board {
        var board = Board(title: "Test board")
        board.heroMetrics = Board.defaultHeroMetrics
        board.personas["pe_1"] = Persona(id: "pe_1", name: "Ana", order: "a0")
        board.journeys["jr_1"] = Journey(id: "jr_1", title: "Get connected", persona: "pe_1", order: "a0")
        board.journeys["jr_2"] = Journey(id: "jr_2", title: "Get help", order: "a1")
        for (index, title) in ["Order", "Install", "Use"].enumerated() {
            board.stages["st_\(index)"] = Stage(id: "st_\(index)", journey: "jr_1", title: title, order: "a\(index)")
        }
        board.stages["st_h"] = Stage(id: "st_h", journey: "jr_2", title: "Call", order: "a0")
        board.lanes["ln_steps"] = Lane(id: "ln_steps", journey: "jr_1", kind: .steps, order: "a0")
        board.lanes["ln_emo"] = Lane(id: "ln_emo", journey: "jr_1", kind: .emotion, order: "a1")
        board.lanes["ln_pain"] = Lane(id: "ln_pain", journey: "jr_1", kind: .pains, order: "a2")
        board.lanes["ln_h"] = Lane(id: "ln_h", journey: "jr_2", kind: .steps, order: "a0")
        func card(_ id: String, _ stage: String, _ lane: String, _ order: String, _ text: String) {
            board.cards[id] = Card(id: id, lane: lane, stage: stage, order: order, text: text)
        }
        card("cd_a", "st_0", "ln_steps", "a0", "Orders online")
        card("cd_b", "st_0", "ln_steps", "a1", "Gets a confirmation email")
        card("cd_c", "st_1", "ln_steps", "a0", "Waits for the technician")
        card("cd_e", "st_0", "ln_emo", "a0", "Hopeful")
        board.cards["cd_e"]!.value = 1
        card("cd_p", "st_1", "ln_pain", "a0", "Five-hour window")
        card("cd_o", "st_1", "ln_pain", "a1", "Nobody says when")
        board.cards["cd_o"]!.links = ["cd_p"]
        card("cd_h", "st_h", "ln_h", "a0", "Calls about the router")
        return board
    }
}
