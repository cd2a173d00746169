package workflows_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/blindrsa"
	"github.com/mektep/mektep/sitecore/keyring"
	"github.com/mektep/mektep/sitecore/smtp"
	"github.com/mektep/mektep/sitecore/survey"
	"github.com/mektep/mektep/workflows"
)

// anonymousToken runs the browser's part of an anonymous vote without a signature: nonce,
// blinded token, eligibility by session, unblinding. It returns the token and its signature.
func anonymousToken(t *testing.T, svc *survey.Service, p *sitecore.Principal, s *survey.Survey) (token, sig []byte) {
	t.Helper()
	ctx := context.Background()
	st, err := svc.Begin(ctx, p, s.SiteID, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := blindrsa.ParsePublicKey(st.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	v := blindrsa.SHA384PSSRandomized
	msg := make([]byte, 32)
	_, _ = rand.Read(msg)
	token, _ = v.Prepare(rand.Reader, msg)
	blinded, inv, err := v.Blind(rand.Reader, pk, token)
	if err != nil {
		t.Fatal(err)
	}
	el, err := svc.SubmitEligibility(ctx, p, s.SiteID, s.ID, survey.EligibilityInput{Nonce: st.Nonce, BlindedToken: blinded})
	if err != nil {
		t.Fatal(err)
	}
	if sig, err = v.Finalize(pk, token, el.BlindSignature, inv); err != nil {
		t.Fatal(err)
	}
	return token, sig
}

// payloadData matches the base64 payloads of a history in protojson.
var payloadData = regexp.MustCompile(`"data":\s*"([A-Za-z0-9+/=]+)"`)

// decodedPayloads returns every payload of a history decoded, one after the other.
func decodedPayloads(history []byte) string {
	var sb strings.Builder
	for _, m := range payloadData.FindAllSubmatch(history, -1) {
		b, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err == nil {
			sb.Write(b)
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// TestSurveyEndToEnd runs a survey on the real stack (PostgreSQL, the Temporal dev server, the
// email queue to an SMTP sink): a parent votes, the other parent gets the plan's reminder, the
// author closes it early, the results are stored once and the owner is told. The history is
// then replayed with the current code and searched for personal data (names, emails,
// answers): there must be none. With MEKTEP_RECORD_HISTORY=1 it is stored as
// testdata/histories/survey.json for TestSurveyReplay.
func TestSurveyEndToEnd(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	tc := testenv.TemporalClient(t)
	sink := testenv.SMTPSink(t)
	mailer, err := smtp.New(sink.URL(), "noreply@mektep.kz")
	if err != nil {
		t.Fatal(err)
	}
	queue := "survey-e2e-" + strings.ReplaceAll(t.Name(), "/", "-") + time.Now().Format("150405.000")
	ring, err := keyring.Parse(keyring.Generate("test"))
	if err != nil {
		t.Fatal(err)
	}
	mq := &workflows.EmailQueue{Temporal: tc, TaskQueue: queue, Spool: db, Ring: ring}
	w := worker.New(tc, queue, worker.Options{})
	w.RegisterWorkflow(workflows.Survey)
	w.RegisterWorkflow(workflows.SendEmail)
	w.RegisterActivity(&activities.Mail{Mailer: mailer, MailLog: db, Spool: db, Ring: ring})
	w.RegisterActivity(&activities.Surveys{Store: db, Sites: db, Accounts: db, Mail: mq, PublicURL: "https://mektep.kz"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)

	site, err := sitecore.NewSite{Slug: "school-9", Names: map[string]string{"kk": "№9 мектеп", "ru": "Школа №9"},
		Domains: []string{"school9.kz"}, Languages: []string{"kk", "ru"}, OwnerEmail: "owner@school9.kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	voter := &sitecore.User{Email: "voter.parent@example.kz", FullName: "Дауысберуші Ата-ана", Lang: sitecore.Kazakh}
	silent := &sitecore.User{Email: "silent.parent@example.kz", FullName: "Үнсіз Ата-ана", Lang: sitecore.Russian}
	author := &sitecore.User{Email: "author@school9.kz", FullName: "Авторова Айгүл", Lang: sitecore.Russian}
	for _, u := range []*sitecore.User{voter, silent, author} {
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		role := sitecore.RoleParent
		if u == author {
			role = sitecore.RoleAdmin
		}
		if err := db.AddMember(ctx, sitecore.Membership{SiteID: site.ID, UserID: u.ID, Role: role}, nil); err != nil {
			t.Fatal(err)
		}
	}
	svc := &survey.Service{Store: db, Sites: db, Hasher: survey.HMACHasher{Key: bytes.Repeat([]byte{1}, 32)},
		Sealer: survey.AESSealer{Key: bytes.Repeat([]byte{2}, 32)}, Workflows: &workflows.SurveyClient{Temporal: tc, TaskQueue: queue}}
	admin := &sitecore.Principal{UserID: author.ID, Roles: map[int64][]sitecore.SiteRole{site.ID: {sitecore.RoleAdmin}}}
	parent := &sitecore.Principal{UserID: voter.ID, Roles: map[int64][]sitecore.SiteRole{site.ID: {sitecore.RoleParent}}}

	// Opens now; closes an hour and a few seconds from now; the plan's one reminder an hour
	// before closing, so it is due in a few seconds.
	def := survey.Definition{
		Title: map[string]string{"kk": "Ас мәзірі", "ru": "Меню столовой"},
		Questions: []survey.Question{{ID: "menu", Kind: survey.Single, Required: true,
			Text:    map[sitecore.Lang]string{"kk": "Ұнай ма?", "ru": "Нравится?"},
			Options: []survey.Option{{ID: "yes", Text: map[sitecore.Lang]string{"kk": "Иә", "ru": "Да"}}, {ID: "no", Text: map[sitecore.Lang]string{"kk": "Жоқ", "ru": "Нет"}}}}},
		Audience: survey.Audience{Kind: survey.AudienceParents}, Mode: survey.Anonymous,
		OpensAt: time.Now().Add(-time.Minute), ClosesAt: time.Now().Add(time.Hour + 4*time.Second),
		Reminders: []survey.Reminder{{HoursBeforeClose: 1}}, PublishResults: true, Quorum: survey.Quorum{MinTurnoutPct: 50},
	}
	s, err := svc.Create(ctx, admin, sitecore.Actor{UserID: author.ID, Name: author.FullName}, site.ID, def)
	if err != nil {
		t.Fatal(err)
	}
	if s, err = svc.Schedule(ctx, admin, sitecore.Actor{UserID: author.ID}, site.ID, s.ID); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 20*time.Second, "survey open", func() bool {
		got, err := db.FindSurvey(ctx, site.ID, s.ID)
		return err == nil && got.Status == survey.StatusOpen
	})
	s, _ = db.FindSurvey(ctx, site.ID, s.ID)

	// The parent votes anonymously (no signature required: the session proves eligibility).
	tok, sig := anonymousToken(t, svc, parent, s)
	if _, err := svc.SubmitAnonymous(ctx, site.ID, s.ID, survey.AnonymousInput{Token: tok, Signature: sig,
		Ballot: survey.Ballot{Answers: map[string]survey.Answer{"menu": {Choice: "no"}}}}); err != nil {
		t.Fatal(err)
	}

	// The reminder reaches the parent who has not voted, and only them.
	testenv.Eventually(t, 30*time.Second, "reminder", func() bool {
		ms, _ := devstack.ReadMail(sink.Dir)
		return len(ms) > 0
	})
	if err := svc.Extend(ctx, admin, site.ID, s.ID, s.ClosesAt.Add(-time.Minute)); sitecore.ErrorCode(err) != sitecore.EInvalid {
		t.Errorf("extending to an earlier time: %v", err)
	}
	// The workflow's validator refuses it too, as the same domain error the service gives.
	err = svc.Workflows.Extend(ctx, site.ID, s.ID, author.ID, s.ClosesAt.Add(-time.Minute))
	wantRefusal(t, "the workflow extending to an earlier time", err, sitecore.EInvalid, "survey.extend", "closes_at")
	if err := svc.Close(ctx, admin, site.ID, s.ID); err != nil {
		t.Fatal(err)
	}
	id := workflows.SurveyWorkflowID(s.ID)
	if err := tc.GetWorkflow(ctx, id, "").Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	err = svc.Cancel(ctx, admin, site.ID, s.ID)
	wantRefusal(t, "cancelling a closed survey", err, sitecore.EConflict, "survey.state", "status")
	testenv.Eventually(t, 30*time.Second, "owner's notice", func() bool {
		ms, _ := devstack.ReadMail(sink.Dir)
		return len(ms) == 2
	})
	ms, _ := devstack.ReadMail(sink.Dir)
	to := map[string]string{}
	for _, m := range ms {
		to[m.To[0]] = m.Subject
	}
	if !strings.Contains(to[silent.Email], "Напоминание") || !strings.Contains(to[author.Email], "закрыт") || len(to) != 2 {
		t.Errorf("emails %v", to)
	}
	res, err := db.FindResults(ctx, site.ID, s.ID)
	if err != nil || !res.Final || res.Ballots != 1 || res.Voters != 1 || res.Audience != 2 || !res.QuorumMet ||
		res.Questions[0].Options[1].Count != 1 {
		t.Errorf("results %+v, %v", res, err)
	}
	if got, _ := db.FindSurvey(ctx, site.ID, s.ID); !got.ResultsPublished || got.Status != survey.StatusClosed {
		t.Errorf("survey %s, published %v", got.Status, got.ResultsPublished)
	}
	var audits int
	_ = db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE target = $1 AND action = 'survey.close' AND actor_id = $2`,
		"survey:"+strconv.FormatInt(s.ID, 10), author.ID).Scan(&audits)
	if audits != 1 {
		t.Errorf("%d audit rows for the early close by the author, want 1", audits)
	}

	// The history replays, and carries IDs only.
	h := testenv.History(t, tc, id)
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.Survey)
	if err := r.ReplayWorkflowHistory(nil, h); err != nil {
		t.Fatalf("replay: %v", err)
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{voter.Email, silent.Email, author.Email, voter.FullName, author.FullName, `"no"`, "menu", "Меню"} {
		if bytes.Contains(data, []byte(secret)) || strings.Contains(decodedPayloads(data), secret) {
			t.Errorf("the history holds %q", secret)
		}
	}
	testenv.RecordHistory(t, h, "survey.json")
}

// TestSurveyReplay replays a survey recorded from a real run (TestSurveyEndToEnd with
// MEKTEP_RECORD_HISTORY=1) against the current workflow code.
func TestSurveyReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.Survey)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/survey.json"); err != nil {
		t.Fatalf("replay: %v", err)
	}
}
