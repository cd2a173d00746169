package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.AccountStore = (*DB)(nil)

// querier is what both the pool and a transaction offer for single-row queries.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// foreignKeyViolation returns the name of the violated constraint if err is a foreign key
// violation.
func foreignKeyViolation(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23503" {
		return pe.ConstraintName, true
	}
	return "", false
}

// missingRef turns a foreign key violation on a user_id or site_id column into ENotFound of
// the user or site; other errors pass through.
func missingRef(err error) error {
	c, ok := foreignKeyViolation(err)
	switch {
	case !ok:
		return err
	case strings.HasSuffix(c, "_user_id_fkey"):
		return sitecore.NotFound("user")
	case strings.HasSuffix(c, "_site_id_fkey"):
		return sitecore.NotFound("site")
	}
	return err
}

// seconds renders a duration for make_interval(secs => …).
func seconds(d time.Duration) float64 { return d.Seconds() }

// audited runs change in a transaction and, if it changed something and a is not nil,
// writes the audit entry in the same transaction; siteID fills a.SiteID when it is 0.
// A no-op (changed false) writes no audit row.
func (db *DB) audited(ctx context.Context, siteID int64, a *sitecore.AuditEntry,
	change func(tx pgx.Tx) (changed bool, err error)) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		changed, err := change(tx)
		if err != nil || !changed || a == nil {
			return err
		}
		if a.SiteID == 0 {
			a.SiteID = siteID
		}
		return insertAudit(ctx, tx, a)
	})
	if err != nil && a != nil { // rolled back: do not hand out the entry's ID
		a.ID, a.CreatedAt = 0, time.Time{}
	}
	return err
}

// insertAudit stores a and fills its ID and CreatedAt. An entry with SiteID 0 is a
// platform-wide one.
func insertAudit(ctx context.Context, q querier, a *sitecore.AuditEntry) error {
	var details []byte
	if len(a.Details) > 0 {
		var err error
		if details, err = json.Marshal(a.Details); err != nil {
			return err
		}
	}
	return missingRef(q.QueryRow(ctx, `
		INSERT INTO audit_log (site_id, actor_id, actor_name, action, target, details, ip, user_agent)
		VALUES (NULLIF($1::bigint, 0), $2, $3, $4, $5, $6, $7, $8)
		RETURNING id, created_at`,
		a.SiteID, a.ActorID, a.ActorName, a.Action, a.Target, details, a.IP, a.UserAgent,
	).Scan(&a.ID, &a.CreatedAt))
}

// --- users ---

// userColumns select a user for RowToStructByNameLax[sitecore.User].
const userColumns = `id, email, email_verified_at IS NOT NULL AS email_verified, full_name, lang,
	platform_role, avatar_url, bio, visibility, phone, created_at, password_hash`

