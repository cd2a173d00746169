// Package survey is the domain of surveys and votes, signed with the national digital
// signature (EDS) or not: their definition and its validation, the audience, the canonical
// bytes a signer signs, ballots and their validation, receipt codes, results and the quorum,
// and the service that runs them over the interfaces it declares (Store, SignatureVerifier,
// Hasher, KeySealer, Workflows). It imports no infrastructure.
//
// Two anonymity modes, because a ballot signed by a person can never be secret:
//
//   - Named: the CMS signs the canonical bytes of the ballot (CanonicalBallot); the ballot and
//     its signature are stored together with the voter. A parents' committee decision, say.
//   - Anonymous: the CMS (or, for surveys without a signature, the session) proves only the
//     eligibility statement (EligibilityStatement: survey, server nonce, a token blinded in
//     the browser). The server records "this person has voted" and answers with an RSA blind
//     signature (RFC 9474, package blindrsa) on the blinded token. The browser unblinds it and
//     sends the ballot with the token in another request without a session. The ballot store
//     never sees an IIN, an account or a certificate, and the server cannot tell which voter
//     a token came from: see docs/surveys.md for what each mode guarantees and what it does not.
package survey

import (
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Kind tells a survey (opinions) from a vote (a decision).
type Kind string

// Kinds.
const (
	KindSurvey Kind = "survey"
	KindVote   Kind = "vote"
)

// Mode is how a ballot relates to its voter.
type Mode string

// Anonymity modes.
const (
	// Anonymous keeps ballots apart from who voted (blind-signed tokens).
	Anonymous Mode = "anonymous"
	// Named stores each ballot with its voter (and the voter's signature over it).
	Named Mode = "named"
)

// Status is where a survey is in its life.
type Status string

// Statuses. A draft may be edited; scheduling freezes it and starts its workflow, which
// opens it at OpensAt and closes it at ClosesAt.
const (
	StatusDraft     Status = "draft"
	StatusScheduled Status = "scheduled"
	StatusOpen      Status = "open"
	StatusClosed    Status = "closed"
	StatusCancelled Status = "cancelled"
)

// AudienceKind says who may take part.
type AudienceKind string

// Audience kinds.
const (
	AudienceAny     AudienceKind = "any"      // anyone with an account
	AudienceParents AudienceKind = "parents"  // parents of the school
	AudienceStaff   AudienceKind = "staff"    // the school's owner, admins and teachers
	AudienceOrgUnit AudienceKind = "org_unit" // members of the schools of an org unit (and below)
	AudienceIINList AudienceKind = "iin_list" // the IINs of an uploaded list (needs a signature)
)

// AudienceKinds lists every audience kind.
var AudienceKinds = []AudienceKind{AudienceAny, AudienceParents, AudienceStaff, AudienceOrgUnit, AudienceIINList}

// Audience is who may take part. The IINs of a list are not here: they are stored as keyed
// hashes (Hasher) apart from the definition.
type Audience struct {
	Kind      AudienceKind `json:"kind"`
	OrgUnitID int64        `json:"org_unit_id,omitempty"`
}

// Quorum is what makes a result count: at least MinBallots ballots and, when MinTurnoutPct
// is set, at least that percentage of the audience (only audiences of known size: lists,
// parents, staff, org units).
type Quorum struct {
	MinBallots    int `json:"min_ballots,omitempty"`
	MinTurnoutPct int `json:"min_turnout_pct,omitempty"`
}

// Reminder is one reminder of the plan: an email HoursBeforeClose hours before closing to
// everyone in a listed audience who has not voted. Each reminder of the plan is sent at most
// once, also when closing is extended.
type Reminder struct {
	HoursBeforeClose int `json:"hours_before_close"`
}

// Survey is a survey or a vote of a school site.
type Survey struct {
	ID          int64                    `json:"id"`
	SiteID      int64                    `json:"site_id"`
	Kind        Kind                     `json:"kind"`
	Title       map[sitecore.Lang]string `json:"title"`
	Description map[sitecore.Lang]string `json:"description,omitempty"`
	Questions   []Question               `json:"questions"`
	Audience    Audience                 `json:"audience"`
	// OpensAt and ClosesAt are instants; forms show them in Asia/Almaty (sitecore.Almaty).
	OpensAt            time.Time  `json:"opens_at"`
	ClosesAt           time.Time  `json:"closes_at"`
	SignatureRequired  bool       `json:"signature_required"`
	AllowOrganisations bool       `json:"allow_organisations,omitempty"` // accept BIN certificates
	Mode               Mode       `json:"mode"`
	ResultsBeforeClose bool       `json:"results_before_close"`
	PublishResults     bool       `json:"publish_results"`
	Quorum             Quorum     `json:"quorum"`
	Reminders          []Reminder `json:"reminders,omitempty"`
	Revote             bool       `json:"revote"` // named mode only: a new ballot replaces the last
	Status             Status     `json:"status"`
	// Version counts edits; canonical bytes carry it, so a signature made on an older
	// definition does not verify on a newer one.
	Version   int       `json:"version"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// PublicKey is the survey's blind-signature key (anonymous mode), DER SubjectPublicKeyInfo.
	PublicKey []byte `json:"public_key,omitempty"`
	// ResultsAt is when results were computed, ResultsPublished whether the site shows them.
	ResultsAt        *time.Time `json:"results_at,omitempty"`
	ResultsPublished bool       `json:"results_published"`
	// Poll is set for polls (KindPoll) only.
	Poll *Poll `json:"poll,omitempty"`
}

// Open reports whether ballots are accepted at now.
func (s *Survey) Open(now time.Time) bool {
	return s.Status == StatusOpen && !now.Before(s.OpensAt) && now.Before(s.ClosesAt)
}

// Lang returns the survey's title language closest to l: l itself, else the first of the
// site's usual order that has a title.
func (s *Survey) Lang(l sitecore.Lang) sitecore.Lang {
	if _, ok := s.Title[l]; ok {
		return l
	}
	for _, d := range sitecore.DefaultLanguages {
		if _, ok := s.Title[d]; ok {
			return d
		}
	}
	for k := range s.Title {
		return k
	}
	return l
}

// ResultsVisible reports whether participants may see results at now: after closing when
// results are published, or at any time when the survey shows them before closing.
func (s *Survey) ResultsVisible(now time.Time) bool {
	switch {
	case s.Status == StatusCancelled || s.Status == StatusDraft:
		return false
	case s.Status == StatusClosed:
		return s.PublishResults || s.ResultsBeforeClose
	}
	return s.ResultsBeforeClose && !now.Before(s.OpensAt)
}
