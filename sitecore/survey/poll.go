package survey

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// A poll is a survey of kind KindPoll: no signature, one ballot per account (named mode, the
// account is the person), or, when Guests is set, one per browser for visitors without an
// account. The browser is only a random ID in a signed cookie, so a visitor who clears the
// cookie or uses another browser votes again: that is weak by design (docs/surveys.md), fine
// for "which day for the school fair" and wrong for any decision. Polls run on the survey
// engine: the same definition, workflow (opening, closing, counting), results and export.

// KindPoll is a simple poll.
const KindPoll Kind = "poll"

// ResultsVisibility says who sees a poll's results and when.
type ResultsVisibility string

// Results visibilities. Those who may see the surveys section always see the results.
const (
	ResultsAlways     ResultsVisibility = "always"      // anyone, while open and after
	ResultsAfterVote  ResultsVisibility = "after_vote"  // who voted, and anyone once closed
	ResultsAfterClose ResultsVisibility = "after_close" // anyone once closed
	ResultsAdmins     ResultsVisibility = "admins"      // only those who may see the section
)

// Owner kinds: what shows a poll. Other kinds (a community) can be added without changing
// polls: the owner is a kind and a reference the owner understands.
const (
	OwnerNone = ""
	OwnerPage = "page" // Ref is the page's ID; the page renders the poll's form
	// OwnerCommunity: Ref is a community's ID; the community's page shows the poll, only
	// those who see the community see it and only its active members vote.
	OwnerCommunity = "community"
)

// PollOwners answers for owners that decide who sees and who votes (a community).
type PollOwners interface {
	// PollAccess reports whether p sees the owner's polls and may vote in them; an owner
	// that does not exist on the site is ENotFound.
	PollAccess(ctx context.Context, p *sitecore.Principal, siteID int64, kind, ref string) (see, vote bool, err error)
}

// Poll holds the settings only polls have.
type Poll struct {
	Results ResultsVisibility `json:"results"`
	// Guests lets visitors without an account vote, once per browser (weak; see above).
	Guests bool `json:"guests"`
	// OwnerKind and OwnerRef say what shows the poll besides the site's poll list.
	OwnerKind string `json:"owner_kind,omitempty"`
	OwnerRef  string `json:"owner_ref,omitempty"`
}

// IsPoll reports whether s is a poll.
func (s *Survey) IsPoll() bool { return s.Kind == KindPoll && s.Poll != nil }

// validatePoll checks a poll's settings and fixes what a poll cannot have.
func (s *Survey) validatePoll(p *Poll) error {
	if p == nil {
		p = &Poll{}
	}
	cp := *p
	if cp.Results == "" {
		cp.Results = ResultsAfterVote
	}
	switch cp.Results {
	case ResultsAlways, ResultsAfterVote, ResultsAfterClose, ResultsAdmins:
	default:
		return sitecore.Invalid("poll.results", "poll.results", "value", string(cp.Results))
	}
	switch cp.OwnerKind {
	case OwnerNone:
		cp.OwnerRef = ""
	case OwnerPage:
		if cp.OwnerRef == "" || len(cp.OwnerRef) > 64 {
			return sitecore.Invalid("poll.owner_ref", "field.required")
		}
	case OwnerCommunity:
		if n, err := strconv.ParseInt(cp.OwnerRef, 10, 64); err != nil || n <= 0 {
			return sitecore.Invalid("poll.owner_ref", "poll.owner_ref")
		}
		if cp.Guests {
			return sitecore.Invalid("poll.guests", "poll.guests_community")
		}
	default:
		return sitecore.Invalid("poll.owner_kind", "poll.owner_kind", "value", cp.OwnerKind)
	}
	if s.SignatureRequired {
		return sitecore.Invalid("signature_required", "poll.no_signature")
	}
	if cp.Guests && s.Audience.Kind != AudienceAny {
		return sitecore.Invalid("poll.guests", "poll.guests_audience")
	}
	// A poll is counted with its voters: named mode, no re-vote, quorum or reminders.
	s.Mode, s.Revote, s.AllowOrganisations = Named, false, false
	s.Quorum, s.Reminders = Quorum{}, nil
	s.ResultsBeforeClose = cp.Results == ResultsAlways || cp.Results == ResultsAfterVote
	s.PublishResults = cp.Results != ResultsAdmins
	s.Poll = &cp
	return nil
}

