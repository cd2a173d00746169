// Package admissions is the service layer of the virtual admissions office: campaigns,
// applications from parents, and the school's document checks and decisions. It checks
// access with sitecore.Authorize (section "admissions") and parents' ownership, validates
// input before anything is written, and hands decisions to the application's workflow.
package admissions

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/singleflight"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
)

// Workflows is what the service asks of the application workflows (workflows.AdmissionClient).
type Workflows interface {
	Documents(ctx context.Context, appID int64, ok bool, remark, actor string) (sitecore.AdmissionStatus, error)
	Resubmitted(ctx context.Context, appID int64, actor string) (sitecore.AdmissionStatus, error)
	Decide(ctx context.Context, appID int64, d Decision) (sitecore.AdmissionStatus, error)
	Respond(ctx context.Context, appID int64, accept bool, actor string) (sitecore.AdmissionStatus, error)
	Withdraw(ctx context.Context, appID int64, actor string) (sitecore.AdmissionStatus, error)
	// ResolveDispute voids the application (void) or lets it stand, and tells the claimants
	// and the family.
	ResolveDispute(ctx context.Context, appID int64, void bool, text, actor string) (sitecore.AdmissionStatus, error)
}

// Decision is the school's decision on one application.
type Decision struct {
	Decision string `json:"decision"` // admit, waitlist, decline
	Position int    `json:"position"`
	Reason   string `json:"reason"`
	Text     string `json:"text"`
	// Actor is who decides ("user:<id>"), set by Decide for the workflow's validator.
	Actor string `json:"-"`
}

// Service implements admissions.
type Service struct {
	Store sitecore.AdmissionStore
	// AgeExceptions are the children the school admits outside a grade's age range.
	AgeExceptions sitecore.AgeExceptionStore
	// Catchment is the schools' catchment territories; Priorities records verdicts on
	// priority claims.
	Catchment   sitecore.CatchmentStore
	Priorities  sitecore.PriorityStore
	territories sync.Map // site → cachedTerritory
	Docs        sitecore.DocumentStore
	Files       sitecore.FileStore
	// Quota, if set, counts documents against the site's disk quota; Replaced lets a new
	// upload of a kind remove the unreviewed one it replaces (and give its bytes back).
	Quota    sitecore.SpaceKeeper
	Replaced DocumentReplacer
	// Exports, ExportFiles and ExportStarter run large exports as workflows.
	Exports       sitecore.ExportStore
	ExportFiles   sitecore.FileStore
	ExportStarter ExportStarter

	campaigns sync.Map // [site, campaign] → cachedCampaign
	// loads reads a campaign or a territory once for every request that missed it at once.
	loads     singleflight.Group
	Sites     sitecore.SiteStore
	Workflows Workflows
	// Limiter limits submissions per family and client network (nil: no limits, for load
	// tests).
	Limiter sitecore.Limiter
	Now     func() time.Time
}

