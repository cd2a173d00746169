package app

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/mektep/mektep/httpapi"
)

// Log lines are written in batches: one write per flushEvery (or per maxBuffered bytes)
// instead of one per request. Under load the access log was a write system call per
// request, the largest cost of a cached page after the response itself (docs/benchmarks.md).
// Warnings and errors are written at once, with everything before them, so what explains
// a failure is on disk when it happens; a process killed outright loses at most the last
// flushEvery of info lines.
const (
	flushEvery  = 200 * time.Millisecond
	maxBuffered = 64 << 10
)

// NewLogger is the platform's logger: JSON lines to w (a service's stderr) at level and
// above, with the request attributes (request ID, site, user, workflow) taken from the
// context. flush writes out what is buffered and stops the background flushing; call it
// before the process exits (logging after it writes through at once).
func NewLogger(w io.Writer, level slog.Level) (l *slog.Logger, flush func()) {
	b := &logBuffer{w: w, done: make(chan struct{})}
	h := slog.NewJSONHandler(b, &slog.HandlerOptions{Level: level})
	go b.loop()
	var once sync.Once
	return slog.New(&flushingHandler{Handler: httpapi.LogHandler(h), buf: b}), func() {
		b.mu.Lock()
		b.stopped = true
		b.flushLocked()
		b.mu.Unlock()
		once.Do(func() { close(b.done) })
	}
}

// logBuffer collects whole lines (slog hands over one record per Write) and writes them
// out in batches.
type logBuffer struct {
	mu      sync.Mutex
	w       io.Writer
	buf     []byte
	stopped bool
	done    chan struct{}
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) >= maxBuffered || b.stopped {
		b.flushLocked()
	}
	return len(p), nil
}

// Flush writes out what is buffered.
func (b *logBuffer) Flush() {
	b.mu.Lock()
	b.flushLocked()
	b.mu.Unlock()
}

func (b *logBuffer) flushLocked() {
	if len(b.buf) > 0 {
		_, _ = b.w.Write(b.buf) // a log that cannot be written has nowhere to say so
		b.buf = b.buf[:0]
	}
	if cap(b.buf) > 4*maxBuffered { // a burst's big buffer is not kept
		b.buf = nil
	}
}

func (b *logBuffer) loop() {
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.Flush()
		case <-b.done:
			return
		}
	}
}

// flushingHandler writes the buffer out right after a warning or an error.
type flushingHandler struct {
	slog.Handler
	buf *logBuffer
}

func (h *flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.buf.Flush()
	}
	return err
}

func (h *flushingHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return &flushingHandler{Handler: h.Handler.WithAttrs(a), buf: h.buf}
}

func (h *flushingHandler) WithGroup(name string) slog.Handler {
	return &flushingHandler{Handler: h.Handler.WithGroup(name), buf: h.buf}
}
