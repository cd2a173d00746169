package workflows_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore/survey"
	"github.com/mektep/mektep/workflows"
)

// surveyEnv runs the survey workflow on the time-skipping test server with its activities
// replaced by recorders of what the workflow asked, and when (offsets from the start).
type surveyEnv struct {
	*testsuite.TestWorkflowEnvironment
	start    time.Time
	steps    []string
	computed int
}

func (e *surveyEnv) at(what string) {
	e.steps = append(e.steps, fmt.Sprintf("%s@%s", what, e.Now().Sub(e.start)))
}

func newSurveyEnv(t *testing.T, info activities.SurveyInfo) *surveyEnv {
	var s testsuite.WorkflowTestSuite
	e := &surveyEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), start: time.Date(2026, 5, 4, 4, 0, 0, 0, time.UTC)}
	e.SetStartTime(e.start)
	a := &activities.Surveys{}
	e.RegisterActivity(a)
	e.RegisterWorkflow(workflows.Survey)
	e.OnActivity(a.LoadSurvey, mock.Anything, mock.Anything).Return(info, nil)
	e.OnActivity(a.OpenSurvey, mock.Anything, mock.Anything).Return(func(context.Context, activities.SurveyRef) error {
		e.at("open")
		return nil
	})
	e.OnActivity(a.SendReminders, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.ReminderInput) (int, error) {
		e.at(fmt.Sprintf("remind%d", in.Index))
		return 3, nil
	})
	e.OnActivity(a.CloseSurvey, mock.Anything, mock.Anything).Return(func(context.Context, activities.SurveyRef) error {
		e.at("close")
		return nil
	})
	e.OnActivity(a.ComputeResults, mock.Anything, mock.Anything).Return(func(context.Context, activities.SurveyRef) (activities.ResultsSummary, error) {
		e.computed++
		e.at("results")
		return activities.ResultsSummary{Ballots: 40, Voters: 42, QuorumMet: true}, nil
	})
	e.OnActivity(a.PublishResults, mock.Anything, mock.Anything).Return(func(context.Context, activities.SurveyRef) error {
		e.at("publish")
		return nil
	})
	e.OnActivity(a.NotifyOwner, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.OwnerNotice) error {
		e.at("notify-" + in.Kind)
		return nil
	})
	e.OnActivity(a.ApplySurveyChange, mock.Anything, mock.Anything).Return(func(_ context.Context, ch activities.SurveyChange) error {
		if ch.ActorID == 0 {
			t.Errorf("change %s without actor", ch.Kind)
		}
		e.at("apply-" + ch.Kind)
		return nil
	})
	e.SetTestTimeout(30 * time.Second)
	return e
}

const day = 24 * time.Hour

func weekInfo(start time.Time) activities.SurveyInfo {
	return activities.SurveyInfo{Status: survey.StatusScheduled, OpensAt: start.Add(day), ClosesAt: start.Add(8 * day),
		Reminders: []int{200, 72, 24}, PublishResults: true}
}

