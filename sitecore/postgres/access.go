package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// sessionUser is the user ID of an unexpired session, as a subquery on $1.
const sessionUser = `(SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > now())`

// SessionAccess returns the user of an unexpired session with every role and delegation,
// in one network round trip (three pipelined statements): it runs on every authenticated
// request. An unknown or expired session is ENotFound.
func (db *DB) SessionAccess(ctx context.Context, tokenHash []byte) (*sitecore.User, []sitecore.Membership, []sitecore.Delegation, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT `+userColumns+` FROM users WHERE id = `+sessionUser, tokenHash)
	b.Queue(memberQuery+` WHERE m.user_id = `+sessionUser+` ORDER BY m.site_id, `+roleRank, tokenHash)
	b.Queue(`SELECT `+delegationColumns+` FROM delegations WHERE revoked_at IS NULL AND user_id = `+sessionUser+` ORDER BY id`, tokenHash)
	br := db.Pool.SendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return nil, nil, nil, wrap("SessionAccess", err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByNameLax[sitecore.User])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, nil, sitecore.NotFound("session")
	}
	if err != nil {
		return nil, nil, nil, wrap("SessionAccess", err)
	}
	if rows, err = br.Query(); err != nil {
		return nil, nil, nil, wrap("SessionAccess", err)
	}
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.Membership])
	if err != nil {
		return nil, nil, nil, wrap("SessionAccess", err)
	}
	if rows, err = br.Query(); err != nil {
		return nil, nil, nil, wrap("SessionAccess", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.Delegation])
	if err != nil {
		return nil, nil, nil, wrap("SessionAccess", err)
	}
	return u, ms, ds, nil
}
