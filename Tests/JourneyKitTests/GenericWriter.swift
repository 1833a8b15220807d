@testable import JourneyKit

/// The board as the generic JSON writer writes it (every entity through its `jsonObject`, the
/// top level as one canonical object): what `BoardCodec.write`'s fast path must equal byte for byte.
func writtenGenerically(_ board: Board) -> [UInt8] {
    var top = board.extra
    top["cards"] = .object(CodePointMap(board.cards.mapValues(\.jsonObject)))
    top["conflicts"] = .array(board.conflicts.map(\.jsonObject))
    top["format"] = .string(Board.format)
    top["heroMetrics"] = .object(CodePointMap(board.heroMetrics.mapValues(\.jsonObject)))
    top["journeys"] = .object(CodePointMap(board.journeys.mapValues(\.jsonObject)))
    top["lanes"] = .object(CodePointMap(board.lanes.mapValues(\.jsonObject)))
    top["personas"] = .object(CodePointMap(board.personas.mapValues(\.jsonObject)))
    top["schemaVersion"] = 1
    var scoring = board.scoring.extra
    scoring["gate"] = .string(board.scoring.gate)
    scoring["votesPerParticipant"] = .number(Double(board.scoring.votesPerParticipant))
    top["scoring"] = .object(scoring)
    top["stages"] = .object(CodePointMap(board.stages.mapValues(\.jsonObject)))
    top["title"] = .string(board.title)
    var w = CanonicalJSON()
    w.write(.object(top), indent: 0)
    return w.bytes + [0x0A]
}
