/// Writing entities straight into canonical text: each known field written by the entity in
/// code-point order of the names, merged with the unknown fields kept in `extra` — the same
/// bytes as writing `allFields()` as a JSON object, without making a JSONValue per field.
/// (`RoundTripTests` compare both ways on random boards.)
protocol FieldWritable: BoardEntity {
    /// The names of the known fields, in code-point order.
    static var writeOrder: [String] { get }
    /// Is field `i` of `writeOrder` set (written)?
    func has(_ i: Int) -> Bool
    /// Writes the value of field `i` of `writeOrder` (set).
    func writeValue(_ i: Int, _ w: inout CanonicalJSON, indent: Int)
}

extension CanonicalJSON {
    /// `,` unless first, then the line break, `"name": `.
    @inline(__always)
    mutating func key(_ name: String, first: inout Bool, indent: Int) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        newline(indent)
        writeString(name)
        bytes.append(UInt8(ascii: ":")); bytes.append(0x20)
    }

    mutating func writeEntity<E: FieldWritable>(_ e: E, indent: Int) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        let order = E.writeOrder
        // unknown fields, less any that a set known field of the same name replaces
        var extras: [String] = []
        if !e.extra.isEmpty {
            extras = e.extra.keys.filter { k in
                guard let i = order.firstIndex(of: k) else { return true }
                return !e.has(i)
            }.sorted(by: CanonicalJSON.keyPrecedes)
        }
        var x = 0
        for i in 0..<order.count {
            while x < extras.count && !CanonicalJSON.keyPrecedes(order[i], extras[x]) {
                key(extras[x], first: &first, indent: indent + 1)
                write(e.extra[extras[x]]!, indent: indent + 1)
                x += 1
            }
            if e.has(i) {
                key(order[i], first: &first, indent: indent + 1)
                writeValue(e, i, indent: indent + 1)
            }
        }
        while x < extras.count {
            key(extras[x], first: &first, indent: indent + 1)
            write(e.extra[extras[x]]!, indent: indent + 1)
            x += 1
        }
        if first { bytes.append(UInt8(ascii: "}")); return } // nothing set: {}
        newline(indent)
        bytes.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    mutating func writeValue<E: FieldWritable>(_ e: E, _ i: Int, indent: Int) { e.writeValue(i, &self, indent: indent) }

    /// A map of numbers, keys in code-point order.
    mutating func writeNumbers<N>(_ m: [String: N], indent: Int, _ number: (N) -> Double) {
        if m.isEmpty { append("{}"); return }
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for k in m.keys.sorted(by: CanonicalJSON.keyPrecedes) {
            key(k, first: &first, indent: indent + 1)
            writeNumber(number(m[k]!))
        }
        newline(indent)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A set of strings, as its canonical array.
    mutating func writeSet(_ a: [String], indent: Int) {
        let s = StringSet.normalized(a)
        if s.isEmpty { append("[]"); return }
        bytes.append(UInt8(ascii: "["))
        for (n, e) in s.enumerated() {
            if n > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            writeString(e)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "]"))
    }
}

extension HeroMetric: FieldWritable {
    static let writeOrder = ["better", "label", "max", "min", "order", "unit", "weight"]
    func has(_ i: Int) -> Bool { true }
    func writeValue(_ i: Int, _ w: inout CanonicalJSON, indent: Int) {
        switch i {
        case 0: w.writeString(better)
        case 1: w.writeString(label)
        case 2: w.writeNumber(max)
        case 3: w.writeNumber(min)
        case 4: w.writeString(order)
        case 5: w.writeString(unit)
        default: w.writeNumber(weight)
        }
    }
}

extension Persona: FieldWritable {
    static let writeOrder = ["description", "name", "order"]
    func has(_ i: Int) -> Bool { i != 0 || !description.isEmpty }
    func writeValue(_ i: Int, _ w: inout CanonicalJSON, indent: Int) {
        switch i {
        case 0: w.writeString(description)
        case 1: w.writeString(name)
        default: w.writeString(order)
        }
    }
}

extension Journey: FieldWritable {
    static let writeOrder = ["metrics", "order", "persona", "state", "title", "volume"]
    func has(_ i: Int) -> Bool {
        switch i {
        case 0: return !metrics.isEmpty
        case 2: return persona != nil
        case 5: return volume != nil
        default: return true
        }
    }
    func writeValue(_ i: Int, _ w: inout CanonicalJSON, indent: Int) {
        switch i {
        case 0: w.writeNumbers(metrics, indent: indent) { $0 }
        case 1: w.writeString(order)
        case 2: w.writeString(persona!)
        case 3: w.writeString(state)
        case 4: w.writeString(title)
        default: w.writeNumber(volume!)
        }
    }
}

extension Stage: FieldWritable {
    static let writeOrder = ["journey", "order", "title"]
    func has(_ i: Int) -> Bool { true }
    func writeValue(_ i: Int, _ w: inout CanonicalJSON, indent: Int) {
        switch i {
        case 0: w.writeString(journey)
        case 1: w.writeString(order)
        default: w.writeString(title)
        }
    }
}

extension Lane: FieldWritable {
    static let writeOrder = ["journey", "kind", "order", "title"]
    func has(_ i: Int) -> Bool { true }
    func writeValue(_ i: Int, _ w: inout CanonicalJSON, indent: Int) {
        switch i {
        case 0: w.writeString(journey)
        case 1: w.writeString(kind)
        case 2: w.writeString(order)
        default: w.writeString(title)
        }
    }
}

extension Card: FieldWritable {
    static let writeOrder = ["channel", "confidence", "cost", "impact", "lane", "links", "measured", "metrics", "notes", "order",
                             "owner", "reach", "source", "stage", "status", "tags", "text", "value", "volume", "votes"]
    func has(_ i: Int) -> Bool {
        switch i {
        case 0: return channel != nil
        case 1: return confidence != nil
        case 2: return cost != nil
        case 3: return !impact.isEmpty
        case 5: return !links.isEmpty
        case 6: return !measured.isEmpty
        case 7: return !metrics.isEmpty
        case 8: return notes != nil
        case 10: return owner != nil
        case 11: return reach != nil
        case 12: return source != nil
        case 14: return status != nil
        case 15: return !tags.isEmpty
        case 17: return value != nil
        case 18: return volume != nil
        case 19: return !votes.isEmpty
        default: return true // lane, order, stage, text
        }
    }
    func writeValue(_ i: Int, _ w: inout CanonicalJSON, indent: Int) {
        switch i {
        case 0: w.writeString(channel!)
        case 1: w.writeNumber(confidence!)
        case 2: w.writeNumber(cost!)
        case 3: w.writeNumbers(impact, indent: indent) { $0 }
        case 4: w.writeString(lane)
        case 5: w.writeSet(links, indent: indent)
        case 6: w.writeNumbers(measured, indent: indent) { $0 }
        case 7: w.writeNumbers(metrics, indent: indent) { $0 }
        case 8: w.writeString(notes!)
        case 9: w.writeString(order)
        case 10: w.writeString(owner!)
        case 11: w.writeNumber(reach!)
        case 12: w.writeString(source!)
        case 13: w.writeString(stage)
        case 14: w.writeString(status!)
        case 15: w.writeSet(tags, indent: indent)
        case 16: w.writeString(text)
        case 17: w.writeNumber(value!)
        case 18: w.writeNumber(volume!)
        default: w.writeNumbers(votes, indent: indent) { Double($0) }
        }
    }
}
