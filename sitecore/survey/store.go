package survey

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Voter is the record that a person took part in a survey: the one-vote rule is a unique key
// on (survey, Identity). In anonymous mode it holds the eligibility proof and nothing of the
// ballot; in named mode it holds the ballot and the signature over it.
type Voter struct {
	SurveyID int64
	// Identity is the keyed hash (Hasher) of the signer's IIN (or BIN), or of the account in
	// surveys without a signature.
	Identity   []byte
	AccountID  int64  // the logged-in account, 0 if none
	SignerName string // from the certificate; "" without a signature
	MaskedIIN  string // "99********96", for the list of who voted; "" without a signature
	CMS        []byte // the signature: over Signed
	Signed     []byte // the bytes the CMS signs, as the server rebuilt them
	// BlindedHash is, in anonymous mode, the SHA-256 of the blinded token, so a retried request
	// gets its blind signature again (and another token does not).
	BlindedHash []byte
	Ballot      []byte // named mode: CanonicalAnswers
	ReceiptHash []byte // named mode
	VotedAt     time.Time
}

// AnonymousBallot is a ballot of anonymous mode. It holds nothing about who sent it: no IIN,
// account, certificate or time, and its row ID is random.
type AnonymousBallot struct {
	SurveyID    int64
	TokenHash   []byte // SHA-256 of the token's prepared message: each token counts once
	Answers     []byte // CanonicalAnswers
	ReceiptHash []byte
}

// AudienceEntry is one person of an uploaded list: the keyed hash of the IIN, the masked IIN
// for exports and an optional email for reminders.
type AudienceEntry struct {
	Hash      []byte
	MaskedIIN string
	Email     string
}

// DayCount is the number of people who voted on a day (Asia/Almaty).
type DayCount struct {
	Day    string `json:"day"` // "2006-01-02"
	Voters int    `json:"voters"`
}

// Recipient is someone of a listed audience who has not voted, for a reminder. Key is stable
// for the person within the survey ("u42" for an account, "l" and a hash prefix for a list
// entry), so a reminder email is keyed per person.
type Recipient struct {
	Key   string
	Email string
	Lang  sitecore.Lang
}

// VoterRow is one line of the list of who voted. Ballot is set in named mode only.
type VoterRow struct {
	VotedAt   time.Time
	AccountID int64
	Name      string
	Email     string
	MaskedIIN string
	Ballot    []byte
}

// Filter selects surveys of a site.
type Filter struct {
	Status  []Status
	Limit   int   // 100 by default, 1000 at most
	AfterID int64 // keyset paging, newest first
	// Kind, when set, keeps only surveys of that kind; OwnerKind and OwnerRef only those of
	// that owner (polls shown by a page).
	Kind      Kind
	OwnerKind string
	OwnerRef  string
}

