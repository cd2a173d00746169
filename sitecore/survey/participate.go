package survey

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/blindrsa"
)

// Token limits: a token's prepared message is the 32-byte prefix and the browser's random
// message (32 bytes by convention; up to 256 accepted).
const (
	minTokenLen = blindrsa.PrefixLen + 16
	maxTokenLen = blindrsa.PrefixLen + 256
)

// Start is what a participant gets to begin: the nonce to put in what they sign, and how to
// take part.
type Start struct {
	Nonce             string    `json:"nonce"`
	ExpiresAt         time.Time `json:"expires_at"`
	Mode              Mode      `json:"mode"`
	SignatureRequired bool      `json:"signature_required"`
	Version           int       `json:"version"`
	// PublicKey (anonymous mode) is the survey's blind-signature key, DER SPKI, and Suite the
	// RFC 9474 variant (@cloudflare/blindrsa-ts: RSABSSA.SHA384.PSS.Randomized()).
	PublicKey []byte `json:"public_key,omitempty"`
	Suite     string `json:"suite,omitempty"`
}

// open returns the survey if it accepts ballots now.
func (svc *Service) open(ctx context.Context, siteID, id int64) (*Survey, error) {
	s, err := svc.Store.FindSurvey(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if s.Status == StatusDraft {
		return nil, sitecore.NotFound("survey")
	}
	if !s.Open(svc.now()) {
		return nil, sitecore.Conflictf("status", "survey.not_open", "value", string(s.Status))
	}
	return s, nil
}

// Begin hands a participant a fresh nonce (valid NonceTTL) for an open survey. Surveys whose
// audience is people with accounts need a login.
func (svc *Service) Begin(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Start, error) {
	s, err := svc.open(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if err := needsLogin(p, s); err != nil {
		return nil, err
	}
	var b [32]byte
	_, _ = rand.Read(b[:])
	nonce := base64.RawURLEncoding.EncodeToString(b[:])
	ttl := svc.NonceTTL
	if ttl == 0 {
		ttl = 30 * time.Minute
	}
	st := &Start{Nonce: nonce, ExpiresAt: svc.now().Add(ttl).UTC(), Mode: s.Mode, SignatureRequired: s.SignatureRequired,
		Version: s.Version}
	if s.Mode == Anonymous {
		st.PublicKey, st.Suite = s.PublicKey, blindrsa.SHA384PSSRandomized.Name
	}
	if err := svc.Store.CreateNonce(ctx, siteID, id, nonceHash(nonce), st.ExpiresAt); err != nil {
		return nil, err
	}
	return st, nil
}

func nonceHash(nonce string) []byte {
	h := sha256.Sum256([]byte(nonce))
	return h[:]
}

// needsLogin refuses anonymous visitors where the audience is defined by accounts, and in
// surveys without a signature (the account is then the person).
func needsLogin(p *sitecore.Principal, s *Survey) error {
	if p.LoggedIn() || (s.SignatureRequired && s.Audience.Kind == AudienceIINList) {
		return nil
	}
	return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
}

// Prepared is what a participant's signer signs: Content (the exact bytes, to give NCALayer
// as base64).
type Prepared struct {
	Content []byte `json:"content"`
}

// PrepareInput asks for the bytes to sign: in named mode the ballot, in anonymous mode the
// blinded token.
type PrepareInput struct {
	Nonce        string  `json:"nonce"`
	BlindedToken []byte  `json:"blinded_token,omitempty"`
	Ballot       *Ballot `json:"ballot,omitempty"`
}

// Prepare returns the canonical bytes to sign (CanonicalBallot or EligibilityStatement),
// after validating the ballot. It stores nothing: the server rebuilds the same bytes when
// the signature arrives and never trusts bytes the client sends.
func (svc *Service) Prepare(ctx context.Context, siteID, id int64, in PrepareInput) (*Prepared, error) {
	s, err := svc.open(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if in.Nonce == "" {
		return nil, sitecore.Invalid("nonce", "field.required")
	}
	if s.Mode == Named {
		if in.Ballot == nil {
			return nil, sitecore.Invalid("ballot", "field.required")
		}
		b, err := ValidateBallot(s, *in.Ballot)
		if err != nil {
			return nil, err
		}
		return &Prepared{Content: CanonicalBallot(s, in.Nonce, b)}, nil
	}
	if err := checkBlinded(s, in.BlindedToken); err != nil {
		return nil, err
	}
	return &Prepared{Content: EligibilityStatement(s, in.Nonce, in.BlindedToken)}, nil
}

// checkBlinded checks that a blinded token has the key's length.
func checkBlinded(s *Survey, blinded []byte) error {
	pk, err := blindrsa.ParsePublicKey(s.PublicKey)
	if err != nil {
		return sitecore.Internal("survey key", err)
	}
	if len(blinded) != (pk.N.BitLen()+7)/8 {
		return sitecore.Invalid("blinded_token", "survey.token_invalid")
	}
	return nil
}

// EligibilityInput is an anonymous-mode participant's proof: the blinded token and, when the
// survey requires a signature, the CMS over EligibilityStatement.
type EligibilityInput struct {
	Nonce        string `json:"nonce"`
	BlindedToken []byte `json:"blinded_token"`
	CMS          []byte `json:"cms,omitempty"`
}

// Eligibility is the server's blind signature on the participant's token.
type Eligibility struct {
	BlindSignature []byte `json:"blind_signature"`
}

// SubmitEligibility checks that the participant may vote and has not, records that they
// voted, and returns the blind signature on their token. A retry of the same request (same
// person, same blinded token) gets the same signature again; any other second attempt is
// EConflict "survey.already_voted".
func (svc *Service) SubmitEligibility(ctx context.Context, p *sitecore.Principal, siteID, id int64, in EligibilityInput) (*Eligibility, error) {
	s, err := svc.open(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if s.Mode != Anonymous {
		return nil, sitecore.Conflictf("mode", "survey.mode_mismatch", "value", string(s.Mode))
	}
	if in.Nonce == "" {
		return nil, sitecore.Invalid("nonce", "field.required")
	}
	if err := checkBlinded(s, in.BlindedToken); err != nil {
		return nil, err
	}
	content := EligibilityStatement(s, in.Nonce, in.BlindedToken)
	v, err := svc.identify(ctx, p, s, in.CMS, content)
	if err != nil {
		return nil, err
	}
	bh := sha256.Sum256(in.BlindedToken)
	v.BlindedHash = bh[:]
	prior, err := svc.Store.RecordVoter(ctx, siteID, v, nonceHash(in.Nonce), false)
	if err != nil && !(prior != nil && bytes.Equal(prior.BlindedHash, v.BlindedHash)) {
		return nil, err
	}
	sk, err := svc.privateKey(ctx, s)
	if err != nil {
		return nil, err
	}
	sig, err := blindrsa.BlindSign(sk, in.BlindedToken)
	if err != nil {
		return nil, sitecore.Invalid("blinded_token", "survey.token_invalid")
	}
	return &Eligibility{BlindSignature: sig}, nil
}

// BallotInput is a named-mode ballot with, when the survey requires a signature, the CMS over
// CanonicalBallot.
type BallotInput struct {
	Nonce  string `json:"nonce"`
	Ballot Ballot `json:"ballot"`
	CMS    []byte `json:"cms,omitempty"`
}

// Receipt is the code a participant keeps to check that the ballot was counted.
type Receipt struct {
	Code string `json:"receipt"`
}

// SubmitBallot stores a named ballot with its voter and signature and returns its receipt.
func (svc *Service) SubmitBallot(ctx context.Context, p *sitecore.Principal, siteID, id int64, in BallotInput) (*Receipt, error) {
	s, err := svc.open(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if s.Mode != Named {
		return nil, sitecore.Conflictf("mode", "survey.mode_mismatch", "value", string(s.Mode))
	}
	if in.Nonce == "" {
		return nil, sitecore.Invalid("nonce", "field.required")
	}
	b, err := ValidateBallot(s, in.Ballot)
	if err != nil {
		return nil, err
	}
	v, err := svc.identify(ctx, p, s, in.CMS, CanonicalBallot(s, in.Nonce, b))
	if err != nil {
		return nil, err
	}
	code := NewReceipt()
	v.Ballot = CanonicalAnswers(b)
	v.ReceiptHash, _ = ReceiptHash(code)
	if _, err := svc.Store.RecordVoter(ctx, siteID, v, nonceHash(in.Nonce), s.Revote); err != nil {
		if s.IsPoll() {
			return nil, pollConflict(err)
		}
		return nil, err
	}
	return &Receipt{Code: code}, nil
}

// AnonymousInput is an anonymous ballot: the token's prepared message (32-byte prefix ‖ the
// browser's message), its unblinded signature, and the answers. It needs no session.
type AnonymousInput struct {
	Token     []byte `json:"token"`
	Signature []byte `json:"signature"`
	Ballot    Ballot `json:"ballot"`
}

// SubmitAnonymous checks the token's signature with the survey's key and that the token is
// unused, and stores the ballot apart from any voter. A forged token is EInvalid on "token"; a
// used one EConflict "survey.token_used".
func (svc *Service) SubmitAnonymous(ctx context.Context, siteID, id int64, in AnonymousInput) (*Receipt, error) {
	s, err := svc.open(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if s.Mode != Anonymous {
		return nil, sitecore.Conflictf("mode", "survey.mode_mismatch", "value", string(s.Mode))
	}
	if len(in.Token) < minTokenLen || len(in.Token) > maxTokenLen {
		return nil, sitecore.Invalid("token", "survey.token_invalid")
	}
	pk, err := blindrsa.ParsePublicKey(s.PublicKey)
	if err != nil {
		return nil, sitecore.Internal("survey key", err)
	}
	if err := blindrsa.SHA384PSSRandomized.Verify(pk, in.Token, in.Signature); err != nil {
		if errors.Is(err, blindrsa.ErrInvalidSignature) {
			return nil, sitecore.Invalid("token", "survey.token_invalid")
		}
		return nil, sitecore.Internal("survey token", err)
	}
	b, err := ValidateBallot(s, in.Ballot)
	if err != nil {
		return nil, err
	}
	code := NewReceipt()
	rh, _ := ReceiptHash(code)
	if err := svc.Store.AddAnonymousBallot(ctx, siteID, &AnonymousBallot{SurveyID: id, TokenHash: tokenHash(in.Token),
		Answers: CanonicalAnswers(b), ReceiptHash: rh}); err != nil {
		return nil, err
	}
	return &Receipt{Code: code}, nil
}

// CheckReceipt reports whether the ballot with the receipt code is counted. It tells nothing
// about the ballot's content.
func (svc *Service) CheckReceipt(ctx context.Context, siteID, id int64, code string) (bool, error) {
	s, err := svc.Store.FindSurvey(ctx, siteID, id)
	if err != nil {
		return false, err
	}
	if s.Status == StatusDraft {
		return false, sitecore.NotFound("survey")
	}
	h, ok := ReceiptHash(code)
	if !ok {
		return false, sitecore.Invalid("code", "survey.receipt")
	}
	return svc.Store.ReceiptCounted(ctx, siteID, id, h)
}

// identify establishes who is voting (from the signature, or the account when none is
// required) and checks that they belong to the audience.
func (svc *Service) identify(ctx context.Context, p *sitecore.Principal, s *Survey, cms, content []byte) (*Voter, error) {
	if err := needsLogin(p, s); err != nil {
		return nil, err
	}
	v := &Voter{SurveyID: s.ID, VotedAt: svc.now()}
	if p.LoggedIn() {
		v.AccountID = p.UserID
	}
	if s.SignatureRequired {
		if len(cms) == 0 {
			return nil, sitecore.Invalid("cms", "field.required")
		}
		if svc.Verifier == nil {
			return nil, sitecore.Unavailable("survey signature", "eds", errors.New("no verifier configured"))
		}
		info, err := svc.Verifier.VerifyCMS(ctx, cms, content, svc.now())
		if err != nil {
			return nil, err
		}
		switch {
		case !info.Organisation && info.IIN != "":
			v.Identity = svc.Hasher.Hash("iin", info.IIN)
			v.MaskedIIN = sitecore.IIN(info.IIN).Masked()
		case info.Organisation && s.AllowOrganisations && info.BIN != "":
			v.Identity = svc.Hasher.Hash("bin", info.BIN)
		default:
			return nil, sitecore.Invalid("cms", "survey.signer_kind")
		}
		v.SignerName, v.CMS, v.Signed = info.Subject, cms, content
	} else {
		v.Identity = svc.Hasher.Hash("account", strconv.FormatInt(p.UserID, 10))
	}
	ok := true
	var err error
	switch s.Audience.Kind {
	case AudienceParents:
		ok = p.HasRole(s.SiteID, sitecore.RoleParent)
	case AudienceStaff:
		ok = p.HasRole(s.SiteID, sitecore.RoleOwner, sitecore.RoleAdmin, sitecore.RoleTeacher)
	case AudienceOrgUnit:
		ok, err = svc.Store.MemberOfOrgUnit(ctx, p.UserID, s.Audience.OrgUnitID)
	case AudienceIINList:
		ok = v.MaskedIIN != ""
		if ok {
			ok, err = svc.Store.InAudienceList(ctx, s.SiteID, s.ID, v.Identity)
		}
	}
	if err == nil && ok && s.ownedByCommunity() {
		_, ok, err = svc.ownerAccess(ctx, p, s) // a community's poll: its active members vote
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, sitecore.Errorf(sitecore.EForbidden, "survey.not_in_audience")
	}
	return v, nil
}
