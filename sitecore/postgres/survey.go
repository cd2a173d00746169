package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

var _ survey.Store = (*DB)(nil)

// surveyDefinition is the JSON document of the surveys.definition column.
type surveyDefinition struct {
	Title       map[sitecore.Lang]string `json:"title"`
	Description map[sitecore.Lang]string `json:"description,omitempty"`
	Questions   []survey.Question        `json:"questions"`
}

const surveyColumns = `id, site_id, kind, definition, audience_kind, coalesce(org_unit_id, 0), opens_at, closes_at,
	signature_required, allow_organisations, mode, results_before_close, publish_results, quorum_min_ballots,
	quorum_turnout_pct, reminders, revote, status, version, public_key, created_by, created_at, updated_at,
	results_at, results_published, poll`

func scanSurvey(row pgx.Row) (*survey.Survey, error) {
	var (
		s         survey.Survey
		def       []byte
		reminders []int32
	)
	err := row.Scan(&s.ID, &s.SiteID, &s.Kind, &def, &s.Audience.Kind, &s.Audience.OrgUnitID, &s.OpensAt, &s.ClosesAt,
		&s.SignatureRequired, &s.AllowOrganisations, &s.Mode, &s.ResultsBeforeClose, &s.PublishResults,
		&s.Quorum.MinBallots, &s.Quorum.MinTurnoutPct, &reminders, &s.Revote, &s.Status, &s.Version, &s.PublicKey,
		&s.CreatedBy, &s.CreatedAt, &s.UpdatedAt, &s.ResultsAt, &s.ResultsPublished, &s.Poll)
	if err != nil {
		return nil, err
	}
	var d surveyDefinition
	if err := json.Unmarshal(def, &d); err != nil {
		return nil, err
	}
	s.Title, s.Description, s.Questions = d.Title, d.Description, d.Questions
	for _, h := range reminders {
		s.Reminders = append(s.Reminders, survey.Reminder{HoursBeforeClose: int(h)})
	}
	return &s, nil
}

func surveyArgs(s *survey.Survey) (def []byte, orgUnit *int64, reminders []int32, err error) {
	def, err = json.Marshal(surveyDefinition{Title: s.Title, Description: s.Description, Questions: s.Questions})
	if s.Audience.OrgUnitID != 0 {
		orgUnit = &s.Audience.OrgUnitID
	}
	reminders = make([]int32, len(s.Reminders))
	for i, r := range s.Reminders {
		reminders[i] = int32(r.HoursBeforeClose)
	}
	return def, orgUnit, reminders, err
}

// ownerKind and ownerRef are the owner columns of a poll ("" for other surveys).
func ownerKind(s *survey.Survey) string {
	if s.Poll == nil {
		return ""
	}
	return s.Poll.OwnerKind
}

func ownerRef(s *survey.Survey) string {
	if s.Poll == nil {
		return ""
	}
	return s.Poll.OwnerRef
}

// CreateSurvey stores a draft with its audit entry.
func (db *DB) CreateSurvey(ctx context.Context, s *survey.Survey, a *sitecore.AuditEntry) error {
	def, orgUnit, reminders, err := surveyArgs(s)
	if err != nil {
		return sitecore.Internal("CreateSurvey", err)
	}
	err = db.audited(ctx, s.SiteID, a, func(tx pgx.Tx) (bool, error) {
		err := tx.QueryRow(ctx, `
			INSERT INTO surveys (site_id, kind, definition, audience_kind, org_unit_id, opens_at, closes_at,
				signature_required, allow_organisations, mode, results_before_close, publish_results,
				quorum_min_ballots, quorum_turnout_pct, reminders, revote, created_by, poll, owner_kind, owner_ref)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
			RETURNING id, status, version, created_at, updated_at`,
			s.SiteID, s.Kind, def, s.Audience.Kind, orgUnit, s.OpensAt, s.ClosesAt, s.SignatureRequired,
			s.AllowOrganisations, s.Mode, s.ResultsBeforeClose, s.PublishResults, s.Quorum.MinBallots,
			s.Quorum.MinTurnoutPct, reminders, s.Revote, s.CreatedBy, s.Poll, ownerKind(s), ownerRef(s),
		).Scan(&s.ID, &s.Status, &s.Version, &s.CreatedAt, &s.UpdatedAt)
		if c, fk := foreignKeyViolation(err); fk && c == "surveys_org_unit_id_fkey" {
			return false, sitecore.Invalid("audience.org_unit_id", "survey.audience", "value", strconv.FormatInt(s.Audience.OrgUnitID, 10))
		}
		if err == nil && a != nil {
			a.Target = "survey:" + strconv.FormatInt(s.ID, 10)
		}
		return true, missingRef(err)
	})
	return wrap("CreateSurvey", err)
}

