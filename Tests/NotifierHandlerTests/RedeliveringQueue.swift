import Foundation

/// An SQS standard queue with one consumer, as the load test plays it. Batches are handed out in
/// order. After a batch, the records its invocation reported failed become visible again one
/// visibility timeout after the batch was handed out — and all of its records do when the batch is
/// redelivered in full, as SQS does when a batch's records are not deleted before the timeout. A
/// record that has been received `maxReceiveCount` times and is due again goes to the dead-letter
/// queue instead (the redrive policy of `template.yaml`).
///
/// Records are tokens: the record's SQS message id, the same on every redelivery.
struct RedeliveringQueue {
    let visibilityTimeout: Duration
    let maxReceiveCount: Int

    /// Batches never handed out, in order.
    private var fresh: ArraySlice<[String]>
    /// Records due again, by when they become visible, earliest first.
    private var redeliveries: [(visibleAt: ContinuousClock.Instant, tokens: [String])] = []
    /// How many times each record was handed out.
    private(set) var receives: [String: Int] = [:]
    /// Records moved to the dead-letter queue, in order.
    private(set) var deadLettered: [String] = []
    /// Time spent waiting for a redelivery to become visible, with nothing else to hand out.
    private(set) var waited: Duration = .zero

    init(batches: [[String]], visibilityTimeout: Duration, maxReceiveCount: Int) {
        fresh = batches[...]
        self.visibilityTimeout = visibilityTimeout
        self.maxReceiveCount = maxReceiveCount
    }

    /// The next batch: a redelivery already visible, else a batch never handed out, else the
    /// earliest redelivery once it is visible (waiting for it); `nil` when the queue is empty.
    mutating func next() -> [String]? {
        let now = ContinuousClock.now
        let batch: [String]
        if let first = redeliveries.first, first.visibleAt <= now || fresh.isEmpty {
            if first.visibleAt > now {
                Thread.sleep(forTimeInterval: now.duration(to: first.visibleAt).secondsValue)
                waited += now.duration(to: .now)
            }
            batch = redeliveries.removeFirst().tokens
        } else if let first = fresh.popFirst() {
            batch = first
        } else {
            return nil
        }
        for token in batch { receives[token, default: 0] += 1 }
        return batch
    }

    /// What became of `batch`, handed out at `handedOut`: the records its invocation reported
    /// failed are due again, or all of them when `redeliverAll`.
    mutating func settle(_ batch: [String], handedOut: ContinuousClock.Instant, reportedFailed: Set<String>, redeliverAll: Bool) {
        let due = batch.filter { redeliverAll || reportedFailed.contains($0) }
        let again = due.filter { receives[$0, default: 0] < maxReceiveCount }
        deadLettered += due.filter { receives[$0, default: 0] >= maxReceiveCount }
        guard !again.isEmpty else { return }
        let visibleAt = handedOut + visibilityTimeout
        let position = redeliveries.firstIndex { $0.visibleAt > visibleAt } ?? redeliveries.endIndex
        redeliveries.insert((visibleAt, again), at: position)
    }
}
