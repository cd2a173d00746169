package app_test

import (
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/blindrsa"
	"github.com/mektep/mektep/sitecore/eds/edstest"
	"github.com/mektep/mektep/sitecore/survey"
)

// What the survey tests of the real stack share: a GOST-512 test CA the platform trusts,
// surveys made through the API, and voters who vote as the survey page does.

// testNCARoot makes a test CA and a folder with its certificate, for MEKTEP_EDS_ROOTS_DIR.
func testNCARoot(t testing.TB) (*edstest.Holder, string) {
	t.Helper()
	root := edstest.NewRoot(edstest.GOST512, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "root.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Cert.Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, dir
}

// surveyDef is a definition with one single-choice question "q" (options a, b, c) and, when
// text is set, a free-text question "t".
func surveyDef(mode survey.Mode, audience map[string]any, opens, closes time.Time, text bool) map[string]any {
	tr := func(s string) map[string]string { return map[string]string{"kk": s, "ru": s, "en": s} }
	qs := []any{map[string]any{"id": "q", "kind": "single", "required": true, "text": tr("Which?"),
		"options": []any{map[string]any{"id": "a", "text": tr("A")}, map[string]any{"id": "b", "text": tr("B")},
			map[string]any{"id": "c", "text": tr("C")}}}}
	if text {
		qs = append(qs, map[string]any{"id": "t", "kind": "text", "text": tr("Why?"), "max_length": 200})
	}
	return map[string]any{"kind": "vote", "mode": mode, "signature_required": true, "audience": audience,
		"title": tr("Vote"), "questions": qs, "opens_at": opens, "closes_at": closes}
}

// createSurvey creates a survey with the request's credentials (headers) and returns its
// ID and API path.
func createSurvey(t testing.TB, s *stack, siteID int64, def map[string]any, headers ...string) (int64, string) {
	t.Helper()
	base := fmt.Sprintf("/api/v1/sites/%d/surveys", siteID)
	r := s.do("POST", base, def, headers...)
	if r.Status != 201 {
		t.Fatalf("create survey: %d %s", r.Status, r.Body)
	}
	var out struct{ Survey survey.Survey }
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatal(err)
	}
	return out.Survey.ID, fmt.Sprintf("%s/%d", base, out.Survey.ID)
}

// scheduleSurvey schedules the survey and waits until its workflow opened it.
func scheduleSurvey(t testing.TB, s *stack, path string, headers ...string) {
	t.Helper()
	if r := s.do("POST", path+"/schedule", nil, headers...); r.Status != 200 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, time.Minute, "the survey opened by its workflow", func() bool {
		var got struct{ Survey survey.Survey }
		r := s.operator("GET", path, nil)
		return r.Status == 200 && json.Unmarshal(r.Body, &got) == nil && got.Survey.Status == survey.StatusOpen
	})
}

// uploadIINs sets the survey's audience list.
func uploadIINs(t testing.TB, s *stack, path string, iins []string, headers ...string) {
	t.Helper()
	rows := make([]map[string]string, len(iins))
	for i, iin := range iins {
		rows[i] = map[string]string{"iin": iin}
	}
	if r := s.do("PUT", path+"/audience", map[string]any{"rows": rows}, headers...); r.Status != 200 {
		t.Fatalf("audience: %d %s", r.Status, r.Body)
	}
}

// voteAnonymously votes as the survey page does in anonymous mode: a nonce, a token blinded
// here, the eligibility statement signed by the voter's certificate (sent with cookie, as a
// logged-in parent's browser does; "" for none), then the unblinded token with the ballot,
// without any credentials. It returns the receipt code.
func voteAnonymously(t testing.TB, s *stack, path string, voter *edstest.Holder, answers map[string]survey.Answer, cookie string) string {
	t.Helper()
	var creds []string
	if cookie != "" {
		creds = []string{"Cookie", cookie}
	}
	call := func(url string, in any, out any, headers ...string) {
		t.Helper()
		r := s.do("POST", path+url, in, headers...)
		if r.Status != 200 && r.Status != 201 {
			t.Fatalf("%s: %d %s", url, r.Status, r.Body)
		}
		if err := json.Unmarshal(r.Body, out); err != nil {
			t.Fatal(err)
		}
	}
	var st survey.Start
	call("/start", nil, &st, creds...)
	pk, err := blindrsa.ParsePublicKey(st.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	v := blindrsa.SHA384PSSRandomized
	msg := make([]byte, 32)
	_, _ = rand.Read(msg)
	token, err := v.Prepare(rand.Reader, msg)
	if err != nil {
		t.Fatal(err)
	}
	blinded, inv, err := v.Blind(rand.Reader, pk, token)
	if err != nil {
		t.Fatal(err)
	}
	var prep survey.Prepared
	call("/prepare", map[string]any{"nonce": st.Nonce, "blinded_token": blinded}, &prep, creds...)
	cms := voter.Sign(prep.Content, edstest.SignOptions{Detached: true})
	var el survey.Eligibility
	call("/eligibility", map[string]any{"nonce": st.Nonce, "blinded_token": blinded, "cms": cms.DER}, &el, creds...)
	sig, err := v.Finalize(pk, token, el.BlindSignature, inv)
	if err != nil {
		t.Fatal(err)
	}
	var rc survey.Receipt
	call("/anonymous-ballots", map[string]any{"token": token, "signature": sig, "ballot": survey.Ballot{Answers: answers}}, &rc)
	return rc.Code
}

// finalResults waits for the survey's final results.
func finalResults(t testing.TB, s *stack, path string, timeout time.Duration) survey.Results {
	t.Helper()
	var out struct{ Results survey.Results }
	testenv.Eventually(t, timeout, "final results", func() bool {
		r := s.operator("GET", path+"/results", nil)
		return r.Status == 200 && json.Unmarshal(r.Body, &out) == nil && out.Results.Final
	})
	return out.Results
}

// siteAdmin is a logged-in user with the role on the site; it returns the user's ID and
// session cookie.
func siteAdmin(t testing.TB, s *stack, siteID int64, email string, role sitecore.SiteRole) (int64, string) {
	t.Helper()
	u, cookie := verifiedParent(t, s, email, sitecore.Russian)
	if err := s.App.DB.AddMember(t.Context(), sitecore.Membership{SiteID: siteID, UserID: u.ID, Role: role}, nil); err != nil {
		t.Fatal(err)
	}
	return u.ID, cookie
}
