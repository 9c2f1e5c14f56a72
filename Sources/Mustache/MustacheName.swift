/// A tag's name: `.` for the current context, or dotted parts such as `order.customer.name`.
struct MustacheName: Sendable, Equatable {
    /// The name as written in the tag, without padding.
    let text: String
    /// The dotted parts; empty for the implicit iterator `.`.
    let parts: [String]

    /// Nil when the name is not `.` or non-empty parts joined by single dots.
    init?(_ text: String) {
        self.text = text
        if text == "." {
            parts = []
            return
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.contains(where: \.isEmpty) else { return nil }
        self.parts = parts.map(String.init)
    }

    var isImplicitIterator: Bool { parts.isEmpty }
}