// PollVoter is who votes in a poll: the principal, or for a visitor without an account the
// browser's ID from its signed cookie ("" when there is none).
type PollVoter struct {
	Principal *sitecore.Principal
	Browser   string
}

// ownedByCommunity reports whether the poll belongs to a community.
func (s *Survey) ownedByCommunity() bool { return s.IsPoll() && s.Poll.OwnerKind == OwnerCommunity }

// ownerAccess reports whether p sees a community's poll and may vote in it; the site's
// survey admins see every poll of the site (they made it) but vote only as members.
func (svc *Service) ownerAccess(ctx context.Context, p *sitecore.Principal, s *Survey) (see, vote bool, err error) {
	if !s.ownedByCommunity() {
		return true, true, nil
	}
	if svc.Owners == nil {
		return false, false, nil
	}
	see, vote, err = svc.Owners.PollAccess(ctx, p, s.SiteID, s.Poll.OwnerKind, s.Poll.OwnerRef)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		see, vote, err = false, false, nil
	}
	if authorize(p, s.SiteID, sitecore.ActionView) == nil {
		see = true
	}
	return see, vote, err
}

// checkOwner checks that a poll's owner exists on the site.
func (svc *Service) checkOwner(ctx context.Context, s *Survey) error {
	if !s.ownedByCommunity() {
		return nil
	}
	if svc.Owners == nil {
		return sitecore.Invalid("poll.owner_kind", "poll.owner_kind", "value", s.Poll.OwnerKind)
	}
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	if _, _, err := svc.Owners.PollAccess(ctx, op, s.SiteID, s.Poll.OwnerKind, s.Poll.OwnerRef); err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return sitecore.Invalid("poll.owner_ref", "poll.owner_ref")
		}
		return err
	}
	return nil
}

// identity is the voter's key in survey_voters: the account, or the browser.
func (svc *Service) pollIdentity(s *Survey, v PollVoter) ([]byte, error) {
	if v.Principal.LoggedIn() {
		return svc.Hasher.Hash("account", strconv.FormatInt(v.Principal.UserID, 10)), nil
	}
	if s.Poll.Guests && v.Browser != "" {
		return svc.Hasher.Hash("browser", v.Browser), nil
	}
	return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
}