// Submission limits: a family applies for its children, a few times an hour at most; a
// network (a school's office, a carrier's shared address on the campaign's first morning)
// gets much more room.
var (
	limitSubmitFamily = sitecore.ThrottleKey{Max: 10, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
	limitSubmitNet    = sitecore.ThrottleKey{Max: 300, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

var section = sitecore.Resource{Section: sitecore.SectionAdmissions}

const (
	maxText   = 500
	maxGrades = 12
	maxDocs   = 20
)

// NewCampaign is the school's request for a campaign.
type NewCampaign struct {
	Title             map[string]string     `json:"title"`
	Grades            []sitecore.GradeSeats `json:"grades"`
	OpensAt           time.Time             `json:"opens_at"`
	ClosesAt          time.Time             `json:"closes_at"`
	ResultsAt         time.Time             `json:"results_at"`
	RequiredDocuments []string              `json:"required_documents"`
	InstructionLangs  []string              `json:"instruction_langs"`
	OfferDays         int                   `json:"offer_days"`
	ReminderDays      int                   `json:"reminder_days"`
	WithdrawDays      int                   `json:"withdraw_days"`
	// OpenToAllAt opens the campaign to every address; before it, from OpensAt, only to the
	// school's catchment territory (none: open to everyone from OpensAt).
	OpenToAllAt *time.Time `json:"open_to_all_at"`
	// Priorities are the priority categories the campaign recognises, highest first.
	Priorities []string `json:"priorities"`
}

// CreateCampaign validates and stores a campaign (admissions:edit).
func (s *Service) CreateCampaign(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in NewCampaign) (*sitecore.Campaign, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	c := &sitecore.Campaign{SiteID: siteID, Title: map[sitecore.Lang]string{}, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt,
		ResultsAt: in.ResultsAt, OfferDays: in.OfferDays, ReminderDays: in.ReminderDays, WithdrawDays: in.WithdrawDays}
	for _, l := range site.Languages {
		t := strings.TrimSpace(in.Title[string(l)])
		if t == "" {
			return nil, sitecore.Invalid("title."+string(l), "name.missing_lang", "value", string(l))
		}
		if utf8.RuneCountInString(t) > 200 {
			return nil, sitecore.Invalid("title."+string(l), "field.too_long", "max", "200")
		}
		c.Title[l] = t
	}
	if len(in.Grades) == 0 || len(in.Grades) > maxGrades {
		return nil, sitecore.Invalid("grades", "field.required")
	}
	for i, g := range in.Grades {
		f := "grades[" + strconv.Itoa(i) + "]"
		if g.Grade < 0 || g.Grade > 12 {
			return nil, sitecore.Invalid(f+".grade", "admission.grade_range")
		}
		if g.Seats < 1 || g.Seats > 10000 {
			return nil, sitecore.Invalid(f+".seats", "admission.seats_range")
		}
		if slices.ContainsFunc(c.Grades, func(x sitecore.GradeSeats) bool { return x.Grade == g.Grade }) {
			return nil, sitecore.Invalid(f+".grade", "admission.grade_duplicate", "value", strconv.Itoa(g.Grade))
		}
		if err := checkAgeRule(f, g); err != nil {
			return nil, err
		}
		c.Grades = append(c.Grades, g)
	}
	switch {
	case in.OpensAt.IsZero():
		return nil, sitecore.Invalid("opens_at", "field.required")
	case !in.ClosesAt.After(in.OpensAt):
		return nil, sitecore.Invalid("closes_at", "admission.closes_before_opens")
	case in.ResultsAt.Before(in.ClosesAt):
		return nil, sitecore.Invalid("results_at", "admission.results_before_close")
	case in.OfferDays < 1 || in.OfferDays > 60:
		return nil, sitecore.Invalid("offer_days", "admission.days_range")
	case in.ReminderDays < 0 || in.ReminderDays > 60:
		return nil, sitecore.Invalid("reminder_days", "admission.days_range")
	case in.WithdrawDays < 0 || in.WithdrawDays > 120 || (in.WithdrawDays > 0 && in.WithdrawDays <= in.ReminderDays):
		return nil, sitecore.Invalid("withdraw_days", "admission.days_range")
	case len(in.RequiredDocuments) > maxDocs:
		return nil, sitecore.Invalid("required_documents", "field.too_long", "max", strconv.Itoa(maxDocs))
	case in.OpenToAllAt != nil && (!in.OpenToAllAt.After(in.OpensAt) || !in.OpenToAllAt.Before(in.ClosesAt)):
		return nil, sitecore.Invalid("open_to_all_at", "admission.open_to_all_range")
	}
	if in.OpenToAllAt != nil {
		// A campaign for the catchment first needs a catchment, or it refuses everyone.
		t, err := s.territory(ctx, siteID)
		if err != nil {
			return nil, err
		}
		if t.Empty() {
			return nil, sitecore.Invalid("open_to_all_at", "admission.catchment_empty")
		}
	}
	c.OpenToAllAt = in.OpenToAllAt
	if c.Priorities, err = checkPriorities(in.Priorities); err != nil {
		return nil, err
	}
	for i, d := range in.RequiredDocuments {
		if d = strings.TrimSpace(d); d == "" || len(d) > 64 {
			return nil, sitecore.Invalid("required_documents["+strconv.Itoa(i)+"]", "field.required")
		}
		c.RequiredDocuments = append(c.RequiredDocuments, d)
	}
	langs, err := sitecore.ParseLanguages("instruction_langs", in.InstructionLangs)
	if err != nil {
		return nil, err
	}
	c.InstructionLangs = langs
	if err := s.Store.CreateCampaign(ctx, c, &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name,
		Action: "admission.campaign.create", Target: c.Title[site.DefaultLang()], IP: ipOf(a), UserAgent: a.UserAgent}); err != nil {
		return nil, err
	}
	return c, nil
}

func ipOf(a sitecore.Actor) string {
	if a.IP.IsValid() {
		return a.IP.String()
	}
	return ""
}

// Campaigns lists the site's campaigns for the school (admissions:view).
func (s *Service) Campaigns(ctx context.Context, p *sitecore.Principal, siteID int64) ([]sitecore.Campaign, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, err
	}
	return s.Store.ListCampaigns(ctx, siteID)
}

// OpenCampaigns lists the campaigns of an active site that accept applications now; it is
// public, so families can see them.
func (s *Service) OpenCampaigns(ctx context.Context, siteID int64) ([]sitecore.Campaign, error) {
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil || site.Status != sitecore.SiteActive {
		return nil, sitecore.NotFound("site")
	}
	all, err := s.Store.ListCampaigns(ctx, siteID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	open := []sitecore.Campaign{}
	for _, c := range all {
		if c.Open(now) {
			open = append(open, c)
		}
	}
	return open, nil
}

// NewApplication is what a parent submits.
type NewApplication struct {
	CampaignID      int64  `json:"campaign_id"`
	ChildName       string `json:"child_name"`
	ChildIIN        string `json:"child_iin"`
	BirthDate       string `json:"birth_date"` // YYYY-MM-DD
	Grade           int    `json:"grade"`
	Address         string `json:"address"`
	InstructionLang string `json:"instruction_lang"`
	Phone           string `json:"phone"`
	// Priority is the priority category the family claims ("" for none); the supporting
	// document is uploaded as the document of kind "priority".
	Priority string `json:"priority"`
	Consent  bool   `json:"consent"`
}

// Submit validates and stores a parent's application. The parent must be logged in with a
// verified email; the campaign must be open and admit to the grade; the IIN must be valid
// and agree with the birth date; the child's age must fit the grade (or have the school's
// exception); the address is matched against the school's catchment territory (recorded in
// InCatchment; outside it is refused while the campaign is open to its catchment only); a
// priority claim must name a category of the campaign; the family and its network must be
// within their limits (valid submissions count, refused ones too). The workflow is started
// by the intake relay.
func (s *Service) Submit(ctx context.Context, p *sitecore.Principal, siteID int64, in NewApplication) (*sitecore.Application, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	if !p.Verified {
		return nil, sitecore.Errorf(sitecore.EForbidden, "email.not_verified")
	}
	if !p.Reaches(siteID) {
		return nil, sitecore.NotFound("site")
	}
	if in.CampaignID <= 0 {
		return nil, sitecore.Invalid("campaign_id", "field.required")
	}
	c, err := s.campaign(ctx, siteID, in.CampaignID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Invalid("campaign_id", "admission.campaign_unknown")
	}
	if err != nil {
		return nil, err
	}
	if !c.Open(s.now()) {
		return nil, sitecore.Conflictf("campaign_id", "admission.closed")
	}
	name, err := ParseName("child_name", in.ChildName)
	if err != nil {
		return nil, err
	}
	iin, err := sitecore.ParseIIN("child_iin", in.ChildIIN)
	if err != nil {
		return nil, err
	}
	born, err := time.Parse("2006-01-02", strings.TrimSpace(in.BirthDate))
	if err != nil {
		return nil, sitecore.Invalid("birth_date", "admission.birth_date_format")
	}
	if !iin.BirthDate().Equal(born) {
		return nil, sitecore.Invalid("birth_date", "admission.birth_date_iin")
	}
	if c.Seats(in.Grade) == 0 {
		return nil, sitecore.Invalid("grade", "admission.grade_not_offered", "value", strconv.Itoa(in.Grade))
	}
	if err := s.ageAllowed(ctx, c, in.Grade, iin, born); err != nil {
		return nil, err
	}
	addr := strings.TrimSpace(in.Address)
	if addr == "" {
		return nil, sitecore.Invalid("address", "field.required")
	}
	if utf8.RuneCountInString(addr) > maxText {
		return nil, sitecore.Invalid("address", "field.too_long", "max", strconv.Itoa(maxText))
	}
	territory, err := s.territory(ctx, siteID)
	if err != nil {
		return nil, err
	}
	inside := territory.Contains(addr)
	if err := checkCatchmentOpening(c, inside, s.now()); err != nil {
		return nil, err
	}
	priority, priorityStatus := strings.TrimSpace(in.Priority), ""
	if priority != "" {
		if !slices.Contains(c.Priorities, priority) {
			return nil, sitecore.Invalid("priority", "admission.priority_unknown", "value", priority)
		}
		priorityStatus = PriorityClaimed
	}
	il := sitecore.Lang(in.InstructionLang)
	if !slices.Contains(c.InstructionLangs, il) {
		return nil, sitecore.Invalid("instruction_lang", "lang.unsupported", "value", in.InstructionLang)
	}
	phone := strings.TrimSpace(in.Phone)
	if !validPhone(phone) {
		return nil, sitecore.Invalid("phone", "admission.phone", "value", phone)
	}
	if !in.Consent {
		return nil, sitecore.Invalid("consent", "admission.consent")
	}
	lang := s.userLang(p)
	app := &sitecore.Application{SiteID: siteID, CampaignID: c.ID, ParentID: p.UserID, ChildName: name, ChildIIN: iin,
		BirthDate: born, Grade: in.Grade, Address: addr, InstructionLang: il, Phone: phone, Email: p.Email,
		Lang: lang, Status: sitecore.AppSubmitted, InCatchment: inside, Priority: priority, PriorityStatus: priorityStatus}
	keys := []sitecore.ThrottleKey{limitSubmitFamily.Rule("apply:" + strconv.FormatInt(p.UserID, 10))}
	if k, ok := sitecore.NetRule(ctx, "apply-net:", limitSubmitNet); ok {
		keys = append(keys, k)
	}
	if err := sitecore.Limit(ctx, s.Limiter, keys...); err != nil {
		return nil, err
	}
	if err := s.Store.SubmitApplication(ctx, app); err != nil {
		return nil, err
	}
	return app, nil
}

// campaignTTL is how long Submit trusts a campaign it read: on admission day every request
// names the same campaign, and a change to it (rare, and never to its seats' accounting,
// which ReserveSeat does in the database) may take this long to reach submissions.
const campaignTTL = 2 * time.Second

type cachedCampaign struct {
	c       *sitecore.Campaign
	expires time.Time
}

// campaign returns the site's campaign, from a short cache.
func (s *Service) campaign(ctx context.Context, siteID, id int64) (*sitecore.Campaign, error) {
	key := [2]int64{siteID, id}
	if v, ok := s.campaigns.Load(key); ok && time.Now().Before(v.(cachedCampaign).expires) {
		return v.(cachedCampaign).c, nil
	}
	// Concurrent misses (every request of a burst when the entry expires) read it once.
	v, err, _ := s.loads.Do("campaign|"+strconv.FormatInt(siteID, 10)+"|"+strconv.FormatInt(id, 10), func() (any, error) {
		c, err := s.Store.FindCampaign(context.WithoutCancel(ctx), siteID, id)
		if err != nil {
			return nil, err
		}
		s.campaigns.Store(key, cachedCampaign{c: c, expires: time.Now().Add(campaignTTL)})
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*sitecore.Campaign), nil
}

// userLang is the language family emails are written in.
func (s *Service) userLang(p *sitecore.Principal) sitecore.Lang {
	if p.Lang != "" {
		return p.Lang
	}
	return sitecore.Kazakh
}

// validPhone accepts Kazakhstan numbers written as +7 7xx xxx xx xx, 8 7xx ..., with spaces,
// hyphens or brackets.
func validPhone(s string) bool {
	var digits []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' && i == 0, c == ' ', c == '-', c == '(', c == ')':
		default:
			return false
		}
	}
	n := len(digits)
	return n == 11 && (digits[0] == '7' || digits[0] == '8') || n >= 10 && n <= 15 && strings.HasPrefix(s, "+")
}

// MyApplications lists the caller's applications at every site, or only at the site of a
// site-limited API token.
func (s *Service) MyApplications(ctx context.Context, p *sitecore.Principal) ([]sitecore.Application, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	apps, err := s.Store.ListApplications(ctx, sitecore.AppFilter{ParentID: p.UserID, SiteID: p.TokenSite, Limit: 1000})
	for i := range apps {
		apps[i] = *familyView(&apps[i], nil).Application
	}
	return apps, err
}

// AppWithHistory is an application with its history. Decisions not yet released are shown
// to families as "under review".
type AppWithHistory struct {
	*sitecore.Application
	History   []sitecore.AppEvent    `json:"history"`
	Documents []sitecore.AppDocument `json:"documents"`
	// Disputes are the other accounts that claim the child (the school's view only).
	Disputes []sitecore.AppDispute `json:"disputes,omitempty"`
}

// MyApplication returns one of the caller's applications; anyone else's is "not found".
func (s *Service) MyApplication(ctx context.Context, p *sitecore.Principal, appID int64) (*AppWithHistory, error) {
	app, err := s.own(ctx, p, appID)
	if err != nil {
		return nil, err
	}
	h, err := s.Store.History(ctx, appID)
	if err != nil {
		return nil, err
	}
	v := familyView(app, h)
	if v.Documents, err = s.Docs.Documents(ctx, appID); err != nil {
		return nil, err
	}
	return v, nil
}

// familyView hides decisions until the results are released, and disputes always (they
// are the school's to settle).
func familyView(app *sitecore.Application, h []sitecore.AppEvent) *AppWithHistory {
	app.DisputedAt = nil
	if app.Released || !(app.Status == sitecore.AppAdmitted || app.Status == sitecore.AppWaitlisted || app.Status == sitecore.AppDeclined) {
		return &AppWithHistory{Application: app, History: h}
	}
	c := *app
	c.Status, c.WaitlistPosition, c.DeclineReason, c.DeclineText = sitecore.AppUnderReview, 0, "", ""
	var shown []sitecore.AppEvent
	for _, e := range h {
		if e.To == sitecore.AppAdmitted || e.To == sitecore.AppWaitlisted || e.To == sitecore.AppDeclined {
			break
		}
		shown = append(shown, e)
	}
	return &AppWithHistory{Application: &c, History: shown}
}

func (s *Service) own(ctx context.Context, p *sitecore.Principal, appID int64) (*sitecore.Application, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	app, err := s.Store.FindApplicationByID(ctx, appID)
	if err != nil {
		return nil, err
	}
	if app.ParentID != p.UserID || !p.Reaches(app.SiteID) {
		return nil, sitecore.NotFound("application")
	}
	return app, nil
}

// Withdraw withdraws the caller's application.
func (s *Service) Withdraw(ctx context.Context, p *sitecore.Principal, appID int64) (sitecore.AdmissionStatus, error) {
	if _, err := s.own(ctx, p, appID); err != nil {
		return "", err
	}
	return s.Workflows.Withdraw(ctx, appID, actorOf(p))
}

// RespondToOffer accepts or declines an offered seat.
func (s *Service) RespondToOffer(ctx context.Context, p *sitecore.Principal, appID int64, accept bool) (sitecore.AdmissionStatus, error) {
	if _, err := s.own(ctx, p, appID); err != nil {
		return "", err
	}
	return s.Workflows.Respond(ctx, appID, accept, actorOf(p))
}

// DocumentsFixed tells the school the rejected documents were replaced.
func (s *Service) DocumentsFixed(ctx context.Context, p *sitecore.Principal, appID int64) (sitecore.AdmissionStatus, error) {
	if _, err := s.own(ctx, p, appID); err != nil {
		return "", err
	}
	return s.Workflows.Resubmitted(ctx, appID, actorOf(p))
}

func actorOf(p *sitecore.Principal) string {
	if p.UserID == 0 {
		return "operator"
	}
	return "user:" + strconv.FormatInt(p.UserID, 10)
}

// List returns the site's applications for the school (admissions:view).
func (s *Service) List(ctx context.Context, p *sitecore.Principal, f sitecore.AppFilter) ([]sitecore.Application, error) {
	if err := sitecore.Authorize(p, f.SiteID, sitecore.ActionView, section); err != nil {
		return nil, err
	}
	return s.Store.ListApplications(ctx, f)
}

// Get returns one application with its full history (admissions:view).
func (s *Service) Get(ctx context.Context, p *sitecore.Principal, siteID, appID int64) (*AppWithHistory, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, err
	}
	app, err := s.Store.FindApplication(ctx, siteID, appID)
	if err != nil {
		return nil, err
	}
	h, err := s.Store.History(ctx, appID)
	if err != nil {
		return nil, err
	}
	docs, err := s.Docs.Documents(ctx, appID)
	if err != nil {
		return nil, err
	}
	v := &AppWithHistory{Application: app, History: h, Documents: docs}
	// Resolved claims too (with their outcome): the flag is cleared once the school decided.
	if v.Disputes, err = s.Store.Disputes(ctx, appID); err != nil {
		return nil, err
	}
	return v, nil
}