// CreateUser stores a new user and fills ID and CreatedAt, and the defaults of an empty Lang
// (Kazakh) and Visibility (members). A user created with EmailVerified is stored verified.
func (db *DB) CreateUser(ctx context.Context, u *sitecore.User) error {
	if u.Lang == "" {
		u.Lang = sitecore.Kazakh
	}
	if u.Visibility == "" {
		u.Visibility = sitecore.VisibilityMembers
	}
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO users (email, email_verified_at, password_hash, full_name, lang, platform_role,
		                   avatar_url, bio, visibility)
		VALUES ($1, CASE WHEN $2 THEN now() END, $3, $4, $5, $6, $7, $8, $9)
		RETURNING id, created_at`,
		u.Email, u.EmailVerified, u.PasswordHash, u.FullName, string(u.Lang), string(u.PlatformRole),
		u.AvatarURL, u.Bio, string(u.Visibility),
	).Scan(&u.ID, &u.CreatedAt)
	if _, ok := uniqueViolation(err); ok {
		return wrap("CreateUser", sitecore.Conflictf("email", "email.taken", "value", u.Email))
	}
	return wrap("CreateUser", err)
}

// FindUserByID returns the user or ENotFound.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*sitecore.User, error) {
	u, err := db.findUser(ctx, "id = $1", id)
	return u, wrap("FindUserByID", err)
}

// FindUserByEmail returns the user with the email in any case, or ENotFound.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*sitecore.User, error) {
	u, err := db.findUser(ctx, "lower(email) = lower($1)", email)
	return u, wrap("FindUserByEmail", err)
}

func (db *DB) findUser(ctx context.Context, where string, args ...any) (*sitecore.User, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByNameLax[sitecore.User])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("user")
	}
	return u, err
}

// updateUser runs an UPDATE of one user, ENotFound if there is none.
func (db *DB) updateUser(ctx context.Context, q interface {
	Exec(context.Context, string, ...any) (pgconn.CommandTag, error)
}, sql string, args ...any) error {
	tag, err := q.Exec(ctx, sql, args...)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("user")
	}
	return err
}

// UpdateProfile stores FullName, Lang, AvatarURL, Bio and Visibility of u.
func (db *DB) UpdateProfile(ctx context.Context, u *sitecore.User) error {
	return wrap("UpdateProfile", db.updateUser(ctx, db.Pool, `
		UPDATE users SET full_name = $2, lang = $3, avatar_url = $4, bio = $5, visibility = $6,
		                 phone = $7, updated_at = now()
		WHERE id = $1`,
		u.ID, u.FullName, string(u.Lang), u.AvatarURL, u.Bio, string(u.Visibility), u.Phone))
}

// SetPassword stores a new password hash and ends every session of the user and every
// unused password-reset link, together.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	return wrap("SetPassword", db.inTx(ctx, func(tx pgx.Tx) error {
		err := db.updateUser(ctx, tx, `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`,
			userID, hash)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			WITH s AS (DELETE FROM sessions WHERE user_id = $1)
			DELETE FROM one_time_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
			userID, string(sitecore.TokenResetPassword))
		return err
	}))
}

// RecoverAccount stores the new password hash, marks the address verified (the first time
// counts), ends every session, revokes every API token and drops every unused one-time
// token of the user, in one transaction: whoever held the account before the emailed link
// was followed keeps nothing.
func (db *DB) RecoverAccount(ctx context.Context, userID int64, hash string) error {
	return wrap("RecoverAccount", db.inTx(ctx, func(tx pgx.Tx) error {
		err := db.updateUser(ctx, tx, `
			UPDATE users SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, now()),
			                 updated_at = now()
			WHERE id = $1`, userID, hash)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, endAccess+`
			DELETE FROM one_time_tokens WHERE user_id = $1 AND used_at IS NULL`, userID)
		return err
	}))
}

// endAccess ends every session and revokes every API token of user $1; the statement it
// starts continues with what else the caller does.
const endAccess = `
	WITH s AS (DELETE FROM sessions WHERE user_id = $1),
	     a AS (UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL)`

// EndAllAccess ends every session and revokes every API token of the user, together (the
// part of RecoverAccount that signs everyone out); an unknown user is ENotFound.
func (db *DB) EndAllAccess(ctx context.Context, userID int64) error {
	var found bool
	err := db.Pool.QueryRow(ctx, endAccess+`
		SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, userID).Scan(&found)
	if err == nil && !found {
		err = sitecore.NotFound("user")
	}
	return wrap("EndAllAccess", err)
}

// MarkEmailVerified records that the user controls the address; the first time counts.
func (db *DB) MarkEmailVerified(ctx context.Context, userID int64) error {
	return wrap("MarkEmailVerified", db.updateUser(ctx, db.Pool, `
		UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
		WHERE id = $1`, userID))
}

// SetPlatformRole sets or clears (empty role) the user's platform role.
func (db *DB) SetPlatformRole(ctx context.Context, userID int64, role sitecore.PlatformRole) error {
	return wrap("SetPlatformRole", db.updateUser(ctx, db.Pool, `
		UPDATE users SET platform_role = $2, updated_at = now() WHERE id = $1`, userID, string(role)))
}

// --- sessions and one-time tokens ---

