/// Starting points for `journey new` and the board picker.
public struct BoardTemplate: Sendable {
    public var name: String
    public var summary: String
    public var journeyTitle: String
    public var stages: [String]
    public var lanes: [(LaneKind, String)]

    static let defaultLanes: [(LaneKind, String)] = [
        (.steps, "Steps"), (.touchpoints, "Touchpoints"), (.emotion, "Emotion"),
        (.pains, "Pain points"), (.opportunities, "Opportunities"),
    ]

    public static let all: [BoardTemplate] = [
        BoardTemplate(name: "lifecycle", summary: "the customer lifecycle: Reach, Acquisition, Conversion, Retention, Loyalty",
                      journeyTitle: "Customer lifecycle",
                      stages: ["Reach", "Acquisition", "Conversion", "Retention", "Loyalty"], lanes: defaultLanes),
        BoardTemplate(name: "onboarding", summary: "a new customer gets going: Research, Order, Set up, First use, First bill, Support",
                      journeyTitle: "New customer onboarding",
                      stages: ["Research", "Order", "Set up", "First use", "First bill", "Support"], lanes: defaultLanes),
        BoardTemplate(name: "blueprint", summary: "a service blueprint: the default lanes plus Frontstage, Backstage and Support processes",
                      journeyTitle: "Service blueprint",
                      stages: ["Aware", "Join", "Use", "Get help", "Renew"],
                      lanes: defaultLanes + [(.touchpoints, "Frontstage"), (.backstage, "Backstage"), (.backstage, "Support processes")]),
        BoardTemplate(name: "support", summary: "problem resolution: Problem occurs, Seek help, Contact, Diagnose, Resolve, Follow-up",
                      journeyTitle: "Getting a problem solved",
                      stages: ["Problem occurs", "Seek help", "Contact", "Diagnose", "Resolve", "Follow-up"],
                      lanes: defaultLanes + [(.backstage, "Backstage")]),
        BoardTemplate(name: "blank", summary: "one journey with one stage and the default lanes",
                      journeyTitle: "Journey", stages: ["Stage 1"], lanes: defaultLanes),
    ]

    public static func named(_ name: String) -> BoardTemplate? { all.first { $0.name == name } }

    /// A new board from this template: one journey, its stages and lanes, the default hero
    /// metrics and a persona to fill in.
    public func makeBoard(title: String? = nil) -> Board {
        var b = Board(title: title ?? journeyTitle)
        b.heroMetrics = Board.defaultHeroMetrics
        let pe = IDs.persona()
        b.personas[pe] = Persona(id: pe, name: "Primary customer", description: "Who they are, what they want from this journey", order: OrderKey.first)
        let jr = IDs.journey()
        b.journeys[jr] = Journey(id: jr, title: journeyTitle, persona: pe, state: .current, order: OrderKey.first)
        for (t, k) in zip(stages, OrderKey.sequence(stages.count)) {
            let id = IDs.stage()
            b.stages[id] = Stage(id: id, journey: jr, title: t, order: k)
        }
        for ((kind, t), k) in zip(lanes, OrderKey.sequence(lanes.count)) {
            let id = IDs.lane()
            b.lanes[id] = Lane(id: id, journey: jr, kind: kind, title: t, order: k)
        }
        return b
    }
}