// CheckDocuments records the school's verdict on the documents (admissions:edit).
func (s *Service) CheckDocuments(ctx context.Context, p *sitecore.Principal, siteID, appID int64, ok bool, remark string) (sitecore.AdmissionStatus, error) {
	if err := s.mayDecide(ctx, p, siteID, appID); err != nil {
		return "", err
	}
	remark = strings.TrimSpace(remark)
	if !ok && remark == "" {
		return "", sitecore.Invalid("remark", "field.required")
	}
	if utf8.RuneCountInString(remark) > maxText {
		return "", sitecore.Invalid("remark", "field.too_long", "max", strconv.Itoa(maxText))
	}
	return s.Workflows.Documents(ctx, appID, ok, remark, actorOf(p))
}

// Decide records a decision (admissions:edit); the workflow refuses decisions the state
// does not allow and admissions beyond capacity.
func (s *Service) Decide(ctx context.Context, p *sitecore.Principal, siteID, appID int64, d Decision) (sitecore.AdmissionStatus, error) {
	if err := s.mayDecide(ctx, p, siteID, appID); err != nil {
		return "", err
	}
	switch d.Decision {
	case "admit":
	case "waitlist":
		if d.Position < 1 {
			return "", sitecore.Invalid("position", "admission.position")
		}
	case "decline":
		if !slices.Contains(DeclineReasons, d.Reason) {
			return "", sitecore.Invalid("reason", "admission.reason")
		}
		if utf8.RuneCountInString(d.Text) > maxText {
			return "", sitecore.Invalid("text", "field.too_long", "max", strconv.Itoa(maxText))
		}
	default:
		return "", sitecore.Invalid("decision", "admission.decision", "value", d.Decision)
	}
	if d.Decision == "decline" && d.Reason == ReasonDisputed {
		// Declining as disputed is voiding: the same resolution as ResolveDispute.
		return s.Workflows.ResolveDispute(ctx, appID, true, d.Text, actorOf(p))
	}
	d.Actor = actorOf(p)
	return s.Workflows.Decide(ctx, appID, d)
}