// CreateSession stores a session under the SHA-256 of its token, and drops the user's
// expired sessions.
func (db *DB) CreateSession(ctx context.Context, tokenHash []byte, s sitecore.Session) error {
	return wrap("CreateSession", db.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
			tokenHash, s.UserID, s.ExpiresAt)
		if err != nil {
			return missingRef(err)
		}
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at <= now()`, s.UserID)
		return err
	}))
}

// FindSession returns the unexpired session or ENotFound.
func (db *DB) FindSession(ctx context.Context, tokenHash []byte) (*sitecore.Session, error) {
	var s sitecore.Session
	err := db.Pool.QueryRow(ctx, `SELECT user_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > now()`,
		tokenHash).Scan(&s.UserID, &s.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindSession", sitecore.NotFound("session"))
	}
	if err != nil {
		return nil, wrap("FindSession", err)
	}
	return &s, nil
}

// DeleteSession ends one session; ending an unknown one is not an error.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return wrap("DeleteSession", err)
}

// CreateOneTimeToken stores an emailed token (its SHA-256) for a purpose until expires, and
// drops the user's tokens that can no longer be used.
func (db *DB) CreateOneTimeToken(ctx context.Context, tokenHash []byte, userID int64, p sitecore.TokenPurpose, expires time.Time) error {
	return wrap("CreateOneTimeToken", db.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			INSERT INTO one_time_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, userID, string(p), expires)
		if err != nil {
			return missingRef(err)
		}
		_, err = tx.Exec(ctx, `
			DELETE FROM one_time_tokens WHERE user_id = $1 AND (used_at IS NOT NULL OR expires_at <= now())`, userID)
		return err
	}))
}

// DropOneTimeTokens deletes the user's unused tokens of the purposes.
func (db *DB) DropOneTimeTokens(ctx context.Context, userID int64, purposes ...sitecore.TokenPurpose) error {
	ps := make([]string, len(purposes))
	for i, p := range purposes {
		ps[i] = string(p)
	}
	_, err := db.Pool.Exec(ctx, `
		DELETE FROM one_time_tokens WHERE user_id = $1 AND purpose = ANY($2::text[]) AND used_at IS NULL`, userID, ps)
	return wrap("DropOneTimeTokens", err)
}

// UseOneTimeToken consumes the token atomically and returns its user; a token that is
// unknown, of another purpose, used or expired is EInvalid on field "token".
func (db *DB) UseOneTimeToken(ctx context.Context, tokenHash []byte, p sitecore.TokenPurpose) (int64, error) {
	var userID int64
	err := db.Pool.QueryRow(ctx, `
		UPDATE one_time_tokens SET used_at = now()
		WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
		RETURNING user_id`, tokenHash, string(p)).Scan(&userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, wrap("UseOneTimeToken", sitecore.Invalid("token", "token.invalid"))
	}
	return userID, wrap("UseOneTimeToken", err)
}

// PeekOneTimeToken returns the user of a valid token without consuming it.
func (db *DB) PeekOneTimeToken(ctx context.Context, tokenHash []byte, p sitecore.TokenPurpose) (int64, error) {
	var userID int64
	err := db.Pool.QueryRow(ctx, `
		SELECT user_id FROM one_time_tokens
		WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
		tokenHash, string(p)).Scan(&userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, wrap("PeekOneTimeToken", sitecore.Invalid("token", "token.invalid"))
	}
	return userID, wrap("PeekOneTimeToken", err)
}

// --- login throttle ---

// LoginThrottled reports whether any of the keys is locked, and until when (the latest).
func (db *DB) LoginThrottled(ctx context.Context, keys []string) (time.Time, bool, error) {
	var until *time.Time
	err := db.Pool.QueryRow(ctx, `
		SELECT max(locked_until) FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
		keys).Scan(&until)
	if err != nil || until == nil {
		return time.Time{}, false, wrap("LoginThrottled", err)
	}
	return *until, true, nil
}

// Parts of the throttle upsert: $2 Max, $3 Window, $4 LockFor and $5 MaxLock (seconds).
const (
	// throttleFresh: the key's window has passed, so counting starts anew.
	throttleFresh = `t.window_start + make_interval(secs => $3) < now()`
	// throttleCount is the key's count with this event.
	throttleCount = `(CASE WHEN ` + throttleFresh + ` THEN 1 ELSE t.failures + 1 END)`
	// throttleLocks is how many times the key was locked since it was last quiet (no lock
	// for MaxLock).
	throttleLocks = `(CASE WHEN t.locked_until IS NULL OR t.locked_until + make_interval(secs => $5) < now()
	                      THEN 0 ELSE t.lockouts END)`
	// throttleLockEnd doubles LockFor for every earlier lock, up to MaxLock.
	throttleLockEnd = `now() + make_interval(secs => least($4 * power(2, ` + throttleLocks + `), $5))`
)

// RecordLoginFailure counts a failure for each key. A key whose window has passed starts
// counting anew; a key with Max failures in its window is locked from now for LockFor,
// doubled for each lock since it was last quiet for MaxLock, at most MaxLock. A failure
// after a lock ended, still within the window, locks again (for twice as long). It returns
// the latest lock end that is in the future, if any. All times are the database's.
func (db *DB) RecordLoginFailure(ctx context.Context, keys []sitecore.ThrottleKey) (time.Time, bool, error) {
	var (
		latest time.Time
		locked bool
	)
	// Each key is one atomic upsert; keys are independent, so no transaction is held.
	for _, k := range keys {
		var (
			until  *time.Time
			active bool
		)
		maxLock := max(k.MaxLock, k.LockFor)
		err := db.Pool.QueryRow(ctx, `
			INSERT INTO login_throttle AS t (key, failures, window_start, locked_until, lockouts)
			VALUES ($1, 1, now(), CASE WHEN $2::int <= 1 THEN now() + make_interval(secs => $4) END,
			        CASE WHEN $2::int <= 1 THEN 1 ELSE 0 END)
			ON CONFLICT (key) DO UPDATE SET
				failures = `+throttleCount+`,
				window_start = CASE WHEN `+throttleFresh+` THEN now() ELSE t.window_start END,
				locked_until = CASE WHEN `+throttleCount+` >= $2::int THEN `+throttleLockEnd+` ELSE t.locked_until END,
				lockouts = CASE WHEN `+throttleCount+` >= $2::int THEN `+throttleLocks+` + 1 ELSE `+throttleLocks+` END
			RETURNING locked_until, coalesce(locked_until > now(), false)`,
			k.Key, k.Max, seconds(k.Window), seconds(k.LockFor), seconds(maxLock),
		).Scan(&until, &active)
		if err != nil {
			return time.Time{}, false, wrap("RecordLoginFailure", err)
		}
		if active && (!locked || until.After(latest)) {
			latest, locked = *until, true
		}
	}
	return latest, locked, nil
}

// Hit refuses the event if any key is locked; otherwise it counts it for every key like a
// failed login (RecordLoginFailure), and the event that reaches a key's Max still passes.
// Two concurrent events may both pass the check: limits are approximate by one or two.
func (db *DB) Hit(ctx context.Context, keys []sitecore.ThrottleKey) (time.Time, bool, error) {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Key
	}
	if until, locked, err := db.LoginThrottled(ctx, names); err != nil || locked {
		return until, locked, wrap("Hit", err)
	}
	_, _, err := db.RecordLoginFailure(ctx, keys)
	return time.Time{}, false, wrap("Hit", err)
}

// ResetLoginFailures clears the counters of the keys (after a successful login).
func (db *DB) ResetLoginFailures(ctx context.Context, keys []string) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM login_throttle WHERE key = ANY($1)`, keys)
	return wrap("ResetLoginFailures", err)
}

