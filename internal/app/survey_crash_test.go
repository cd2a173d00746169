package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/eds/edstest"
	"github.com/mektep/mektep/sitecore/survey"
	"github.com/mektep/mektep/workflows"
)

// The worker process is killed (SIGKILL) while a secret vote closes: the close timer has
// fired, the box is closed and the results are being computed (the ballots are being
// shuffled, held there by a lock the test takes). A new worker finishes. The results are
// stored once and are right: every ballot counted once, none lost, the owner told once.
func TestSurveyWorkerCrashWhileClosing(t *testing.T) {
	const n = 24
	root, roots := testNCARoot(t)
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_EDS_ROOTS_DIR": roots}})
	bin := buildMektep(t)
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-svcrash")
	w1 := startWorker(t, bin, s)

	iins := make([]string, n)
	for i := range iins {
		iins[i] = childIIN(700 + i)
	}
	closes := time.Now().Add(40 * time.Second)
	id, path := createSurvey(t, s, site, surveyDef(survey.Anonymous, map[string]any{"kind": "iin_list"},
		time.Now().Add(-time.Minute), closes, false), "Authorization", "Bearer "+s.Token)
	uploadIINs(t, s, path, iins, "Authorization", "Bearer "+s.Token)
	scheduleSurvey(t, s, path, "Authorization", "Bearer "+s.Token)

	want := map[string]int{}
	for i, iin := range iins {
		choice := []string{"a", "a", "b", "a", "c", "b"}[i%6] // skewed, so a swapped count shows
		want[choice]++
		voter := root.Issue(edstest.Individual(edstest.GOST512, iin, "ДАУЫС", fmt.Sprint("БЕРУШІ", i)))
		voteAnonymously(t, s, path, voter, map[string]survey.Answer{"q": {Choice: choice}}, "")
	}
	if time.Now().After(closes) {
		t.Fatal("voting took longer than the survey was open")
	}

	// Hold the shuffle at closing: no writes to the ballots until the worker is dead.
	tx, err := s.App.DB.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	if _, err := tx.Exec(ctx, `LOCK TABLE survey_ballots IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 2*time.Minute, "the worker counting at closing (held by the lock)", func() bool {
		return countRows(t, s, `SELECT count(*) FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND query LIKE '%DELETE FROM survey_ballots%'`) > 0
	})
	if st := surveyStatus(t, s, path); st != survey.StatusClosed {
		t.Fatalf("status while counting: %s", st)
	}
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()
	if countRows(t, s, `SELECT count(*) FROM surveys WHERE id = $1 AND results IS NOT NULL`, id) != 0 {
		t.Fatal("results stored before the crash")
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}

	startWorker(t, bin, s)
	res := finalResults(t, s, path, 2*time.Minute)
	if res.Ballots != n || res.Voters != n {
		t.Errorf("results: %d ballots of %d voters, want %d", res.Ballots, res.Voters, n)
	}
	for _, o := range res.Questions[0].Options {
		if o.Count != want[o.ID] {
			t.Errorf("option %s: %d, want %d", o.ID, o.Count, want[o.ID])
		}
	}
	if k := countRows(t, s, `SELECT count(*) FROM survey_ballots WHERE survey_id = $1`, id); k != n {
		t.Errorf("%d ballot rows, want %d", k, n)
	}
	// The shuffle committed once: every ballot row was written by one transaction.
	if k := countRows(t, s, `SELECT count(DISTINCT xmin::text) FROM survey_ballots WHERE survey_id = $1`, id); k != 1 {
		t.Errorf("ballots written by %d transactions, want 1 (shuffled once)", k)
	}
	if k := countRows(t, s, `SELECT count(*) FROM audit_log WHERE target = $1 AND action = 'survey.close'`, fmt.Sprintf("survey:%d", id)); k != 1 {
		t.Errorf("%d close audit entries, want 1", k)
	}

	// The workflow finished with the same results, after computing them in a second attempt.
	var view workflows.SurveyView
	if err := s.App.Temporal.GetWorkflow(ctx, workflows.SurveyWorkflowID(id), "").Get(ctx, &view); err != nil {
		t.Fatal(err)
	}
	if view.Status != survey.StatusClosed || view.Results == nil || view.Results.Ballots != n {
		t.Errorf("workflow view: %+v", view)
	}
	attempts := 0
	it := s.App.Temporal.GetWorkflowHistory(ctx, workflows.SurveyWorkflowID(id), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	scheduled := map[int64]string{}
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := ev.GetActivityTaskScheduledEventAttributes(); a != nil {
			scheduled[ev.GetEventId()] = a.GetActivityType().GetName()
		}
		if a := ev.GetActivityTaskStartedEventAttributes(); a != nil && scheduled[a.GetScheduledEventId()] == "ComputeResults" {
			attempts = int(a.GetAttempt())
		}
	}
	if attempts < 2 {
		t.Errorf("ComputeResults ran in attempt %d; the crash did not hit the counting", attempts)
	}

	// The owner hears of the closing once (a resent email keeps its Message-ID).
	time.Sleep(time.Second)
	testenv.Eventually(t, time.Minute, "the owner's notice", func() bool { return len(mailTo(t, s, "o@school-svcrash.kz")) > 0 })
	distinct := map[string]bool{}
	for _, m := range mailTo(t, s, "o@school-svcrash.kz") {
		distinct[m.MessageID] = true
	}
	if len(distinct) != 1 {
		t.Errorf("owner got %d distinct notices, want 1", len(distinct))
	}
}

// surveyStatus reads the survey's status through the API.
func surveyStatus(t testing.TB, s *stack, path string) survey.Status {
	t.Helper()
	var got struct{ Survey survey.Survey }
	r := s.operator("GET", path, nil)
	if r.Status != 200 {
		t.Fatalf("get survey: %d %s", r.Status, r.Body)
	}
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatal(err)
	}
	return got.Survey.Status
}
