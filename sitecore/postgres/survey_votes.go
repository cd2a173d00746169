package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// surveyOpen is the condition, on surveys s, that ballots are accepted now.
const surveyOpen = `s.status = 'open' AND now() >= s.opens_at AND now() < s.closes_at`

// CreateNonce stores a nonce's hash for an open survey of the site.
func (db *DB) CreateNonce(ctx context.Context, siteID, surveyID int64, hash []byte, expires time.Time) error {
	tag, err := db.Pool.Exec(ctx, `
		INSERT INTO survey_nonces (survey_id, nonce_hash, expires_at)
		SELECT s.id, $3, $4 FROM surveys s WHERE s.id = $1 AND s.site_id = $2`, surveyID, siteID, hash, expires)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("survey")
	}
	return wrap("CreateNonce", err)
}

// RecordVoter stores the voter, consuming the nonce, in one transaction; the primary key
// (survey, iin_hash) and the unique account index decide a race.
func (db *DB) RecordVoter(ctx context.Context, siteID int64, v *survey.Voter, nonceHash []byte, revote bool) (*survey.Voter, error) {
	var prior *survey.Voter
	var account *int64
	if v.AccountID != 0 {
		account = &v.AccountID
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var open bool
		var status string
		// FOR SHARE: closing the box (an UPDATE of the row) waits for this vote to commit, so
		// a vote accepted here is always there when the ballots are counted.
		err := tx.QueryRow(ctx, `SELECT `+surveyOpen+`, s.status FROM surveys s WHERE s.id = $1 AND s.site_id = $2 FOR SHARE`,
			v.SurveyID, siteID).Scan(&open, &status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return sitecore.NotFound("survey")
		case err != nil:
			return err
		case !open:
			return sitecore.Conflictf("status", "survey.not_open", "value", status)
		}
		if !revote { // a repeat is answered before the nonce is spent, so a retry can tell
			if prior, err = findVoter(ctx, tx, v.SurveyID, v.Identity, account); err != nil {
				return err
			} else if prior != nil {
				return alreadyVoted()
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE survey_nonces SET used_at = now()
			WHERE survey_id = $1 AND nonce_hash = $2 AND used_at IS NULL AND expires_at > now()`, v.SurveyID, nonceHash)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return sitecore.Invalid("nonce", "survey.nonce")
		}
		const insert = `INSERT INTO survey_voters (survey_id, iin_hash, account_id, signer_name, masked_iin, cms,
				signed_content, blinded_hash, ballot, receipt_hash, voted_at, voted_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ($11 AT TIME ZONE 'Asia/Almaty')::date)`
		args := []any{v.SurveyID, v.Identity, account, v.SignerName, v.MaskedIIN, v.CMS, v.Signed, v.BlindedHash,
			v.Ballot, v.ReceiptHash, v.VotedAt}
		if revote {
			tag, err = tx.Exec(ctx, insert+` ON CONFLICT (survey_id, iin_hash) DO UPDATE SET
				cms = excluded.cms, signed_content = excluded.signed_content, ballot = excluded.ballot,
				receipt_hash = excluded.receipt_hash, voted_at = excluded.voted_at, voted_on = excluded.voted_on,
				revotes = survey_voters.revotes + 1
				WHERE survey_voters.account_id IS NOT DISTINCT FROM excluded.account_id OR excluded.account_id IS NULL`, args...)
		} else {
			tag, err = tx.Exec(ctx, insert+` ON CONFLICT DO NOTHING`, args...)
		}
		if _, unique := uniqueViolation(err); unique || (err == nil && tag.RowsAffected() == 0) {
			// Another request of the same person won the race (or, re-voting, another person
			// used the account).
			prior, _ = findVoter(ctx, db.Pool, v.SurveyID, v.Identity, account)
			return alreadyVoted()
		}
		return err
	})
	return prior, wrap("RecordVoter", err)
}

// HasVoted reports whether the person or the account has voted in the site's survey.
func (db *DB) HasVoted(ctx context.Context, siteID, surveyID int64, identity []byte, account int64) (bool, error) {
	var acc *int64
	if account != 0 {
		acc = &account
	}
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM survey_voters v JOIN surveys s ON s.id = v.survey_id
		WHERE v.survey_id = $1 AND s.site_id = $2 AND (v.iin_hash = $3 OR v.account_id = $4))`,
		surveyID, siteID, identity, acc).Scan(&ok)
	return ok, wrap("HasVoted", err)
}

func alreadyVoted() error { return sitecore.Conflictf("iin", "survey.already_voted") }

// findVoter returns the record of the person or the account in the survey, or nil.
func findVoter(ctx context.Context, q querier, surveyID int64, identity []byte, account *int64) (*survey.Voter, error) {
	v := &survey.Voter{SurveyID: surveyID}
	var acc *int64
	err := q.QueryRow(ctx, `SELECT iin_hash, account_id, blinded_hash, voted_at FROM survey_voters
		WHERE survey_id = $1 AND (iin_hash = $2 OR account_id = $3) LIMIT 1`, surveyID, identity, account,
	).Scan(&v.Identity, &acc, &v.BlindedHash, &v.VotedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if acc != nil {
		v.AccountID = *acc
	}
	return v, err
}

// AddAnonymousBallot stores a ballot of an open survey once per token. The survey's row is
// locked FOR SHARE while the ballot goes in, so closing the box waits for it: a ballot
// accepted is always counted, and one arriving after the close is refused.
func (db *DB) AddAnonymousBallot(ctx context.Context, siteID int64, b *survey.AnonymousBallot) error {
	tag, err := db.Pool.Exec(ctx, `
		INSERT INTO survey_ballots (survey_id, token_hash, answers, receipt_hash)
		SELECT s.id, $3, $4, $5 FROM surveys s WHERE s.id = $1 AND s.site_id = $2 AND `+surveyOpen+` FOR SHARE
		ON CONFLICT (token_hash) DO NOTHING`, b.SurveyID, siteID, b.TokenHash, b.Answers, b.ReceiptHash)
	if err != nil || tag.RowsAffected() == 1 {
		return wrap("AddAnonymousBallot", err)
	}
	var used bool
	if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM survey_ballots WHERE token_hash = $1)`, b.TokenHash).Scan(&used); err != nil {
		return wrap("AddAnonymousBallot", err)
	}
	if used {
		return wrap("AddAnonymousBallot", sitecore.Conflictf("token", "survey.token_used"))
	}
	return wrap("AddAnonymousBallot", sitecore.Conflictf("status", "survey.not_open", "value", "closed"))
}

// ShuffleBallots rewrites the anonymous ballots of a closed survey in a random order, in one
// transaction: new random IDs, new row positions, one inserting transaction for all. While
// the box was open, rows lay in the order they arrived (positions, ctid, xmin); afterwards
// nothing in a row or in its place says when it came. A survey that is not closed is
// EConflict on "status" (a ballot could still arrive). A repeat shuffles again, harmlessly.
func (db *DB) ShuffleBallots(ctx context.Context, siteID, surveyID int64) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM surveys WHERE id = $1 AND site_id = $2 FOR UPDATE`, surveyID, siteID).Scan(&status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return sitecore.NotFound("survey")
		case err != nil:
			return err
		case status != string(survey.StatusClosed):
			return sitecore.Conflictf("status", "survey.state", "value", status)
		}
		_, err = tx.Exec(ctx, `
			WITH moved AS (DELETE FROM survey_ballots WHERE survey_id = $1 RETURNING survey_id, token_hash, answers, receipt_hash)
			INSERT INTO survey_ballots (id, survey_id, token_hash, answers, receipt_hash)
			SELECT gen_random_uuid(), survey_id, token_hash, answers, receipt_hash FROM moved ORDER BY random()`, surveyID)
		return err
	})
	if err != nil {
		return wrap("ShuffleBallots", err)
	}
	// The old row versions stay in the table's pages until vacuumed: vacuum now (outside the
	// transaction, at most 20 seconds; autovacuum finishes what this does not).
	db.vacuumBallots(ctx)
	return nil
}

