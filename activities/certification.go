package activities

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// Certification holds what the certification process's activities need: the certification
// store, accounts (the holder's name, email and language for emails) and the mailer.
type Certification struct {
	Store    certification.Store
	Accounts interface {
		FindUserByID(ctx context.Context, id int64) (*sitecore.User, error)
	}
	Mail      *Mail
	PublicURL string
	// Exams lets the process watch exam attempts of the test engine (nil: only trainers'
	// records).
	Exams *CertExams
	// Seminars serves the seminars' workflow (nil: no seminars).
	Seminars certification.SeminarStore
}

// CertEnrollment is what the certification process keeps of an enrolment.
type CertEnrollment struct {
	EnrollmentID  int64
	UserID        int64
	Kind          string
	Phase         certification.Phase
	Lessons       []int64
	Done          []int64
	Exam          certification.ExamPolicy
	Refresher     certification.ExamPolicy
	Validity      time.Duration
	CertificateID int64
}

// LoadEnrollment loads an enrolment with its course's exam policies and its kind's validity.
func (c *Certification) LoadEnrollment(ctx context.Context, enrollmentID int64) (CertEnrollment, error) {
	e, err := c.Store.FindEnrollment(ctx, enrollmentID)
	if err != nil {
		return CertEnrollment{}, asTemporal(err)
	}
	lessons, err := c.Store.EnrollmentLessons(ctx, enrollmentID)
	if err != nil {
		return CertEnrollment{}, asTemporal(err)
	}
	course, err := c.Store.FindCourse(ctx, e.CourseID)
	if err != nil {
		return CertEnrollment{}, asTemporal(err)
	}
	k, err := c.Store.Kind(ctx, e.Kind)
	if err != nil {
		return CertEnrollment{}, asTemporal(err)
	}
	return CertEnrollment{EnrollmentID: e.ID, UserID: e.UserID, Kind: e.Kind, Phase: e.Phase, Lessons: lessons,
		Done: e.LessonsDone, Exam: course.Exam, Refresher: course.Refresher, Validity: k.Validity,
		CertificateID: e.CertificateID}, nil
}

// CertLesson is a lesson done.
type CertLesson struct{ EnrollmentID, LessonID int64 }

// RecordLesson stores a lesson done and returns how many are done.
func (c *Certification) RecordLesson(ctx context.Context, in CertLesson) (int, error) {
	n, err := c.Store.RecordLesson(ctx, in.EnrollmentID, in.LessonID)
	return n, asTemporal(err)
}

// CertPhase is an enrolment's new phase.
type CertPhase struct {
	EnrollmentID int64
	Phase        certification.Phase
}

// SetPhase stores an enrolment's phase.
func (c *Certification) SetPhase(ctx context.Context, in CertPhase) error {
	return asTemporal(c.Store.SetPhase(ctx, in.EnrollmentID, in.Phase))
}

// CertAttempt is an exam attempt started (GradedAt zero) or graded.
type CertAttempt struct {
	EnrollmentID int64
	Attempt      certification.Attempt
}

// RecordAttempt stores an attempt's start or its result.
func (c *Certification) RecordAttempt(ctx context.Context, in CertAttempt) error {
	if in.Attempt.GradedAt.IsZero() {
		return asTemporal(c.Store.StartAttempt(ctx, in.EnrollmentID, in.Attempt))
	}
	return asTemporal(c.Store.GradeAttempt(ctx, in.EnrollmentID, in.Attempt))
}

// CertIssue asks for the enrolment's certificate, valid from IssuedAt to ExpiresAt (the
// workflow's clock decides both, so its timers and the record agree).
type CertIssue struct {
	EnrollmentID        int64
	IssuedAt, ExpiresAt time.Time
}

// CertIssued is the certificate issued (or found issued before).
type CertIssued struct {
	CertificateID int64
	ExpiresAt     time.Time
}

