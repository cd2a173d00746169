package sitecore

import (
	"context"
	"net/netip"
	"strconv"
	"time"
)

// Throttling. Failed logins and actions that cost the platform or a third party something
// (registrations, emails asked for, tickets, applications) are counted per client network
// and per target (an address, an account) in PostgreSQL, so every instance sees the same
// counters. Past a key's limit the key is locked for a while, and each further lock of a
// key that has not been quiet since is twice as long, up to a ceiling: a client that keeps
// trying backs off, and one that stops is forgiven. Nothing locks an account as such —
// a stranger who fails to log in as the owner locks only their own network out of that
// account, so the owner can always log in from elsewhere.

// Limiter counts events per key and refuses them past their limits.
type Limiter interface {
	// Hit refuses the event if any of the keys is locked, returning the latest lock end;
	// otherwise it counts the event for every key (locking those that reach their Max, see
	// ThrottleKey) and lets it through.
	Hit(ctx context.Context, keys []ThrottleKey) (until time.Time, limited bool, err error)
}

// ThrottleRetention is how long a throttle counter matters after its window started and its
// last lock ended: no ThrottleKey has a Window or a MaxLock longer than this, so a counter
// older than it counts and backs off exactly as a missing one would, and the hourly
// housekeeping (workflows.Housekeeping) deletes it.
const ThrottleRetention = 24 * time.Hour

// IdempotencyRetention is how long an Idempotency-Key is remembered after its last use: a
// retry with the same key within it gets the first answer; the hourly housekeeping
// (workflows.Housekeeping) deletes older keys.
const IdempotencyRetention = 7 * 24 * time.Hour

// ExpiryPurger deletes rows whose time is up.
type ExpiryPurger interface {
	// PurgeExpiredSessions deletes sessions and one-time tokens past their expiry.
	PurgeExpiredSessions(ctx context.Context) (int64, error)
	// PurgeIdempotency deletes Idempotency-Keys last used more than olderThan ago.
	PurgeIdempotency(ctx context.Context, olderThan time.Duration) (int64, error)
}

// ThrottlePurger deletes counters that no longer matter.
type ThrottlePurger interface {
	// PurgeThrottle deletes the counters whose window started and whose last lock ended
	// more than olderThan ago, and returns how many went.
	PurgeThrottle(ctx context.Context, olderThan time.Duration) (int64, error)
}

// Limit counts one event against the keys and returns ERateLimited ("rate.limited", with
// the seconds to wait in Args["seconds"]) if it is refused. A nil Limiter limits nothing.
func Limit(ctx context.Context, l Limiter, keys ...ThrottleKey) error {
	if l == nil || len(keys) == 0 {
		return nil
	}
	until, limited, err := l.Hit(ctx, keys)
	if err != nil || !limited {
		return err
	}
	return RateLimited("rate.limited", until, time.Now())
}

// RateLimited is the ERateLimited error of key, telling the whole seconds until the lock
// ends (at least one), which the HTTP layer also sends as Retry-After.
func RateLimited(key string, until, now time.Time) error {
	secs := int(until.Sub(now).Seconds()) + 1
	if secs < 1 {
		secs = 1
	}
	return Errorf(ERateLimited, key, "seconds", strconv.Itoa(secs))
}

// Rule returns the limits r under the key name.
func (r ThrottleKey) Rule(key string) ThrottleKey {
	r.Key = key
	return r
}

type clientIPKey struct{}

// WithClientIP returns a context that carries the address of the client a request came from
// (after trusted proxies), for per-network limits and audit entries.
func WithClientIP(ctx context.Context, ip netip.Addr) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP returns the client's address carried by ctx, if any.
func ClientIP(ctx context.Context) (netip.Addr, bool) {
	ip, ok := ctx.Value(clientIPKey{}).(netip.Addr)
	return ip, ok && ip.IsValid()
}

// ClientNet is the network an address counts as for limits: the address itself for IPv4,
// its /64 for IPv6 (one subscriber usually holds a whole /64, so single addresses would
// give an attacker billions of fresh counters).
func ClientNet(ip netip.Addr) string {
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// NetRule returns r keyed by prefix and the network of the client in ctx; without a client
// address (a call that did not come from a request) it returns false.
func NetRule(ctx context.Context, prefix string, r ThrottleKey) (ThrottleKey, bool) {
	ip, ok := ClientIP(ctx)
	if !ok {
		return r, false
	}
	return r.Rule(prefix + ClientNet(ip)), true
}
