package certification

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Service is training and certification as people use it: trainers publish courses,
// site admins learn, the grader reports exams, operators revoke. It decides who may do what
// and validates input before anything is written; the certification process
// (Process) owns every step of a person's way to a certificate.
type Service struct {
	Store   Store
	Process Process
	// Exams is the test engine the exams are tests of (nil: exams are only recorded by
	// trainers).
	Exams ExamEngine
	// Seminars and SeminarProcess keep the seminars and run their reminders (nil: no
	// seminars).
	Seminars       SeminarStore
	SeminarProcess SeminarProcess
	// Media checks lesson media against the course's media library (nil: not checked).
	Media MediaLookup
	// Sanitize cleans lesson bodies (cms.RichText).
	Sanitize func(string) string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	Log *slog.Logger
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// loggedIn refuses anonymous callers and site-limited API tokens: training belongs to the
// person, not to one site.
func loggedIn(p *sitecore.Principal) error {
	if p == nil || !p.LoggedIn() {
		return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	if p.TokenSite != 0 {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return nil
}

// Trainer reports whether the principal may manage courses and record results: operators
// and the trainers they appointed.
func (s *Service) Trainer(ctx context.Context, p *sitecore.Principal) (bool, error) {
	if p.Operator() {
		return true, nil
	}
	if p == nil || p.UserID == 0 || p.TokenSite != 0 {
		return false, nil
	}
	return s.Store.IsTrainer(ctx, p.UserID)
}

func (s *Service) requireTrainer(ctx context.Context, p *sitecore.Principal) error {
	if err := loggedIn(p); err != nil {
		return err
	}
	ok, err := s.Trainer(ctx, p)
	if err != nil {
		return err
	}
	if !ok {
		return sitecore.Errorf(sitecore.EForbidden, "cert.trainers_only")
	}
	return nil
}

// SetTrainer appoints (or dismisses) a trainer; only operators may.
func (s *Service) SetTrainer(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, userID int64, trainer bool) error {
	if !p.Operator() {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	action := "trainer.appoint"
	if !trainer {
		action = "trainer.dismiss"
	}
	return s.Store.SetTrainer(ctx, userID, trainer, auditEntry(a, action, "user:"+strconv.FormatInt(userID, 10), nil))
}

func auditEntry(a sitecore.Actor, action, target string, details map[string]any) *sitecore.AuditEntry {
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	return &sitecore.AuditEntry{ActorID: a.UserID, ActorName: a.Name, Action: action, Target: target,
		Details: details, IP: ip, UserAgent: a.UserAgent}
}

func (s *Service) kindExists(ctx context.Context) func(string) bool {
	return func(code string) bool {
		_, err := s.Store.Kind(ctx, code)
		return err == nil
	}
}

// Courses lists the courses: published ones for everyone logged in, all for trainers.
func (s *Service) Courses(ctx context.Context, p *sitecore.Principal) ([]*Course, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	t, err := s.Trainer(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Store.Courses(ctx, !t)
}

// Course returns a course with its lessons; unpublished courses exist only for trainers.
func (s *Service) Course(ctx context.Context, p *sitecore.Principal, id int64) (*Course, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	c, err := s.Store.FindCourse(ctx, id)
	if err != nil {
		return nil, err
	}
	if !c.Published {
		if t, err := s.Trainer(ctx, p); err != nil || !t {
			return nil, sitecore.NotFound("course")
		}
	}
	return c, nil
}

// CreateCourse stores a new course (unpublished unless said otherwise).
func (s *Service) CreateCourse(ctx context.Context, p *sitecore.Principal, in CourseInput) (*Course, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	c := &Course{}
	if in.Kind == nil {
		k := KindTemplates
		in.Kind = &k
	}
	if err := in.Apply(c, s.kindExists(ctx)); err != nil {
		return nil, err
	}
	c.CreatedBy = p.UserID
	if err := s.Store.CreateCourse(ctx, c); err != nil {
		return nil, err
	}
	c.Lessons = []*Lesson{}
	return c, nil
}

// UpdateCourse changes a course; people already enrolled keep the lessons and exam policy
// they enrolled with.
func (s *Service) UpdateCourse(ctx context.Context, p *sitecore.Principal, id int64, in CourseInput) (*Course, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	c, err := s.Store.FindCourse(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := in.Apply(c, s.kindExists(ctx)); err != nil {
		return nil, err
	}
	if c.Published && len(c.Lessons) == 0 {
		return nil, sitecore.Invalid("published", "cert.no_lessons")
	}
	if err := s.Store.UpdateCourse(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// PutLesson adds a lesson (lessonID 0) or replaces one.
func (s *Service) PutLesson(ctx context.Context, p *sitecore.Principal, courseID, lessonID int64, in LessonInput) (*Lesson, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	c, err := s.Store.FindCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	sanitize := s.Sanitize
	if sanitize == nil {
		sanitize = func(s string) string { return s }
	}
	l, err := in.Lesson(sanitize)
	if err != nil {
		return nil, err
	}
	if s.Media != nil {
		for i, id := range l.Media {
			if c.MediaSiteID == 0 {
				return nil, sitecore.Invalid("media", "cert.media_site")
			}
			if err := s.Media(ctx, c.MediaSiteID, id); err != nil {
				if sitecore.ErrorCode(err) == sitecore.ENotFound {
					return nil, sitecore.Invalid("media."+strconv.Itoa(i), "cert.media_unknown", "value", id)
				}
				return nil, err
			}
		}
	}
	l.CourseID = courseID
	if lessonID == 0 {
		if len(c.Lessons) >= MaxLessons {
			return nil, sitecore.Invalid("position", "cert.too_many", "max", strconv.Itoa(MaxLessons))
		}
		return l, s.Store.AddLesson(ctx, l)
	}
	if !slices.ContainsFunc(c.Lessons, func(x *Lesson) bool { return x.ID == lessonID }) {
		return nil, sitecore.NotFound("lesson")
	}
	l.ID = lessonID
	return l, s.Store.UpdateLesson(ctx, l)
}

// Enroll enrols a person in a published course and starts their certification process.
// Site owners and admins enrol themselves; trainers may enrol anyone (userID).
func (s *Service) Enroll(ctx context.Context, p *sitecore.Principal, courseID, userID int64) (*Enrollment, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	if userID == 0 || userID == p.UserID {
		userID = p.UserID
		if userID == 0 {
			return nil, sitecore.Invalid("user_id", "field.required")
		}
		if !siteAdmin(p) {
			if t, err := s.Trainer(ctx, p); err != nil || !t {
				return nil, sitecore.Errorf(sitecore.EForbidden, "cert.admins_only")
			}
		}
	} else if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	c, err := s.Course(ctx, p, courseID)
	if err != nil {
		return nil, err
	}
	if !c.Published {
		return nil, sitecore.Conflictf("course", "cert.unpublished")
	}
	if len(c.Lessons) == 0 {
		return nil, sitecore.Conflictf("course", "cert.no_lessons")
	}
	e := &Enrollment{UserID: userID, CourseID: c.ID, Kind: c.Kind, Phase: PhaseLearning, LessonCount: len(c.Lessons)}
	if err := s.Store.CreateEnrollment(ctx, e); err != nil {
		if sitecore.ErrorCode(err) != sitecore.EConflict {
			return nil, err
		}
		// Enrolling again in the course one is learning is a retry (the process may not have
		// started the first time); anything else is the conflict.
		cur, ferr := s.Store.CurrentEnrollment(ctx, userID, c.Kind)
		if ferr != nil || cur.CourseID != c.ID || cur.Phase != PhaseLearning {
			return nil, err
		}
		e = cur
	}
	if err := s.Process.Start(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// siteAdmin reports whether the principal owns or administers any site.
func siteAdmin(p *sitecore.Principal) bool {
	for site := range p.Roles {
		if p.HasRole(site, sitecore.RoleOwner, sitecore.RoleAdmin) {
			return true
		}
	}
	return false
}

// CompleteLesson marks one of the caller's lessons done; the last one opens the exam.
func (s *Service) CompleteLesson(ctx context.Context, p *sitecore.Principal, courseID, lessonID int64) (*Enrollment, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	e, err := s.enrollmentIn(ctx, p.UserID, courseID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Process.LessonDone(ctx, p.UserID, e.Kind, lessonID); err != nil {
		return nil, err
	}
	return s.Store.FindEnrollment(ctx, e.ID)
}

// enrollmentIn returns the person's current enrolment in the course.
func (s *Service) enrollmentIn(ctx context.Context, userID, courseID int64) (*Enrollment, error) {
	c, err := s.Store.FindCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	e, err := s.Store.CurrentEnrollment(ctx, userID, c.Kind)
	if err != nil || e.CourseID != courseID {
		return nil, sitecore.NotFound("enrollment")
	}
	return e, nil
}

// StartExam asks whether the person may start an exam attempt now (the final exam, or the
// refresher while certified) and records it: the test engine calls it before it opens an
// attempt. No attempts left, or the waiting time not over, is EConflict naming when.
func (s *Service) StartExam(ctx context.Context, userID int64, kind string, a ExamStart) error {
	if a.AttemptID <= 0 {
		return sitecore.Invalid("attempt_id", "field.required")
	}
	return s.Process.StartExam(ctx, userID, kind, a)
}

// ExamGraded hands a graded attempt to the person's process, which issues or renews the
// certificate when it passes; the test engine calls it when it has graded an attempt.
func (s *Service) ExamGraded(ctx context.Context, userID int64, kind string, r ExamResult) (Phase, error) {
	if err := r.Validate(); err != nil {
		return "", err
	}
	return s.Process.ExamGraded(ctx, userID, kind, r)
}

// ExamResultInput is a trainer's record of an exam taken outside the test engine.
type ExamResultInput struct {
	UserID int64  `json:"user_id"`
	Kind   string `json:"kind"`
	ExamResult
}

// RecordExam lets a trainer record an attempt and its result in one step (an exam taken on
// paper or in a seminar); the same rules apply as for the test engine.
func (s *Service) RecordExam(ctx context.Context, p *sitecore.Principal, in ExamResultInput) (*Enrollment, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	if in.UserID <= 0 {
		return nil, sitecore.Invalid("user_id", "field.required")
	}
	if in.Kind == "" {
		in.Kind = KindTemplates
	}
	if err := in.ExamResult.Validate(); err != nil {
		return nil, err
	}
	e, err := s.Store.CurrentEnrollment(ctx, in.UserID, in.Kind)
	if err != nil {
		return nil, err
	}
	if err := s.StartExam(ctx, in.UserID, in.Kind, ExamStart{AttemptID: in.AttemptID}); err != nil {
		return nil, err
	}
	if _, err := s.ExamGraded(ctx, in.UserID, in.Kind, in.ExamResult); err != nil {
		return nil, err
	}
	return s.Store.FindEnrollment(ctx, e.ID)
}

// AttendanceInput is a trainer's mark that a person attended a seminar.
type AttendanceInput struct {
	UserID int64  `json:"user_id"`
	Kind   string `json:"kind"`
	Note   string `json:"note"`
}

// RecordAttendance marks a seminar attendance, which renews the person's certificate.
func (s *Service) RecordAttendance(ctx context.Context, p *sitecore.Principal, in AttendanceInput) (*Certificate, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	if in.Kind == "" {
		in.Kind = KindTemplates
	}
	note, err := text("note", in.Note, maxReason, false)
	if err != nil {
		return nil, err
	}
	e, err := s.Store.CurrentEnrollment(ctx, in.UserID, in.Kind)
	if err != nil {
		return nil, err
	}
	if e.Phase != PhaseCertified && e.Phase != PhaseExpired {
		return nil, sitecore.Conflictf("user_id", "cert.not_certified")
	}
	a := &Attendance{UserID: in.UserID, Kind: in.Kind, Note: note, MarkedBy: p.UserID}
	if err := s.Store.RecordAttendance(ctx, a); err != nil {
		return nil, err
	}
	if _, err := s.Process.SeminarAttended(ctx, in.UserID, in.Kind, a.ID); err != nil {
		return nil, err
	}
	return s.Store.FindCertificate(ctx, e.CertificateID)
}

// Learning is the caller's "my learning".
func (s *Service) Learning(ctx context.Context, p *sitecore.Principal) (*Learning, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	return s.Store.Learning(ctx, p.UserID)
}

// Certificates lists certificates for trainers and operators.
func (s *Service) Certificates(ctx context.Context, p *sitecore.Principal, f CertificateFilter) ([]*Certificate, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	return s.Store.Certificates(ctx, f)
}

// Revoke revokes a certificate: only operators may, with a reason. The request is stored
// and audited, then the holder's process withdraws the capability at once and emails them.
func (s *Service) Revoke(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, certID int64, reason string) (*Certificate, error) {
	if !p.Operator() {
		if err := loggedIn(p); err != nil {
			return nil, err
		}
		return nil, sitecore.Errorf(sitecore.EForbidden, "cert.operators_only")
	}
	reason, err := text("reason", reason, maxReason, true)
	if err != nil {
		return nil, err
	}
	c, err := s.Store.FindCertificate(ctx, certID)
	if err != nil {
		return nil, err
	}
	if c.StatusAt(s.now()) == StatusRevoked {
		return nil, sitecore.Conflictf("certificate", "cert.already_revoked")
	}
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	r := &Revocation{CertificateID: certID, ActorID: a.UserID, ActorName: a.Name, Reason: reason, IP: ip, UserAgent: a.UserAgent}
	if err := s.Store.RequestRevocation(ctx, r); err != nil {
		return nil, err
	}
	if _, err := s.Process.Revoke(ctx, c.UserID, c.Kind, r.ID); err != nil {
		return nil, err
	}
	return s.Store.FindCertificate(ctx, certID)
}

// Verification is what the public verification page shows: the holder's name, the kind
// and the validity, nothing else about the person.
type Verification struct {
	Code      string
	Status    Status
	Holder    string
	Kind      *Kind
	Number    string
	IssuedAt  time.Time
	ExpiresAt time.Time
	RevokedAt time.Time
}

// Verify looks a verification code up. Unknown and malformed codes give StatusUnknown.
func (s *Service) Verify(ctx context.Context, code string) (*Verification, error) {
	code, ok := NormalizeCode(code)
	if !ok {
		return &Verification{Status: StatusUnknown}, nil
	}
	c, err := s.Store.CertificateByCode(ctx, code)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return &Verification{Code: code, Status: StatusUnknown}, nil
	}
	if err != nil {
		return nil, err
	}
	k, err := s.Store.Kind(ctx, c.Kind)
	if err != nil {
		return nil, err
	}
	return &Verification{Code: code, Status: c.StatusAt(s.now()), Holder: c.Holder, Kind: k, Number: c.Number,
		IssuedAt: c.IssuedAt, ExpiresAt: c.ExpiresAt, RevokedAt: c.RevokedAt}, nil
}

// text trims s and checks it is present (when required) and at most max characters.
func text(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return "", sitecore.Invalid(field, "field.required")
	case utf8.RuneCountInString(s) > max:
		return "", sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(max))
	}
	return s, nil
}
