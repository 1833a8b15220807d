/// The board as CSV, one record per card, for spreadsheets and backlog tools
/// (`journey export --format csv`). Journeys, lanes, stages and cards in the view's order.
///
/// Columns: `id, journey, stage, stage_position, lane, kind, text, notes, channel, owner, tags,
/// status, emotion, votes, links, source, comments`, then `metric:ID` per hero metric (a touchpoint's
/// measured value) and `volume`, then for opportunities `impact:ID` per hero metric (the card's
/// own, empty when missing), `confidence, reach, cost` as scored (defaults filled in),
/// `cx_score, priority, rank` (rank within the journey), then `journey_id, stage_id, lane_id`.
/// Tags are joined with `;`, links with a space; votes are empty when hidden; comments are
/// "author: text" oldest first, joined with `; ` (a resolved one starts "(resolved) ").
///
/// RFC 4180 through `CSVText` (quoted when needed, CR LF, control characters sanitised, a line
/// break inside a value becomes a space); every piece of board text is `CSVText.formulaSafe`, so
/// no cell starts a formula. `excel: true` starts the text with a UTF-8 byte-order mark, which
/// Excel needs to read UTF-8 (Chinese text) correctly; the records end in CR LF either way.
public enum ExportCSV {
    public static let byteOrderMark = "\u{FEFF}"

    public static func header(_ view: ExportView) -> [String] {
        let ids = view.heroMetrics.map(\.id)
        return ["id", "journey", "stage", "stage_position", "lane", "kind", "text", "notes", "channel", "owner",
                "tags", "status", "emotion", "votes", "links", "source", "comments"]
            + ids.map { "metric:" + $0 } + ["volume"]
            + ids.map { "impact:" + $0 } + ["confidence", "reach", "cost", "cx_score", "priority", "rank",
                                             "journey_id", "stage_id", "lane_id"]
    }

    public static func render(_ view: ExportView, excel: Bool = false) -> String {
        let ids = view.heroMetrics.map(\.id)
        func number(_ v: Double?) -> String { v.map { CanonicalJSON.numberText(CXScore.rounded($0)) } ?? "" }
        func text(_ v: String?) -> String { CSVText.formulaSafe(v ?? "") }
        var records = [CSVText.record(header(view).map(text))]
        for journey in view.journeys {
            let opportunities = Dictionary(journey.opportunities.map { ($0.score.card, $0) }, uniquingKeysWith: { a, _ in a })
            for lane in journey.lanes {
                for (i, stage) in journey.stages.enumerated() {
                    for card in lane.cells[i] {
                        var fields = [text(card.id), text(journey.title), text(stage.title), String(stage.position),
                                      text(lane.title), text(card.kind), text(card.text), text(card.notes),
                                      text(card.channel), text(card.owner), text(card.tags.joined(separator: ";")),
                                      text(card.status), number(card.emotion), card.votes.map(String.init) ?? "",
                                      text(card.links.joined(separator: " ")), text(card.source), text(commentsText(card))]
                        fields += ids.map { number(card.metrics[$0]) } + [number(card.volume)]
                        if let o = opportunities[card.id] {
                            let s = o.score
                            fields += ids.map { number(card.impact[$0]) }
                            fields += [number(s.confidence), number(s.reach), number(s.cost), number(s.cxScore),
                                       number(s.priority), String(o.rank)]
                        } else {
                            fields += ids.map { number(card.impact[$0]) } + ["", "", "", "", "", ""]
                        }
                        fields += [text(journey.id), text(stage.id), text(lane.id)]
                        records.append(CSVText.record(fields))
                    }
                }
            }
        }
        return (excel ? byteOrderMark : "") + CSVText.document(records)
    }

    /// A card's thread in one cell: "ana: text; ben: text".
    static func commentsText(_ card: ExportView.CardView) -> String {
        card.comments.map { ($0.resolved ? "(resolved) " : "") + "\($0.author): \($0.text)" }.joined(separator: "; ")
    }
}
