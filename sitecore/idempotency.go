package sitecore

import "context"

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