// Resolution is the school's resolution of a dispute over a child's IIN.
type Resolution struct {
	Outcome string `json:"outcome"` // sitecore.DisputeVoid or sitecore.DisputeStands
	Text    string `json:"text"`    // to the family of a voided application
}

// ResolveDispute resolves the claims of other families on the application's child
// (admissions:edit). "void" declines the application at once, whatever its state short of
// final (an offered seat goes to the next family waiting), which frees the child's IIN;
// "stands" keeps it, and needs an open dispute. Every claimant is emailed the outcome in
// their language with a link to the school's family page, and so is the family.
func (s *Service) ResolveDispute(ctx context.Context, p *sitecore.Principal, siteID, appID int64, r Resolution) (sitecore.AdmissionStatus, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return "", err
	}
	app, err := s.Store.FindApplication(ctx, siteID, appID)
	if err != nil {
		return "", err
	}
	switch r.Outcome {
	case sitecore.DisputeVoid:
	case sitecore.DisputeStands:
		if app.DisputedAt == nil {
			return "", sitecore.Conflictf("outcome", "admission.not_disputed")
		}
	default:
		return "", sitecore.Invalid("outcome", "admission.outcome")
	}
	if utf8.RuneCountInString(r.Text) > maxText {
		return "", sitecore.Invalid("text", "field.too_long", "max", strconv.Itoa(maxText))
	}
	return s.Workflows.ResolveDispute(ctx, appID, r.Outcome == sitecore.DisputeVoid, r.Text, actorOf(p))
}