// IssueCertificate issues the certificate and grants its capability, once per enrolment.
func (c *Certification) IssueCertificate(ctx context.Context, in CertIssue) (CertIssued, error) {
	cert := &certification.Certificate{IssuedAt: in.IssuedAt, ExpiresAt: in.ExpiresAt}
	if err := c.Store.IssueCertificate(ctx, in.EnrollmentID, cert); err != nil {
		return CertIssued{}, asTemporal(err)
	}
	return CertIssued{CertificateID: cert.ID, ExpiresAt: cert.ExpiresAt}, nil
}

// CertValidity moves a certificate's expiry (renewal) or ends it (expiry).
type CertValidity struct {
	CertificateID        int64
	RenewedAt, ExpiresAt time.Time
}

// RenewCertificate extends the certificate and grants its capability again.
func (c *Certification) RenewCertificate(ctx context.Context, in CertValidity) error {
	return asTemporal(c.Store.RenewCertificate(ctx, in.CertificateID, in.RenewedAt, in.ExpiresAt))
}

// ExpireCertificate withdraws the capability of the certificate that expires at ExpiresAt,
// and with it every other grant due by then (the store's one set-based statement), so the
// first of many workflows expiring together withdraws them all.
func (c *Certification) ExpireCertificate(ctx context.Context, in CertValidity) (int, error) {
	n, err := c.Store.ExpireCertificate(ctx, in.CertificateID, in.ExpiresAt)
	return n, asTemporal(err)
}

// CertRevocation applies a stored revocation request at At.
type CertRevocation struct {
	RevocationID int64
	At           time.Time
}

// ApplyRevocation revokes the certificate, withdraws its capability and audits, at once.
func (c *Certification) ApplyRevocation(ctx context.Context, in CertRevocation) error {
	_, err := c.Store.ApplyRevocation(ctx, in.RevocationID, in.At)
	return asTemporal(err)
}

// Certification email kinds.
const (
	CertMailIssued   = "issued"
	CertMailReminder = "reminder"
	CertMailExpired  = "expired"
	CertMailRenewed  = "renewed"
	CertMailRevoked  = "revoked"
)

// CertNotice is an email to a certificate's holder. Key makes it go out once.
type CertNotice struct {
	CertificateID int64
	Kind          string
	Key           string
}

// NotifyHolder emails the holder about their certificate, in their language, with the link
// to its public verification page.
func (c *Certification) NotifyHolder(ctx context.Context, in CertNotice) error {
	cert, err := c.Store.FindCertificate(ctx, in.CertificateID)
	if err != nil {
		return asTemporal(err)
	}
	u, err := c.Accounts.FindUserByID(ctx, cert.UserID)
	if err != nil {
		return asTemporal(err)
	}
	e := CertificateEmail(in.Kind, u, cert, strings.TrimRight(c.PublicURL, "/")+"/certificates/"+cert.Code)
	e.Key = in.Key
	return c.Mail.SendEmail(ctx, *e)
}

// CertificateEmail builds an email to the holder in their language (Kazakh if unset).
func CertificateEmail(kind string, u *sitecore.User, c *certification.Certificate, link string) *sitecore.Email {
	lang := u.Lang
	if !sitecore.HasMessage(lang, "cert.mail.issued.subject") {
		lang = sitecore.Kazakh
	}
	date := c.ExpiresAt.In(sitecore.Almaty).Format("02.01.2006")
	args := map[string]string{"name": u.FullName, "kind": sitecore.Message(lang, "cert.kind."+c.Kind, nil),
		"number": c.Number, "date": date, "link": link, "reason": c.RevokedReason}
	return &sitecore.Email{To: u.Email,
		Subject: sitecore.Message(lang, "cert.mail."+kind+".subject", args),
		Text:    sitecore.Message(lang, "cert.mail."+kind+".body", args)}
}

// CertMailKey is the key of a certificate email: the certificate, the kind and the expiry it
// is about, so each reminder of each validity period goes out once.
func CertMailKey(certID int64, kind string, expires time.Time) string {
	return "cert/" + strconv.FormatInt(certID, 10) + "/" + kind + "/" + strconv.FormatInt(expires.Unix(), 10)
}
