/// The resolved view as JSON, for scripts and agents (`journey export --format json`):
/// canonical text (sorted keys, 2-space indent), board text as it is (JSON escapes what it
/// must; printing it to a terminal goes through `DisplayText.terminalSafeJSON`).
///
/// ```
/// { "format": "journey-export", "version": 1, "title", "gate", "votesHidden",
///   "heroMetrics": [ { id, label, unit, min, max, better, weight } ],
///   "journeys": [ { id, title, state, variantOf, persona: { id, name, description } | null,
///       metrics: { METRIC: value },
///       stages: [ { id, title, position, emotion, emotionCards, touchpoints: { METRIC: mean | null } } ],
///       lanes: [ { id, title, kind, cells: [ { stage, cards: [ CARD ] } ] } ],
///       comparison: [ { metric, label, better, journey, touchpoints, gap, scaledGap, touchpointCards, cardsWithoutVolume } ],
///       opportunities: [ { rank, id, text, stage, stageTitle, value, confidence, reach, cost, cxScore, priority,
///                          passesGate, valid, problems, incomplete, votes, status, measuredCxScore,
///                          terms: [ { metric, impact, improvement, weight, contribution } ] } ] } ] }
/// CARD = { id, kind, text, notes, channel, owner, tags, status, value, emotion, metrics, volume,
///          impact, confidence, reach, cost, measured, source, links, votes,
///          comments: [ { id, author, time, text, resolved } ] }   (oldest first)
/// ```
/// Absent values are `null` (maps `{}`, lists `[]`); `votes` is `null` when votes are hidden.
public enum ExportJSON {
    public static let format = "journey-export"
    public static let version = 1

    public static func render(_ view: ExportView) -> String {
        document(view).canonicalText + "\n"
    }

    public static func document(_ view: ExportView) -> JSONValue {
        .object([
            "format": .string(format),
            "version": .number(Double(version)),
            "title": .string(view.title),
            "gate": .string(view.gate.rawValue),
            "votesHidden": .bool(view.votesHidden),
            "heroMetrics": .array(view.heroMetrics.map { m in
                .object(["id": .string(m.id), "label": .string(m.label), "unit": .string(m.unit),
                         "min": .number(m.min), "max": .number(m.max), "better": .string(m.better),
                         "weight": .number(m.weight)])
            }),
            "journeys": .array(view.journeys.map(journey)),
        ])
    }

    static func journey(_ j: ExportView.JourneyView) -> JSONValue {
        .object([
            "id": .string(j.id),
            "title": .string(j.title),
            "state": .string(j.state),
            "variantOf": string(j.variantOf),
            "persona": j.persona.map { .object(["id": .string($0.id), "name": .string($0.name), "description": .string($0.description)]) } ?? .null,
            "metrics": numbers(j.metrics),
            "stages": .array(j.stages.map { s in
                var means: CodePointMap<JSONValue> = [:]
                for (metric, mean) in s.touchpoints { means[metric] = rounded(mean) }
                return .object(["id": .string(s.id), "title": .string(s.title), "position": .number(Double(s.position)),
                                "emotion": rounded(s.emotion), "emotionCards": .number(Double(s.emotionCards)),
                                "touchpoints": .object(means)])
            }),
            "lanes": .array(j.lanes.map { lane in
                .object(["id": .string(lane.id), "title": .string(lane.title), "kind": .string(lane.kind),
                         "cells": .array(zip(j.stages, lane.cells).map { stage, cards in
                             .object(["stage": .string(stage.id), "cards": .array(cards.map(card))])
                         })])
            }),
            "comparison": .array(j.comparison.metrics.map { m in
                .object(["metric": .string(m.metric), "label": .string(m.label), "better": .string(m.better),
                         "journey": optional(m.journey), "touchpoints": rounded(m.touchpoints), "gap": rounded(m.gap),
                         "scaledGap": rounded(m.scaledGap), "touchpointCards": .number(Double(m.touchpointCards)),
                         "cardsWithoutVolume": .number(Double(m.cardsWithoutVolume))])
            }),
            "opportunities": .array(j.opportunities.map(opportunity)),
        ])
    }

    static func card(_ c: ExportView.CardView) -> JSONValue {
        .object([
            "id": .string(c.id), "kind": .string(c.kind), "text": .string(c.text),
            "notes": string(c.notes), "channel": string(c.channel), "owner": string(c.owner),
            "tags": .array(c.tags.map { .string($0) }), "status": string(c.status),
            "value": optional(c.value), "emotion": optional(c.emotion),
            "metrics": numbers(c.metrics), "volume": optional(c.volume),
            "impact": numbers(c.impact), "confidence": optional(c.confidence), "reach": optional(c.reach),
            "cost": optional(c.cost), "measured": numbers(c.measured), "source": string(c.source),
            "links": .array(c.links.map { .string($0) }),
            "votes": c.votes.map { .number(Double($0)) } ?? .null,
            "comments": .array(c.comments.map { m in
                .object(["id": .string(m.id), "author": .string(m.author), "time": .string(m.time),
                         "text": .string(m.text), "resolved": .bool(m.resolved)])
            }),
        ])
    }

    static func opportunity(_ o: ExportView.Opportunity) -> JSONValue {
        let s = o.score
        return .object([
            "rank": .number(Double(o.rank)), "id": .string(s.card), "text": .string(s.text),
            "stage": .string(s.stage), "stageTitle": .string(o.stageTitle),
            "value": rounded(s.value), "confidence": .number(s.confidence), "reach": .number(s.reach),
            "cost": rounded(s.cost), "costIsDefault": .bool(s.costIsDefault),
            "cxScore": rounded(s.cxScore), "priority": rounded(s.priority),
            "passesGate": .bool(s.passesGate), "valid": .bool(s.isValid),
            "problems": .array(s.problems.map { .string($0) }),
            "incomplete": .array(s.incomplete.map { .string($0) }),
            "votes": o.votes.map { .number(Double($0)) } ?? .null,
            "status": string(s.status), "measuredCxScore": rounded(s.measuredCxScore),
            "terms": .array(s.terms.map { t in
                .object(["metric": .string(t.metric), "impact": optional(t.impact), "improvement": rounded(t.improvement),
                         "weight": .number(t.weight), "contribution": rounded(t.contribution)])
            }),
        ])
    }

    static func string(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
    static func optional(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
    static func rounded(_ v: Double?) -> JSONValue { v.map { .number(CXScore.rounded($0)) } ?? .null }
    static func numbers(_ map: [String: Double]) -> JSONValue { .object(CodePointMap(map.mapValues { .number($0) })) }
}
