package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// CreateEnrollment stores an enrolment with the course's current lessons.
func (s *CertificationStore) CreateEnrollment(ctx context.Context, e *certification.Enrollment) error {
	err := s.Pool.QueryRow(ctx, `INSERT INTO cert_enrollments (user_id, course_id, kind, phase, lessons)
		SELECT $1, c.id, c.kind, 'learning', coalesce(array_agg(l.id ORDER BY l.position) FILTER (WHERE l.id IS NOT NULL), '{}')
		FROM cert_courses c LEFT JOIN cert_lessons l ON l.course_id = c.id WHERE c.id = $2 GROUP BY c.id
		RETURNING id, kind, cardinality(lessons), enrolled_at, updated_at`, e.UserID, e.CourseID).
		Scan(&e.ID, &e.Kind, &e.LessonCount, &e.EnrolledAt, &e.UpdatedAt)
	if _, ok := uniqueViolation(err); ok {
		return sitecore.Conflictf("course", "cert.enrolled")
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return sitecore.NotFound("course")
	}
	e.Phase, e.LessonsDone, e.Attempts = certification.PhaseLearning, []int64{}, []certification.Attempt{}
	return wrap("CreateEnrollment", missingRef(err))
}

// EnrollmentLessons returns the lesson IDs an enrolment must complete, in order.
func (s *CertificationStore) EnrollmentLessons(ctx context.Context, id int64) ([]int64, error) {
	var ids []int64
	err := s.Pool.QueryRow(ctx, `SELECT lessons FROM cert_enrollments WHERE id = $1`, id).Scan(&ids)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("enrollment")
	}
	return ids, wrap("EnrollmentLessons", err)
}

const enrollmentColumns = `e.id, e.user_id, e.course_id, e.kind, e.phase, cardinality(e.lessons), coalesce(e.certificate_id, 0),
	e.enrolled_at, e.updated_at,
	coalesce((SELECT array_agg(p.lesson_id ORDER BY p.done_at, p.lesson_id) FROM cert_lesson_progress p WHERE p.enrollment_id = e.id), '{}')`

func scanEnrollment(row pgx.Row) (*certification.Enrollment, error) {
	e := &certification.Enrollment{}
	err := row.Scan(&e.ID, &e.UserID, &e.CourseID, &e.Kind, &e.Phase, &e.LessonCount, &e.CertificateID,
		&e.EnrolledAt, &e.UpdatedAt, &e.LessonsDone)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("enrollment")
	}
	return e, err
}

// attempts fills the enrolments' exam attempts.
func (s *CertificationStore) attempts(ctx context.Context, es []*certification.Enrollment) error {
	if len(es) == 0 {
		return nil
	}
	ids := make([]int64, len(es))
	by := make(map[int64]*certification.Enrollment, len(es))
	for i, e := range es {
		ids[i], by[e.ID] = e.ID, e
		e.Attempts = []certification.Attempt{}
	}
	rows, err := s.Pool.Query(ctx, `SELECT enrollment_id, attempt_id, refresher, started_at, graded_at, score, max_score, passed
		FROM cert_exam_attempts WHERE enrollment_id = ANY($1) ORDER BY started_at, attempt_id`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			eid    int64
			a      certification.Attempt
			graded *time.Time
		)
		if err := rows.Scan(&eid, &a.AttemptID, &a.Refresher, &a.StartedAt, &graded, &a.Score, &a.MaxScore, &a.Passed); err != nil {
			return err
		}
		if graded != nil {
			a.GradedAt = *graded
		}
		by[eid].Attempts = append(by[eid].Attempts, a)
	}
	return rows.Err()
}

// FindEnrollment returns an enrolment with progress and attempts.
func (s *CertificationStore) FindEnrollment(ctx context.Context, id int64) (*certification.Enrollment, error) {
	e, err := scanEnrollment(s.Pool.QueryRow(ctx, `SELECT `+enrollmentColumns+` FROM cert_enrollments e WHERE e.id = $1`, id))
	if err == nil {
		err = s.attempts(ctx, []*certification.Enrollment{e})
	}
	return e, wrap("FindEnrollment", err)
}

