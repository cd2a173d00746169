package app_test

import (
	"runtime"
	"testing"

	"github.com/mektep/mektep/internal/app"
)

func TestServeProcsFor(t *testing.T) {
	for _, c := range []struct{ cpus, want int }{{1, 4}, {2, 8}, {4, 16}, {8, 32}, {16, 32}, {48, 48}} {
		if got := app.ServeProcsFor(c.cpus); got != c.want {
			t.Errorf("ServeProcsFor(%d) = %d, want %d", c.cpus, got, c.want)
		}
	}
}

// ServeProcs raises GOMAXPROCS from the runtime's default, and an operator's GOMAXPROCS wins.
func TestServeProcs(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(before) })
	if n := app.ServeProcs(func(k string) string { return map[string]string{"GOMAXPROCS": "3"}[k] }); n != 0 || runtime.GOMAXPROCS(0) != before {
		t.Fatalf("with GOMAXPROCS set: ServeProcs = %d, GOMAXPROCS %d; want 0, %d unchanged", n, runtime.GOMAXPROCS(0), before)
	}
	n := app.ServeProcs(func(string) string { return "" })
	if want := app.ServeProcsFor(before); n != want || runtime.GOMAXPROCS(0) != want {
		t.Fatalf("ServeProcs = %d, GOMAXPROCS %d; want %d", n, runtime.GOMAXPROCS(0), want)
	}
}
