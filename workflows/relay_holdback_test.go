package workflows

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRelayHoldBack: while busy says records are still arriving, the relay keeps at most
// holdParallel starts in flight and reads at most holdLimit rows a batch; once busy says
// no, it goes back to full concurrency, and every row is started and marked exactly once.
func TestRelayHoldBack(t *testing.T) {
	const total = 300
	var (
		mu       sync.Mutex
		pending  = make(map[int64]bool, total)
		starts   = make(map[int64]int, total)
		inFlight atomic.Int64
		maxBusy  atomic.Int64 // most starts in flight while busy
		maxFree  atomic.Int64 // most starts in flight after
		bigBatch atomic.Int64 // largest batch read while busy
		holding  atomic.Bool
	)
	for i := range int64(total) {
		pending[i] = true
	}
	holding.Store(true)
	raise := func(m *atomic.Int64, v int64) {
		for {
			old := m.Load()
			if v <= old || m.CompareAndSwap(old, v) {
				return
			}
		}
	}
	r := &relay[int64]{name: "test relay", log: slog.New(slog.NewTextHandler(io.Discard, nil)), poll: 10 * time.Millisecond,
		pending: func(_ context.Context, limit int) ([]int64, error) {
			mu.Lock()
			defer mu.Unlock()
			var ids []int64
			for i := range int64(total) {
				if pending[i] && len(ids) < limit {
					ids = append(ids, i)
				}
			}
			if holding.Load() {
				raise(&bigBatch, int64(len(ids)))
			}
			return ids, nil
		},
		markStarted: func(_ context.Context, ids []int64) error {
			mu.Lock()
			defer mu.Unlock()
			for _, id := range ids {
				delete(pending, id)
			}
			return nil
		},
		start: func(_ context.Context, id int64) error {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			if holding.Load() {
				raise(&maxBusy, n)
			} else {
				raise(&maxFree, n)
			}
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			starts[id]++
			mu.Unlock()
			return nil
		},
		busy: func(context.Context) (bool, error) { return holding.Load(), nil },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.run(ctx) }()
	defer func() { cancel(); <-done }()

	// Held back: some progress, at the low concurrency.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(starts)
		mu.Unlock()
		if n >= 2*holdLimit {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("held back relay started only %d in 30 s", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	holding.Store(false) // the burst is over (or the hold-back hit its cap)
	for {
		mu.Lock()
		n := len(pending)
		mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d rows still pending after 30 s", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := maxBusy.Load(); got > holdParallel || got == 0 {
		t.Errorf("starts in flight while busy: %d, want 1..%d", got, holdParallel)
	}
	if got := bigBatch.Load(); got > holdLimit {
		t.Errorf("batch while busy: %d rows, want ≤ %d", got, holdLimit)
	}
	if got := maxFree.Load(); got <= holdParallel {
		t.Errorf("starts in flight after the burst: %d, want more than %d", got, holdParallel)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range int64(total) {
		if starts[i] != 1 {
			t.Errorf("row %d started %d times, want once", i, starts[i])
		}
	}
}
