package sitecore

import (
	"context"
	"errors"
	"sync"
)

// StoredResponse is the response of a finished request kept under its Idempotency-Key, so a
// retry gets the same answer without doing the work twice.
type StoredResponse struct {
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
	Body        []byte `json:"body"`
}

// IdempotencyStore keeps Idempotency-Key claims. Scope separates callers and routes so two
// clients cannot collide on a key.
type IdempotencyStore interface {
	// BeginIdempotent claims (scope, key) for a request whose body hashes to hash. It returns
	// the stored response if the same request already finished; EConflict with key
	// "idempotency.in_progress" if it is still running; EInvalid with
	// "idempotency.key_reused" if the key was used for a different request; and (nil, nil)
	// when the caller now owns the key and must call FinishIdempotent or AbortIdempotent.
	BeginIdempotent(ctx context.Context, scope, key string, hash []byte) (*StoredResponse, error)
	// FinishIdempotent stores the response under the claimed key.
	FinishIdempotent(ctx context.Context, scope, key string, r *StoredResponse) error
	// AbortIdempotent releases the claim so a retry runs the request again (after a 5xx).
	AbortIdempotent(ctx context.Context, scope, key string) error
}

// IdempotentWork lets a store commit a request's Idempotency-Key together with the work
// itself and the response it answers with, in one transaction: no separate claim before the
// work, no separate write of the response after it. A store that can (the admission group
// commit) takes it from the context; one that cannot ignores it, and a store that takes it
// but cannot honour it for this request (the key is already taken, or the work needs the
// precise one-request path) calls NeedClaim and returns ErrClaimFirst without doing any
// work: the request is then run again in the usual order (claim, work, response).
type IdempotentWork struct {
	Scope, Key string
	Hash       []byte
	// Respond renders the response to store and send once v, what the store wrote (filled
	// with its IDs and times), is committed with the key. It must be what the handler then
	// writes for v.
	Respond func(v any) *StoredResponse

	mu        sync.Mutex
	settled   *StoredResponse
	needClaim bool
}

// Settled records that the key and resp were committed with the work.
func (w *IdempotentWork) Settled(resp *StoredResponse) {
	w.mu.Lock()
	w.settled = resp
	w.mu.Unlock()
}

// NeedClaim records that the request must be run again after claiming its key.
func (w *IdempotentWork) NeedClaim() {
	w.mu.Lock()
	w.needClaim = true
	w.mu.Unlock()
}

// Outcome reports the response committed with the work (nil if none) and whether the
// request must be run again after claiming its key.
func (w *IdempotentWork) Outcome() (*StoredResponse, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.settled, w.needClaim
}

// ErrClaimFirst is what a store returns, having done nothing, when it cannot commit the
// request's IdempotentWork with the work; the idempotency layer never sends it to a client.
var ErrClaimFirst = errors.New("idempotency: claim the key first")

type idempotentWorkKey struct{}

// WithIdempotentWork returns ctx carrying w.
func WithIdempotentWork(ctx context.Context, w *IdempotentWork) context.Context {
	return context.WithValue(ctx, idempotentWorkKey{}, w)
}

// IdempotentWorkFrom returns the IdempotentWork of ctx, or nil.
func IdempotentWorkFrom(ctx context.Context) *IdempotentWork {
	w, _ := ctx.Value(idempotentWorkKey{}).(*IdempotentWork)
	return w
}