// CurrentEnrollment returns the person's enrolment of the kind that is not final.
func (s *CertificationStore) CurrentEnrollment(ctx context.Context, userID int64, kind string) (*certification.Enrollment, error) {
	e, err := scanEnrollment(s.Pool.QueryRow(ctx, `SELECT `+enrollmentColumns+` FROM cert_enrollments e
		WHERE e.user_id = $1 AND e.kind = $2 AND e.phase NOT IN ('revoked', 'failed')`, userID, kind))
	if err == nil {
		err = s.attempts(ctx, []*certification.Enrollment{e})
	}
	return e, wrap("CurrentEnrollment", err)
}

// RecordLesson marks a lesson of the enrolment done.
func (s *CertificationStore) RecordLesson(ctx context.Context, enrollmentID, lessonID int64) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO cert_lesson_progress (enrollment_id, lesson_id)
			SELECT id, $2 FROM cert_enrollments WHERE id = $1 AND $2 = ANY(lessons) ON CONFLICT DO NOTHING`, enrollmentID, lessonID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() > 0 {
			if _, err := tx.Exec(ctx, `UPDATE cert_enrollments SET updated_at = now() WHERE id = $1`, enrollmentID); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM cert_lesson_progress WHERE enrollment_id = $1`, enrollmentID).Scan(&n)
	})
	return n, wrap("RecordLesson", err)
}

// SetPhase stores an enrolment's phase.
func (s *CertificationStore) SetPhase(ctx context.Context, enrollmentID int64, phase certification.Phase) error {
	_, err := s.Pool.Exec(ctx, `UPDATE cert_enrollments SET phase = $2, updated_at = now() WHERE id = $1 AND phase <> $2`,
		enrollmentID, string(phase))
	return wrap("SetPhase", err)
}

// StartAttempt records the start of an exam attempt.
func (s *CertificationStore) StartAttempt(ctx context.Context, enrollmentID int64, a certification.Attempt) error {
	_, err := s.Pool.Exec(ctx, `INSERT INTO cert_exam_attempts (enrollment_id, attempt_id, refresher, started_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, enrollmentID, a.AttemptID, a.Refresher, a.StartedAt)
	return wrap("StartAttempt", missingRef(err))
}

// GradeAttempt records an attempt's result.
func (s *CertificationStore) GradeAttempt(ctx context.Context, enrollmentID int64, a certification.Attempt) error {
	_, err := s.Pool.Exec(ctx, `UPDATE cert_exam_attempts SET graded_at = $3, score = $4, max_score = $5, passed = $6
		WHERE enrollment_id = $1 AND attempt_id = $2`, enrollmentID, a.AttemptID, a.GradedAt, a.Score, a.MaxScore, a.Passed)
	return wrap("GradeAttempt", err)
}

// Learning returns the person's enrolments and certificates.
func (s *CertificationStore) Learning(ctx context.Context, userID int64) (*certification.Learning, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+enrollmentColumns+` FROM cert_enrollments e WHERE e.user_id = $1 ORDER BY e.id DESC`, userID)
	if err != nil {
		return nil, wrap("Learning", err)
	}
	l := &certification.Learning{Enrollments: []*certification.Enrollment{}}
	for rows.Next() {
		e, err := scanEnrollment(rows)
		if err != nil {
			rows.Close()
			return nil, wrap("Learning", err)
		}
		l.Enrollments = append(l.Enrollments, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("Learning", err)
	}
	if err := s.attempts(ctx, l.Enrollments); err != nil {
		return nil, wrap("Learning", err)
	}
	l.Certificates, err = s.Certificates(ctx, certification.CertificateFilter{UserID: userID, Limit: 100})
	return l, err
}
