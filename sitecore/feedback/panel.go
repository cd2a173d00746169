package feedback

import (
	"context"
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// The panel's side of feedback beyond answering: filtered lists and the Excel of a period,
// topics edited, the site's SLA and the reminder its timer sends.

// MaxExportRows bounds one Excel of feedback; a longer period is refused so the admin
// narrows it.
const MaxExportRows = 50000

// Filter lists the site's messages matching f for the panel (f.SiteID is set here).
func (s *Service) Filter(ctx context.Context, p *sitecore.Principal, siteID int64, f sitecore.FeedbackFilter) ([]sitecore.FeedbackMessage, error) {
	if err := s.authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	switch f.Status {
	case "", sitecore.FeedbackNew, sitecore.FeedbackAnswered, sitecore.FeedbackHiddenStatus:
	default:
		return nil, sitecore.Invalid("status", "feedback.status")
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return nil, sitecore.Invalid("to", "feedback.period")
	}
	f.SiteID = siteID
	return s.Store.FilterFeedbackMessages(ctx, f)
}

// ParsePeriod reads a period of local (Almaty) dates "2006-01-02" as [from, to+1 day); an
// empty bound is open.
func ParsePeriod(from, to string) (time.Time, time.Time, error) {
	var f, t time.Time
	var err error
	if from != "" {
		if f, err = time.ParseInLocation(time.DateOnly, from, sitecore.Almaty); err != nil {
			return f, t, sitecore.Invalid("from", "feedback.period")
		}
	}
	if to != "" {
		if t, err = time.ParseInLocation(time.DateOnly, to, sitecore.Almaty); err != nil {
			return f, t, sitecore.Invalid("to", "feedback.period")
		}
		t = t.AddDate(0, 0, 1)
	}
	return f, t, nil
}

// ExportRow is a message with what the Excel says about its thread.
type ExportRow struct {
	sitecore.FeedbackMessage
	Topic       string
	Answers     int
	FirstAnswer *time.Time
}

// Export returns the rows of the Excel of messages matching f, hidden ones included when
// f.Status asks for them; topics named in lang.
func (s *Service) Export(ctx context.Context, p *sitecore.Principal, siteID int64, lang sitecore.Lang, f sitecore.FeedbackFilter) ([]ExportRow, error) {
	f.Limit = MaxExportRows + 1
	ms, err := s.Filter(ctx, p, siteID, f)
	if err != nil {
		return nil, err
	}
	if len(ms) > MaxExportRows {
		return nil, sitecore.Invalid("from", "feedback.too_many", "max", strconv.Itoa(MaxExportRows))
	}
	ts, err := s.Store.FeedbackTopics(ctx, siteID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for i := range ts {
		names[ts[i].ID] = ts[i].Name(lang)
	}
	out := make([]ExportRow, 0, len(ms))
	for _, m := range ms {
		as, err := s.Store.FeedbackAnswers(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		r := ExportRow{FeedbackMessage: m, Topic: names[m.TopicID]}
		for i := range as {
			if as[i].AuthorID != 0 {
				r.Answers++
				if r.FirstAnswer == nil {
					r.FirstAnswer = &as[i].CreatedAt
				}
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// UpdateTopic changes a topic's names and recipients.
func (s *Service) UpdateTopic(ctx context.Context, p *sitecore.Principal, siteID, topicID int64, in NewTopic) (*sitecore.FeedbackTopic, error) {
	t, err := s.checkTopic(ctx, p, siteID, in)
	if err != nil {
		return nil, err
	}
	t.ID = topicID
	if err := s.Store.UpdateFeedbackTopic(ctx, t); err != nil {
		return nil, err
	}
	return s.Store.FindFeedbackTopic(ctx, siteID, topicID)
}

// SLADays returns the site's working days before a reminder.
func (s *Service) SLADays(ctx context.Context, p *sitecore.Principal, siteID int64) (int, error) {
	if err := s.authorize(p, siteID, sitecore.ActionView); err != nil {
		return 0, err
	}
	return s.Store.FeedbackSLADays(ctx, siteID)
}

// SetSLADays sets the site's working days before a reminder (1 to 30); messages already
// waiting keep the deadline they were given.
func (s *Service) SetSLADays(ctx context.Context, p *sitecore.Principal, siteID int64, days int) error {
	if err := s.authorize(p, siteID, sitecore.ActionPublish); err != nil {
		return err
	}
	if days < 1 || days > 30 {
		return sitecore.Invalid("sla_days", "feedback.sla_days")
	}
	return s.Store.SetFeedbackSLADays(ctx, siteID, days)
}

// Due returns when a message must have been answered: the site's SLA in working days of
// the calendar after it arrived; ok is false for a message that waits for nothing (answered
// or hidden).
func (s *Service) Due(ctx context.Context, cal sitecore.Calendar, siteID, messageID int64) (time.Time, bool, error) {
	m, err := s.Store.FindFeedbackMessage(ctx, siteID, messageID)
	if err != nil {
		return time.Time{}, false, err
	}
	days, err := s.Store.FeedbackSLADays(ctx, siteID)
	if err != nil {
		return time.Time{}, false, err
	}
	return sitecore.FeedbackDue(cal, m.CreatedAt, days), m.Status == sitecore.FeedbackNew && !m.Hidden, nil
}

// Remind emails the topic's admins that the message still waits for an answer; a message
// answered or hidden meanwhile is left alone. It reports whether it reminded. Each message
// is reminded once (the email key).
func (s *Service) Remind(ctx context.Context, siteID, messageID int64) (bool, error) {
	m, err := s.Store.FindFeedbackMessage(ctx, siteID, messageID)
	if err != nil {
		return false, err
	}
	if m.Status != sitecore.FeedbackNew || m.Hidden {
		return false, nil
	}
	return true, s.notifyAdmins(ctx, m, "reminder", m.Body, "feedback-reminder:"+strconv.FormatInt(m.ID, 10))
}
