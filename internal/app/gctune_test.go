package app_test

import (
	"testing"

	"github.com/mektep/mektep/internal/app"
)

func TestGCPercentFor(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, headroom uint64
		want           int64
	}{
		{28 * mb, 64 * mb, 228},  // a serve process's live heap: 64 MB of growth, not 28
		{64 * mb, 64 * mb, 100},  // headroom = live heap: GOGC=100's rule
		{400 * mb, 64 * mb, 100}, // a big export: never below GOGC=100 (no more frequent cycles)
		{1 * mb, 64 * mb, 1000},  // a nearly empty heap: bounded
		{0, 64 * mb, 1000},
	} {
		if got := app.GCPercentFor(c.live, c.headroom); got != c.want {
			t.Errorf("GCPercentFor(%d MB, %d MB) = %d, want %d", c.live/mb, c.headroom/mb, got, c.want)
		}
	}
}

// An operator's GOGC wins: ServeGC does not start.
func TestServeGCRespectsGOGC(t *testing.T) {
	env := map[string]string{"GOGC": "150"}
	if app.ServeGC(func(k string) string { return env[k] }, app.DefaultGCHeadroom) {
		t.Fatal("ServeGC started although GOGC is set")
	}
}
