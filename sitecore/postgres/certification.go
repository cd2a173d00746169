package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// CertificationStore implements certification.Store on the pool. It is a type of its own
// (not methods of DB) because several of its method names (Kind, Courses, Capability) would
// read ambiguously on the platform-wide DB.
type CertificationStore struct{ *DB }

// Certification returns the certification store on the same pool.
func (db *DB) Certification() *CertificationStore { return &CertificationStore{db} }

var _ certification.Store = (*CertificationStore)(nil)

// Kind returns a certificate kind.
func (s *CertificationStore) Kind(ctx context.Context, code string) (*certification.Kind, error) {
	k := &certification.Kind{}
	err := s.Pool.QueryRow(ctx, `SELECT code, title, capability, validity_days FROM certificate_kinds WHERE code = $1`, code).
		Scan(&k.Code, &k.Title, &k.Capability, &k.ValidityDays)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("certificate")
	}
	k.Validity = time.Duration(k.ValidityDays) * 24 * time.Hour
	return k, wrap("Kind", err)
}

// Kinds lists the certificate kinds.
func (s *CertificationStore) Kinds(ctx context.Context) ([]*certification.Kind, error) {
	rows, err := s.Pool.Query(ctx, `SELECT code, title, capability, validity_days FROM certificate_kinds ORDER BY code`)
	if err != nil {
		return nil, wrap("Kinds", err)
	}
	defer rows.Close()
	out := []*certification.Kind{}
	for rows.Next() {
		k := &certification.Kind{}
		if err := rows.Scan(&k.Code, &k.Title, &k.Capability, &k.ValidityDays); err != nil {
			return nil, wrap("Kinds", err)
		}
		k.Validity = time.Duration(k.ValidityDays) * 24 * time.Hour
		out = append(out, k)
	}
	return out, wrap("Kinds", rows.Err())
}

// IsTrainer reports whether the user is an appointed trainer.
func (s *CertificationStore) IsTrainer(ctx context.Context, userID int64) (bool, error) {
	var ok bool
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cert_trainers WHERE user_id = $1)`, userID).Scan(&ok)
	return ok, wrap("IsTrainer", err)
}

// SetTrainer appoints or dismisses a trainer with an audit row.
func (s *CertificationStore) SetTrainer(ctx context.Context, userID int64, trainer bool, a *sitecore.AuditEntry) error {
	return wrap("SetTrainer", s.audited(ctx, 0, a, func(tx pgx.Tx) (bool, error) {
		if !trainer {
			tag, err := tx.Exec(ctx, `DELETE FROM cert_trainers WHERE user_id = $1`, userID)
			return tag.RowsAffected() > 0, err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO cert_trainers (user_id, appointed_by) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			userID, a.ActorID)
		return tag.RowsAffected() > 0, missingRef(err)
	}))
}

const courseColumns = `id, kind, title, summary, coalesce(media_site_id, 0), exam, refresher, published, created_by, created_at, updated_at`

func scanCourse(row pgx.Row) (*certification.Course, error) {
	c := &certification.Course{}
	err := row.Scan(&c.ID, &c.Kind, &c.Title, &c.Summary, &c.MediaSiteID, &c.Exam, &c.Refresher, &c.Published,
		&c.CreatedBy, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("course")
	}
	return c, err
}

// CreateCourse stores a new course.
func (s *CertificationStore) CreateCourse(ctx context.Context, c *certification.Course) error {
	err := s.Pool.QueryRow(ctx, `INSERT INTO cert_courses (kind, title, summary, media_site_id, exam, refresher, published, created_by)
		VALUES ($1, $2, $3, NULLIF($4::bigint, 0), $5, $6, $7, $8) RETURNING id, created_at, updated_at`,
		c.Kind, c.Title, c.Summary, c.MediaSiteID, c.Exam, c.Refresher, c.Published, c.CreatedBy).Scan(&c.ID, &c.CreatedAt, &c.UpdatedAt)
	return wrap("CreateCourse", missingRef(err))
}

// UpdateCourse stores a course's fields.
func (s *CertificationStore) UpdateCourse(ctx context.Context, c *certification.Course) error {
	err := s.Pool.QueryRow(ctx, `UPDATE cert_courses SET kind = $2, title = $3, summary = $4, media_site_id = NULLIF($5::bigint, 0),
		exam = $6, refresher = $7, published = $8, updated_at = now() WHERE id = $1 RETURNING updated_at`,
		c.ID, c.Kind, c.Title, c.Summary, c.MediaSiteID, c.Exam, c.Refresher, c.Published).Scan(&c.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return sitecore.NotFound("course")
	}
	return wrap("UpdateCourse", missingRef(err))
}

// FindCourse returns a course with its lessons.
func (s *CertificationStore) FindCourse(ctx context.Context, id int64) (*certification.Course, error) {
	c, err := scanCourse(s.Pool.QueryRow(ctx, `SELECT `+courseColumns+` FROM cert_courses WHERE id = $1`, id))
	if err != nil {
		return nil, wrap("FindCourse", err)
	}
	rows, err := s.Pool.Query(ctx, `SELECT id, course_id, position, title, body, media, videos FROM cert_lessons
		WHERE course_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, wrap("FindCourse", err)
	}
	defer rows.Close()
	c.Lessons = []*certification.Lesson{}
	for rows.Next() {
		l := &certification.Lesson{}
		if err := rows.Scan(&l.ID, &l.CourseID, &l.Position, &l.Title, &l.Body, &l.Media, &l.Videos); err != nil {
			return nil, wrap("FindCourse", err)
		}
		c.Lessons = append(c.Lessons, l)
	}
	return c, wrap("FindCourse", rows.Err())
}