// Vote stores a poll ballot: one per account, or per browser for guests. A second ballot is
// EConflict on "poll" ("poll.already_voted"); a poll that is not open EConflict on "status".
func (svc *Service) Vote(ctx context.Context, siteID, id int64, v PollVoter, b Ballot) (*Receipt, error) {
	s, err := svc.open(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if !s.IsPoll() {
		return nil, sitecore.NotFound("poll")
	}
	vb, err := ValidateBallot(s, b)
	if err != nil {
		return nil, err
	}
	var voter *Voter
	if v.Principal.LoggedIn() {
		// The audience check of every unsigned survey (parents, staff, org unit).
		if voter, err = svc.identify(ctx, v.Principal, s, nil, nil); err != nil {
			return nil, err
		}
	} else {
		identity, err := svc.pollIdentity(s, v)
		if err != nil {
			return nil, err
		}
		voter = &Voter{SurveyID: s.ID, VotedAt: svc.now(), Identity: identity}
	}
	// The form carries no nonce (a poll has nothing to sign): one is made and spent here, so
	// RecordVoter's one-vote rule and race handling stay the only ones.
	var n [32]byte
	_, _ = rand.Read(n[:])
	nonce := base64.RawURLEncoding.EncodeToString(n[:])
	if err := svc.Store.CreateNonce(ctx, siteID, id, nonceHash(nonce), svc.now().Add(time.Minute)); err != nil {
		return nil, err
	}
	code := NewReceipt()
	voter.Ballot = CanonicalAnswers(vb)
	voter.ReceiptHash, _ = ReceiptHash(code)
	if _, err := svc.Store.RecordVoter(ctx, siteID, voter, nonceHash(nonce), false); err != nil {
		return nil, pollConflict(err)
	}
	return &Receipt{Code: code}, nil
}

// pollConflict names the poll in a repeated vote.
func pollConflict(err error) error {
	if e := sitecore.AsError(err); e != nil && e.Key == "survey.already_voted" {
		return sitecore.Conflictf("poll", "poll.already_voted")
	}
	return err
}

// Voted reports whether the voter has voted in the poll.
func (svc *Service) Voted(ctx context.Context, s *Survey, v PollVoter) (bool, error) {
	identity, err := svc.pollIdentity(s, v)
	if err != nil {
		return false, nil
	}
	var account int64
	if v.Principal.LoggedIn() {
		account = v.Principal.UserID
	}
	return svc.Store.HasVoted(ctx, s.SiteID, s.ID, identity, account)
}

// PollResultsVisible reports whether the voter may see the poll's results now.
func (svc *Service) PollResultsVisible(ctx context.Context, s *Survey, v PollVoter) (bool, error) {
	if authorize(v.Principal, s.SiteID, sitecore.ActionView) == nil {
		return true, nil
	}
	if s.Status == StatusDraft || s.Status == StatusCancelled {
		return false, nil
	}
	closed := s.Status == StatusClosed || !svc.now().Before(s.ClosesAt)
	switch s.Poll.Results {
	case ResultsAlways:
		return true, nil
	case ResultsAfterClose:
		return closed, nil
	case ResultsAfterVote:
		if closed {
			return true, nil
		}
		return svc.Voted(ctx, s, v)
	}
	return false, nil
}

// PollResults returns a poll's results when the voter may see them; otherwise EForbidden
// "survey.results_hidden".
func (svc *Service) PollResults(ctx context.Context, siteID, id int64, v PollVoter) (*Survey, *Results, error) {
	s, err := svc.Get(ctx, v.Principal, siteID, id)
	if err != nil {
		return nil, nil, err
	}
	if !s.IsPoll() {
		return nil, nil, sitecore.NotFound("poll")
	}
	ok, err := svc.PollResultsVisible(ctx, s, v)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return s, nil, sitecore.Errorf(sitecore.EForbidden, "survey.results_hidden")
	}
	r, err := svc.results(ctx, s)
	return s, r, err
}

// Polls returns the site's polls that visitors may see (scheduled, open or closed), the
// newest first; with ownerKind, only those of that owner.
func (svc *Service) Polls(ctx context.Context, siteID int64, ownerKind, ownerRef string) ([]Survey, error) {
	return svc.Store.ListSurveys(ctx, siteID, Filter{Kind: KindPoll, OwnerKind: ownerKind, OwnerRef: ownerRef,
		Status: []Status{StatusScheduled, StatusOpen, StatusClosed}, Limit: 100})
}

// NewBrowserID returns a fresh browser ID for a guest voter and the value of the cookie that
// carries it: the ID and its keyed hash, so a visitor cannot pick another browser's ID (they
// can still drop the cookie and get a new one: per-browser voting is weak).
func (svc *Service) NewBrowserID() (id, cookie string) {
	var b [18]byte
	_, _ = rand.Read(b[:])
	id = base64.RawURLEncoding.EncodeToString(b[:])
	return id, id + "." + svc.browserMAC(id)
}

// BrowserID returns the browser ID of a cookie made by NewBrowserID, or "" when the cookie
// is missing or forged.
func (svc *Service) BrowserID(cookie string) string {
	id, mac, ok := strings.Cut(cookie, ".")
	if !ok || len(id) != 24 || subtle.ConstantTimeCompare([]byte(mac), []byte(svc.browserMAC(id))) != 1 {
		return ""
	}
	return id
}

func (svc *Service) browserMAC(id string) string {
	return base64.RawURLEncoding.EncodeToString(svc.Hasher.Hash("browser-cookie", id)[:16])
}