// UpdateSurvey replaces a draft's definition and settings, bumping its version.
func (db *DB) UpdateSurvey(ctx context.Context, s *survey.Survey, a *sitecore.AuditEntry) error {
	def, orgUnit, reminders, err := surveyArgs(s)
	if err != nil {
		return sitecore.Internal("UpdateSurvey", err)
	}
	err = db.audited(ctx, s.SiteID, a, func(tx pgx.Tx) (bool, error) {
		var status survey.Status
		err := tx.QueryRow(ctx, `SELECT status FROM surveys WHERE id = $1 AND site_id = $2 FOR UPDATE`, s.ID, s.SiteID).Scan(&status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return false, sitecore.NotFound("survey")
		case err != nil:
			return false, err
		case status != survey.StatusDraft:
			return false, sitecore.Conflictf("status", "survey.state", "value", string(status))
		}
		_, err = tx.Exec(ctx, `
			UPDATE surveys SET kind = $3, definition = $4, audience_kind = $5, org_unit_id = $6, opens_at = $7,
				closes_at = $8, signature_required = $9, allow_organisations = $10, mode = $11,
				results_before_close = $12, publish_results = $13, quorum_min_ballots = $14,
				quorum_turnout_pct = $15, reminders = $16, revote = $17, poll = $18, owner_kind = $19, owner_ref = $20,
				version = version + 1, updated_at = now()
			WHERE id = $1 AND site_id = $2`,
			s.ID, s.SiteID, s.Kind, def, s.Audience.Kind, orgUnit, s.OpensAt, s.ClosesAt, s.SignatureRequired,
			s.AllowOrganisations, s.Mode, s.ResultsBeforeClose, s.PublishResults, s.Quorum.MinBallots,
			s.Quorum.MinTurnoutPct, reminders, s.Revote, s.Poll, ownerKind(s), ownerRef(s))
		if c, fk := foreignKeyViolation(err); fk && c == "surveys_org_unit_id_fkey" {
			return false, sitecore.Invalid("audience.org_unit_id", "survey.audience", "value", strconv.FormatInt(s.Audience.OrgUnitID, 10))
		}
		return true, err
	})
	return wrap("UpdateSurvey", err)
}

