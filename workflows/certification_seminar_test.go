package workflows_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/smtp"
	"github.com/mektep/mektep/workflows"
)

// TestSeminarReminders runs a seminar's workflow with time skipping against the real
// activities: created nine days before, rescheduled a week later; reminders go a week and
// a day before the new start at the same Almaty wall-clock time, to confirmed registrants
// only; a reminder whose moment passed before the date was set is skipped; a promotion is
// told at once.
func TestSeminarReminders(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	sink := testenv.SMTPSink(t)
	mailer, err := smtp.New(sink.URL(), "Mektep <noreply@mektep.kz>")
	if err != nil {
		t.Fatal(err)
	}
	store := db.Certification()
	var users []*sitecore.User
	for _, email := range []string{"a@sem.kz", "b@sem.kz", "c@sem.kz"} {
		u := &sitecore.User{Email: email, FullName: "Person " + email, Lang: sitecore.Russian, Visibility: sitecore.VisibilityMembers}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, sitecore.Almaty)
	sm := &certification.Seminar{Kind: certification.KindTemplates, Title: map[sitecore.Lang]string{"kk": "Семинар", "ru": "Семинар", "en": "Seminar"},
		StartsAt: time.Date(2026, 9, 5, 10, 0, 0, 0, sitecore.Almaty), EndsAt: time.Date(2026, 9, 5, 17, 0, 0, 0, sitecore.Almaty),
		Place: "Астана, Мәңгілік Ел 8", Capacity: 2}
	if err := store.CreateSeminar(ctx, sm); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if _, err := store.Register(ctx, sm.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}

	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.RegisterWorkflow(workflows.Seminar)
	env.RegisterActivity(&activities.Certification{Store: store, Seminars: store, Accounts: db,
		Mail: &activities.Mail{Mailer: mailer, MailLog: db}})
	env.SetTestTimeout(60 * time.Second)
	type sent struct {
		at     time.Time
		notice activities.SeminarNotice
	}
	var mu sync.Mutex
	var notices []sent
	env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, args converter.EncodedValues) {
		if info.ActivityType.Name != "NotifySeminar" {
			return
		}
		var n activities.SeminarNotice
		_ = args.Get(&n)
		mu.Lock()
		notices = append(notices, sent{env.Now().In(sitecore.Almaty), n})
		mu.Unlock()
	})
	// On day 2 the seminar moves to 20 September; on day 3 the third person is promoted
	// (someone cancelled).
	newStart := time.Date(2026, 9, 20, 10, 0, 0, 0, sitecore.Almaty)
	env.RegisterDelayedCallback(func() {
		sm.StartsAt, sm.EndsAt = newStart, newStart.Add(7*time.Hour)
		if _, err := store.UpdateSeminar(ctx, sm); err != nil {
			t.Error(err)
		}
		env.SignalWorkflow(workflows.SignalSeminarChanged, nil)
	}, 24*time.Hour)
	env.RegisterDelayedCallback(func() {
		if _, err := store.CancelRegistration(ctx, sm.ID, users[0].ID); err != nil {
			t.Error(err)
		}
		env.SignalWorkflow(workflows.SignalSeminarPromoted, []int64{users[2].ID})
	}, 48*time.Hour)
	env.ExecuteWorkflow(workflows.Seminar, workflows.SeminarInput{SeminarID: sm.ID})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}

	want := []struct {
		at   time.Time
		kind string
		days int
	}{
		{start.Add(48 * time.Hour), activities.SeminarMailPromoted, 0},
		{time.Date(2026, 9, 13, 10, 0, 0, 0, sitecore.Almaty), activities.SeminarMailReminder, 7},
		{time.Date(2026, 9, 19, 10, 0, 0, 0, sitecore.Almaty), activities.SeminarMailReminder, 1},
	}
	if len(notices) != len(want) {
		t.Fatalf("notices: %+v", notices)
	}
	for i, w := range want {
		if n := notices[i]; !n.at.Equal(w.at) || n.notice.Kind != w.kind || n.notice.Days != w.days {
			t.Errorf("notice %d: %s %+v, want %s %s %d", i, n.at, n.notice, w.at, w.kind, w.days)
		}
	}
	// Emails: the promotion to C; each reminder to the two confirmed then (B and C), none
	// to A, who cancelled.
	ms, err := devstack.ReadMail(sink.Dir)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, m := range ms {
		for _, to := range m.To {
			count[to]++
		}
	}
	if count["a@sem.kz"] != 0 || count["b@sem.kz"] != 2 || count["c@sem.kz"] != 3 {
		t.Errorf("emails per person: %v", count)
	}
}
