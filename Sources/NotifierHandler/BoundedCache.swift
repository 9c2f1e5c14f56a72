/// A dictionary with bounds: at most `maximumCount` entries whose costs (e.g. bytes) add up to at
/// most `maximumCost`. Storing past either bound evicts the entries stored longest ago first, so
/// that keys chosen by whoever sends the messages can never make it grow without end.
struct BoundedCache<Value> {
    let maximumCount: Int
    let maximumCost: Int
    private var entries: [String: Entry] = [:]
    /// Keys in the order stored; an item whose generation no longer matches its entry is stale.
    private var order: [(key: String, generation: Int)] = []
    private var oldest = 0
    private var nextGeneration = 0
    /// The costs of the entries held, added up.
    private(set) var totalCost = 0

    private struct Entry {
        var value: Value
        var cost: Int
        var generation: Int
    }

    init(maximumCount: Int, maximumCost: Int) {
        self.maximumCount = maximumCount
        self.maximumCost = maximumCost
    }

    var count: Int { entries.count }

    subscript(key: String) -> Value? {
        entries[key]?.value
    }

    /// Stores `value` under `key` as the newest entry, then evicts the oldest until both bounds
    /// hold. A value costing more than `maximumCost` on its own is not kept.
    mutating func store(_ value: Value, for key: String, cost: Int) {
        removeValue(for: key)
        guard cost <= maximumCost else { return }
        entries[key] = Entry(value: value, cost: cost, generation: nextGeneration)
        order.append((key, nextGeneration))
        nextGeneration += 1
        totalCost += cost
        while entries.count > maximumCount || totalCost > maximumCost {
            evictOldest()
        }
        if order.count - oldest > 2 * maximumCount + 64 { compact() }
    }

    /// Changes the value kept under `key`, if any, without making it newer.
    mutating func update(_ key: String, _ change: (inout Value) -> Void) {
        guard var entry = entries[key] else { return }
        change(&entry.value)
        entries[key] = entry
    }

    mutating func removeValue(for key: String) {
        if let entry = entries.removeValue(forKey: key) {
            totalCost -= entry.cost
        }
    }

    private mutating func evictOldest() {
        while oldest < order.count {
            let (key, generation) = order[oldest]
            oldest += 1
            if let entry = entries[key], entry.generation == generation {
                entries[key] = nil
                totalCost -= entry.cost
                return
            }
        }
    }

    /// Drops the stale items of `order`, which re-stored keys leave behind.
    private mutating func compact() {
        order = order[oldest...].filter { entries[$0.key]?.generation == $0.generation }
        oldest = 0
    }
}