// FindSurvey returns the site's survey or ENotFound.
func (db *DB) FindSurvey(ctx context.Context, siteID, id int64) (*survey.Survey, error) {
	s, err := scanSurvey(db.Pool.QueryRow(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE id = $1 AND site_id = $2`, id, siteID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindSurvey", sitecore.NotFound("survey"))
	}
	return s, wrap("FindSurvey", err)
}

// ListSurveys returns the site's surveys, the newest first.
func (db *DB) ListSurveys(ctx context.Context, siteID int64, f survey.Filter) ([]survey.Survey, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	statuses := make([]string, len(f.Status))
	for i, s := range f.Status {
		statuses[i] = string(s)
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+surveyColumns+` FROM surveys
		WHERE site_id = $1 AND (cardinality($2::text[]) = 0 OR status = ANY($2)) AND ($3 = 0 OR id < $3)
			AND ($5 = '' OR kind = $5) AND ($6 = '' OR (owner_kind = $6 AND owner_ref = $7))
		ORDER BY id DESC LIMIT $4`, siteID, statuses, f.AfterID, limit, string(f.Kind), f.OwnerKind, f.OwnerRef)
	if err != nil {
		return nil, wrap("ListSurveys", err)
	}
	defer rows.Close()
	var out []survey.Survey
	for rows.Next() {
		s, err := scanSurvey(rows)
		if err != nil {
			return nil, wrap("ListSurveys", err)
		}
		out = append(out, *s)
	}
	return out, wrap("ListSurveys", rows.Err())
}

// ScheduleSurvey moves a draft to scheduled with its key.
func (db *DB) ScheduleSurvey(ctx context.Context, siteID, id int64, publicKey, sealedKey []byte, a *sitecore.AuditEntry) error {
	err := db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		var status survey.Status
		err := tx.QueryRow(ctx, `
			WITH s AS (SELECT id, status FROM surveys WHERE id = $1 AND site_id = $2 FOR UPDATE),
			u AS (UPDATE surveys SET status = 'scheduled', public_key = $3, sealed_key = $4, updated_at = now()
				FROM s WHERE surveys.id = s.id AND s.status = 'draft' RETURNING surveys.id)
			SELECT s.status FROM s`, id, siteID, publicKey, sealedKey).Scan(&status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return false, sitecore.NotFound("survey")
		case err != nil:
			return false, err
		case status != survey.StatusDraft:
			return false, sitecore.Conflictf("status", "survey.state", "value", string(status))
		}
		return true, nil
	})
	return wrap("ScheduleSurvey", err)
}

// SealedKey returns the survey's sealed private key.
func (db *DB) SealedKey(ctx context.Context, siteID, id int64) ([]byte, error) {
	var key []byte
	err := db.Pool.QueryRow(ctx, `SELECT sealed_key FROM surveys WHERE id = $1 AND site_id = $2 AND sealed_key IS NOT NULL`,
		id, siteID).Scan(&key)
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("survey")
	}
	return key, wrap("SealedKey", err)
}

// SetStatus moves the survey from one of from to to.
func (db *DB) SetStatus(ctx context.Context, siteID, id int64, to survey.Status, from []survey.Status, a *sitecore.AuditEntry) (bool, error) {
	fs := make([]string, len(from))
	for i, s := range from {
		fs[i] = string(s)
	}
	changed := false
	err := db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `UPDATE surveys SET status = $3, updated_at = now()
			WHERE id = $1 AND site_id = $2 AND status = ANY($4)`, id, siteID, string(to), fs)
		if err != nil {
			return false, err
		}
		changed = tag.RowsAffected() == 1
		if !changed {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM surveys WHERE id = $1 AND site_id = $2`, id, siteID).Scan(&n); err != nil {
				return false, err
			} else if n == 0 {
				return false, sitecore.NotFound("survey")
			}
		}
		return changed, nil
	})
	return changed, wrap("SetStatus", err)
}

// SetClosesAt changes the closing time.
func (db *DB) SetClosesAt(ctx context.Context, siteID, id int64, closesAt time.Time, a *sitecore.AuditEntry) error {
	err := db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `UPDATE surveys SET closes_at = $3, updated_at = now() WHERE id = $1 AND site_id = $2`,
			id, siteID, closesAt)
		if err == nil && tag.RowsAffected() == 0 {
			err = sitecore.NotFound("survey")
		}
		return err == nil, err
	})
	return wrap("SetClosesAt", err)
}

// SaveResults stores the results unless some are stored, and returns the stored ones.
func (db *DB) SaveResults(ctx context.Context, siteID, id int64, r *survey.Results) (*survey.Results, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, sitecore.Internal("SaveResults", err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE surveys SET results = $3, results_at = $4, updated_at = now()
		WHERE id = $1 AND site_id = $2 AND results IS NULL`, id, siteID, data, r.ComputedAt); err != nil {
		return nil, wrap("SaveResults", err)
	}
	return db.FindResults(ctx, siteID, id)
}

// FindResults returns the stored results or ENotFound.
func (db *DB) FindResults(ctx context.Context, siteID, id int64) (*survey.Results, error) {
	var data []byte
	err := db.Pool.QueryRow(ctx, `SELECT results FROM surveys WHERE id = $1 AND site_id = $2 AND results IS NOT NULL`,
		id, siteID).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindResults", sitecore.NotFound("survey"))
	}
	if err != nil {
		return nil, wrap("FindResults", err)
	}
	var r survey.Results
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, sitecore.Internal("FindResults", err)
	}
	return &r, nil
}

// SetResultsPublished shows the stored results on the site.
func (db *DB) SetResultsPublished(ctx context.Context, siteID, id int64) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE surveys SET results_published = true, updated_at = now()
		WHERE id = $1 AND site_id = $2 AND results IS NOT NULL`, id, siteID)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("survey")
	}
	return wrap("SetResultsPublished", err)
}
