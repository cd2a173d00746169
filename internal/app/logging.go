package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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
	return slog.New(&flushingHandler{Handler: httpapi.LogHandler(h), buf: b, root: true}), func() {
		b.mu.Lock()
		b.stopped = true
		b.flushUnlock()
		once.Do(func() { close(b.done) })
	}
}

// logBuffer collects whole lines (slog hands over one record per Write) and writes them
// out in batches. A batch is written after mu is released: requests keep appending their
// lines while the write system call runs (with mu held during the write, every request
// that logged meanwhile waited for the disk — a stall in the latency tail).
type logBuffer struct {
	mu      sync.Mutex // guards buf and stopped
	buf     []byte
	stopped bool
	done    chan struct{}

	wmu   sync.Mutex // held while a batch is written: batches reach w in order
	w     io.Writer
	spare []byte // the buffer of the batch written last, reused (guarded by wmu)
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.buf = append(b.buf, p...)
	if len(b.buf) >= maxBuffered || b.stopped {
		b.flushUnlock()
	} else {
		b.mu.Unlock()
	}
	return len(p), nil
}

// Flush writes out what is buffered.
func (b *logBuffer) Flush() {
	b.mu.Lock()
	b.flushUnlock()
}

// flushUnlock is called with mu held: it takes the buffered lines as a batch, releases mu
// and writes the batch (after any batch taken before it). When it returns, every line
// appended before the call is written.
func (b *logBuffer) flushUnlock() {
	if len(b.buf) == 0 {
		b.mu.Unlock()
		b.wmu.Lock() // wait for a batch another goroutine took
		b.wmu.Unlock()
		return
	}
	b.wmu.Lock()
	out := b.buf
	b.buf = b.spare[:0] // no write uses spare: wmu is held
	b.mu.Unlock()
	_, _ = b.w.Write(out)         // a log that cannot be written has nowhere to say so
	if cap(out) > 4*maxBuffered { // a burst's big buffer is not kept
		out = nil
	}
	b.spare = out[:0]
	b.wmu.Unlock()
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
	// root: no attributes or groups were added (WithAttrs, WithGroup), so LogAccess may
	// encode the line itself.
	root bool
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

// LogAccess writes a request's access line straight into the buffer, byte for byte what
// slog's JSON handler writes for the record httpapi builds (checked by
// TestAccessLineMatchesSlog): no slog.Record, no attribute slice, no reflection for the
// float, no intermediate buffer. Every line is written (no sampling): the access log is what
// an operator reads to answer "did this request reach us"; the cost is the encoding, which
// this makes small, and the write, which the buffer batches.
func (h *flushingHandler) LogAccess(l httpapi.AccessLine) {
	if !h.root {
		h.logAccessRecord(l)
		return
	}
	b := h.buf
	b.mu.Lock()
	b.buf = appendAccessLine(b.buf, &l)
	if len(b.buf) >= maxBuffered || b.stopped || l.Level >= slog.LevelWarn {
		b.flushUnlock()
	} else {
		b.mu.Unlock()
	}
}

// logAccessRecord is the slog path, for a logger with attributes or groups added.
func (h *flushingHandler) logAccessRecord(l httpapi.AccessLine) {
	rec := slog.NewRecord(l.Time, l.Level, "http request", 0)
	rec.AddAttrs(slog.String("method", l.Method), slog.String("route", l.Route), slog.String("path", l.Path),
		slog.String("host", l.Host), slog.Int("status", l.Status), slog.Int("bytes", l.Bytes),
		slog.Float64("duration_ms", float64(l.Duration.Microseconds())/1000))
	rec.AddAttrs(accessContextAttrs(&l)...)
	_ = h.Handle(context.Background(), rec)
}

func accessContextAttrs(l *httpapi.AccessLine) []slog.Attr {
	var a []slog.Attr
	if l.RequestID != "" {
		a = append(a, slog.String("request_id", l.RequestID))
	}
	if l.Site != 0 {
		a = append(a, slog.Int64("site", l.Site))
	}
	if l.User != "" {
		a = append(a, slog.String("user", l.User))
	}
	if l.WorkflowID != "" {
		a = append(a, slog.String("workflow_id", l.WorkflowID))
	}
	return a
}

// appendAccessLine appends l as slog's JSON handler writes it, with a newline.
func appendAccessLine(b []byte, l *httpapi.AccessLine) []byte {
	b = append(b, `{"time":"`...)
	b = l.Time.Round(0).AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":`...)
	b = appendJSONString(b, l.Level.String())
	b = append(b, `,"msg":"http request","method":`...)
	b = appendJSONString(b, l.Method)
	b = append(b, `,"route":`...)
	b = appendJSONString(b, l.Route)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, l.Path)
	b = append(b, `,"host":`...)
	b = appendJSONString(b, l.Host)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(l.Status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(l.Bytes), 10)
	b = append(b, `,"duration_ms":`...)
	b = appendJSONFloat(b, float64(l.Duration.Microseconds())/1000)
	if l.RequestID != "" {
		b = append(b, `,"request_id":`...)
		b = appendJSONString(b, l.RequestID)
	}
	if l.Site != 0 {
		b = append(b, `,"site":`...)
		b = strconv.AppendInt(b, l.Site, 10)
	}
	if l.User != "" {
		b = append(b, `,"user":`...)
		b = appendJSONString(b, l.User)
	}
	if l.WorkflowID != "" {
		b = append(b, `,"workflow_id":`...)
		b = appendJSONString(b, l.WorkflowID)
	}
	return append(b, "}\n"...)
}

// appendJSONFloat formats f as encoding/json does (which slog's JSON handler calls).
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, `"!ERROR:unsupported value"`...) // not reached: durations are finite
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// invalidUTF8 is what slog's JSON handler writes for a byte that is not UTF-8: the
// replacement character itself, or its escape (with GOEXPERIMENT=nojsonv2, as encoding/json
// v1 did). Asked of slog once, so the line stays identical on either toolchain setting.
var invalidUTF8 = func() string {
	var b bytes.Buffer
	_ = slog.NewJSONHandler(&b, nil).Handle(context.Background(), slog.NewRecord(time.Time{}, slog.LevelInfo, "\xff", 0))
	if strings.Contains(b.String(), `\ufffd`) {
		return `\ufffd`
	}
	return "\ufffd"
}()

// appendJSONString appends s quoted as slog's JSON handler does: HTML characters are not
// escaped, control characters are, invalid UTF-8 becomes \ufffd, U+2028 and U+2029 are
// escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, invalidUTF8...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
