extension String {
    /// The first `maximumLength` characters and `…` when longer: how a producer's value is quoted
    /// back in an error, so that no answer or log line grows with what was sent.
    func shortened(to maximumLength: Int) -> String {
        count > maximumLength ? prefix(maximumLength) + "…" : self
    }
}