// PurgeThrottle deletes the counters whose window started and whose last lock ended more
// than olderThan ago (sitecore.ThrottlePurger).
func (db *DB) PurgeThrottle(ctx context.Context, olderThan time.Duration) (int64, error) {
	n, err := db.deleteInBatches(ctx, `
		DELETE FROM login_throttle WHERE key IN (
			SELECT key FROM login_throttle
			WHERE window_start < now() - make_interval(secs => $1)
			  AND (locked_until IS NULL OR locked_until < now() - make_interval(secs => $1))
			LIMIT 5000)`, seconds(olderThan))
	return n, wrap("PurgeThrottle", err)
}

// PurgeExpiredSessions deletes sessions and one-time tokens (verification, reset and email
// change links) whose expiry has passed (sitecore.ExpiryPurger): none of them can be used any
// more, and each is otherwise deleted only when its user signs in again.
func (db *DB) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	n, err := db.deleteInBatches(ctx, `
		DELETE FROM sessions WHERE token_hash IN (
			SELECT token_hash FROM sessions WHERE expires_at < now() LIMIT 5000)`)
	if err != nil {
		return n, wrap("PurgeExpiredSessions", err)
	}
	m, err := db.deleteInBatches(ctx, `
		DELETE FROM one_time_tokens WHERE token_hash IN (
			SELECT token_hash FROM one_time_tokens WHERE expires_at < now() LIMIT 5000)`)
	return n + m, wrap("PurgeExpiredSessions", err)
}

// PurgeIdempotency deletes the Idempotency-Keys last touched more than olderThan ago
// (sitecore.ExpiryPurger).
func (db *DB) PurgeIdempotency(ctx context.Context, olderThan time.Duration) (int64, error) {
	n, err := db.deleteInBatches(ctx, `
		DELETE FROM idempotency_keys WHERE (scope, key) IN (
			SELECT scope, key FROM idempotency_keys
			WHERE updated_at < now() - make_interval(secs => $1) LIMIT 5000)`, seconds(olderThan))
	return n, wrap("PurgeIdempotency", err)
}

