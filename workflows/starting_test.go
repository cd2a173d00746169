package workflows_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/workflows"
)

// TestUpdatesWhileLoadingOnDevServer sends updates to survey, ticket, certification,
// admission and olympiad workflows before any worker has run them, so each update arrives with the workflow's
// first task, while the workflow loads its record (the worker has none of the activities,
// so the load never finishes): each client gets its workflow's "starting" refusal, a 409
// naming the field, not an unknown update (which the clients can only call a 503).
func TestUpdatesWhileLoadingOnDevServer(t *testing.T) {
	ctx := context.Background()
	c := testenv.TemporalClient(t)
	queue := "loading-test-" + time.Now().Format("150405.000")
	id := time.Now().UnixNano() % 1_000_000_000 // fresh workflow IDs on a shared server
	sc := &workflows.SurveyClient{Temporal: c, TaskQueue: queue}
	tc := &workflows.TicketClient{Temporal: c, TaskQueue: queue}
	cc := &workflows.CertificationClient{Temporal: c, TaskQueue: queue}
	ac := &workflows.AdmissionClient{Temporal: c}
	oc := &workflows.OlympiadClient{Temporal: c, TaskQueue: queue}
	e := &certification.Enrollment{ID: id, UserID: id, Kind: "templates"}
	for _, start := range []func() error{
		func() error { return sc.Start(ctx, 1, id) },
		func() error { return tc.Start(ctx, id) },
		func() error { return cc.Start(ctx, e) },
		func() error {
			_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.AdmissionWorkflowID(id), TaskQueue: queue},
				workflows.Admission, workflows.AdmissionInput{AppID: id})
			return err
		},
		func() error { return oc.Start(ctx, 1, id) },
	} {
		if err := start(); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		for _, wid := range []string{workflows.SurveyWorkflowID(id), workflows.TicketWorkflowID(id), workflows.CertificationWorkflowID(e.UserID, e.Kind),
			workflows.AdmissionWorkflowID(id), workflows.OlympiadWorkflowID(id)} {
			_ = c.TerminateWorkflow(context.Background(), wid, "", "test over")
		}
	}()

	type answer struct {
		what string
		err  error
	}
	answers := make(chan answer, 5)
	go func() { answers <- answer{"survey", sc.Close(ctx, 1, id, 5)} }()
	go func() {
		_, err := tc.Act(ctx, id, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: 5, Body: "hi", Agent: true})
		answers <- answer{"ticket", err}
	}()
	go func() {
		_, err := cc.LessonDone(ctx, e.UserID, e.Kind, 1)
		answers <- answer{"certification", err}
	}()
	go func() {
		_, err := ac.Documents(ctx, id, true, "", "user:5")
		answers <- answer{"admission", err}
	}()
	go func() {
		_, err := oc.Appeal(ctx, id, activities.AppealRequest{RegistrationID: 1, ParticipantID: 2, QuestionID: 3, Text: "x"})
		answers <- answer{"olympiad", err}
	}()
	time.Sleep(2 * time.Second) // the updates reach the server and wait for the first tasks

	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflow(workflows.Survey)
	w.RegisterWorkflow(workflows.Ticket)
	w.RegisterWorkflow(workflows.Certification)
	w.RegisterWorkflow(workflows.Admission)
	w.RegisterWorkflow(workflows.Olympiad)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	want := map[string][3]string{
		"survey":        {sitecore.EConflict, "survey.starting", "status"},
		"ticket":        {sitecore.EConflict, "helpdesk.starting", "status"},
		"certification": {sitecore.EConflict, "cert.starting", "phase"},
		"admission":     {sitecore.EConflict, "admission.starting", "status"},
		"olympiad":      {sitecore.EConflict, "olympiad.starting", "appeal"},
	}
	for range 5 {
		a := <-answers
		wantRefusal(t, "an update to a loading "+a.what, a.err, want[a.what][0], want[a.what][1], want[a.what][2])
	}
}
