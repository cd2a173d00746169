package app

import "runtime"

// Processors for `serve`. Go runs goroutines on GOMAXPROCS Ps, one OS thread each, and by
// default GOMAXPROCS is the number of CPUs the process may use. A runnable goroutine waits
// in its P's run queue until that P's thread runs it or another P steals it; a P steals only
// when it has nothing left to run. On a machine whose cores `serve` shares with other
// processes (a reverse proxy, the worker, PostgreSQL, a load generator), the kernel
// preempts a thread in the middle of its time slice, and every request queued on its P waits
// the milliseconds until that thread is scheduled again, while the other P is busy with its
// own queue. With more Ps than cores, a preempted thread's queue is stolen by another P's
// thread that the kernel is running: measured on 2 cores beside wrk and nginx
// (docs/benchmarks.md, "Public pages beside nginx: processors"), the goroutines' scheduling
// latency p99 fell from 8.4 ms to 1.6 ms and the pages' p99 from 4.0 × nginx's to 1.3–1.5 ×,
// with the same throughput.
//
// The cost is more OS threads (one per P, mostly parked) and a GC whose mark workers are a
// quarter of the Ps, which the kernel shares out as a quarter of the CPU time as before.

// ServeProcsFactor is how many Ps ServeProcs gives `serve` per CPU it may use, and
// maxServeProcs the most it gives (never fewer than the CPUs).
const (
	ServeProcsFactor = 4
	maxServeProcs    = 32
)

// ServeProcsFor is the GOMAXPROCS ServeProcs sets for a process that may use cpus CPUs.
func ServeProcsFor(cpus int) int {
	return max(cpus, min(cpus*ServeProcsFactor, maxServeProcs))
}

// ServeProcs sets GOMAXPROCS to ServeProcsFor(the CPUs the runtime found: the machine's, or
// the container's CPU limit) unless getenv("GOMAXPROCS") is set, and returns the setting it
// made (0: none). Set this way, GOMAXPROCS no longer follows a changed container CPU limit
// while the process runs (Go 1.25's automatic update stops once a program sets it).
func ServeProcs(getenv func(string) string) int {
	if getenv("GOMAXPROCS") != "" {
		return 0
	}
	n := ServeProcsFor(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(n)
	return n
}