func (e *surveyEnv) run(t *testing.T) workflows.SurveyView {
	t.Helper()
	e.ExecuteWorkflow(workflows.Survey, workflows.SurveyInput{SiteID: 1, SurveyID: 9})
	if !e.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := e.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var v workflows.SurveyView
	if err := e.GetWorkflowResult(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Open at the opening time, remind on plan (the 200-hour reminder would fall before opening
// and is skipped), close at the closing time, count once, publish, tell the owner.
func TestSurveyOpenRemindCloseResults(t *testing.T) {
	e := newSurveyEnv(t, weekInfo(time.Date(2026, 5, 4, 4, 0, 0, 0, time.UTC)))
	v := e.run(t)
	want := []string{"open@24h0m0s", "remind1@120h0m0s", "remind2@168h0m0s", "close@192h0m0s", "results@192h0m0s",
		"publish@192h0m0s", "notify-closed@192h0m0s"}
	if !slices.Equal(e.steps, want) {
		t.Errorf("steps\n%v\nwant\n%v", e.steps, want)
	}
	if v.Status != survey.StatusClosed || v.RemindersSent != 2 || v.Results == nil || v.Results.Ballots != 40 || e.computed != 1 {
		t.Errorf("view %+v, computed %d", v, e.computed)
	}
}

// Extending moves the closing time and the reminders still due with it; a reminder that
// fired stays fired; extending to an earlier time is refused.
func TestSurveyExtend(t *testing.T) {
	start := time.Date(2026, 5, 4, 4, 0, 0, 0, time.UTC)
	e := newSurveyEnv(t, weekInfo(start))
	updateAt(t, e.TestWorkflowEnvironment, 6*day, workflows.UpdateSurveyExtend, workflows.SurveyAction{ActorID: 5, ClosesAt: start.Add(7 * day)}, "survey.extend")
	updateAt(t, e.TestWorkflowEnvironment, 6*day+time.Hour, workflows.UpdateSurveyExtend, workflows.SurveyAction{ActorID: 5, ClosesAt: start.Add(10 * day)}, "")
	v := e.run(t)
	want := []string{"open@24h0m0s", "remind1@120h0m0s", "apply-extend@145h0m0s", "remind2@216h0m0s",
		"close@240h0m0s", "results@240h0m0s", "publish@240h0m0s", "notify-closed@240h0m0s"}
	if !slices.Equal(e.steps, want) {
		t.Errorf("steps\n%v\nwant\n%v", e.steps, want)
	}
	if !v.ClosesAt.Equal(start.Add(10 * day)) {
		t.Errorf("closes %s", v.ClosesAt)
	}
}

// Cancelling stops everything: no more reminders, no results; the owner hears of it.
func TestSurveyCancel(t *testing.T) {
	e := newSurveyEnv(t, weekInfo(time.Date(2026, 5, 4, 4, 0, 0, 0, time.UTC)))
	updateAt(t, e.TestWorkflowEnvironment, 2*day, workflows.UpdateSurveyCancel, workflows.SurveyAction{ActorID: 5}, "")
	v := e.run(t)
	want := []string{"open@24h0m0s", "apply-cancel@48h0m0s", "notify-cancelled@48h0m0s"}
	if !slices.Equal(e.steps, want) || v.Status != survey.StatusCancelled || e.computed != 0 {
		t.Errorf("steps %v, view %+v", e.steps, v)
	}
}

// Closing early counts at once; closing before opening is refused (cancel instead).
func TestSurveyCloseEarly(t *testing.T) {
	e := newSurveyEnv(t, weekInfo(time.Date(2026, 5, 4, 4, 0, 0, 0, time.UTC)))
	updateAt(t, e.TestWorkflowEnvironment, 12*time.Hour, workflows.UpdateSurveyClose, workflows.SurveyAction{ActorID: 5}, "survey.state")
	updateAt(t, e.TestWorkflowEnvironment, 3*day, workflows.UpdateSurveyClose, workflows.SurveyAction{ActorID: 5}, "")
	v := e.run(t)
	want := []string{"open@24h0m0s", "apply-close@72h0m0s", "close@72h0m0s", "results@72h0m0s", "publish@72h0m0s",
		"notify-closed@72h0m0s"}
	if !slices.Equal(e.steps, want) || v.Status != survey.StatusClosed || v.RemindersSent != 0 || e.computed != 1 {
		t.Errorf("steps %v, view %+v", e.steps, v)
	}
}

// A survey scheduled after its opening time opens at once; one without publishing keeps its
// results to the owner.
func TestSurveyLateStartNoPublish(t *testing.T) {
	start := time.Date(2026, 5, 4, 4, 0, 0, 0, time.UTC)
	info := weekInfo(start)
	info.OpensAt, info.PublishResults, info.Reminders = start.Add(-time.Hour), false, nil
	e := newSurveyEnv(t, info)
	e.run(t)
	want := []string{"open@0s", "close@192h0m0s", "results@192h0m0s", "notify-closed@192h0m0s"}
	if !slices.Equal(e.steps, want) {
		t.Errorf("steps %v, want %v", e.steps, want)
	}
}
