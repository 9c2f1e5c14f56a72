import Foundation

// `notifier-benchmarks`: the benchmark suite of BENCHMARKS.md. `scripts/benchmark` builds and runs
// it; see BenchmarkOptions for the command line.
exit(BenchmarkCommand.run(arguments: CommandLine.arguments))