// DeclineReasons are the reasons a school chooses from when declining. "disputed" voids an
// application another family claims the child of (sitecore.AppDispute); it is allowed
// before any review too (DeclineAnytime), so the IIN is freed at once.
var DeclineReasons = []string{"no_seats", "documents", "age", "district", "other", ReasonDisputed}

// ReasonDisputed is the decline reason that voids a disputed application.
const ReasonDisputed = "disputed"

// DeclineAnytime are the statuses a "disputed" decline is allowed from besides the ones
// every decision is (under review, waitlisted).
var DeclineAnytime = []sitecore.AdmissionStatus{sitecore.AppSubmitted, sitecore.AppDocumentsCheck, sitecore.AppDocumentsFix}

// BulkResult is the outcome of one application of a bulk decision.
type BulkResult struct {
	ID     int64                    `json:"id"`
	Status sitecore.AdmissionStatus `json:"status,omitempty"`
	Error  error                    `json:"-"`
}

// DecideMany applies one decision to many applications, one by one; each gets its result.
func (s *Service) DecideMany(ctx context.Context, p *sitecore.Principal, siteID int64, ids []int64, d Decision) ([]BulkResult, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	if len(ids) == 0 || len(ids) > 500 {
		return nil, sitecore.Invalid("application_ids", "field.required")
	}
	out := make([]BulkResult, 0, len(ids))
	for _, id := range ids {
		st, err := s.Decide(ctx, p, siteID, id, d)
		if d.Decision == "waitlist" {
			d.Position++ // consecutive positions in the order given
		}
		out = append(out, BulkResult{ID: id, Status: st, Error: err})
	}
	return out, nil
}

