import Foundation

/// The spread of repeated measurements of one quantity: median, 10th and 90th percentiles,
/// minimum and maximum. Percentiles interpolate linearly between the two nearest samples.
struct Summary: Sendable {
    var count: Int
    var minimum: Double
    var p10: Double
    var median: Double
    var p90: Double
    var maximum: Double

    /// `nil` when there are no samples.
    init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double {
            let position = p * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
        count = sorted.count
        minimum = sorted[0]
        p10 = percentile(0.10)
        median = percentile(0.50)
        p90 = percentile(0.90)
        maximum = sorted[sorted.count - 1]
    }

    /// Durations in milliseconds.
    init?(_ durations: [Duration]) {
        self.init(durations.map(\.milliseconds))
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