// deleteInBatches runs a DELETE of at most 5,000 rows until one deletes fewer, so no
// statement holds many row locks, and returns how many rows went.
func (db *DB) deleteInBatches(ctx context.Context, stmt string, args ...any) (int64, error) {
	var total int64
	for {
		tag, err := db.Pool.Exec(ctx, stmt, args...)
		if err != nil {
			return total, err
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < 5000 {
			return total, nil
		}
	}
}

// --- memberships ---

// memberQuery selects memberships with the member's email and name; roles come from the
// strongest.
const memberQuery = `
	SELECT m.site_id, m.user_id, m.role, COALESCE(m.added_by, 0) AS added_by, m.created_at,
	       u.email, u.full_name
	FROM site_members m JOIN users u ON u.id = m.user_id`

const roleRank = `array_position('{owner,admin,teacher,student,parent,member}'::text[], m.role)`

// Memberships returns every role of the user in every site.
func (db *DB) Memberships(ctx context.Context, userID int64) ([]sitecore.Membership, error) {
	ms, err := db.members(ctx, memberQuery+` WHERE m.user_id = $1 ORDER BY m.site_id, `+roleRank, userID)
	return ms, wrap("Memberships", err)
}

// SiteMembers returns the site's members with their roles, by name.
func (db *DB) SiteMembers(ctx context.Context, siteID int64) ([]sitecore.Membership, error) {
	ms, err := db.members(ctx, memberQuery+` WHERE m.site_id = $1 ORDER BY u.full_name, m.user_id, `+roleRank, siteID)
	return ms, wrap("SiteMembers", err)
}

func (db *DB) members(ctx context.Context, sql string, args ...any) ([]sitecore.Membership, error) {
	rows, err := db.Pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.Membership])
}

// AddMember gives the user a role in the site. If the user has it already nothing changes
// and no audit entry is written.
func (db *DB) AddMember(ctx context.Context, m sitecore.Membership, a *sitecore.AuditEntry) error {
	return wrap("AddMember", db.audited(ctx, m.SiteID, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `
			INSERT INTO site_members (site_id, user_id, role, added_by) VALUES ($1, $2, $3, NULLIF($4::bigint, 0))
			ON CONFLICT DO NOTHING`, m.SiteID, m.UserID, string(m.Role), m.AddedBy)
		if err != nil {
			return false, missingRef(err)
		}
		return tag.RowsAffected() > 0, nil
	}))
}

// RemoveMember takes roles from the user in the site; no roles means every role but owner.
// Removing nothing is ENotFound.
func (db *DB) RemoveMember(ctx context.Context, siteID, userID int64, roles []sitecore.SiteRole, a *sitecore.AuditEntry) error {
	return wrap("RemoveMember", db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		var (
			tag pgconn.CommandTag
			err error
		)
		if len(roles) == 0 {
			tag, err = tx.Exec(ctx, `DELETE FROM site_members WHERE site_id = $1 AND user_id = $2 AND role <> 'owner'`,
				siteID, userID)
		} else {
			names := make([]string, len(roles))
			for i, r := range roles {
				names[i] = string(r)
			}
			tag, err = tx.Exec(ctx, `DELETE FROM site_members WHERE site_id = $1 AND user_id = $2 AND role = ANY($3)`,
				siteID, userID, names)
		}
		if err == nil && tag.RowsAffected() == 0 {
			err = sitecore.NotFound("member")
		}
		return err == nil, err
	}))
}

// --- delegations ---

const delegationColumns = `id, site_id, user_id, section, action, page_key,
	COALESCE(granted_by, 0) AS granted_by, created_at`

// Delegations returns the active delegations of the site (userID 0: of everyone), by ID.
func (db *DB) Delegations(ctx context.Context, siteID, userID int64) ([]sitecore.Delegation, error) {
	ds, err := db.delegations(ctx, `site_id = $1 AND ($2::bigint = 0 OR user_id = $2)`, siteID, userID)
	return ds, wrap("Delegations", err)
}

// UserDelegations returns the user's active delegations on every site, by ID.
func (db *DB) UserDelegations(ctx context.Context, userID int64) ([]sitecore.Delegation, error) {
	ds, err := db.delegations(ctx, `user_id = $1`, userID)
	return ds, wrap("UserDelegations", err)
}

func (db *DB) delegations(ctx context.Context, where string, args ...any) ([]sitecore.Delegation, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+delegationColumns+` FROM delegations
		WHERE revoked_at IS NULL AND `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.Delegation])
}

// Grant stores a delegation and fills its ID and CreatedAt.
func (db *DB) Grant(ctx context.Context, d *sitecore.Delegation, a *sitecore.AuditEntry) error {
	err := db.audited(ctx, d.SiteID, a, func(tx pgx.Tx) (bool, error) {
		err := tx.QueryRow(ctx, `
			INSERT INTO delegations (site_id, user_id, section, action, page_key, granted_by)
			VALUES ($1, $2, $3, $4, $5, NULLIF($6::bigint, 0))
			RETURNING id, created_at`,
			d.SiteID, d.UserID, string(d.Section), string(d.Action), d.PageKey, d.GrantedBy,
		).Scan(&d.ID, &d.CreatedAt)
		return err == nil, missingRef(err)
	})
	if err != nil {
		d.ID, d.CreatedAt = 0, time.Time{}
	}
	return wrap("Grant", err)
}

