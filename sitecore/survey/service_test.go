package survey_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"math/big"
	"sync"
	"testing"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/blindrsa"
	"github.com/mektep/mektep/sitecore/survey"
)

// Valid IINs for the tests (check digits right).
const (
	iinA = "990106300596"
	iinB = "871203350924"
	iinC = "061211600012"
	iinD = "840317000029" // not on the lists
)

func anonymousDefinition() survey.Definition {
	d := definition()
	d.Mode, d.SignatureRequired = survey.Anonymous, true
	d.Audience = survey.Audience{Kind: survey.AudienceIINList}
	return d
}

var ballot = survey.Ballot{Answers: map[string]survey.Answer{"color": {Choice: "blue"}, "price": {Value: 3}}}

// client is a participant's browser in anonymous mode.
type client struct {
	prepared, blinded []byte
	inv               *big.Int
	nonce             string
}

// eligible runs the anonymous client's first half: nonce, token, blinding, signature of the
// eligibility statement by iin, and the server's blind signature. It returns the client with
// its token and the error of SubmitEligibility.
func (e *env) eligible(t *testing.T, s *survey.Survey, iin string) (*client, []byte, error) {
	t.Helper()
	ctx := context.Background()
	st, err := e.svc.Begin(ctx, sitecore.Anonymous, e.site.ID, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := blindrsa.ParsePublicKey(st.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	msg := make([]byte, 32)
	_, _ = rand.Read(msg)
	c := &client{nonce: st.Nonce}
	v := blindrsa.SHA384PSSRandomized
	c.prepared, _ = v.Prepare(rand.Reader, msg)
	if c.blinded, c.inv, err = v.Blind(rand.Reader, pk, c.prepared); err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.Prepare(ctx, e.site.ID, s.ID, survey.PrepareInput{Nonce: st.Nonce, BlindedToken: c.blinded})
	if err != nil {
		t.Fatal(err)
	}
	el, err := e.svc.SubmitEligibility(ctx, sitecore.Anonymous, e.site.ID, s.ID,
		survey.EligibilityInput{Nonce: st.Nonce, BlindedToken: c.blinded, CMS: fakeCMS(iin, "Асанов Асан", p.Content)})
	if err != nil {
		return c, nil, err
	}
	sig, err := v.Finalize(pk, c.prepared, el.BlindSignature, c.inv)
	if err != nil {
		t.Fatalf("Finalize: %v", err)
	}
	return c, sig, nil
}

func TestAnonymousVote(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	s := e.openSurvey(t, anonymousDefinition(), survey.ListRow{IIN: iinA, Email: "a@example.kz"},
		survey.ListRow{IIN: iinB}, survey.ListRow{IIN: " " + iinC + " "}, survey.ListRow{IIN: iinA})
	if n, _ := e.db.AudienceSize(ctx, e.site.ID, s); n != 3 {
		t.Errorf("audience %d, want 3 (a repeated IIN counts once)", n)
	}

	c, sig, err := e.eligible(t, s, iinA)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.svc.SubmitAnonymous(ctx, e.site.ID, s.ID, survey.AnonymousInput{Token: c.prepared, Signature: sig, Ballot: ballot})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := e.svc.CheckReceipt(ctx, e.site.ID, s.ID, r.Code); err != nil || !ok {
		t.Errorf("receipt %s not counted: %v", r.Code, err)
	}
	if ok, _ := e.svc.CheckReceipt(ctx, e.site.ID, s.ID, survey.NewReceipt()); ok {
		t.Error("a random receipt is counted")
	}

	// The same token again is refused, even with other answers.
	_, err = e.svc.SubmitAnonymous(ctx, e.site.ID, s.ID, survey.AnonymousInput{Token: c.prepared, Signature: sig,
		Ballot: survey.Ballot{Answers: map[string]survey.Answer{"color": {Choice: "black"}}}})
	wantErr(t, err, sitecore.EConflict, "token", "survey.token_used")

	// Forged tokens: a random signature, a flipped token, a signature by another survey's key.
	forged := make([]byte, len(sig))
	_, _ = rand.Read(forged)
	_, err = e.svc.SubmitAnonymous(ctx, e.site.ID, s.ID, survey.AnonymousInput{Token: c.prepared, Signature: forged, Ballot: ballot})
	wantErr(t, err, sitecore.EInvalid, "token", "survey.token_invalid")
	flipped := bytes.Clone(c.prepared)
	flipped[40] ^= 1
	_, err = e.svc.SubmitAnonymous(ctx, e.site.ID, s.ID, survey.AnonymousInput{Token: flipped, Signature: sig, Ballot: ballot})
	wantErr(t, err, sitecore.EInvalid, "token", "survey.token_invalid")
	other := e.openSurvey(t, anonymousDefinition(), survey.ListRow{IIN: iinA})
	oc, osig, err := e.eligible(t, other, iinA)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.SubmitAnonymous(ctx, e.site.ID, s.ID, survey.AnonymousInput{Token: oc.prepared, Signature: osig, Ballot: ballot})
	wantErr(t, err, sitecore.EInvalid, "token", "survey.token_invalid")

	// The same person again: a new token is refused; a retry of the first request gets the same
	// blind signature again (a lost answer does not cost the vote).
	_, _, err = e.eligible(t, s, iinA)
	wantErr(t, err, sitecore.EConflict, "", "survey.already_voted")
	st, _ := e.svc.Begin(ctx, sitecore.Anonymous, e.site.ID, s.ID)
	p, _ := e.svc.Prepare(ctx, e.site.ID, s.ID, survey.PrepareInput{Nonce: st.Nonce, BlindedToken: c.blinded})
	again, err := e.svc.SubmitEligibility(ctx, sitecore.Anonymous, e.site.ID, s.ID,
		survey.EligibilityInput{Nonce: st.Nonce, BlindedToken: c.blinded, CMS: fakeCMS(iinA, "Асанов Асан", p.Content)})
	if err != nil {
		t.Fatalf("retry of the same blinded token: %v", err)
	}
	if _, err := blindrsa.SHA384PSSRandomized.Finalize(mustKey(t, s), c.prepared, again.BlindSignature, c.inv); err != nil {
		t.Errorf("the retry's blind signature does not finalize: %v", err)
	}

	// Not on the list; a signature over other bytes; no signature; a used nonce.
	_, _, err = e.eligible(t, s, iinD)
	wantErr(t, err, sitecore.EForbidden, "", "survey.not_in_audience")
	st, _ = e.svc.Begin(ctx, sitecore.Anonymous, e.site.ID, s.ID)
	_, err = e.svc.SubmitEligibility(ctx, sitecore.Anonymous, e.site.ID, s.ID,
		survey.EligibilityInput{Nonce: st.Nonce, BlindedToken: c.blinded, CMS: fakeCMS(iinB, "B", []byte("other bytes"))})
	wantErr(t, err, sitecore.EInvalid, "cms", "survey.signature")
	_, err = e.svc.SubmitEligibility(ctx, sitecore.Anonymous, e.site.ID, s.ID,
		survey.EligibilityInput{Nonce: st.Nonce, BlindedToken: c.blinded})
	wantErr(t, err, sitecore.EInvalid, "cms", "field.required")
	_, err = e.svc.SubmitEligibility(ctx, sitecore.Anonymous, e.site.ID, s.ID,
		survey.EligibilityInput{Nonce: "made-up", BlindedToken: c.blinded, CMS: fakeCMS(iinB, "B",
			survey.EligibilityStatement(s, "made-up", c.blinded))})
	wantErr(t, err, sitecore.EInvalid, "nonce", "survey.nonce")

	// A second voter; then the tally.
	c2, sig2, err := e.eligible(t, s, iinB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitAnonymous(ctx, e.site.ID, s.ID, survey.AnonymousInput{Token: c2.prepared, Signature: sig2,
		Ballot: survey.Ballot{Answers: map[string]survey.Answer{"color": {Choice: "grey"}}}}); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Results(ctx, operator, e.site.ID, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ballots != 2 || res.Voters != 2 || res.Audience != 3 || res.Questions[0].Options[0].Count != 1 ||
		res.Questions[0].Options[1].Count != 1 || !res.QuorumMet {
		t.Errorf("results %+v", res)
	}
	turnout, err := e.svc.Turnout(ctx, operator, e.site.ID, s.ID)
	if err != nil || len(turnout) != 1 || turnout[0].Voters != 2 {
		t.Errorf("turnout %v, %v", turnout, err)
	}
	// Only the list's third person, who has an email, … has none: no reminder recipients but A
	// (who voted) had the only email.
	if rs, err := e.db.NonVoters(ctx, e.site.ID, s, "", 10); err != nil || len(rs) != 0 {
		t.Errorf("NonVoters = %v, %v; want none (the only email's owner voted)", rs, err)
	}

	// What the ballot store holds says nothing of the voters: no identity hash, masked IIN,
	// account or time in any ballot row.
	rows, err := e.db.Pool.Query(ctx, `SELECT to_jsonb(b)::text FROM survey_ballots b WHERE survey_id = $1`, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var voterBits [][]byte
	_ = e.db.Voters(ctx, e.site.ID, s.ID, func(v survey.VoterRow) error {
		voterBits = append(voterBits, []byte(v.MaskedIIN), []byte(v.Name))
		return nil
	})
	hashA := e.svc.Hasher.Hash("iin", iinA)
	for rows.Next() {
		var row string
		if err := rows.Scan(&row); err != nil {
			t.Fatal(err)
		}
		for _, bits := range append(voterBits, []byte(iinA), []byte(iinB), []byte(hexOf(hashA))) {
			if bytes.Contains([]byte(row), bits) {
				t.Errorf("ballot row %s holds %q", row, bits)
			}
		}
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, x := range b {
		out[2*i], out[2*i+1] = digits[x>>4], digits[x&15]
	}
	return string(out)
}

func mustKey(t *testing.T, s *survey.Survey) *rsa.PublicKey {
	t.Helper()
	pk, err := blindrsa.ParsePublicKey(s.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

// TestOneVotePerIINUnderRace sends 50 ballots signed by the same IIN at once, in named mode
// (each with its own nonce), and 50 eligibility requests in anonymous mode: exactly one of
// each is counted, and the others are told the person has voted.
func TestOneVotePerIINUnderRace(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	named := definition()
	named.SignatureRequired, named.Audience = true, survey.Audience{Kind: survey.AudienceIINList}
	sn := e.openSurvey(t, named, survey.ListRow{IIN: iinA})
	sa := e.openSurvey(t, anonymousDefinition(), survey.ListRow{IIN: iinA})

	const n = 50
	nonces := make([]string, n)
	for i := range nonces {
		st, err := e.svc.Begin(ctx, sitecore.Anonymous, e.site.ID, sn.ID)
		if err != nil {
			t.Fatal(err)
		}
		nonces[i] = st.Nonce
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			b, err := survey.ValidateBallot(sn, ballot)
			if err != nil {
				errs[i] = err
				return
			}
			cms := fakeCMS(iinA, "Асанов Асан", survey.CanonicalBallot(sn, nonces[i], b))
			_, errs[i] = e.svc.SubmitBallot(ctx, sitecore.Anonymous, e.site.ID, sn.ID, survey.BallotInput{Nonce: nonces[i], Ballot: ballot, CMS: cms})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case sitecore.AsError(err).Key != "survey.already_voted":
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d named ballots accepted, want 1", ok, n)
	}
	if res, err := survey.Count(ctx, e.db, sn, sn.OpensAt, false); err != nil || res.Ballots != 1 || res.Voters != 1 {
		t.Errorf("named results %+v, %v", res, err)
	}

	ok = 0
	for i := range n {
		wg.Go(func() {
			_, _, errs[i] = e.eligible(t, sa, iinA)
		})
	}
	wg.Wait()
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case sitecore.AsError(err).Key != "survey.already_voted":
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d anonymous voters given a token, want 1", ok, n)
	}
	if v, _ := e.db.CountVoters(ctx, e.site.ID, sa.ID); v != 1 {
		t.Errorf("%d voters recorded, want 1", v)
	}
}

// Named mode with re-voting: the last ballot counts, once; the signer's record holds it.
func TestNamedRevote(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	d := definition()
	d.SignatureRequired, d.Revote, d.Audience = true, true, survey.Audience{Kind: survey.AudienceIINList}
	s := e.openSurvey(t, d, survey.ListRow{IIN: iinA})
	vote := func(color string) {
		t.Helper()
		st, err := e.svc.Begin(ctx, sitecore.Anonymous, e.site.ID, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		b := survey.Ballot{Answers: map[string]survey.Answer{"color": {Choice: color}}}
		p, err := e.svc.Prepare(ctx, e.site.ID, s.ID, survey.PrepareInput{Nonce: st.Nonce, Ballot: &b})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SubmitBallot(ctx, sitecore.Anonymous, e.site.ID, s.ID,
			survey.BallotInput{Nonce: st.Nonce, Ballot: b, CMS: fakeCMS(iinA, "A", p.Content)}); err != nil {
			t.Fatal(err)
		}
	}
	vote("blue")
	vote("black")
	res, err := e.svc.Results(ctx, operator, e.site.ID, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ballots != 1 || res.Questions[0].Options[0].Count != 0 || res.Questions[0].Options[2].Count != 1 {
		t.Errorf("results %+v, want one ballot for black", res)
	}
	// The named ballot is signed: its CMS and signed bytes are kept with the voter.
	var cms, signed []byte
	if err := e.db.Pool.QueryRow(ctx, `SELECT cms, signed_content FROM survey_voters WHERE survey_id = $1`, s.ID).Scan(&cms, &signed); err != nil {
		t.Fatal(err)
	}
	if _, err := (fakeVerifier{}).VerifyCMS(ctx, cms, signed, s.OpensAt); err != nil || !bytes.Contains(signed, []byte(`"black"`)) {
		t.Errorf("stored signature does not verify over the stored ballot: %v (%s)", err, signed)
	}
}

// Surveys without a signature go by account: parents of the school only, once each; and
// every store call is scoped by site.
func TestUnsignedParentsSurveyAndScoping(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	parent := &sitecore.User{Email: "parent@example.kz", FullName: "Ата-ана", Lang: sitecore.Kazakh}
	teacher := &sitecore.User{Email: "teacher@example.kz", FullName: "Мұғалім", Lang: sitecore.Russian}
	for _, u := range []*sitecore.User{parent, teacher} {
		if err := e.db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.db.AddMember(ctx, sitecore.Membership{SiteID: e.site.ID, UserID: parent.ID, Role: sitecore.RoleParent}, nil); err != nil {
		t.Fatal(err)
	}
	s := e.openSurvey(t, definition())
	pp := &sitecore.Principal{UserID: parent.ID, Roles: map[int64][]sitecore.SiteRole{e.site.ID: {sitecore.RoleParent}}}
	tp := &sitecore.Principal{UserID: teacher.ID, Roles: map[int64][]sitecore.SiteRole{e.site.ID: {sitecore.RoleTeacher}}}
	if rs, _ := e.db.NonVoters(ctx, e.site.ID, s, "", 10); len(rs) != 1 || rs[0].Email != parent.Email || rs[0].Lang != sitecore.Kazakh {
		t.Errorf("NonVoters before voting = %v", rs)
	}
	submit := func(p *sitecore.Principal) error {
		st, err := e.svc.Begin(ctx, p, e.site.ID, s.ID)
		if err != nil {
			return err
		}
		_, err = e.svc.SubmitBallot(ctx, p, e.site.ID, s.ID, survey.BallotInput{Nonce: st.Nonce, Ballot: ballot})
		return err
	}
	if err := submit(pp); err != nil {
		t.Fatal(err)
	}
	wantErr(t, submit(pp), sitecore.EConflict, "", "survey.already_voted")
	wantErr(t, submit(tp), sitecore.EForbidden, "", "survey.not_in_audience")
	_, err := e.svc.Begin(ctx, sitecore.Anonymous, e.site.ID, s.ID)
	wantErr(t, err, sitecore.EUnauthorized, "", "login.required")
	if rs, _ := e.db.NonVoters(ctx, e.site.ID, s, "", 10); len(rs) != 0 {
		t.Errorf("NonVoters after voting = %v", rs)
	}

	// Another site's ID finds nothing of this survey.
	otherSite := e.site.ID + 1000
	if _, err := e.db.FindSurvey(ctx, otherSite, s.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("FindSurvey from another site: %v", err)
	}
	if n, _ := e.db.CountVoters(ctx, otherSite, s.ID); n != 0 {
		t.Errorf("CountVoters from another site = %d", n)
	}
	if err := e.db.CreateNonce(ctx, otherSite, s.ID, []byte("x"), s.ClosesAt); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("CreateNonce from another site: %v", err)
	}
	_, err = e.svc.Results(ctx, pp, e.site.ID, s.ID)
	wantErr(t, err, sitecore.EForbidden, "", "survey.results_hidden")
	_, err = e.svc.List(ctx, pp, e.site.ID, survey.Filter{})
	wantErr(t, err, sitecore.EForbidden, "", "")
}