// Store keeps surveys, audiences, voters and ballots in PostgreSQL. Every method takes the
// site: a survey of another site is ENotFound. Methods that change a survey's definition or
// state take an audit entry and write it in the same transaction.
type Store interface {
	// CreateSurvey stores a draft and fills ID, Status, Version, CreatedAt and UpdatedAt.
	CreateSurvey(ctx context.Context, s *Survey, a *sitecore.AuditEntry) error
	// UpdateSurvey replaces the definition of a draft and bumps its version; a survey that is
	// no longer a draft is EConflict on "status".
	UpdateSurvey(ctx context.Context, s *Survey, a *sitecore.AuditEntry) error
	FindSurvey(ctx context.Context, siteID, id int64) (*Survey, error)
	ListSurveys(ctx context.Context, siteID int64, f Filter) ([]Survey, error)
	// ScheduleSurvey moves a draft to scheduled with its blind-signature key (the public key
	// and the sealed private key); anything but a draft is EConflict on "status".
	ScheduleSurvey(ctx context.Context, siteID, id int64, publicKey, sealedKey []byte, a *sitecore.AuditEntry) error
	// SealedKey returns the survey's sealed private key, or ENotFound.
	SealedKey(ctx context.Context, siteID, id int64) ([]byte, error)

	// SetAudienceList replaces the uploaded list of a draft.
	SetAudienceList(ctx context.Context, siteID, id int64, entries []AudienceEntry, a *sitecore.AuditEntry) error
	InAudienceList(ctx context.Context, siteID, id int64, hash []byte) (bool, error)
	// AudienceSize returns the number of people in the survey's audience, 0 when it is not a
	// listed one (anyone with an account).
	AudienceSize(ctx context.Context, siteID int64, s *Survey) (int, error)
	// MemberOfOrgUnit reports whether the user has any role in a school of the unit or of a
	// unit below it.
	MemberOfOrgUnit(ctx context.Context, userID, unitID int64) (bool, error)
	// SiteAdministersUnit reports whether the site is the portal (education department) of
	// the unit or of a unit above it, so its admins may survey the unit's schools.
	SiteAdministersUnit(ctx context.Context, siteID, unitID int64) (bool, error)

	// CreateNonce stores the SHA-256 of a nonce handed to a participant, valid until expires.
	CreateNonce(ctx context.Context, siteID, surveyID int64, hash []byte, expires time.Time) error
	// RecordVoter consumes the nonce and stores the voter in one transaction. A person (or
	// account) who has voted is EConflict with key "survey.already_voted", and prior holds
	// their record (to answer a retried anonymous request again); with revote a named
	// ballot replaces the person's last one instead. An unknown, used or expired nonce is
	// EInvalid on "nonce". An open survey is checked in the same statement: a closed one is
	// EConflict on "status".
	RecordVoter(ctx context.Context, siteID int64, v *Voter, nonceHash []byte, revote bool) (prior *Voter, err error)
	// AddAnonymousBallot stores a ballot of an open survey; a token already used is EConflict
	// with key "survey.token_used".
	AddAnonymousBallot(ctx context.Context, siteID int64, b *AnonymousBallot) error
	// ShuffleBallots rewrites the anonymous ballots of a closed survey in a random order (new
	// IDs, new row positions, one transaction), so nothing stored says in what order they
	// arrived. A survey that is not closed is EConflict on "status".
	ShuffleBallots(ctx context.Context, siteID, surveyID int64) error
	// ReceiptCounted reports whether a ballot with the receipt is counted.
	ReceiptCounted(ctx context.Context, siteID, surveyID int64, hash []byte) (bool, error)
	// Turnout returns the number of voters per day, oldest first.
	Turnout(ctx context.Context, siteID, surveyID int64) ([]DayCount, error)
	CountVoters(ctx context.Context, siteID, surveyID int64) (int, error)
	// HasVoted reports whether the person with identity, or the account (when not 0), has
	// voted in the survey.
	HasVoted(ctx context.Context, siteID, surveyID int64, identity []byte, account int64) (bool, error)
	// Ballots calls fn with every counted ballot of the survey (the voters' ballots in named
	// mode, the anonymous ballots otherwise), in an order that says nothing of their arrival.
	Ballots(ctx context.Context, siteID int64, s *Survey, fn func(Ballot) error) error
	// Voters calls fn with everyone who voted, in the order they voted.
	Voters(ctx context.Context, siteID, surveyID int64, fn func(VoterRow) error) error

	// SetStatus moves the survey to status to if it is in one of from; changed is false
	// otherwise (a repeat).
	SetStatus(ctx context.Context, siteID, id int64, to Status, from []Status, a *sitecore.AuditEntry) (changed bool, err error)
	// SetClosesAt changes the closing time.
	SetClosesAt(ctx context.Context, siteID, id int64, closesAt time.Time, a *sitecore.AuditEntry) error
	// SaveResults stores the results once: the first stored results win and are returned.
	SaveResults(ctx context.Context, siteID, id int64, r *Results) (*Results, error)
	// FindResults returns the stored results, or ENotFound.
	FindResults(ctx context.Context, siteID, id int64) (*Results, error)
	// SetResultsPublished shows the stored results on the site.
	SetResultsPublished(ctx context.Context, siteID, id int64) error
	// NonVoters returns up to limit people of the listed audience who have not voted and have
	// an email, ordered by Key, after the key after.
	NonVoters(ctx context.Context, siteID int64, s *Survey, after string, limit int) ([]Recipient, error)
}