// vacuumBallots vacuums the ballots' table on a connection of its own, best effort.
func (db *DB) vacuumBallots(ctx context.Context) {
	c, err := db.Pool.Acquire(ctx)
	if err != nil {
		return
	}
	defer c.Release()
	if _, err := c.Exec(ctx, `SET statement_timeout = '20s'`, pgx.QueryExecModeSimpleProtocol); err != nil {
		c.Conn().Close(ctx) //nolint:errcheck // dropped from the pool with its setting
		return
	}
	_, _ = c.Exec(ctx, `VACUUM survey_ballots`, pgx.QueryExecModeSimpleProtocol)
	if _, err := c.Exec(ctx, `RESET statement_timeout`, pgx.QueryExecModeSimpleProtocol); err != nil {
		c.Conn().Close(ctx) //nolint:errcheck
	}
}

// ReceiptCounted reports whether a ballot of the site's survey has the receipt.
func (db *DB) ReceiptCounted(ctx context.Context, siteID, surveyID int64, hash []byte) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM surveys s WHERE s.id = $1 AND s.site_id = $2 AND (
			EXISTS (SELECT 1 FROM survey_ballots b WHERE b.survey_id = s.id AND b.receipt_hash = $3) OR
			EXISTS (SELECT 1 FROM survey_voters v WHERE v.survey_id = s.id AND v.receipt_hash = $3)))`,
		surveyID, siteID, hash).Scan(&ok)
	return ok, wrap("ReceiptCounted", err)
}

// Turnout returns the voters per Almaty day.
func (db *DB) Turnout(ctx context.Context, siteID, surveyID int64) ([]survey.DayCount, error) {
	rows, err := db.Pool.Query(ctx, `SELECT to_char(v.voted_on, 'YYYY-MM-DD'), count(*)::int
		FROM survey_voters v JOIN surveys s ON s.id = v.survey_id
		WHERE v.survey_id = $1 AND s.site_id = $2 GROUP BY v.voted_on ORDER BY v.voted_on`, surveyID, siteID)
	if err != nil {
		return nil, wrap("Turnout", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (survey.DayCount, error) {
		var d survey.DayCount
		return d, r.Scan(&d.Day, &d.Voters)
	})
	return out, wrap("Turnout", err)
}

// CountVoters returns how many people voted.
func (db *DB) CountVoters(ctx context.Context, siteID, surveyID int64) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_voters v JOIN surveys s ON s.id = v.survey_id
		WHERE v.survey_id = $1 AND s.site_id = $2`, surveyID, siteID).Scan(&n)
	return n, wrap("CountVoters", err)
}