// Revoke ends an active delegation of the site; one of another site, or one already
// revoked, is ENotFound.
func (db *DB) Revoke(ctx context.Context, siteID, delegationID int64, a *sitecore.AuditEntry) error {
	return wrap("Revoke", db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `
			UPDATE delegations SET revoked_at = now()
			WHERE id = $2 AND site_id = $1 AND revoked_at IS NULL`, siteID, delegationID)
		if err == nil && tag.RowsAffected() == 0 {
			err = sitecore.NotFound("delegation")
		}
		return err == nil, err
	}))
}

// --- parent links ---

const parentLinkColumns = `id, parent_id, child_id, confirmed_by, confirmed_at, created_at`

// CreateParentLink asks to link a parent and a child and fills the link from the stored
// row; a repeat returns the existing link as it is (confirmed or not). A user cannot be
// their own parent (EInvalid on "child_id"); an unknown user is ENotFound.
func (db *DB) CreateParentLink(ctx context.Context, l *sitecore.ParentLink) error {
	if l.ParentID == l.ChildID {
		return wrap("CreateParentLink", sitecore.Invalid("child_id", "parent_link.self"))
	}
	rows, err := db.Pool.Query(ctx, `
		INSERT INTO parent_links (parent_id, child_id) VALUES ($1, $2)
		ON CONFLICT (parent_id, child_id) DO UPDATE SET parent_id = EXCLUDED.parent_id
		RETURNING `+parentLinkColumns, l.ParentID, l.ChildID)
	if err != nil {
		return wrap("CreateParentLink", err)
	}
	got, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByNameLax[sitecore.ParentLink])
	if c, ok := foreignKeyViolation(err); ok && (strings.HasSuffix(c, "_parent_id_fkey") || strings.HasSuffix(c, "_child_id_fkey")) {
		return wrap("CreateParentLink", sitecore.NotFound("user"))
	}
	if err != nil {
		return wrap("CreateParentLink", err)
	}
	*l = got
	return nil
}

// FindParentLink returns the link or ENotFound.
func (db *DB) FindParentLink(ctx context.Context, id int64) (*sitecore.ParentLink, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+parentLinkColumns+` FROM parent_links WHERE id = $1`, id)
	if err != nil {
		return nil, wrap("FindParentLink", err)
	}
	l, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByNameLax[sitecore.ParentLink])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindParentLink", sitecore.NotFound("parent_link"))
	}
	return l, wrap("FindParentLink", err)
}

// ConfirmParentLink marks the link confirmed by "child" or "site:<id>". Confirming a
// confirmed link changes nothing (the first confirmation stays) and writes no audit entry.
// The audit entry keeps its SiteID; 0 makes it a platform-wide entry.
func (db *DB) ConfirmParentLink(ctx context.Context, id int64, by string, a *sitecore.AuditEntry) error {
	return wrap("ConfirmParentLink", db.audited(ctx, 0, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `
			UPDATE parent_links SET confirmed_by = $2, confirmed_at = now()
			WHERE id = $1 AND confirmed_at IS NULL`, id, by)
		if err != nil || tag.RowsAffected() > 0 {
			return err == nil, err
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM parent_links WHERE id = $1)`, id).Scan(&exists); err != nil {
			return false, err
		}
		if !exists {
			return false, sitecore.NotFound("parent_link")
		}
		return false, nil
	}))
}

// ParentLinks returns every link in which the user is the parent or the child, confirmed
// or not (ConfirmedAt tells), by ID.
func (db *DB) ParentLinks(ctx context.Context, userID int64) ([]sitecore.ParentLink, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+parentLinkColumns+` FROM parent_links
		WHERE parent_id = $1 OR child_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, wrap("ParentLinks", err)
	}
	ls, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.ParentLink])
	return ls, wrap("ParentLinks", err)
}

// --- API tokens ---

const apiTokenColumns = `id, user_id, site_id, name, created_at, last_used_at, revoked_at`

