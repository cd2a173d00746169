package app

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a writer the test can read while the logger's flusher writes to it.
type syncBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
func (s *syncBuffer) Writes() int    { s.mu.Lock(); defer s.mu.Unlock(); return s.writes }

func TestLoggerBatchesInfoAndWritesErrorsAtOnce(t *testing.T) {
	out := &syncBuffer{}
	log, flush := NewLogger(out, slog.LevelInfo)
	defer flush()
	for i := range 100 {
		log.Info("http request", "n", i)
	}
	log.Debug("not at this level")
	// A hundred info lines are not a hundred writes: nothing may have been written yet,
	// and whatever was is whole batches.
	if w := out.Writes(); w > 2 {
		t.Errorf("100 info lines took %d writes", w)
	}
	// An error goes out at once, with every line before it, in order.
	log.Error("database down", "err", "refused")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 101 {
		t.Fatalf("after the error %d lines are written, want 101", len(lines))
	}
	var last map[string]any
	if err := json.Unmarshal([]byte(lines[100]), &last); err != nil || last["msg"] != "database down" || last["level"] != "ERROR" {
		t.Fatalf("last line %s (%v)", lines[100], err)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first["n"] != 0.0 {
		t.Fatalf("first line %s (%v)", lines[0], err)
	}
	// Info lines reach the writer within the flush period without anyone flushing.
	log.Info("later")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), `"later"`) {
		if time.Now().After(deadline) {
			t.Fatal("an info line was not written within 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// After flush (process exit) lines are written through.
	flush()
	log.Info("after exit", slog.Group("g", "k", "v"))
	if !strings.Contains(out.String(), `"after exit"`) {
		t.Error("a line logged after flush was held back")
	}
	// With attributes the logger keeps batching and flushing on errors.
	log.With("component", "worker").Warn("slow")
	if !strings.Contains(out.String(), `"component":"worker"`) {
		t.Error("a warning from a derived logger was held back")
	}
}
