package survey

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/blindrsa"
)

// SiteFinder gives the service a site's languages.
type SiteFinder interface {
	FindSiteByID(ctx context.Context, id int64) (*sitecore.Site, error)
}

// Service runs surveys: authors (section "surveys", sitecore.Authorize) define, schedule,
// cancel, extend and close them; participants get a nonce, sign, vote and check receipts.
// Every input is validated before anything is written.
type Service struct {
	Store     Store
	Sites     SiteFinder
	Verifier  SignatureVerifier // may be nil when no survey requires a signature
	Hasher    Hasher
	Sealer    KeySealer
	Workflows Workflows
	Now       func() time.Time
	// NonceTTL is how long a participant has to sign after asking for a nonce (30 minutes).
	NonceTTL time.Duration
	// Exports, ExportStarter and ExportFiles run Excel exports as workflows (export.go); nil
	// when exports are not served.
	Exports       ExportStore
	ExportStarter ExportStarter
	ExportFiles   FileOpener
	// Owners answers for polls owned by a community (nil: such polls are refused).
	Owners PollOwners

	keys sync.Map // survey ID → *rsa.PrivateKey, opened once per process
}

func (svc *Service) now() time.Time {
	if svc.Now != nil {
		return svc.Now()
	}
	return time.Now()
}

func audit(a sitecore.Actor, siteID int64, action string, surveyID int64, details map[string]any) *sitecore.AuditEntry {
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	target := "survey"
	if surveyID != 0 {
		target = "survey:" + strconv.FormatInt(surveyID, 10)
	}
	return &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name, Action: action,
		Target: target, Details: details, IP: ip, UserAgent: a.UserAgent}
}

func authorize(p *sitecore.Principal, siteID int64, act sitecore.Action) error {
	return sitecore.Authorize(p, siteID, act, sitecore.Resource{Section: sitecore.SectionSurveys})
}

// validate checks a definition for the site.
func (svc *Service) validate(ctx context.Context, p *sitecore.Principal, siteID int64, d Definition) (*Survey, error) {
	site, err := svc.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	s, err := d.Validate(site.Languages, svc.now())
	if err != nil {
		return nil, err
	}
	if s.Audience.Kind == AudienceOrgUnit && !p.Operator() {
		// Schools do not survey other schools' members. A district's or region's survey is
		// made on the site of its education department (a portal bound to the unit, see
		// syndication.Portal) by that site's admins, for the schools of its own unit and of
		// the units below it; operators may target any unit.
		ok, err := svc.Store.SiteAdministersUnit(ctx, siteID, s.Audience.OrgUnitID)
		if err != nil {
			return nil, err
		}
		if !ok {
			e := sitecore.Errorf(sitecore.EForbidden, "survey.org_unit_forbidden")
			e.Field = "audience.org_unit_id"
			return nil, e
		}
	}
	s.SiteID = siteID
	if err := svc.checkOwner(ctx, s); err != nil {
		return nil, err
	}
	return s, nil
}

