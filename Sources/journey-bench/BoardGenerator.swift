import JourneyKit


/// Realistic boards of any size: several journeys (one per ~2,500 cards, at least three), each
/// with 6–8 stages and the usual lanes; card texts of 20–200 characters, about one in seven in
/// Chinese (20–100 characters, as wide on a terminal as 40–200 Latin ones); touchpoints with channels, measured metrics and volumes; emotion values;
/// opportunities with impact, confidence, reach, cost, owners, votes and links to the pains
/// they address; solutions linked to opportunities; a few tags and unknown fields.
struct BoardGenerator {
    var rng: SeededGenerator
    private var usedIDs = Set<String>()

    init(seed: UInt64 = 0x6A6F75726E6579) { rng = SeededGenerator(seed: seed) }

    /// Card counts by size label: "1k" → 1,000, "10k" → 10,000, "2500" → 2,500.
    static func cardCount(_ label: String) -> Int? {
        let l = label.lowercased()
        if l.hasSuffix("k"), let n = Int(l.dropLast()) { return n * 1_000 }
        if l.hasSuffix("m"), let n = Int(l.dropLast()) { return n * 1_000_000 }
        return Int(l)
    }

    mutating func id(_ prefix: String) -> String {
        while true {
            let s = IDs.make(prefix, using: &rng)
            if usedIDs.insert(s).inserted { return s }
        }
    }

    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }

    static let laneKinds: [(LaneKind, String, weight: Int)] = [
        (.steps, "Customer steps", 14), (.touchpoints, "Touchpoints", 16), (.thoughts, "Thoughts & feelings", 10),
        (.emotion, "Emotion", 8), (.pains, "Pain points", 14), (.opportunities, "Opportunities", 16),
        (.solutions, "Solutions", 8), (.backstage, "Backstage", 8), (.insights, "Insights", 6),
    ]
    static let stageNames = ["Discover", "Compare", "Order", "Wait", "Install", "First use", "First bill", "Get help", "Renew", "Leave"]
    static let journeyNames = ["New customer gets connected", "Moving house", "Fault repair", "Upgrade to fibre",
                               "Bill shock", "Cancel and win back", "Add a mobile line", "Business onboarding"]
    static let words = ("customer technician order appointment window call agent app email text portal bill " +
        "router signal install visit delay refund credit plan contract upgrade porting number team survey " +
        "the a their our with after before during without again twice still never only quickly finally " +
        "waits asks checks books misses calls chases gets receives cancels confirms explains expects").split(separator: " ").map(String.init)
    static let chinese = ["会员", "门店", "小程序", "积分", "续费", "客服", "排队", "优惠券", "结账", "副卡",
                          "提醒", "权益", "退款", "配送", "到店", "扫码", "等待", "满意", "投诉", "升级"]
    static let channels = ["web", "app", "email", "sms", "phone", "store", "visit", "chat", "letter", "social"]
    static let owners = ["install squad", "billing squad", "care team", "digital team", "field ops", "network"]
    static let people = ["mei", "sam", "ana", "joe", "li", "priya", "tom", "eva"]
    static let statuses = ["idea", "planned", "in-progress", "shipped", "measured", "parked"]
    static let metricIDs = ["satisfaction", "effort", "engagement"]

    /// A text of 20–200 characters: English words, or (about one in seven) Chinese.
    mutating func text() -> String {
        let target = int(20...200)
        var s = ""
        if chance(0.14) { // 20–100 characters: 40–200 columns on a terminal
            let length = max(20, target / 2)
            while s.count < length { s += pick(Self.chinese) + (chance(0.2) ? "," : "") }
            return String(s.prefix(length - 1)) + "。"
        }
        while s.count < target {
            if !s.isEmpty { s += " " }
            s += pick(Self.words)
        }
        s = String(s.prefix(target))
        while s.hasSuffix(" ") { s.removeLast() }
        return s.prefix(1).uppercased() + s.dropFirst()
    }

    mutating func generate(cards total: Int, title: String? = nil) -> Board {
        var b = Board(title: title ?? "Generated board, \(Format.grouped(total)) cards")
        b.heroMetrics = Board.defaultHeroMetrics
        b.scoring = Scoring(gate: "any", votesPerParticipant: 5)
        let journeyCount = max(3, total / 2_500)
        var personaIDs: [String] = []
        for (n, k) in OrderKey.sequence(max(2, journeyCount / 4)).enumerated() {
            let pid = id("pe")
            b.personas[pid] = Persona(id: pid, name: "Persona \(n + 1)", description: text(), order: k)
            personaIDs.append(pid)
        }
        // cards per journey: spread evenly, the remainder to the first
        let journeyKeys = OrderKey.sequence(journeyCount)
        var cells: [(journey: String, stages: [String], lanes: [(String, LaneKind)])] = []
        for n in 0..<journeyCount {
            let jid = id("jr")
            var j = Journey(id: jid, title: Self.journeyNames[n % Self.journeyNames.count] + (n >= Self.journeyNames.count ? " \(n / Self.journeyNames.count + 1)" : ""),
                            persona: pick(personaIDs), state: chance(0.8) ? .current : .future, order: journeyKeys[n])
            j.metrics = ["satisfaction": Double(int(35...70)), "effort": Double(int(30...60)) / 10, "engagement": Double(int(20...60))]
            j.volume = Double(int(1_000...90_000))
            b.journeys[jid] = j
            var stageIDs: [String] = []
            let stageCount = int(6...8)
            for (s, k) in OrderKey.sequence(stageCount).enumerated() {
                let sid = id("st")
                b.stages[sid] = Stage(id: sid, journey: jid, title: Self.stageNames[(s + n) % Self.stageNames.count], order: k)
                stageIDs.append(sid)
            }
            var laneIDs: [(String, LaneKind)] = []
            for ((kind, t, _), k) in zip(Self.laneKinds, OrderKey.sequence(Self.laneKinds.count)) {
                let lid = id("ln")
                b.lanes[lid] = Lane(id: lid, journey: jid, kind: kind, title: t, order: k)
                laneIDs.append((lid, kind))
            }
            cells.append((jid, stageIDs, laneIDs))
        }
        let weightSum = Self.laneKinds.map(\.weight).reduce(0, +)
        var lastKey: [String: String] = [:] // cell → last order key used
        var pains: [String: [String]] = [:] // journey → pain card ids
        var opportunities: [String: [String]] = [:]
        for n in 0..<total {
            let cell = cells[n % journeyCount]
            // lane by weight
            var r = int(0...(weightSum - 1)), li = 0
            while r >= Self.laneKinds[li].weight { r -= Self.laneKinds[li].weight; li += 1 }
            let (lid, kind) = cell.lanes[li]
            let sid = pick(cell.stages)
            let cellKey = sid + lid
            let order = lastKey[cellKey].map { OrderKey.increment($0) } ?? OrderKey.first
            lastKey[cellKey] = order
            let cid = id("cd")
            var c = Card(id: cid, lane: lid, stage: sid, order: order, text: text())
            switch kind {
            case .touchpoints:
                c.channel = pick(Self.channels)
                c.metrics = ["satisfaction": Double(int(70...98)), "effort": Double(int(10...45)) / 10]
                if chance(0.5) { c.metrics["engagement"] = Double(int(20...90)) }
                c.volume = Double(int(50...20_000))
            case .emotion:
                c.value = Double(int(-2...2))
            case .pains:
                pains[cell.journey, default: []].append(cid)
                if chance(0.3) { c.tags = [pick(["billing", "install", "wait", "trust", "digital"])] }
            case .opportunities:
                for m in Self.metricIDs where chance(0.7) {
                    c.impact[m] = m == "effort" ? -Double(int(1...15)) / 10 : Double(int(1...15))
                }
                if chance(0.85) { c.confidence = Double(int(10...95)) }
                if chance(0.85) { c.reach = Double(int(5...100)) }
                if chance(0.9) { c.cost = Double(pick([1, 2, 3, 5, 8, 13])) }
                c.status = pick(Self.statuses)
                c.owner = pick(Self.owners)
                if let p = pains[cell.journey], !p.isEmpty {
                    for _ in 0..<int(1...2) { c.links.append(pick(p)) }
                    c.links = StringSet.normalized(c.links)
                }
                for _ in 0..<int(0...3) { c.votes[pick(Self.people)] = int(1...3) }
                opportunities[cell.journey, default: []].append(cid)
            case .solutions:
                c.status = pick(Self.statuses)
                c.owner = pick(Self.owners)
                if let o = opportunities[cell.journey], !o.isEmpty { c.links = [pick(o)] }
                if chance(0.3) { c.measured = ["satisfaction": Double(int(-3...9))] }
            case .insights:
                c.source = pick(["NPS verbatims", "call listening", "field survey", "app reviews", "客服工单"])
            default: break
            }
            if chance(0.15) { c.notes = text() }
            if chance(0.02) { c.extra["x-workshop"] = .object(["round": .number(Double(int(1...3))), "sticky": .string(pick(["yellow", "pink", "blue"]))]) }
            b.cards[cid] = c
        }
        return b
    }
}
