package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/vacancy"
)

// Vacancies is the vacancy store (vacancy.Store).
type Vacancies struct{ db *DB }

// Vacancies returns the vacancy store.
func (db *DB) Vacancies() *Vacancies { return &Vacancies{db: db} }

var _ vacancy.Store = (*Vacancies)(nil)

const vacancyColumns = `v.id, v.site_id, v.texts, v.subject, v.hours, v.salary_min, v.salary_max, v.deadline, v.published,
	COALESCE(v.published_at, 'epoch'::timestamptz), v.created_at, v.updated_at`

func scanVacancy(row pgx.Row, extra ...any) (vacancy.Vacancy, error) {
	var v vacancy.Vacancy
	var texts []byte
	var published time.Time
	err := row.Scan(append([]any{&v.ID, &v.SiteID, &texts, &v.Subject, &v.Hours, &v.SalaryMin, &v.SalaryMax, &v.Deadline, &v.Published,
		&published, &v.CreatedAt, &v.UpdatedAt}, extra...)...)
	if err != nil {
		return v, err
	}
	if published.Unix() != 0 {
		v.PublishedAt = published
	}
	v.Deadline = v.Deadline.UTC()
	return v, json.Unmarshal(texts, &v.Text)
}

// CreateVacancy stores a new vacancy and sets its ID and times.
func (s *Vacancies) CreateVacancy(ctx context.Context, v *vacancy.Vacancy) error {
	texts, err := json.Marshal(v.Text)
	if err != nil {
		return sitecore.Internal("CreateVacancy", err)
	}
	var published *time.Time
	err = s.db.Pool.QueryRow(ctx, `INSERT INTO vacancies (site_id, texts, subject, hours, salary_min, salary_max, deadline, published, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 THEN now() END) RETURNING id, published_at, created_at, updated_at`,
		v.SiteID, texts, v.Subject, v.Hours, v.SalaryMin, v.SalaryMax, v.Deadline, v.Published).Scan(&v.ID, &published, &v.CreatedAt, &v.UpdatedAt)
	if published != nil {
		v.PublishedAt = *published
	}
	return wrap("CreateVacancy", missingRef(err))
}

// UpdateVacancy replaces the vacancy's fields; the first publication sets PublishedAt.
func (s *Vacancies) UpdateVacancy(ctx context.Context, v *vacancy.Vacancy) error {
	texts, err := json.Marshal(v.Text)
	if err != nil {
		return sitecore.Internal("UpdateVacancy", err)
	}
	var published *time.Time
	err = s.db.Pool.QueryRow(ctx, `UPDATE vacancies SET texts = $3, subject = $4, hours = $5, salary_min = $6, salary_max = $7,
		deadline = $8, published = $9, published_at = CASE WHEN $9 THEN COALESCE(published_at, now()) ELSE published_at END,
		updated_at = clock_timestamp()
		WHERE site_id = $1 AND id = $2 RETURNING published_at, updated_at`,
		v.SiteID, v.ID, texts, v.Subject, v.Hours, v.SalaryMin, v.SalaryMax, v.Deadline, v.Published).Scan(&published, &v.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return sitecore.NotFound("vacancy")
	}
	if published != nil {
		v.PublishedAt = *published
	}
	return wrap("UpdateVacancy", err)
}

// DeleteVacancy removes the vacancy.
func (s *Vacancies) DeleteVacancy(ctx context.Context, siteID, id int64) error {
	tag, err := s.db.Pool.Exec(ctx, `DELETE FROM vacancies WHERE site_id = $1 AND id = $2`, siteID, id)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("vacancy")
	}
	return wrap("DeleteVacancy", err)
}

// FindVacancy returns one vacancy of the site.
func (s *Vacancies) FindVacancy(ctx context.Context, siteID, id int64) (*vacancy.Vacancy, error) {
	v, err := scanVacancy(s.db.Pool.QueryRow(ctx, `SELECT `+vacancyColumns+` FROM vacancies v WHERE v.site_id = $1 AND v.id = $2`, siteID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("vacancy")
	}
	if err != nil {
		return nil, wrap("FindVacancy", err)
	}
	return &v, nil
}

// Vacancies returns the site's vacancies, newest first (only open ones if openOn is set).
func (s *Vacancies) Vacancies(ctx context.Context, siteID int64, openOn time.Time) ([]vacancy.Vacancy, error) {
	rows, err := s.db.Pool.Query(ctx, `SELECT `+vacancyColumns+` FROM vacancies v WHERE v.site_id = $1
		AND ($2::date IS NULL OR (v.published AND v.deadline >= $2::date)) ORDER BY v.created_at DESC, v.id DESC LIMIT 500`,
		siteID, nullDate(openOn))
	if err != nil {
		return nil, wrap("Vacancies", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (vacancy.Vacancy, error) { return scanVacancy(r) })
	return out, wrap("Vacancies", err)
}

func nullDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// SearchVacancies returns open vacancies of active schools, nearest deadline first.
func (s *Vacancies) SearchVacancies(ctx context.Context, q vacancy.Query) ([]vacancy.Listed, int64, error) {
	const where = `FROM vacancies v JOIN sites s ON s.id = v.site_id
		WHERE v.published AND v.deadline >= $1::date AND s.status = 'active'
		AND (cardinality($2::bigint[]) = 0 OR s.org_unit_id = ANY($2))
		AND ($3::text = '' OR lower(v.subject) = lower($3))
		AND ($4::text = '' OR v.texts ? $4)`
	units := q.OrgUnits
	if units == nil {
		units = []int64{}
	}
	var total int64
	if err := s.db.Pool.QueryRow(ctx, `SELECT count(*) `+where, q.Day, units, q.Subject, string(q.Lang)).Scan(&total); err != nil {
		return nil, 0, wrap("SearchVacancies", err)
	}
	rows, err := s.db.Pool.Query(ctx, `SELECT `+vacancyColumns+`, COALESCE(s.names->>$4, s.names->>'kk', ''), s.slug,
			COALESCE((SELECT host FROM site_domains d WHERE d.site_id = s.id ORDER BY position LIMIT 1), '') `+where+`
		ORDER BY v.deadline, v.id LIMIT $5 OFFSET $6`, q.Day, units, q.Subject, string(q.Lang), q.Limit, q.Offset)
	if err != nil {
		return nil, 0, wrap("SearchVacancies", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (vacancy.Listed, error) {
		var l vacancy.Listed
		v, err := scanVacancy(r, &l.SchoolName, &l.SchoolSlug, &l.SchoolDomain)
		l.Vacancy = v
		return l, err
	})
	return out, total, wrap("SearchVacancies", err)
}