// CreateAPIToken stores a token (its SHA-256) and fills ID and CreatedAt.
func (db *DB) CreateAPIToken(ctx context.Context, tokenHash []byte, t *sitecore.APIToken) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO api_tokens (token_hash, user_id, site_id, name) VALUES ($1, $2, $3, $4)
		RETURNING id, created_at`, tokenHash, t.UserID, t.SiteID, t.Name).Scan(&t.ID, &t.CreatedAt)
	return wrap("CreateAPIToken", missingRef(err))
}

// FindAPIToken returns the unrevoked token or ENotFound, and notes its use (at most once a
// minute, to spare writes).
func (db *DB) FindAPIToken(ctx context.Context, tokenHash []byte) (*sitecore.APIToken, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE token_hash = $1 AND revoked_at IS NULL`, tokenHash)
	if err != nil {
		return nil, wrap("FindAPIToken", err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByNameLax[sitecore.APIToken])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindAPIToken", sitecore.NotFound("token"))
	}
	if err != nil {
		return nil, wrap("FindAPIToken", err)
	}
	var used time.Time
	err = db.Pool.QueryRow(ctx, `
		UPDATE api_tokens SET last_used_at = now()
		WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
		RETURNING last_used_at`, t.ID).Scan(&used)
	switch {
	case err == nil:
		t.LastUsedAt = &used
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, wrap("FindAPIToken", err)
	}
	return t, nil
}

// APITokens lists the user's tokens, revoked ones included, by ID.
func (db *DB) APITokens(ctx context.Context, userID int64) ([]sitecore.APIToken, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, wrap("APITokens", err)
	}
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.APIToken])
	return ts, wrap("APITokens", err)
}

// RevokeAPIToken revokes one of the user's tokens; revoking a revoked one changes nothing.
// Another user's token is ENotFound.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	tag, err := db.Pool.Exec(ctx, `
		UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $2 AND user_id = $1`,
		userID, tokenID)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("token")
	}
	return wrap("RevokeAPIToken", err)
}

// --- audit log ---

// Audit stores an entry on its own (for actions without a store write) and fills its ID and
// CreatedAt.
func (db *DB) Audit(ctx context.Context, a *sitecore.AuditEntry) error {
	return wrap("Audit", insertAudit(ctx, db.Pool, a))
}

// Audit log page sizes.
const (
	defaultAuditPage = 50
	maxAuditPage     = 200
)

// AuditLog returns the site's newest entries with IDs below before (0: from the newest);
// limit is capped at 200, and 0 or less means 50.
func (db *DB) AuditLog(ctx context.Context, siteID int64, before int64, limit int) ([]sitecore.AuditEntry, error) {
	switch {
	case limit <= 0:
		limit = defaultAuditPage
	case limit > maxAuditPage:
		limit = maxAuditPage
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT id, COALESCE(site_id, 0) AS site_id, actor_id, actor_name, action, target, details,
		       ip, user_agent, created_at
		FROM audit_log
		WHERE site_id = $1 AND ($2::bigint = 0 OR id < $2)
		ORDER BY id DESC LIMIT $3`, siteID, before, limit)
	if err != nil {
		return nil, wrap("AuditLog", err)
	}
	es, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.AuditEntry])
	return es, wrap("AuditLog", err)
}

// --- organisation tree ---