// Create stores a new draft.
func (svc *Service) Create(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, d Definition) (*Survey, error) {
	if err := authorize(p, siteID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	s, err := svc.validate(ctx, p, siteID, d)
	if err != nil {
		return nil, err
	}
	s.CreatedBy = p.UserID
	if err := svc.Store.CreateSurvey(ctx, s, audit(a, siteID, "survey.create", 0, map[string]any{"kind": s.Kind})); err != nil {
		return nil, err
	}
	return s, nil
}

// Update replaces a draft's definition.
func (svc *Service) Update(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64, d Definition) (*Survey, error) {
	if err := authorize(p, siteID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	s, err := svc.validate(ctx, p, siteID, d)
	if err != nil {
		return nil, err
	}
	s.ID = id
	if err := svc.Store.UpdateSurvey(ctx, s, audit(a, siteID, "survey.update", id, nil)); err != nil {
		return nil, err
	}
	return svc.Store.FindSurvey(ctx, siteID, id)
}

// Get returns a survey. Drafts exist only for those who may see the section; scheduled and
// later surveys are public (their definition is what participants see).
func (svc *Service) Get(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Survey, error) {
	s, err := svc.Store.FindSurvey(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if s.Status == StatusDraft && authorize(p, siteID, sitecore.ActionView) != nil {
		return nil, sitecore.NotFound("survey")
	}
	if see, _, err := svc.ownerAccess(ctx, p, s); err != nil {
		return nil, err
	} else if !see {
		return nil, sitecore.NotFound("survey") // a private community's poll
	}
	return s, nil
}

// List returns the site's surveys for those who may see the section.
func (svc *Service) List(ctx context.Context, p *sitecore.Principal, siteID int64, f Filter) ([]Survey, error) {
	if err := authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	return svc.Store.ListSurveys(ctx, siteID, f)
}

// ListRow is one row of an uploaded audience list.
type ListRow struct {
	IIN   string `json:"iin"`
	Email string `json:"email,omitempty"`
}

// MaxListRows bounds an uploaded audience list.
const MaxListRows = 200_000

// SetAudience replaces the IIN list of a draft whose audience is a list. Every IIN must be
// valid (ParseIIN, field "rows.N.iin"); repeats count once. Only keyed hashes and masked
// IINs are stored.
func (svc *Service) SetAudience(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64, rows []ListRow) (int, error) {
	if err := authorize(p, siteID, sitecore.ActionEdit); err != nil {
		return 0, err
	}
	s, err := svc.Store.FindSurvey(ctx, siteID, id)
	if err != nil {
		return 0, err
	}
	if s.Audience.Kind != AudienceIINList {
		return 0, sitecore.Conflictf("audience.kind", "survey.not_a_list")
	}
	if len(rows) == 0 || len(rows) > MaxListRows {
		return 0, sitecore.Invalid("rows", "survey.list_size", "max", strconv.Itoa(MaxListRows))
	}
	seen := make(map[string]bool, len(rows))
	entries := make([]AudienceEntry, 0, len(rows))
	for i, r := range rows {
		iin, err := sitecore.ParseIIN("rows."+strconv.Itoa(i+1)+".iin", r.IIN)
		if err != nil {
			return 0, err
		}
		if seen[iin.Digits()] {
			continue
		}
		seen[iin.Digits()] = true
		email := r.Email
		if email != "" && !validEmail(email) {
			return 0, sitecore.Invalid("rows."+strconv.Itoa(i+1)+".email", "email.invalid", "value", email)
		}
		entries = append(entries, AudienceEntry{Hash: svc.Hasher.Hash("iin", iin.Digits()), MaskedIIN: iin.Masked(), Email: email})
	}
	err = svc.Store.SetAudienceList(ctx, siteID, id, entries, audit(a, siteID, "survey.audience", id, map[string]any{"rows": len(entries)}))
	return len(entries), err
}

// Schedule freezes a draft, makes its blind-signature key (anonymous mode) and starts its
// workflow, which opens it at OpensAt. Scheduling a scheduled survey again only makes sure
// its workflow runs.
func (svc *Service) Schedule(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64) (*Survey, error) {
	if err := authorize(p, siteID, sitecore.ActionPublish); err != nil {
		return nil, err
	}
	s, err := svc.Store.FindSurvey(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	switch s.Status {
	case StatusDraft:
		if err := validateTimes(s.OpensAt, s.ClosesAt, svc.now()); err != nil {
			return nil, err
		}
		if s.Audience.Kind == AudienceIINList {
			if n, err := svc.Store.AudienceSize(ctx, siteID, s); err != nil {
				return nil, err
			} else if n == 0 {
				return nil, sitecore.Invalid("audience", "survey.list_empty")
			}
		}
		var pub, sealed []byte
		if s.Mode == Anonymous {
			if pub, sealed, err = svc.newKey(s); err != nil {
				return nil, err
			}
		}
		if err := svc.Store.ScheduleSurvey(ctx, siteID, id, pub, sealed, audit(a, siteID, "survey.schedule", id, nil)); err != nil {
			return nil, err
		}
	case StatusScheduled, StatusOpen:
	default:
		return nil, sitecore.Conflictf("status", "survey.state", "value", string(s.Status))
	}
	if err := svc.Workflows.Start(ctx, siteID, id); err != nil {
		return nil, err
	}
	return svc.Store.FindSurvey(ctx, siteID, id)
}

// keyAAD binds a sealed key to its survey.
func keyAAD(surveyID int64) []byte {
	return []byte("mektep-survey-key:" + strconv.FormatInt(surveyID, 10))
}

func (svc *Service) newKey(s *Survey) (pub, sealed []byte, err error) {
	sk, err := blindrsa.GenerateKey()
	if err != nil {
		return nil, nil, sitecore.Internal("survey key", err)
	}
	if pub, err = blindrsa.MarshalPublicKey(&sk.PublicKey); err != nil {
		return nil, nil, sitecore.Internal("survey key", err)
	}
	der, err := blindrsa.MarshalPrivateKey(sk)
	if err != nil {
		return nil, nil, sitecore.Internal("survey key", err)
	}
	if sealed, err = svc.Sealer.Seal(der, keyAAD(s.ID)); err != nil {
		return nil, nil, sitecore.Internal("survey key", err)
	}
	return pub, sealed, nil
}

// privateKey opens the survey's key (once per process).
func (svc *Service) privateKey(ctx context.Context, s *Survey) (*rsa.PrivateKey, error) {
	if k, ok := svc.keys.Load(s.ID); ok {
		return k.(*rsa.PrivateKey), nil
	}
	sealed, err := svc.Store.SealedKey(ctx, s.SiteID, s.ID)
	if err != nil {
		return nil, err
	}
	der, err := svc.Sealer.Open(sealed, keyAAD(s.ID))
	if err != nil {
		return nil, sitecore.Internal("survey key", err)
	}
	sk, err := blindrsa.ParsePrivateKey(der)
	if err != nil {
		return nil, sitecore.Internal("survey key", err)
	}
	svc.keys.Store(s.ID, sk)
	return sk, nil
}

// Cancel stops a survey that has not closed; its ballots are never counted.
func (svc *Service) Cancel(ctx context.Context, p *sitecore.Principal, siteID, id int64) error {
	if err := svc.manage(ctx, p, siteID, id); err != nil {
		return err
	}
	return svc.Workflows.Cancel(ctx, siteID, id, p.UserID)
}

// Extend moves the closing time later (never earlier, never into the past).
func (svc *Service) Extend(ctx context.Context, p *sitecore.Principal, siteID, id int64, closesAt time.Time) error {
	if err := svc.manage(ctx, p, siteID, id); err != nil {
		return err
	}
	s, err := svc.Store.FindSurvey(ctx, siteID, id)
	if err != nil {
		return err
	}
	if !closesAt.After(s.ClosesAt) || !closesAt.After(svc.now()) || closesAt.Sub(s.OpensAt) > MaxDuration {
		return sitecore.Invalid("closes_at", "survey.extend")
	}
	return svc.Workflows.Extend(ctx, siteID, id, p.UserID, closesAt.UTC())
}

// Close closes an open survey now and counts it.
func (svc *Service) Close(ctx context.Context, p *sitecore.Principal, siteID, id int64) error {
	if err := svc.manage(ctx, p, siteID, id); err != nil {
		return err
	}
	return svc.Workflows.Close(ctx, siteID, id, p.UserID)
}

func (svc *Service) manage(ctx context.Context, p *sitecore.Principal, siteID, id int64) error {
	if err := authorize(p, siteID, sitecore.ActionPublish); err != nil {
		return err
	}
	_, err := svc.Store.FindSurvey(ctx, siteID, id)
	return err
}

// Results returns the results: the final ones once computed, else a live count. Those who
// may see the section always may; participants when the survey shows them (ResultsVisible).
func (svc *Service) Results(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Results, error) {
	s, err := svc.Get(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	if s.IsPoll() {
		_, r, err := svc.PollResults(ctx, siteID, id, PollVoter{Principal: p})
		return r, err
	}
	if authorize(p, siteID, sitecore.ActionView) != nil && !s.ResultsVisible(svc.now()) {
		return nil, sitecore.Errorf(sitecore.EForbidden, "survey.results_hidden")
	}
	return svc.results(ctx, s)
}

// results returns the stored final results, else a live count.
func (svc *Service) results(ctx context.Context, s *Survey) (*Results, error) {
	siteID, id := s.SiteID, s.ID
	if r, err := svc.Store.FindResults(ctx, siteID, id); err == nil {
		return r, nil
	} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
		return nil, err
	}
	return Count(ctx, svc.Store, s, svc.now(), false)
}

// Turnout returns the voters per day, for those who may see the section.
func (svc *Service) Turnout(ctx context.Context, p *sitecore.Principal, siteID, id int64) ([]DayCount, error) {
	if err := authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	if _, err := svc.Store.FindSurvey(ctx, siteID, id); err != nil {
		return nil, err
	}
	return svc.Store.Turnout(ctx, siteID, id)
}

// Voters calls fn with everyone who voted, for those who may see the section. In anonymous
// mode the rows carry no ballot.
func (svc *Service) Voters(ctx context.Context, p *sitecore.Principal, siteID, id int64, fn func(VoterRow) error) error {
	if err := authorize(p, siteID, sitecore.ActionView); err != nil {
		return err
	}
	if _, err := svc.Store.FindSurvey(ctx, siteID, id); err != nil {
		return err
	}
	return svc.Store.Voters(ctx, siteID, id, fn)
}

// Count tallies every ballot of the survey now; final marks results computed at closing.
func Count(ctx context.Context, st Store, s *Survey, at time.Time, final bool) (*Results, error) {
	t := NewTally(s)
	if err := st.Ballots(ctx, s.SiteID, s, func(b Ballot) error { t.Add(b); return nil }); err != nil {
		return nil, err
	}
	voters, err := st.CountVoters(ctx, s.SiteID, s.ID)
	if err != nil {
		return nil, err
	}
	audience, err := st.AudienceSize(ctx, s.SiteID, s)
	if err != nil {
		return nil, err
	}
	r := t.Results(voters, audience, at)
	r.Final = final
	return &r, nil
}

// validEmail checks an address the way site owners' addresses are checked: a bare address
// with a dot in its domain.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254 && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// tokenHash is what makes an anonymous token count once.
func tokenHash(prepared []byte) []byte {
	h := sha256.Sum256(prepared)
	return h[:]
}
