package app

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/httpapi"
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

// TestAccessLineMatchesSlog: the access line the logger encodes itself is byte for byte the
// line slog's JSON handler writes for the same record (with LogHandler's request attributes),
// including hostile paths and hosts (quotes, control bytes, invalid UTF-8, U+2028, HTML).
func TestAccessLineMatchesSlog(t *testing.T) {
	at := time.Date(2026, 12, 4, 15, 4, 5, 123456789, time.FixedZone("Almaty", 5*3600))
	lines := []httpapi.AccessLine{
		{Time: at, Level: slog.LevelInfo, Method: "GET", Route: "/{lang}/news/{slug}", Path: "/ru/news/olympiad",
			Host: "school.edu.kz", Status: 200, Bytes: 11827, Duration: 1234567 * time.Nanosecond, RequestID: "abc123", Site: 42},
		{Time: at.Add(time.Millisecond), Level: slog.LevelError, Method: "POST", Route: "unmatched",
			Path: "/a\"b\\c\n\r\t\x01\x7f<script>&\u2028\u2029\xff\xfeпривет", Host: "x\x00y", Status: 500, Bytes: 0,
			Duration: 0, RequestID: "r", User: "u\"1", WorkflowID: "wf-1"},
		{Time: at, Level: slog.LevelDebug, Method: "HEAD", Route: "/healthz", Path: "/healthz", Host: "h",
			Status: 304, Duration: 3*time.Hour + time.Microsecond},
		{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Level: slog.LevelWarn, Method: "GET", Route: "/", Path: "/",
			Host: "h", Status: 404, Bytes: 1, Duration: 999 * time.Microsecond, Site: 7},
	}
	for i, l := range lines {
		var want bytes.Buffer
		h := slog.NewJSONHandler(&want, &slog.HandlerOptions{Level: slog.LevelDebug})
		rec := slog.NewRecord(l.Time, l.Level, "http request", 0)
		rec.AddAttrs(slog.String("method", l.Method), slog.String("route", l.Route), slog.String("path", l.Path),
			slog.String("host", l.Host), slog.Int("status", l.Status), slog.Int("bytes", l.Bytes),
			slog.Float64("duration_ms", float64(l.Duration.Microseconds())/1000))
		rec.AddAttrs(accessContextAttrs(&l)...)
		if err := h.Handle(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
		got := appendAccessLine(nil, &l)
		if string(got) != want.String() {
			t.Errorf("line %d:\n got %s\nwant %s", i, got, want.String())
		}
	}
	// Through the logger: the line lands in the buffer and is written on flush.
	var out bytes.Buffer
	logger, flush := NewLogger(&out, slog.LevelInfo)
	al, ok := logger.Handler().(httpapi.AccessLogger)
	if !ok {
		t.Fatal("the platform's log handler does not encode access lines itself")
	}
	al.LogAccess(lines[0])
	flush()
	if want := string(appendAccessLine(nil, &lines[0])); out.String() != want {
		t.Errorf("logger wrote %q, want %q", out.String(), want)
	}
	// A logger with attributes added goes through slog, and keeps them.
	out.Reset()
	logger, flush = NewLogger(&out, slog.LevelInfo)
	logger.With("component", "web").Handler().(httpapi.AccessLogger).LogAccess(lines[0])
	flush()
	if !strings.Contains(out.String(), `"component":"web"`) || !strings.Contains(out.String(), `"request_id":"abc123"`) {
		t.Errorf("derived logger wrote %q", out.String())
	}
}

// gatedWriter holds its first Write until gate is closed.
type gatedWriter struct {
	syncBuffer
	once          sync.Once
	entered, gate chan struct{}
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	g.once.Do(func() { close(g.entered); <-g.gate })
	return g.syncBuffer.Write(p)
}

// TestLoggerWritesBatchOutsideTheLock: while a batch is being written (a slow disk, a
// descheduled thread), requests still write their access lines without waiting for it, and
// batches reach the file in order. (Lines through slog's own handler are serialized by
// slog's mutex anyway; access lines are not, and they are nearly all of the log.)
func TestLoggerWritesBatchOutsideTheLock(t *testing.T) {
	out := &gatedWriter{entered: make(chan struct{}), gate: make(chan struct{})}
	log, flush := NewLogger(out, slog.LevelInfo)
	opened := false
	defer func() {
		if !opened {
			close(out.gate)
		}
		flush()
	}()
	al := log.Handler().(httpapi.AccessLogger)
	line := func(path string) httpapi.AccessLine {
		return httpapi.AccessLine{Time: time.Now(), Level: slog.LevelInfo, Method: "GET", Route: "/{lang}/news/{slug}",
			Path: path, Host: "school.edu.kz", Status: 200, Bytes: 1000}
	}
	pad := strings.Repeat("x", 1000)
	go func() {
		for i := range 100 { // 100 KB: the 64 KB batch is written by this goroutine
			al.LogAccess(line("/" + strconv.Itoa(i) + "/" + pad))
		}
	}()
	<-out.entered
	logged := make(chan struct{})
	go func() { al.LogAccess(line("/during")); close(logged) }()
	select {
	case <-logged:
	case <-time.After(30 * time.Second):
		t.Fatal("an access line logged while a batch was written waited for the write")
	}
	close(out.gate)
	opened = true
	for !strings.Contains(out.String(), `"/99/`) || !strings.Contains(out.String(), `"/during"`) {
		log.Error("flush") // writes every line before it
	}
	next := 0
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		p, _ := m["path"].(string)
		if n, _, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/"); ok {
			if n != strconv.Itoa(next) {
				t.Fatalf("line of request %s after %d: out of order", n, next-1)
			}
			next++
		}
	}
	if next != 100 {
		t.Fatalf("%d lines of the 100 requests written", next)
	}
}
