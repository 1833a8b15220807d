/// Writing entities straight into canonical text: the known fields set, in code-point order of
/// their names (`EntityDeclaration.writeOrder`), merged with the unknown fields kept in `extra`
/// — the same bytes as writing `allFields()` as a JSON object, without making a JSONValue per
/// field. (`RoundTripTests` compare both ways on random boards.)
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

    mutating func writeEntity<E: DeclaredFields>(_ entity: E, indent: Int) {
        let declaration = E.declaration
        let order = declaration.writeOrder, names = declaration.writeNames
        entity.withStoredFields { base in
            bytes.append(UInt8(ascii: "{"))
            var first = true
            // unknown fields, less any that a set known field of the same name replaces
            var extras: [String] = []
            if !entity.extra.isEmpty {
                extras = entity.extra.keys.filter { name in
                    guard let position = names.firstIndex(of: name) else { return true }
                    return !declaration.isSet(order[position], base)
                }.sorted(by: CanonicalJSON.keyPrecedes)
            }
            var nextExtra = 0
            for position in 0..<order.count {
                while nextExtra < extras.count && !CanonicalJSON.keyPrecedes(names[position], extras[nextExtra]) {
                    key(extras[nextExtra], first: &first, indent: indent + 1)
                    write(entity.extra[extras[nextExtra]]!, indent: indent + 1)
                    nextExtra += 1
                }
                if declaration.isSet(order[position], base) {
                    key(names[position], first: &first, indent: indent + 1)
                    declaration.write(order[position], base, &self, indent: indent + 1)
                }
            }
            while nextExtra < extras.count {
                key(extras[nextExtra], first: &first, indent: indent + 1)
                write(entity.extra[extras[nextExtra]]!, indent: indent + 1)
                nextExtra += 1
            }
            if first { bytes.append(UInt8(ascii: "}")); return } // nothing set: {}
            newline(indent)
            bytes.append(UInt8(ascii: "}"))
        }
    }

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

    /// Numbers by code-point key, in code-point order of the keys.
    mutating func writeNumbers<N>(_ m: CodePointMap<N>, indent: Int, _ number: (N) -> Double) {
        if m.isEmpty { append("{}"); return }
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for k in m.storage.keys.sorted() {
            key(k.string, first: &first, indent: indent + 1)
            writeNumber(number(m.storage[k]!))
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