func (s *Service) mayDecide(ctx context.Context, p *sitecore.Principal, siteID, appID int64) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return err
	}
	_, err := s.Store.FindApplication(ctx, siteID, appID)
	return err
}

// Export writes the campaign's applications matching the filter as an Excel workbook, one
// sheet per grade (admissions:view). It streams: memory stays flat for any size.
func (s *Service) Export(ctx context.Context, p *sitecore.Principal, siteID, campaignID int64, f sitecore.AppFilter, lang sitecore.Lang, w io.Writer) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return err
	}
	_, err := s.WriteExport(ctx, siteID, campaignID, f, lang, w, nil)
	return err
}

// WriteExport writes the workbook without an access check; Export and the export workflow's
// activity (which checked access when the export was requested) use it.
func (s *Service) WriteExport(ctx context.Context, siteID, campaignID int64, f sitecore.AppFilter, lang sitecore.Lang, w io.Writer, progress func(int)) (int, error) {
	c, err := s.Store.FindCampaign(ctx, siteID, campaignID)
	if err != nil {
		return 0, err
	}
	f.SiteID, f.CampaignID, f.Sort, f.Limit, f.AfterID = siteID, campaignID, "grade", 1000, 0
	var page []sitecore.Application
	next := func() (*sitecore.Application, error) {
		if len(page) == 0 {
			var err error
			if page, err = s.Store.ListApplications(ctx, f); err != nil || len(page) == 0 {
				return nil, err
			}
			f.AfterID = page[len(page)-1].ID
		}
		a := page[0]
		page = page[1:]
		return &a, nil
	}
	return excel.WriteApplications(w, c, lang, next, progress)
}

