package certification

import (
	"context"
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func (s *Service) seminarsReady() error {
	if s.Seminars == nil || s.SeminarProcess == nil {
		return sitecore.NotFound("seminar")
	}
	return nil
}

// ListSeminars lists the seminars that have not ended, with the caller's registration.
func (s *Service) ListSeminars(ctx context.Context, p *sitecore.Principal) ([]*Seminar, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	if err := s.seminarsReady(); err != nil {
		return nil, err
	}
	return s.Seminars.Seminars(ctx, s.now().AddDate(0, 0, -1), p.UserID)
}

// Seminar returns a seminar; trainers also get its registrations.
func (s *Service) Seminar(ctx context.Context, p *sitecore.Principal, id int64) (*Seminar, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	if err := s.seminarsReady(); err != nil {
		return nil, err
	}
	sm, err := s.Seminars.FindSeminar(ctx, id, p.UserID)
	if err != nil {
		return nil, err
	}
	if t, err := s.Trainer(ctx, p); err != nil {
		return nil, err
	} else if t {
		if sm.Registrations, err = s.Seminars.Registrations(ctx, id); err != nil {
			return nil, err
		}
	}
	return sm, nil
}

// CreateSeminar stores a seminar and starts its workflow (the reminders).
func (s *Service) CreateSeminar(ctx context.Context, p *sitecore.Principal, in SeminarInput) (*Seminar, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	if err := s.seminarsReady(); err != nil {
		return nil, err
	}
	sm := &Seminar{}
	if err := in.Apply(sm, s.kindExists(ctx), s.now()); err != nil {
		return nil, err
	}
	sm.CreatedBy = p.UserID
	if err := s.Seminars.CreateSeminar(ctx, sm); err != nil {
		return nil, err
	}
	if err := s.SeminarProcess.Changed(ctx, sm.ID); err != nil {
		return nil, err
	}
	return sm, nil
}

// UpdateSeminar changes a seminar (dates, place, link, capacity, cancellation); the
// reminders follow the new dates, and a raised capacity confirms people from the line.
func (s *Service) UpdateSeminar(ctx context.Context, p *sitecore.Principal, id int64, in SeminarInput) (*Seminar, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	if err := s.seminarsReady(); err != nil {
		return nil, err
	}
	sm, err := s.Seminars.FindSeminar(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	if err := in.Apply(sm, s.kindExists(ctx), s.now()); err != nil {
		return nil, err
	}
	promoted, err := s.Seminars.UpdateSeminar(ctx, sm)
	if err != nil {
		return nil, err
	}
	if err := s.SeminarProcess.Changed(ctx, id); err != nil {
		return nil, err
	}
	if len(promoted) > 0 {
		if err := s.SeminarProcess.Promoted(ctx, id, promoted); err != nil {
			return nil, err
		}
	}
	return s.Seminar(ctx, p, id)
}

// RegisterSeminar registers the caller (a site owner or admin, or a trainer) for a
// seminar that has not started and is not cancelled.
func (s *Service) RegisterSeminar(ctx context.Context, p *sitecore.Principal, id int64) (*Registration, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	if err := s.seminarsReady(); err != nil {
		return nil, err
	}
	if !siteAdmin(p) {
		if t, err := s.Trainer(ctx, p); err != nil || !t {
			return nil, sitecore.Errorf(sitecore.EForbidden, "cert.admins_only")
		}
	}
	sm, err := s.Seminars.FindSeminar(ctx, id, p.UserID)
	if err != nil {
		return nil, err
	}
	if err := seminarOpen(sm, s.now()); err != nil {
		return nil, err
	}
	return s.Seminars.Register(ctx, id, p.UserID)
}

// seminarOpen refuses registering for, or cancelling at, a seminar that is cancelled or
// has started.
func seminarOpen(sm *Seminar, now time.Time) error {
	switch {
	case sm.Cancelled:
		return sitecore.Conflictf("seminar", "cert.seminar_cancelled")
	case !now.Before(sm.StartsAt):
		return sitecore.Conflictf("seminar", "cert.seminar_started")
	}
	return nil
}

// CancelSeminar cancels the caller's registration; the first in the waiting line takes a
// confirmed place and is emailed.
func (s *Service) CancelSeminar(ctx context.Context, p *sitecore.Principal, id int64) error {
	if err := loggedIn(p); err != nil {
		return err
	}
	if err := s.seminarsReady(); err != nil {
		return err
	}
	sm, err := s.Seminars.FindSeminar(ctx, id, p.UserID)
	if err != nil {
		return err
	}
	if sm.Mine == nil || sm.Mine.Status == RegCancelled {
		return sitecore.NotFound("registration")
	}
	if err := seminarOpen(sm, s.now()); err != nil {
		return err
	}
	promoted, err := s.Seminars.CancelRegistration(ctx, id, p.UserID)
	if err != nil || promoted == 0 {
		return err
	}
	return s.SeminarProcess.Promoted(ctx, id, []int64{promoted})
}

// AttendanceMark is a trainer's mark of one registrant.
type AttendanceMark struct {
	UserID   int64 `json:"user_id"`
	Attended bool  `json:"attended"`
}

// MarkAttendance records that a confirmed registrant attended (from the seminar's start
// on). For a person holding a certificate of the seminar's kind (valid or expired) it is a
// seminar attendance that renews the certificate, once per seminar.
func (s *Service) MarkAttendance(ctx context.Context, p *sitecore.Principal, id int64, in AttendanceMark) (*Registration, error) {
	if err := s.requireTrainer(ctx, p); err != nil {
		return nil, err
	}
	if err := s.seminarsReady(); err != nil {
		return nil, err
	}
	if in.UserID <= 0 {
		return nil, sitecore.Invalid("user_id", "field.required")
	}
	sm, err := s.Seminars.FindSeminar(ctx, id, in.UserID)
	if err != nil {
		return nil, err
	}
	switch {
	case sm.Cancelled:
		return nil, sitecore.Conflictf("seminar", "cert.seminar_cancelled")
	case s.now().Before(sm.StartsAt):
		return nil, sitecore.Conflictf("seminar", "cert.seminar_not_started")
	case sm.Mine == nil || sm.Mine.Status != RegConfirmed:
		return nil, sitecore.Invalid("user_id", "cert.seminar_not_registered")
	}
	changed, err := s.Seminars.MarkAttended(ctx, id, in.UserID, in.Attended, p.UserID)
	if err != nil {
		return nil, err
	}
	if changed && in.Attended {
		e, err := s.Store.CurrentEnrollment(ctx, in.UserID, sm.Kind)
		if err == nil && (e.Phase == PhaseCertified || e.Phase == PhaseExpired) {
			note := "seminar:" + strconv.FormatInt(id, 10)
			if _, err := s.RecordAttendance(ctx, p, AttendanceInput{UserID: in.UserID, Kind: sm.Kind, Note: note}); err != nil {
				return nil, err
			}
		} else if err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
			return nil, err
		}
	}
	sm, err = s.Seminars.FindSeminar(ctx, id, in.UserID)
	if err != nil {
		return nil, err
	}
	return sm.Mine, nil
}
