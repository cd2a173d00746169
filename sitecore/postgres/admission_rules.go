package postgres

import (
	"errors"
	"strings"

	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.AgeExceptionStore = (*DB)(nil)

// GrantAgeException stores an age exception and its audit entry in one transaction; a
// campaign of another site is ENotFound.
func (db *DB) GrantAgeException(ctx context.Context, e *sitecore.AgeException, a *sitecore.AuditEntry) error {
	return wrap("GrantAgeException", db.audited(ctx, e.SiteID, a, func(tx pgx.Tx) (bool, error) {
		err := tx.QueryRow(ctx, `
			INSERT INTO admission_age_exceptions (site_id, campaign_id, child_iin, grade, reason, granted_by)
			SELECT $1, id, $3, $4, $5, $6 FROM admission_campaigns WHERE id = $2 AND site_id = $1
			ON CONFLICT (campaign_id, child_iin, grade) DO UPDATE
			   SET reason = EXCLUDED.reason, granted_by = EXCLUDED.granted_by, created_at = now()
			RETURNING created_at`,
			e.SiteID, e.CampaignID, string(e.ChildIIN), e.Grade, e.Reason, e.GrantedBy).Scan(&e.CreatedAt)
		if err == pgx.ErrNoRows {
			return false, sitecore.NotFound("campaign")
		}
		return err == nil, err
	}))
}

// HasAgeException tells whether the child has an age exception for the campaign's grade.
func (db *DB) HasAgeException(ctx context.Context, siteID, campaignID int64, iin sitecore.IIN, grade int) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM admission_age_exceptions
		WHERE site_id = $1 AND campaign_id = $2 AND child_iin = $3 AND grade = $4)`,
		siteID, campaignID, string(iin), grade).Scan(&ok)
	return ok, wrap("HasAgeException", err)
}

var (
	_ sitecore.CatchmentStore = (*DB)(nil)
	_ sitecore.PriorityStore  = (*DB)(nil)
)

// ReplaceCatchment replaces the site's catchment territory with rules and writes the audit
// entry in one transaction: an import lands whole or not at all.
func (db *DB) ReplaceCatchment(ctx context.Context, siteID int64, rules []sitecore.CatchmentRule, a *sitecore.AuditEntry) error {
	n := len(rules)
	var (
		line, from, to             = make([]int32, n), make([]int32, n), make([]int32, n)
		settlement, street, parity = make([]string, n), make([]string, n), make([]string, n)
		houses                     = make([]string, n) // each a text[] literal: unnest cannot take a 2-D array of uneven rows
	)
	for i, r := range rules {
		line[i], from[i], to[i] = int32(r.Line), int32(r.HouseFrom), int32(r.HouseTo)
		settlement[i], street[i], parity[i] = r.Settlement, r.Street, r.Parity
		houses[i] = textArray(r.Houses)
	}
	return wrap("ReplaceCatchment", db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		if _, err := tx.Exec(ctx, `DELETE FROM admission_catchment WHERE site_id = $1`, siteID); err != nil {
			return false, err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO admission_catchment (site_id, line, settlement, street, house_from, house_to, parity, houses)
			SELECT $1, t.line, t.settlement, t.street, t.house_from, t.house_to, t.parity, t.houses::text[]
			FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[])
			     AS t(line, settlement, street, house_from, house_to, parity, houses)`,
			siteID, line, settlement, street, from, to, parity, houses)
		return err == nil, missingRef(err)
	}))
}

// textArray writes a PostgreSQL text[] literal of ss.
func textArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// Catchment returns the site's catchment territory in spreadsheet order.
func (db *DB) Catchment(ctx context.Context, siteID int64) ([]sitecore.CatchmentRule, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, site_id, line, settlement, street, house_from, house_to, parity, houses
		FROM admission_catchment WHERE site_id = $1 ORDER BY line, id`, siteID)
	if err != nil {
		return nil, wrap("Catchment", err)
	}
	rules, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.CatchmentRule])
	return rules, wrap("Catchment", err)
}

// ReviewPriority records the school's verdict on the application's priority claim and a
// history entry that keeps the application's status.
func (db *DB) ReviewPriority(ctx context.Context, siteID, appID int64, status string, ev sitecore.AppEvent) (*sitecore.Application, error) {
	var app *sitecore.Application
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var priority, current string
		err := tx.QueryRow(ctx, `SELECT priority, status FROM applications WHERE id = $1 AND site_id = $2 FOR UPDATE`,
			appID, siteID).Scan(&priority, &current)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("application")
		}
		if err != nil {
			return err
		}
		if priority == "" {
			return sitecore.Conflictf("priority", "admission.priority_none")
		}
		if app, err = collectApp(tx.Query(ctx, `UPDATE applications SET priority_status = $2, updated_at = now()
			WHERE id = $1 RETURNING `+appColumns, appID, status)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO application_events (application_id, actor, from_status, to_status, note)
			VALUES ($1, $2, $3, $3, $4)`, appID, ev.Actor, current, ev.Note)
		return err
	})
	return app, wrap("ReviewPriority", err)
}
