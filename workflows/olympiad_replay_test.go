package workflows_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/workers"
	"github.com/mektep/mektep/workflows"
)

// TestOlympiadOnDevServer runs a one-round olympiad on the real Temporal dev server with the
// worker's registrations and the attempt relay, on a schedule of seconds: two students
// register, the round starts (attempts made by the activity without workflows, the
// round's timer submitting them at their deadline), results are released, one appeal is filed
// and decided through OlympiadClient, and the round is frozen and published. The history is
// then replayed with the current code (and, with MEKTEP_RECORD_HISTORY=1, stored for
// TestOlympiadReplay).
func TestOlympiadOnDevServer(t *testing.T) {
	ctx := context.Background()
	c := testenv.TemporalClient(t)
	w := newOlyWorld(t, 2*time.Second, func(testID int64) []olympiad.Round {
		now := time.Now().UTC().Truncate(time.Second).Add(time.Second)
		return []olympiad.Round{{Tasks: []olympiad.Task{{Subject: "math", Grade: 9, TestID: testID}},
			RegistrationOpens: now.Add(-time.Hour), RegistrationCloses: now.Add(6 * time.Second), NotifyBefore: time.Second,
			StartsAt: now.Add(7 * time.Second), EndsAt: now.Add(9 * time.Second), ResultsAt: now.Add(11 * time.Second),
			AppealsClose: now.Add(18 * time.Second), FreezeBy: now.Add(19 * time.Second), Awards: olympiad.Awards{First: 1}}}
	})
	site, r := w.organiser.ID, w.rounds[0]
	var regs []*olympiad.Registration
	for i := range 2 {
		g, err := w.register(w.students[i], w.schools[i], time.Now())
		if err != nil {
			t.Fatal(err)
		}
		regs = append(regs, g)
	}
	queue := "olympiad-test-" + time.Now().Format("150405.000")
	wk := worker.New(c, queue, worker.Options{})
	workers.Register(wk, workers.Deps{Quiz: &activities.Quiz{Store: w.db}, Olympiad: w.acts})
	if err := wk.Start(); err != nil {
		t.Fatal(err)
	}
	defer wk.Stop()
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	relay := &workflows.AttemptRelay{Store: w.db, Attempts: &workflows.AttemptClient{Temporal: c, TaskQueue: queue},
		Log: testenv.Logger(t), Poll: 100 * time.Millisecond}
	go relay.Run(rctx)

	oc := &workflows.OlympiadClient{Temporal: c, TaskQueue: queue}
	if err := oc.Start(ctx, site, w.o.ID); err != nil {
		t.Fatal(err)
	}
	if err := oc.Start(ctx, site, w.o.ID); err != nil {
		t.Fatalf("second start: %v", err)
	}
	// The first student answers right once the attempt exists; the second saves nothing.
	var attemptID int64
	testenv.Eventually(t, 20*time.Second, "the attempts exist", func() bool {
		g, err := w.db.FindRegistration(ctx, site, regs[0].ID)
		attemptID = g.AttemptID
		return err == nil && attemptID != 0
	})
	if _, err := w.db.SaveAnswer(ctx, site, quiz.Save{AttemptID: attemptID, QuestionID: w.qs[0].ID, Seq: 1,
		Response: quiz.Response{Choice: w.qs[0].Body.Options[0].ID}}, time.Now()); err != nil {
		t.Fatalf("save: %v", err)
	}
	testenv.Eventually(t, 30*time.Second, "the results are released", func() bool {
		s, _ := w.db.FindRound(ctx, site, r.ID)
		return s != nil && s.Status.Reached(olympiad.RoundResults)
	})
	// The second student's attempt was submitted by the round at its deadline; no attempt
	// has a workflow of its own.
	g1, _ := w.db.FindRegistration(ctx, site, regs[1].ID)
	if a, err := w.db.FindAttempt(ctx, site, g1.AttemptID); err != nil || a.Status != quiz.Graded || !a.SubmittedAt.Equal(a.Deadline) {
		t.Errorf("attempt left to the deadline = %+v, %v", a, err)
	}
	for _, id := range []int64{attemptID, g1.AttemptID} {
		if _, err := c.DescribeWorkflowExecution(ctx, workflows.AttemptWorkflowID(id), ""); err == nil {
			t.Errorf("attempt %d has a workflow of its own", id)
		}
	}
	// The validators' refusals reach the client as the domain errors the services give.
	_, err := oc.Appeal(ctx, w.o.ID, activities.AppealRequest{RegistrationID: regs[0].ID, ParticipantID: w.outsider.ID,
		QuestionID: w.qs[0].ID, Text: "x"})
	wantRefusal(t, "appeal from a non-participant", err, sitecore.ENotFound, "olympiad.not_participant", "")
	_, err = oc.Appeal(ctx, w.o.ID, activities.AppealRequest{RegistrationID: regs[0].ID, ParticipantID: w.students[0].ID,
		QuestionID: w.qs[1].ID})
	wantRefusal(t, "appeal without a text", err, sitecore.EInvalid, "olympiad.appeal_text", "text")
	id, err := oc.Appeal(ctx, w.o.ID, activities.AppealRequest{RegistrationID: regs[0].ID, ParticipantID: w.students[0].ID,
		QuestionID: w.qs[1].ID, Text: "g = 9,8"})
	if err != nil {
		t.Fatalf("appeal: %v", err)
	}
	_, err = oc.Decide(ctx, w.o.ID, olympiad.Decision{AppealID: id, JuryMemberID: w.students[1].ID, Accept: true, Points: 2})
	wantRefusal(t, "decision by a non-jury member", err, sitecore.EForbidden, "olympiad.not_jury", "")
	_, err = oc.Decide(ctx, w.o.ID, olympiad.Decision{AppealID: id, JuryMemberID: w.jury.ID, Accept: true, Points: -1})
	wantRefusal(t, "negative points", err, sitecore.EInvalid, "olympiad.points_negative", "points")
	_, err = oc.Decide(ctx, w.o.ID, olympiad.Decision{AppealID: id + 1000, JuryMemberID: w.jury.ID, Accept: true, Points: 1})
	wantRefusal(t, "decision on an appeal that is not open", err, sitecore.EConflict, "olympiad.appeal_decided", "appeal")
	if s, err := oc.Decide(ctx, w.o.ID, olympiad.Decision{AppealID: id, JuryMemberID: w.jury.ID, Accept: true, Points: 1}); err != nil || s != olympiad.AppealAccepted {
		t.Fatalf("decision = %v, %v", s, err)
	}
	if err := c.GetWorkflow(ctx, workflows.OlympiadWorkflowID(w.o.ID), "").Get(ctx, nil); err != nil {
		t.Fatalf("olympiad workflow: %v", err)
	}
	_, err = oc.Appeal(ctx, w.o.ID, activities.AppealRequest{RegistrationID: regs[0].ID, ParticipantID: w.students[0].ID,
		QuestionID: w.qs[0].ID, Text: "кеш"})
	wantRefusal(t, "appeal after the workflow ended", err, sitecore.EConflict, "olympiad.appeals_closed", "appeal")
	res, err := w.db.ParticipantResult(ctx, site, r.ID, w.students[0].ID)
	if err != nil || res.Score != 4 || res.Place != 1 {
		t.Errorf("winner's result = %+v, %v (3 for the answer, 1 from the appeal)", res, err)
	}
	if s, _ := w.db.FindRound(ctx, site, r.ID); s.Status != olympiad.RoundPublished {
		t.Errorf("final status %s", s.Status)
	}
	h := testenv.History(t, c, workflows.OlympiadWorkflowID(w.o.ID))
	rp := worker.NewWorkflowReplayer()
	rp.RegisterWorkflow(workflows.Olympiad)
	if err := rp.ReplayWorkflowHistory(nil, h); err != nil {
		t.Fatalf("replay of a fresh history: %v", err)
	}
	t.Logf("olympiad history: %d events for a round of 2 participants", len(h.Events))
	testenv.RecordHistory(t, h, "olympiad-held-deadlines.json")
}

// TestOlympiadReplay replays rounds recorded from real runs against the current workflow
// code: olympiad.json from before the round held its attempts' deadlines (attempt
// workflows through the relay), olympiad-held-deadlines.json after (TestOlympiadOnDevServer
// with MEKTEP_RECORD_HISTORY=1).
func TestOlympiadReplay(t *testing.T) {
	for _, f := range []string{"olympiad.json", "olympiad-held-deadlines.json"} {
		r := worker.NewWorkflowReplayer()
		r.RegisterWorkflow(workflows.Olympiad)
		if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/"+f); err != nil {
			t.Fatalf("replay of %s: %v", f, err)
		}
	}
}