// Courses lists courses without their lessons.
func (s *CertificationStore) Courses(ctx context.Context, published bool) ([]*certification.Course, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+courseColumns+` FROM cert_courses WHERE published OR NOT $1 ORDER BY id`, published)
	if err != nil {
		return nil, wrap("Courses", err)
	}
	defer rows.Close()
	out := []*certification.Course{}
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, wrap("Courses", err)
		}
		out = append(out, c)
	}
	return out, wrap("Courses", rows.Err())
}

// AddLesson inserts a lesson at its position, shifting the later ones.
func (s *CertificationStore) AddLesson(ctx context.Context, l *certification.Lesson) error {
	return wrap("AddLesson", s.inTx(ctx, func(tx pgx.Tx) error {
		var n int
		// The course row is locked so concurrent additions number lessons one after another.
		if err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM cert_lessons WHERE course_id = c.id)
			FROM cert_courses c WHERE c.id = $1 FOR UPDATE`, l.CourseID).Scan(&n); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return sitecore.NotFound("course")
			}
			return err
		}
		if l.Position <= 0 || l.Position > n+1 {
			l.Position = n + 1
		}
		if _, err := tx.Exec(ctx, `UPDATE cert_lessons SET position = position + 1 WHERE course_id = $1 AND position >= $2`,
			l.CourseID, l.Position); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO cert_lessons (course_id, position, title, body, media, videos)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, l.CourseID, l.Position, l.Title, l.Body, l.Media, l.Videos).Scan(&l.ID)
	}))
}

// UpdateLesson replaces a lesson's content and moves it when asked.
func (s *CertificationStore) UpdateLesson(ctx context.Context, l *certification.Lesson) error {
	return wrap("UpdateLesson", s.inTx(ctx, func(tx pgx.Tx) error {
		var cur, n int
		if err := tx.QueryRow(ctx, `SELECT l.position, (SELECT count(*) FROM cert_lessons WHERE course_id = l.course_id)
			FROM cert_lessons l JOIN cert_courses c ON c.id = l.course_id
			WHERE l.id = $1 AND l.course_id = $2 FOR UPDATE OF c`, l.ID, l.CourseID).Scan(&cur, &n); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return sitecore.NotFound("lesson")
			}
			return err
		}
		to := l.Position
		if to <= 0 || to > n {
			to = cur
		}
		if to != cur {
			// Close the gap the lesson leaves and open one where it goes.
			if _, err := tx.Exec(ctx, `UPDATE cert_lessons SET position = position - 1 WHERE course_id = $1 AND position > $2`,
				l.CourseID, cur); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE cert_lessons SET position = position + 1 WHERE course_id = $1 AND position >= $2 AND id <> $3`,
				l.CourseID, to, l.ID); err != nil {
				return err
			}
		}
		l.Position = to
		_, err := tx.Exec(ctx, `UPDATE cert_lessons SET position = $2, title = $3, body = $4, media = $5, videos = $6 WHERE id = $1`,
			l.ID, to, l.Title, l.Body, l.Media, l.Videos)
		return err
	}))
}
