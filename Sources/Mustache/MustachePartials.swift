/// Where `{{> name}}` finds the template to include.
public protocol MustachePartials {
    /// The partial called `name`, or nil when there is none.
    func partial(named name: String) -> MustacheTemplate?
}

extension Dictionary: MustachePartials where Key == String, Value == MustacheTemplate {
    public func partial(named name: String) -> MustacheTemplate? {
        self[name]
    }
}
