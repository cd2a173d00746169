package app

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// GC headroom for `serve`. With Go's default GOGC=100 a cycle starts when the heap has grown
// by the live heap: a server whose live heap is small (tens of MB) and which allocates fast
// (net/http's per-request structures, about 3.6 KB per cached page) collects several times a
// second, and while a cycle marks, a quarter of the CPU and the assists of every allocating
// request go to the GC — the requests served then make the latency tail (docs/benchmarks.md,
// "Public pages beside nginx"). ServeGC gives the heap a fixed headroom instead: GOGC is set
// after every cycle so that the next one starts when the heap has grown by at least
// headroom, or by the live heap when that is larger (GOGC=100's rule, kept for big live
// heaps such as an Excel export). A small live heap therefore costs at most live + headroom
// of heap, and a large one the same as before; a fixed higher GOGC would instead multiply a
// large live heap too.
//
// This is the `serve` process's setting only (the worker keeps the default). An operator's
// GOGC in the environment switches it off; an operator's GOMEMLIMIT still applies on top
// (the runtime collects harder near the limit whatever GOGC is).

// DefaultGCHeadroom is the heap growth ServeGC allows between cycles.
const DefaultGCHeadroom = 64 << 20

// maxGCPercent bounds the GOGC ServeGC sets (a nearly empty heap would otherwise ask for an
// unbounded percentage).
const maxGCPercent = 1000

// ServeGC starts the headroom rule described above unless getenv("GOGC") is set, and reports
// whether it did. It keeps adjusting GOGC after each GC cycle for the life of the process.
func ServeGC(getenv func(string) string, headroom uint64) bool {
	if getenv("GOGC") != "" || headroom == 0 {
		return false
	}
	t := &gcTuner{headroom: headroom, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	t.tune()
	t.arm()
	return true
}

type gcTuner struct {
	headroom uint64
	sample   []metrics.Sample // only the finalizer goroutine reads it after the start
	percent  atomic.Int64
}

// sentinel is garbage as soon as it is made: its finalizer runs after the next GC cycle.
// It holds a pointer so that it is never placed by the tiny allocator (whose blocks other
// live objects can keep alive, and zero-sized objects are never freed at all).
type sentinel struct{ _ *byte }

func (t *gcTuner) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		t.tune()
		t.arm()
	})
}

// tune sets GOGC for the live heap the last cycle measured.
func (t *gcTuner) tune() {
	metrics.Read(t.sample)
	live := uint64(0)
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		live = t.sample[0].Value.Uint64()
	}
	p := GCPercentFor(live, t.headroom)
	// Setting GOGC is cheap (no stop of the world), but skip changes under 10 %.
	if old := t.percent.Load(); old != 0 && p*10 >= old*9 && p*10 <= old*11 {
		return
	}
	t.percent.Store(p)
	debug.SetGCPercent(int(p))
}

// GCPercentFor is the GOGC that lets a heap of live bytes grow by max(headroom, live)
// before the next cycle, within [100, 1000].
func GCPercentFor(live, headroom uint64) int64 {
	if live == 0 {
		return maxGCPercent
	}
	return min(max(int64(headroom*100/live), 100), maxGCPercent)
}
