package workflows

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// recordingPublisher remembers what it was asked to publish and when (in workflow time).
type recordingPublisher struct {
	mu    sync.Mutex
	calls []string
	want  time.Time // the schedule still in force
}

func (p *recordingPublisher) PublishScheduled(_ context.Context, siteID int64, key string, at time.Time) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, key)
	return at.Equal(p.want), nil
}

func TestScheduledPublishWaitsForItsTime(t *testing.T) {
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	start := env.Now()
	at := start.Add(30 * 24 * time.Hour) // a month ahead: time skipping, not waiting
	pub := &recordingPublisher{want: at}
	env.RegisterActivity(&activities.Publishing{ByKind: map[string]activities.ScheduledPublisher{sitecore.SearchPage: pub}})
	var firedAt time.Time
	env.SetOnActivityStartedListener(func(*activity.Info, context.Context, converter.EncodedValues) { firedAt = env.Now() })
	env.ExecuteWorkflow(ScheduledPublish, PublishInput{SiteID: 7, Kind: sitecore.SearchPage, Key: "exams", At: at})
	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("workflow: completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
	}
	var done bool
	if err := env.GetWorkflowResult(&done); err != nil || !done {
		t.Errorf("result %v %v, want published", done, err)
	}
	if len(pub.calls) != 1 || pub.calls[0] != "exams" {
		t.Errorf("publisher calls %v, want [exams]", pub.calls)
	}
	if firedAt.Before(at) || firedAt.Sub(at) > time.Minute {
		t.Errorf("published at %v, want at %v", firedAt, at)
	}
}

func TestScheduledPublishChangedPlanDoesNothing(t *testing.T) {
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	at := env.Now().Add(2 * time.Hour)
	pub := &recordingPublisher{want: at.Add(time.Hour)} // rescheduled meanwhile
	env.RegisterActivity(&activities.Publishing{ByKind: map[string]activities.ScheduledPublisher{sitecore.SearchNews: pub}})
	env.ExecuteWorkflow(ScheduledPublish, PublishInput{SiteID: 7, Kind: sitecore.SearchNews, Key: "n1", At: at})
	var done bool
	if err := env.GetWorkflowResult(&done); err != nil || done {
		t.Errorf("result %v %v, want not published", done, err)
	}
}

func TestScheduledPublishCancelled(t *testing.T) {
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	at := env.Now().Add(48 * time.Hour)
	pub := &recordingPublisher{want: at}
	env.RegisterActivity(&activities.Publishing{ByKind: map[string]activities.ScheduledPublisher{sitecore.SearchPage: pub}})
	env.RegisterDelayedCallback(env.CancelWorkflow, time.Hour)
	env.ExecuteWorkflow(ScheduledPublish, PublishInput{SiteID: 7, Kind: sitecore.SearchPage, Key: "p", At: at})
	if env.GetWorkflowError() == nil {
		t.Error("a cancelled timer completed")
	}
	if len(pub.calls) != 0 {
		t.Errorf("a cancelled timer published %v", pub.calls)
	}
}
