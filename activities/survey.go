package activities

import (
	"context"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// MailQueue hands an email to durable delivery (workflows.EmailQueue: the sealed message in
// the spool, a SendEmail workflow keyed by the email's key), so each key is sent once.
type MailQueue interface {
	Enqueue(ctx context.Context, e *sitecore.Email) error
}

// Surveys holds the side effects of the survey workflow: opening and closing the ballot box
// in PostgreSQL, reminders to those who have not voted, the results (computed once), their
// publication and the owner's notices. Ballots never pass through here: only IDs and counts.
type Surveys struct {
	Store    survey.Store
	Sites    sitecore.SiteStore
	Accounts sitecore.AccountStore
	Mail     MailQueue
	// PublicURL is the platform's address, for links when a site has no domain.
	PublicURL string
	// Exports and Files serve the Excel exports (survey_export.go); nil when not served.
	Exports survey.ExportStore
	Files   sitecore.FileStore
}

// SurveyRef names a survey.
type SurveyRef struct {
	SiteID, SurveyID int64
}

// SurveyInfo is what the workflow needs to know about its survey.
type SurveyInfo struct {
	Status         survey.Status
	OpensAt        time.Time
	ClosesAt       time.Time
	Reminders      []int // hours before closing, the earliest first
	PublishResults bool
}

// LoadSurvey reads the survey's state and times.
func (a *Surveys) LoadSurvey(ctx context.Context, ref SurveyRef) (SurveyInfo, error) {
	s, err := a.Store.FindSurvey(ctx, ref.SiteID, ref.SurveyID)
	if err != nil {
		return SurveyInfo{}, asTemporal(err)
	}
	info := SurveyInfo{Status: s.Status, OpensAt: s.OpensAt, ClosesAt: s.ClosesAt, PublishResults: s.PublishResults}
	for _, r := range s.Reminders {
		info.Reminders = append(info.Reminders, r.HoursBeforeClose)
	}
	return info, nil
}

// OpenSurvey opens the ballot box (a scheduled survey becomes open); a repeat changes nothing.
func (a *Surveys) OpenSurvey(ctx context.Context, ref SurveyRef) error {
	_, err := a.Store.SetStatus(ctx, ref.SiteID, ref.SurveyID, survey.StatusOpen, []survey.Status{survey.StatusScheduled},
		systemAudit(ref, "survey.open"))
	return asTemporal(err)
}

// CloseSurvey closes the ballot box; a repeat (or a survey closed early) changes nothing.
func (a *Surveys) CloseSurvey(ctx context.Context, ref SurveyRef) error {
	_, err := a.Store.SetStatus(ctx, ref.SiteID, ref.SurveyID, survey.StatusClosed,
		[]survey.Status{survey.StatusScheduled, survey.StatusOpen}, systemAudit(ref, "survey.close"))
	return asTemporal(err)
}

func systemAudit(ref SurveyRef, action string) *sitecore.AuditEntry {
	return &sitecore.AuditEntry{SiteID: ref.SiteID, ActorName: "system", Action: action,
		Target: "survey:" + strconv.FormatInt(ref.SurveyID, 10)}
}

// SurveyChange is a person's decision on a survey, applied with its audit entry.
type SurveyChange struct {
	SurveyRef
	Kind     string // "cancel", "extend", "close"
	ActorID  int64
	ClosesAt time.Time // extend
}

// ApplySurveyChange records a cancel, an extension or an early close in PostgreSQL with its
// audit entry (the actor's name is looked up here, so it never enters the workflow's
// history). A retry changes nothing more.
func (a *Surveys) ApplySurveyChange(ctx context.Context, ch SurveyChange) error {
	entry := &sitecore.AuditEntry{SiteID: ch.SiteID, ActorID: ch.ActorID, Action: "survey." + ch.Kind,
		Target: "survey:" + strconv.FormatInt(ch.SurveyID, 10)}
	if ch.ActorID != 0 && a.Accounts != nil {
		if u, err := a.Accounts.FindUserByID(ctx, ch.ActorID); err == nil {
			entry.ActorName = u.FullName
		}
	}
	var err error
	switch ch.Kind {
	case "cancel":
		_, err = a.Store.SetStatus(ctx, ch.SiteID, ch.SurveyID, survey.StatusCancelled,
			[]survey.Status{survey.StatusScheduled, survey.StatusOpen}, entry)
	case "close":
		_, err = a.Store.SetStatus(ctx, ch.SiteID, ch.SurveyID, survey.StatusClosed,
			[]survey.Status{survey.StatusScheduled, survey.StatusOpen}, entry)
	case "extend":
		entry.Details = map[string]any{"closes_at": ch.ClosesAt.UTC().Format(time.RFC3339)}
		err = a.Store.SetClosesAt(ctx, ch.SiteID, ch.SurveyID, ch.ClosesAt, entry)
	}
	return asTemporal(err)
}

// ReminderInput is one reminder of the plan.
type ReminderInput struct {
	SurveyRef
	Index int // in the plan, for the emails' keys
}

// SendReminders queues the reminder to everyone of the listed audience who has not voted,
// once per person and reminder (the emails' keys), and returns how many it queued. It walks
// the audience in pages and records its place as heartbeat details, so a retry resumes.
func (a *Surveys) SendReminders(ctx context.Context, in ReminderInput) (int, error) {
	s, err := a.Store.FindSurvey(ctx, in.SiteID, in.SurveyID)
	if err != nil {
		return 0, asTemporal(err)
	}
	if s.Status != survey.StatusOpen {
		return 0, nil
	}
	link, err := a.surveyLink(ctx, s)
	if err != nil {
		return 0, asTemporal(err)
	}
	after := ""
	if activity.HasHeartbeatDetails(ctx) {
		_ = activity.GetHeartbeatDetails(ctx, &after)
	}
	sent := 0
	for {
		page, err := a.Store.NonVoters(ctx, in.SiteID, s, after, 500)
		if err != nil {
			return sent, asTemporal(err)
		}
		for _, r := range page {
			key := "survey/" + strconv.FormatInt(s.ID, 10) + "/reminder/" + strconv.Itoa(in.Index) + "/" + r.Key
			lang := r.Lang
			if lang == "" {
				lang = s.Lang(sitecore.Kazakh)
			}
			if err := a.Mail.Enqueue(ctx, survey.Email("reminder", key, lang, r.Email, s, survey.MailFacts{Link: link + "?lang=" + string(lang)})); err != nil {
				return sent, asTemporal(err)
			}
			sent++
			after = r.Key
		}
		activity.RecordHeartbeat(ctx, after)
		if len(page) < 500 {
			break
		}
	}
	activity.GetLogger(ctx).Info("survey reminders queued", "survey", s.ID, "reminder", in.Index, "emails", sent)
	return sent, nil
}

// ResultsSummary is what the workflow learns of the results: counts, never answers.
type ResultsSummary struct {
	Ballots   int
	Voters    int
	QuorumMet bool
}

// ComputeResults counts the closed survey's ballots and stores the results once: a repeat
// (a retry, or a worker that crashed after storing them) returns the stored ones. In
// anonymous mode it first shuffles the ballots (Store.ShuffleBallots), so their rows no
// longer lie in the order they arrived.
func (a *Surveys) ComputeResults(ctx context.Context, ref SurveyRef) (ResultsSummary, error) {
	// Shuffling and counting a large survey may take longer than the heartbeat timeout.
	stop := heartbeatEvery(ctx, 5*time.Second)
	defer stop()
	r, err := a.Store.FindResults(ctx, ref.SiteID, ref.SurveyID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		s, ferr := a.Store.FindSurvey(ctx, ref.SiteID, ref.SurveyID)
		if ferr != nil {
			return ResultsSummary{}, asTemporal(ferr)
		}
		if s.Mode == survey.Anonymous { // before counting: the box is closed, no ballot comes any more
			if err := a.Store.ShuffleBallots(ctx, ref.SiteID, ref.SurveyID); err != nil {
				return ResultsSummary{}, asTemporal(err)
			}
		}
		if r, err = survey.Count(ctx, a.Store, s, time.Now().UTC(), true); err == nil {
			r, err = a.Store.SaveResults(ctx, ref.SiteID, ref.SurveyID, r)
		}
	}
	if err != nil {
		return ResultsSummary{}, asTemporal(err)
	}
	return ResultsSummary{Ballots: r.Ballots, Voters: r.Voters, QuorumMet: r.QuorumMet}, nil
}

// PublishResults shows the stored results on the site.
func (a *Surveys) PublishResults(ctx context.Context, ref SurveyRef) error {
	return asTemporal(a.Store.SetResultsPublished(ctx, ref.SiteID, ref.SurveyID))
}

// OwnerNotice tells the survey's owner what happened.
type OwnerNotice struct {
	SurveyRef
	Kind    string // "closed" or "cancelled"
	Results ResultsSummary
}

// NotifyOwner emails the survey's author (or, without one, the site's owner), once per kind.
func (a *Surveys) NotifyOwner(ctx context.Context, in OwnerNotice) error {
	s, err := a.Store.FindSurvey(ctx, in.SiteID, in.SurveyID)
	if err != nil {
		return asTemporal(err)
	}
	site, err := a.Sites.FindSiteByID(ctx, in.SiteID)
	if err != nil {
		return asTemporal(err)
	}
	to, lang := site.OwnerEmail, site.DefaultLang()
	if s.CreatedBy != 0 && a.Accounts != nil {
		if u, err := a.Accounts.FindUserByID(ctx, s.CreatedBy); err == nil && u.Email != "" {
			to, lang = u.Email, u.Lang
		}
	}
	link, err := a.surveyLink(ctx, s)
	if err != nil {
		return asTemporal(err)
	}
	key := "survey/" + strconv.FormatInt(s.ID, 10) + "/" + in.Kind
	e := survey.Email(in.Kind, key, lang, to, s, survey.MailFacts{Link: link + "/results", Ballots: in.Results.Ballots,
		QuorumMet: in.Results.QuorumMet})
	if e == nil || to == "" {
		return nil
	}
	return asTemporal(a.Mail.Enqueue(ctx, e))
}

// surveyLink is the survey's page on its school site.
func (a *Surveys) surveyLink(ctx context.Context, s *survey.Survey) (string, error) {
	site, err := a.Sites.FindSiteByID(ctx, s.SiteID)
	if err != nil {
		return "", err
	}
	base := strings.TrimRight(a.PublicURL, "/")
	if len(site.Domains) > 0 {
		base = "https://" + site.Domains[0]
	}
	return base + "/surveys/" + strconv.FormatInt(s.ID, 10), nil
}

// heartbeatEvery records the activity's heartbeat every d until stop is called, for work
// that blocks in one call for long.
func heartbeatEvery(ctx context.Context, d time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	return func() { close(done) }
}
