package activities

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/feedback"
)

// Feedback holds what a feedback message's SLA timer (workflows.FeedbackSLA) needs: the
// feedback service and the helpdesk's business calendar (working hours, Kazakhstan's
// holidays as the operators keep them).
type Feedback struct {
	Service  *feedback.Service
	Calendar interface {
		BusinessCalendar(ctx context.Context) (sitecore.Calendar, error)
	}
}

// FeedbackMessage names a message of a site.
type FeedbackMessage struct {
	SiteID, MessageID int64
}

// FeedbackDue is when a message must have been answered; Waiting is false for a message
// that waits for nothing any more (answered or hidden before its timer started).
type FeedbackDue struct {
	At      time.Time
	Waiting bool
}

// FeedbackDueAt computes the message's deadline on the business calendar from the site's
// answer time in working days.
func (a *Feedback) FeedbackDueAt(ctx context.Context, m FeedbackMessage) (FeedbackDue, error) {
	cal, err := a.Calendar.BusinessCalendar(ctx)
	if err != nil {
		return FeedbackDue{}, asTemporal(err)
	}
	if !cal.Valid() {
		cal = sitecore.BusinessCalendar()
	}
	at, waiting, err := a.Service.Due(ctx, cal, m.SiteID, m.MessageID)
	return FeedbackDue{At: at, Waiting: waiting}, asTemporal(err)
}

// RemindFeedback emails the topic's admins that the message still waits (nothing if it was
// answered or hidden meanwhile); it reports whether it reminded.
func (a *Feedback) RemindFeedback(ctx context.Context, m FeedbackMessage) (bool, error) {
	ok, err := a.Service.Remind(ctx, m.SiteID, m.MessageID)
	return ok, asTemporal(err)
}
