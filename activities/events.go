package activities

import (
	"context"

	"go.temporal.io/sdk/activity"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
)

// Events serves the events' workflows (workflows.Event): the event's plan, promotions from
// the waiting line, the cancellation and the emails.
type Events struct {
	Store events.Store
	Sites interface {
		FindSiteByID(ctx context.Context, id int64) (*sitecore.Site, error)
	}
	Accounts interface {
		FindUserByID(ctx context.Context, id int64) (*sitecore.User, error)
	}
	Mail      *Mail
	PublicURL string
}

// EventRef names an event.
type EventRef struct{ SiteID, EventID int64 }

// EventPlan is what the event's workflow keeps of it.
type EventPlan struct {
	StartsAt, EndsAt time.Time
	Cancelled        bool
}

// LoadEvent loads an event's plan; a deleted event is a cancelled one.
func (a *Events) LoadEvent(ctx context.Context, ref EventRef) (EventPlan, error) {
	e, err := a.Store.FindEvent(ctx, ref.SiteID, ref.EventID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return EventPlan{Cancelled: true}, nil
	}
	if err != nil {
		return EventPlan{}, asTemporal(err)
	}
	return EventPlan{StartsAt: e.StartsAt, EndsAt: e.EndsAt, Cancelled: e.Cancelled}, nil
}

// PromoteEvent confirms the first of the waiting line while seats are free and returns
// their attendee IDs.
func (a *Events) PromoteEvent(ctx context.Context, ref EventRef) ([]int64, error) {
	ids, err := a.Store.Promote(ctx, ref.SiteID, ref.EventID)
	return ids, asTemporal(err)
}

// CancelEvent records the event cancelled (a repeat is fine).
func (a *Events) CancelEvent(ctx context.Context, ref EventRef) error {
	_, err := a.Store.CancelEvent(ctx, ref.SiteID, ref.EventID)
	return asTemporal(err)
}

// Event email kinds.
const (
	EventMailDay       = "day"
	EventMailHour      = "hour"
	EventMailPromoted  = "promoted"
	EventMailCancelled = "cancelled"
)

// EventNotice is an email about an event: a reminder to everyone confirmed, the news of a
// seat to Attendees (and who signed them up), or the cancellation to everyone signed up.
type EventNotice struct {
	EventRef
	Kind      string
	StartsAt  time.Time
	Attendees []int64 `json:",omitempty"`
}

// NotifyEvent emails the event's people, each once per notice and attendee (a retry skips
// those already sent), in each person's language.
func (a *Events) NotifyEvent(ctx context.Context, in EventNotice) (int, error) {
	e, err := a.Store.FindEvent(ctx, in.SiteID, in.EventID)
	if err != nil {
		return 0, asTemporal(err)
	}
	site, err := a.Sites.FindSiteByID(ctx, in.SiteID)
	if err != nil {
		return 0, asTemporal(err)
	}
	statuses := []events.Status{events.Confirmed}
	switch in.Kind {
	case EventMailCancelled:
		statuses = []events.Status{events.Confirmed, events.Waiting}
	case EventMailPromoted:
		if len(in.Attendees) == 0 {
			return 0, nil
		}
	}
	to, err := a.Store.EventRecipients(ctx, in.SiteID, in.EventID, statuses, in.Attendees)
	if err != nil {
		return 0, asTemporal(err)
	}
	sent := 0
	for _, r := range to {
		u, err := a.Accounts.FindUserByID(ctx, r.UserID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound || (err == nil && u.Email == "") {
			continue
		}
		if err != nil {
			return sent, asTemporal(err)
		}
		m := EventEmail(in.Kind, u, r.AttendeeName, e, site, a.PublicURL)
		m.Key = "event/" + strconv.FormatInt(e.ID, 10) + "/" + in.Kind + "/" + strconv.FormatInt(in.StartsAt.Unix(), 10) +
			"/" + strconv.FormatInt(r.UserID, 10) + "/" + strconv.FormatInt(r.AttendeeID, 10)
		if err := a.Mail.SendEmail(ctx, *m); err != nil {
			return sent, err
		}
		sent++
		activity.RecordHeartbeat(ctx, sent)
	}
	return sent, nil
}

// EventEmail builds an email about an event in the person's language (the site's default
// when theirs has no text), with the Almaty time, the place or link and the event's page.
func EventEmail(kind string, u *sitecore.User, attendee string, e *events.Event, site *sitecore.Site, publicURL string) *sitecore.Email {
	lang := u.Lang
	if !site.HasLang(lang) {
		lang = site.DefaultLang()
	}
	if !sitecore.HasMessage(lang, "events.mail."+kind+".subject") {
		lang = sitecore.Kazakh
	}
	where := []string{}
	if e.Place != "" {
		where = append(where, e.Place)
	}
	if e.OnlineURL != "" {
		where = append(where, e.OnlineURL)
	}
	if attendee == "" {
		attendee = u.FullName
	}
	args := map[string]string{"name": u.FullName, "attendee": attendee, "title": events.Text(e.Title, lang, site.Languages),
		"when": e.StartsAt.In(sitecore.Almaty).Format("02.01.2006 15:04"), "where": strings.Join(where, ", "),
		"link": site.URL(publicURL, "/"+string(lang)+"/events/"+strconv.FormatInt(e.ID, 10))}
	return &sitecore.Email{To: u.Email,
		Subject: sitecore.Message(lang, "events.mail."+kind+".subject", args),
		Text:    sitecore.Message(lang, "events.mail."+kind+".body", args)}
}