// Ballots streams the counted ballots: named ballots by the voter's hash, anonymous ones by
// their random ID — neither order is the order of arrival.
func (db *DB) Ballots(ctx context.Context, siteID int64, s *survey.Survey, fn func(survey.Ballot) error) error {
	q := `SELECT b.answers FROM survey_ballots b JOIN surveys s ON s.id = b.survey_id
		WHERE b.survey_id = $1 AND s.site_id = $2 ORDER BY b.id`
	if s.Mode == survey.Named {
		q = `SELECT v.ballot FROM survey_voters v JOIN surveys s ON s.id = v.survey_id
			WHERE v.survey_id = $1 AND s.site_id = $2 AND v.ballot IS NOT NULL ORDER BY v.iin_hash`
	}
	rows, err := db.Pool.Query(ctx, q, s.ID, siteID)
	if err != nil {
		return wrap("Ballots", err)
	}
	defer rows.Close()
	var raw []byte
	for rows.Next() {
		if err := rows.Scan(&raw); err != nil {
			return wrap("Ballots", err)
		}
		var b survey.Ballot
		if err := json.Unmarshal(raw, &b.Answers); err != nil {
			return sitecore.Internal("Ballots", err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return wrap("Ballots", rows.Err())
}

// Voters streams who voted, in the order they voted.
func (db *DB) Voters(ctx context.Context, siteID, surveyID int64, fn func(survey.VoterRow) error) error {
	rows, err := db.Pool.Query(ctx, `
		SELECT v.voted_at, coalesce(v.account_id, 0), coalesce(nullif(v.signer_name, ''), u.full_name, ''),
			coalesce(u.email, ''), v.masked_iin, v.ballot
		FROM survey_voters v JOIN surveys s ON s.id = v.survey_id LEFT JOIN users u ON u.id = v.account_id
		WHERE v.survey_id = $1 AND s.site_id = $2 ORDER BY v.voted_at, v.iin_hash`, surveyID, siteID)
	if err != nil {
		return wrap("Voters", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r survey.VoterRow
		if err := rows.Scan(&r.VotedAt, &r.AccountID, &r.Name, &r.Email, &r.MaskedIIN, &r.Ballot); err != nil {
			return wrap("Voters", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return wrap("Voters", rows.Err())
}