// ExportStarter starts the export workflow (workflows.ExportClient).
type ExportStarter interface {
	StartExport(ctx context.Context, exportID int64) error
}

// StartExport records an export and starts its workflow; the admin polls ExportStatus and
// downloads the file when it is done (admissions:view).
func (s *Service) StartExport(ctx context.Context, p *sitecore.Principal, siteID, campaignID int64, f sitecore.AppFilter, lang sitecore.Lang) (*sitecore.Export, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, err
	}
	if _, err := s.Store.FindCampaign(ctx, siteID, campaignID); err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return nil, sitecore.Invalid("campaign_id", "admission.campaign_unknown")
		}
		return nil, err
	}
	e := &sitecore.Export{SiteID: siteID, CampaignID: campaignID, RequestedBy: p.UserID, Lang: lang, Filter: f}
	if err := s.Exports.CreateExport(ctx, e); err != nil {
		return nil, err
	}
	if err := s.ExportStarter.StartExport(ctx, e.ID); err != nil {
		_ = s.Exports.FailExport(context.WithoutCancel(ctx), e.ID, "could not start")
		return nil, err
	}
	return e, nil
}

// ExportStatus returns an export's progress (admissions:view).
func (s *Service) ExportStatus(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*sitecore.Export, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, err
	}
	return s.Exports.FindExport(ctx, siteID, id)
}

// ExportFile opens a finished export's workbook (admissions:view).
func (s *Service) ExportFile(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*sitecore.Export, io.ReadCloser, error) {
	e, err := s.ExportStatus(ctx, p, siteID, id)
	if err != nil {
		return nil, nil, err
	}
	if e.Status != "done" {
		return nil, nil, sitecore.Conflictf("status", "admission.export_not_ready", "value", e.Status)
	}
	rc, err := s.ExportFiles.Open(ctx, siteID, e.FileID)
	return e, rc, err
}
