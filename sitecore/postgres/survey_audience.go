package postgres

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// SetAudienceList replaces a draft's uploaded list.
func (db *DB) SetAudienceList(ctx context.Context, siteID, id int64, entries []survey.AudienceEntry, a *sitecore.AuditEntry) error {
	err := db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		var status survey.Status
		err := tx.QueryRow(ctx, `SELECT status FROM surveys WHERE id = $1 AND site_id = $2 FOR UPDATE`, id, siteID).Scan(&status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return false, sitecore.NotFound("survey")
		case err != nil:
			return false, err
		case status != survey.StatusDraft:
			return false, sitecore.Conflictf("status", "survey.state", "value", string(status))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM survey_audience WHERE survey_id = $1`, id); err != nil {
			return false, err
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"survey_audience"}, []string{"survey_id", "iin_hash", "masked_iin", "email"},
			pgx.CopyFromSlice(len(entries), func(i int) ([]any, error) {
				e := entries[i]
				return []any{id, e.Hash, e.MaskedIIN, e.Email}, nil
			}))
		return true, err
	})
	return wrap("SetAudienceList", err)
}

// InAudienceList reports whether the hash is on the survey's list.
func (db *DB) InAudienceList(ctx context.Context, siteID, id int64, hash []byte) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM survey_audience a JOIN surveys s ON s.id = a.survey_id
		WHERE a.survey_id = $1 AND s.site_id = $2 AND a.iin_hash = $3)`, id, siteID, hash).Scan(&ok)
	return ok, wrap("InAudienceList", err)
}

// orgUnitSites selects the IDs of the sites in unit $1 and every unit below it.
const orgUnitSites = `WITH RECURSIVE units AS (
		SELECT id FROM org_units WHERE id = $1
		UNION SELECT o.id FROM org_units o JOIN units ON o.parent_id = units.id)
	SELECT s.id FROM sites s JOIN units ON s.org_unit_id = units.id`

// audienceMembers returns the query selecting the accounts (user_id) of a survey's audience
// defined by roles, with its arguments; ok is false for audiences that are not.
func audienceMembers(siteID int64, s *survey.Survey) (q string, args []any, ok bool) {
	switch s.Audience.Kind {
	case survey.AudienceParents:
		return `SELECT DISTINCT user_id FROM site_members WHERE site_id = $1 AND role = 'parent'`, []any{siteID}, true
	case survey.AudienceStaff:
		return `SELECT DISTINCT user_id FROM site_members WHERE site_id = $1 AND role IN ('owner', 'admin', 'teacher')`,
			[]any{siteID}, true
	case survey.AudienceOrgUnit:
		return `SELECT DISTINCT m.user_id FROM site_members m WHERE m.site_id IN (` + orgUnitSites + `)`,
			[]any{s.Audience.OrgUnitID}, true
	}
	return "", nil, false
}

// AudienceSize counts the people of a listed audience (0 for anyone with an account).
func (db *DB) AudienceSize(ctx context.Context, siteID int64, s *survey.Survey) (int, error) {
	var n int
	var err error
	if s.Audience.Kind == survey.AudienceIINList {
		err = db.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_audience a JOIN surveys s ON s.id = a.survey_id
			WHERE a.survey_id = $1 AND s.site_id = $2`, s.ID, siteID).Scan(&n)
	} else if q, args, ok := audienceMembers(siteID, s); ok {
		err = db.Pool.QueryRow(ctx, `SELECT count(*) FROM (`+q+`) m`, args...).Scan(&n)
	}
	return n, wrap("AudienceSize", err)
}

// MemberOfOrgUnit reports whether the user has a role in a school of the unit or below.
func (db *DB) MemberOfOrgUnit(ctx context.Context, userID, unitID int64) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM site_members
		WHERE user_id = $2 AND site_id IN (`+orgUnitSites+`))`, unitID, userID).Scan(&ok)
	return ok, wrap("MemberOfOrgUnit", err)
}

// SiteAdministersUnit reports whether the site is the portal of the unit or of an ancestor.
func (db *DB) SiteAdministersUnit(ctx context.Context, siteID, unitID int64) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `WITH RECURSIVE up AS (
			SELECT id, parent_id FROM org_units WHERE id = $2
			UNION SELECT o.id, o.parent_id FROM org_units o JOIN up ON o.id = up.parent_id)
		SELECT EXISTS (SELECT 1 FROM portal_sites p JOIN up ON p.org_unit_id = up.id WHERE p.site_id = $1)`,
		siteID, unitID).Scan(&ok)
	return ok, wrap("SiteAdministersUnit", err)
}

// NonVoters returns people of the listed audience with an email who have not voted, by key.
func (db *DB) NonVoters(ctx context.Context, siteID int64, s *survey.Survey, after string, limit int) ([]survey.Recipient, error) {
	if limit <= 0 {
		limit = 500
	}
	var (
		rows pgx.Rows
		err  error
	)
	if s.Audience.Kind == survey.AudienceIINList {
		rows, err = db.Pool.Query(ctx, `
			SELECT k, email, '' FROM (
				SELECT 'l' || encode(a.iin_hash, 'hex') AS k, a.email FROM survey_audience a
				JOIN surveys s ON s.id = a.survey_id
				WHERE a.survey_id = $1 AND s.site_id = $2 AND a.email <> ''
				AND NOT EXISTS (SELECT 1 FROM survey_voters v WHERE v.survey_id = a.survey_id AND v.iin_hash = a.iin_hash)
			) r WHERE k > $3 ORDER BY k LIMIT $4`, s.ID, siteID, after, limit)
	} else if q, args, ok := audienceMembers(siteID, s); ok {
		n := len(args)
		args = append(args, s.ID, after, limit)
		rows, err = db.Pool.Query(ctx, `
			SELECT k, email, lang FROM (
				SELECT 'u' || lpad(u.id::text, 19, '0') AS k, u.email, u.lang FROM users u
				WHERE u.id IN (`+q+`) AND u.email <> ''
				AND NOT EXISTS (SELECT 1 FROM survey_voters v WHERE v.survey_id = $`+strconv.Itoa(n+1)+` AND v.account_id = u.id)
			) r WHERE k > $`+strconv.Itoa(n+2)+` ORDER BY k LIMIT $`+strconv.Itoa(n+3), args...)
	} else {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("NonVoters", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (survey.Recipient, error) {
		var p survey.Recipient
		return p, r.Scan(&p.Key, &p.Email, &p.Lang)
	})
	return out, wrap("NonVoters", err)
}