// OrgUnits returns the whole organisation tree, by ID (so parents come before children).
func (db *DB) OrgUnits(ctx context.Context) ([]sitecore.OrgUnit, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, parent_id, kind, names FROM org_units ORDER BY id`)
	if err != nil {
		return nil, wrap("OrgUnits", err)
	}
	us, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.OrgUnit])
	return us, wrap("OrgUnits", err)
}

// CreateOrgUnit stores a unit and fills its ID; a parent that does not exist is EInvalid on
// "parent_id".
func (db *DB) CreateOrgUnit(ctx context.Context, u *sitecore.OrgUnit) error {
	names := u.Names
	if names == nil {
		names = map[sitecore.Lang]string{}
	}
	js, err := json.Marshal(names)
	if err != nil {
		return sitecore.Internal("CreateOrgUnit", err)
	}
	err = db.Pool.QueryRow(ctx, `INSERT INTO org_units (parent_id, kind, names) VALUES ($1, $2, $3) RETURNING id`,
		u.ParentID, u.Kind, js).Scan(&u.ID)
	if _, ok := foreignKeyViolation(err); ok {
		return wrap("CreateOrgUnit", sitecore.Invalid("parent_id", "org_unit.parent_missing"))
	}
	return wrap("CreateOrgUnit", err)
}

// SetSiteOrgUnit places a site in the tree; unitID 0 takes it out. An unknown unit is
// EInvalid on "org_unit_id", an unknown site ENotFound.
func (db *DB) SetSiteOrgUnit(ctx context.Context, siteID, unitID int64, a *sitecore.AuditEntry) error {
	return wrap("SetSiteOrgUnit", db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `UPDATE sites SET org_unit_id = NULLIF($2::bigint, 0), updated_at = now() WHERE id = $1`,
			siteID, unitID)
		if _, ok := foreignKeyViolation(err); ok {
			return false, sitecore.Invalid("org_unit_id", "org_unit.unknown")
		}
		if err == nil && tag.RowsAffected() == 0 {
			err = sitecore.NotFound("site")
		}
		return err == nil, err
	}))
}

// --- domains ---

// CreateDomainClaim stores (or renews, with a new token and unverified) the site's claim on
// c.Host with the token c.Value, and fills CreatedAt; a host bound to any site is EConflict
// on "host". Record is not stored: FindDomainClaim derives it from the host.
func (db *DB) CreateDomainClaim(ctx context.Context, c *sitecore.DomainClaim, a *sitecore.AuditEntry) error {
	return wrap("CreateDomainClaim", db.audited(ctx, c.SiteID, a, func(tx pgx.Tx) (bool, error) {
		var bound bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM site_domains WHERE host = $1)`, c.Host).Scan(&bound)
		if err != nil {
			return false, err
		}
		if bound {
			return false, sitecore.Conflictf("host", "domain.taken", "value", c.Host)
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO domain_claims (site_id, host, token) VALUES ($1, $2, $3)
			ON CONFLICT (site_id, host) DO UPDATE
				SET token = EXCLUDED.token, created_at = now(), verified_at = NULL
			RETURNING created_at`, c.SiteID, c.Host, c.Value).Scan(&c.CreatedAt)
		if err != nil {
			return false, missingRef(err)
		}
		c.VerifiedAt = nil
		return true, nil
	}))
}

// FindDomainClaim returns the site's claim on host or ENotFound. Record is derived from the
// host (sitecore.DomainChallengeName), since it is not stored.
func (db *DB) FindDomainClaim(ctx context.Context, siteID int64, host string) (*sitecore.DomainClaim, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT site_id, host, token AS value, created_at, verified_at
		FROM domain_claims WHERE site_id = $1 AND host = $2`, siteID, host)
	if err != nil {
		return nil, wrap("FindDomainClaim", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByNameLax[sitecore.DomainClaim])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindDomainClaim", sitecore.NotFound("domain_claim"))
	}
	if err != nil {
		return nil, wrap("FindDomainClaim", err)
	}
	c.Record = sitecore.DomainChallengeName(c.Host)
	return c, nil
}

// notifySite announces a change of the site to serving instances when tx commits.
func notifySite(ctx context.Context, tx pgx.Tx, siteID int64) error {
	_, err := tx.Exec(ctx, `SELECT pg_notify('`+siteChannel+`', $1)`, strconv.FormatInt(siteID, 10))
	return err
}

// BindDomain marks the site's claim on host verified and binds the host to the site as its
// last domain. No claim is ENotFound; a host bound meanwhile is EConflict on "host". The
// caller checks the DNS proof first.
func (db *DB) BindDomain(ctx context.Context, siteID int64, host string, a *sitecore.AuditEntry) error {
	return wrap("BindDomain", db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `UPDATE domain_claims SET verified_at = now() WHERE site_id = $1 AND host = $2`,
			siteID, host)
		if err != nil {
			return false, err
		}
		if tag.RowsAffected() == 0 {
			return false, sitecore.NotFound("domain_claim")
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO site_domains (host, site_id, position)
			SELECT $1, $2, COALESCE(max(position) + 1, 0) FROM site_domains WHERE site_id = $2`,
			host, siteID)
		if _, ok := uniqueViolation(err); ok {
			return false, sitecore.Conflictf("host", "domain.taken", "value", host)
		}
		if err != nil {
			return false, err
		}
		return true, notifySite(ctx, tx, siteID)
	}))
}

// UnbindDomain removes a host from the site and drops the site's claim on it, so binding it
// again needs a new proof. A host the site does not have is ENotFound; the site's last host
// cannot be removed (EConflict on "host").
func (db *DB) UnbindDomain(ctx context.Context, siteID int64, host string, a *sitecore.AuditEntry) error {
	return wrap("UnbindDomain", db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		// Locking the site's hosts makes two concurrent unbinds unable to remove both of the
		// last two.
		rows, err := tx.Query(ctx, `SELECT host FROM site_domains WHERE site_id = $1 ORDER BY position FOR UPDATE`, siteID)
		if err != nil {
			return false, err
		}
		hosts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return false, err
		}
		switch {
		case !slices.Contains(hosts, host):
			return false, sitecore.NotFound("domain")
		case len(hosts) == 1:
			return false, sitecore.Conflictf("host", "domain.last", "value", host)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM site_domains WHERE host = $1 AND site_id = $2`, host, siteID); err != nil {
			return false, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM domain_claims WHERE site_id = $1 AND host = $2`, siteID, host); err != nil {
			return false, err
		}
		return true, notifySite(ctx, tx, siteID)
	}))
}
