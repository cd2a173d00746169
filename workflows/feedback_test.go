package workflows_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// TestFeedbackSLA runs a message's reminder timer on the time-skipping test server with the
// business calendar and Kazakhstan's Independence Day holidays (16–17 December): a message
// that came on Tuesday 15 December 2026 at 15:00 in Almaty with an answer time of 2
// working days (18 working hours) is due on Monday 21 December at 15:00 — 3 hours on the
// 15th, none on the holidays or the weekend, 9 on Friday the 18th, 6 on Monday. Without an
// answer the topic's admins are reminded then; an answer before that ends the timer and
// nobody is reminded.
func TestFeedbackSLA(t *testing.T) {
	cal := sitecore.BusinessCalendar("2026-12-16", "2026-12-17")
	created := time.Date(2026, 12, 15, 15, 0, 0, 0, sitecore.Almaty)
	want := time.Date(2026, 12, 21, 15, 0, 0, 0, sitecore.Almaty)
	if got := sitecore.FeedbackDue(cal, created, 2); !got.Equal(want) {
		t.Fatalf("due %v, want %v", got, want)
	}
	for _, tc := range []struct {
		name     string
		answerIn time.Duration // 0: never
		remind   bool
	}{{"unanswered", 0, true}, {"answered on Friday", 3 * 24 * time.Hour, false}} {
		t.Run(tc.name, func(t *testing.T) {
			var s testsuite.WorkflowTestSuite
			env := s.NewTestWorkflowEnvironment()
			env.SetStartTime(created)
			a := &activities.Feedback{}
			env.RegisterActivity(a)
			env.RegisterWorkflow(workflows.FeedbackSLA)
			in := activities.FeedbackMessage{SiteID: 3, MessageID: 42}
			env.OnActivity(a.FeedbackDueAt, mock.Anything, in).Return(activities.FeedbackDue{At: sitecore.FeedbackDue(cal, created, 2), Waiting: true}, nil)
			var remindedAt time.Time
			env.OnActivity(a.RemindFeedback, mock.Anything, in).Return(func(context.Context, activities.FeedbackMessage) (bool, error) {
				remindedAt = env.Now()
				return true, nil
			})
			if tc.answerIn > 0 {
				env.RegisterDelayedCallback(func() { env.SignalWorkflow(workflows.SignalFeedbackAnswered, nil) }, tc.answerIn)
			}
			env.ExecuteWorkflow(workflows.FeedbackSLA, in)
			if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
				t.Fatalf("completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
			}
			switch {
			case tc.remind && !remindedAt.Equal(want):
				t.Fatalf("reminded at %v, want %v", remindedAt, want)
			case !tc.remind && !remindedAt.IsZero():
				t.Fatalf("reminded at %v after the answer", remindedAt)
			}
		})
	}
}
