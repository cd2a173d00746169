package sitecore

import (
	"context"
	"io"
	"strconv"
)

// DefaultQuotaBytes is a site's disk quota unless an operator sets another: 1 GiB.
const DefaultQuotaBytes int64 = 1 << 30

// QuotaMarks are the shares of the quota, in percent, at which the site's owners are told by
// email. Each mark is told once; it re-arms when usage falls back below it.
var QuotaMarks = []int{70, 90}

// Quota is a site's disk usage: media, thumbnails and admission documents.
type Quota struct {
	SiteID     int64 `json:"site_id"`
	UsedBytes  int64 `json:"used_bytes"`
	LimitBytes int64 `json:"limit_bytes"`
	LeftBytes  int64 `json:"left_bytes"`
}

// QuotaState is a quota with the bookkeeping of its warnings.
type QuotaState struct {
	Quota
	// Warned is the highest mark usage reached since the marks last re-armed (0, 70 or 90);
	// Notified is the highest mark whose email was queued. Epoch grows whenever marks re-arm,
	// so a new crossing gets an email key of its own.
	Warned   int   `json:"-"`
	Notified int   `json:"-"`
	Epoch    int64 `json:"-"`
}

// QuotaMark returns the highest mark that used bytes of limit reach, or 0.
func QuotaMark(used, limit int64) int {
	m := 0
	for _, mark := range QuotaMarks {
		// used/limit >= mark/100, in integers that cannot overflow for sizes below 2^56.
		if limit > 0 && used*100 >= limit*int64(mark) {
			m = mark
		}
	}
	return m
}

// QuotaStore keeps per-site usage and limits. Rows are created on first use with the given
// default limit.
type QuotaStore interface {
	// ReserveSpace adds n bytes to the site's usage in one statement that also checks the
	// limit, so concurrent reservations can never together exceed it. ok is false when the
	// bytes do not fit; the state then tells what is left. Warned rises to the mark reached.
	ReserveSpace(ctx context.Context, siteID, n, defaultLimit int64) (st QuotaState, ok bool, err error)
	// ReleaseSpace gives n bytes back (never below zero); marks that usage falls below re-arm.
	ReleaseSpace(ctx context.Context, siteID, n, defaultLimit int64) (QuotaState, error)
	// FindQuota returns the site's usage and limit.
	FindQuota(ctx context.Context, siteID, defaultLimit int64) (QuotaState, error)
	// SetQuotaLimit changes the site's limit; marks above the new share re-arm.
	SetQuotaLimit(ctx context.Context, siteID, limit int64) (QuotaState, error)
	// MarkQuotaNotified records that the emails of marks up to mark were queued for epoch.
	MarkQuotaNotified(ctx context.Context, siteID, epoch int64, mark int) error
}

// SpaceKeeper reserves and releases a site's disk space. Every upload of any kind goes
// through it before its bytes are stored.
type SpaceKeeper interface {
	// Reserve takes n bytes of the site's quota or fails with ETooLarge naming field and
	// saying how much is left.
	Reserve(ctx context.Context, siteID, n int64, field string) error
	// Release gives n bytes back.
	Release(ctx context.Context, siteID, n int64) error
}

// QuotaExceeded is the error of an upload that does not fit: 413 with the bytes left.
func QuotaExceeded(field string, q Quota) *Error {
	left := max(q.LeftBytes, 0)
	return &Error{Code: ETooLarge, Key: "quota.exceeded", Field: field, Args: map[string]string{
		"left": strconv.FormatInt(left, 10), "left_mb": MiB(left), "limit_mb": MiB(q.LimitBytes)}}
}

// MiB writes a size in mebibytes with one decimal ("12.5").
func MiB(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
}

// meterStep is how many bytes a Meter reserves at a time.
const meterStep = 1 << 20

// Meter is a reader that reserves quota for the bytes of R before handing them on, a step
// at a time, so an upload of unknown length never stores a byte it has no room for. After
// the upload, Settle gives back what was reserved but not read; after a failure, Abort gives
// back everything.
type Meter struct {
	ctx      context.Context
	keeper   SpaceKeeper
	siteID   int64
	field    string
	r        io.Reader
	buf      []byte
	pos, end int
	reserved int64
	read     int64
	err      error
}

// NewMeter meters r for the site; field names the input in a quota error.
func NewMeter(ctx context.Context, k SpaceKeeper, siteID int64, field string, r io.Reader) *Meter {
	return &Meter{ctx: ctx, keeper: k, siteID: siteID, field: field, r: r}
}

// Prereserve reserves n bytes at once (a declared Content-Length), so an upload that cannot
// fit fails before anything is read.
func (m *Meter) Prereserve(n int64) error {
	if n <= 0 {
		return nil
	}
	if err := m.keeper.Reserve(m.ctx, m.siteID, n, m.field); err != nil {
		return err
	}
	m.reserved += n
	return nil
}

// Read implements io.Reader. A reservation that fails ends the stream with its error.
func (m *Meter) Read(p []byte) (int, error) {
	if m.pos == m.end {
		if m.err != nil {
			return 0, m.err
		}
		if m.buf == nil {
			m.buf = make([]byte, meterStep)
		}
		n, err := io.ReadFull(m.r, m.buf)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		m.pos, m.end = 0, n
		if total := m.read + int64(n); total > m.reserved {
			if rerr := m.keeper.Reserve(m.ctx, m.siteID, total-m.reserved, m.field); rerr != nil {
				m.end, m.err = 0, rerr
				return 0, rerr
			}
			m.reserved = total
		}
		m.read += int64(n)
		m.err = err
		if n == 0 {
			return 0, m.err
		}
	}
	n := copy(p, m.buf[m.pos:m.end])
	m.pos += n
	return n, nil
}

// Reserved returns how many bytes are reserved now.
func (m *Meter) Reserved() int64 { return m.reserved }

// Settle gives back what was reserved beyond used bytes (a Prereserve larger than the body)
// and returns the error of doing so.
func (m *Meter) Settle(used int64) error {
	extra := m.reserved - used
	if extra <= 0 {
		return nil
	}
	m.reserved = used
	return m.keeper.Release(context.WithoutCancel(m.ctx), m.siteID, extra)
}

// Abort gives back everything reserved.
func (m *Meter) Abort() error {
	n := m.reserved
	m.reserved = 0
	if n <= 0 {
		return nil
	}
	return m.keeper.Release(context.WithoutCancel(m.ctx), m.siteID, n)
}
