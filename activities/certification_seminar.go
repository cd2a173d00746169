package activities

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// SeminarPlan is what the seminar's workflow keeps of it: when it starts, and whether it is
// cancelled (or gone).
type SeminarPlan struct {
	StartsAt  time.Time
	Cancelled bool
}

// LoadSeminar loads a seminar's plan; a deleted seminar is a cancelled one.
func (c *Certification) LoadSeminar(ctx context.Context, seminarID int64) (SeminarPlan, error) {
	if c.Seminars == nil {
		return SeminarPlan{}, errors.New("certification activities have no seminar store")
	}
	sm, err := c.Seminars.FindSeminar(ctx, seminarID, 0)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return SeminarPlan{Cancelled: true}, nil
	}
	if err != nil {
		return SeminarPlan{}, asTemporal(err)
	}
	return SeminarPlan{StartsAt: sm.StartsAt, Cancelled: sm.Cancelled}, nil
}

// Seminar email kinds.
const (
	SeminarMailReminder = "reminder"
	SeminarMailPromoted = "promoted"
)

// SeminarNotice is an email about a seminar: a reminder Days before StartsAt to every
// confirmed registrant, or the news of a confirmed place to UserIDs.
type SeminarNotice struct {
	SeminarID int64
	Kind      string
	Days      int
	StartsAt  time.Time
	UserIDs   []int64
}

// NotifySeminar emails the seminar's people, each once per notice (a retry skips those
// already sent).
func (c *Certification) NotifySeminar(ctx context.Context, in SeminarNotice) error {
	sm, err := c.Seminars.FindSeminar(ctx, in.SeminarID, 0)
	if err != nil {
		return asTemporal(err)
	}
	to := in.UserIDs
	if in.Kind == SeminarMailReminder {
		if to, err = c.Seminars.SeminarRecipients(ctx, in.SeminarID); err != nil {
			return asTemporal(err)
		}
	}
	for _, id := range to {
		u, err := c.Accounts.FindUserByID(ctx, id)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			continue
		}
		if err != nil {
			return asTemporal(err)
		}
		e := SeminarEmail(in.Kind, in.Days, u, sm)
		e.Key = "seminar/" + strconv.FormatInt(sm.ID, 10) + "/" + in.Kind + strconv.Itoa(in.Days) + "/" +
			strconv.FormatInt(in.StartsAt.Unix(), 10) + "/" + strconv.FormatInt(id, 10)
		if err := c.Mail.SendEmail(ctx, *e); err != nil {
			return err
		}
	}
	return nil
}

// SeminarEmail builds an email about a seminar in the person's language (Kazakh if unset),
// with the Almaty date and time, the place and the online link.
func SeminarEmail(kind string, days int, u *sitecore.User, sm *certification.Seminar) *sitecore.Email {
	lang := u.Lang
	if !sitecore.HasMessage(lang, "cert.seminar.mail."+kind+".subject") {
		lang = sitecore.Kazakh
	}
	where := []string{}
	if sm.Place != "" {
		where = append(where, sm.Place)
	}
	if sm.OnlineURL != "" {
		where = append(where, sm.OnlineURL)
	}
	title := sm.Title[lang]
	if title == "" {
		title = sm.Title[sitecore.Kazakh]
	}
	args := map[string]string{"name": u.FullName, "title": title, "days": strconv.Itoa(days),
		"when": sm.StartsAt.In(sitecore.Almaty).Format("02.01.2006 15:04"), "where": strings.Join(where, "\n")}
	return &sitecore.Email{To: u.Email,
		Subject: sitecore.Message(lang, "cert.seminar.mail."+kind+".subject", args),
		Text:    sitecore.Message(lang, "cert.seminar.mail."+kind+".body", args)}
}
