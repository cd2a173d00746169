package workflows_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/workflows"
)

// exportCalls stands in for the export activities of one kind (registered under the real
// activities' names) and records their calls. The export numbered failing fails for good.
type exportCalls struct {
	mu      sync.Mutex
	calls   []string
	failing int64
}

func (e *exportCalls) note(s string) { e.mu.Lock(); e.calls = append(e.calls, s); e.mu.Unlock() }

func (e *exportCalls) register(w worker.Worker, run, fail, expire string) {
	w.RegisterActivityWithOptions(func(ctx context.Context, id int64) error {
		e.note(run + " " + strconv.FormatInt(id, 10))
		if id == e.failing {
			return temporal.NewNonRetryableApplicationError("disk full", "test", errors.New("disk full"))
		}
		activity.RecordHeartbeat(ctx, 1)
		return nil
	}, activity.RegisterOptions{Name: run})
	w.RegisterActivityWithOptions(func(ctx context.Context, id int64, reason string) error {
		e.note(fail + " " + strconv.FormatInt(id, 10))
		return nil
	}, activity.RegisterOptions{Name: fail})
	w.RegisterActivityWithOptions(func(ctx context.Context, id int64) error {
		e.note(expire + " " + strconv.FormatInt(id, 10))
		return nil
	}, activity.RegisterOptions{Name: expire})
}

func (e *exportCalls) got() []string { e.mu.Lock(); defer e.mu.Unlock(); return slices.Clone(e.calls) }

// TestExportsOnDevServer runs both kinds of export (admissions and surveys, one workflow
// shape) on the dev server: a file is written and deleted after the retention period; a
// run that fails for good records the failure and writes nothing else. The histories
// replay with the current code (and, with MEKTEP_RECORD_HISTORY=1, are stored for
// TestExportReplay).
func TestExportsOnDevServer(t *testing.T) {
	ctx := context.Background()
	c := testenv.TemporalClient(t)
	queue := "export-test-" + time.Now().Format("150405.000")
	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflow(workflows.ExportApplications)
	w.RegisterWorkflow(workflows.ExportSurvey)
	base := time.Now().UnixNano() % 1_000_000_000 * 10 // fresh workflow IDs on a shared server
	apps, surveys := &exportCalls{failing: base + 2}, &exportCalls{failing: base + 2}
	apps.register(w, "RunExport", "FailExport", "ExpireExport")
	surveys.register(w, "RunSurveyExport", "FailSurveyExport", "ExpireSurveyExport")
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	ec := &workflows.ExportClient{Temporal: c, TaskQueue: queue, Retention: time.Second}
	sc := &workflows.SurveyClient{Temporal: c, TaskQueue: queue, ExportRetention: time.Second}
	kinds := []struct {
		name  string
		start func(context.Context, int64) error
		id    func(int64) string
		calls *exportCalls
		steps [3]string
		file  string
	}{
		{"applications", ec.StartExport, workflows.ExportWorkflowID, apps, [3]string{"RunExport", "FailExport", "ExpireExport"}, "export-applications"},
		{"survey", sc.StartExport, workflows.SurveyExportWorkflowID, surveys, [3]string{"RunSurveyExport", "FailSurveyExport", "ExpireSurveyExport"}, "export-survey"},
	}
	for _, k := range kinds {
		done, failed := base+1, base+2
		for _, id := range []int64{done, failed} {
			if err := k.start(ctx, id); err != nil {
				t.Fatalf("%s: start %d: %v", k.name, id, err)
			}
		}
		if err := c.GetWorkflow(ctx, k.id(done), "").Get(ctx, nil); err != nil {
			t.Errorf("%s: the export that works: %v", k.name, err)
		}
		if err := c.GetWorkflow(ctx, k.id(failed), "").Get(ctx, nil); err == nil {
			t.Errorf("%s: the export that fails ended without an error", k.name)
		}
		d, f := strconv.FormatInt(done, 10), strconv.FormatInt(failed, 10)
		got := k.calls.got()
		slices.Sort(got)
		want := []string{k.steps[2] + " " + d, k.steps[1] + " " + f, k.steps[0] + " " + d, k.steps[0] + " " + f}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: activities %q, want %q", k.name, got, want)
		}
		for _, run := range []struct {
			id   int64
			file string
		}{{done, k.file + ".json"}, {failed, k.file + "-failed.json"}} {
			h := testenv.History(t, c, k.id(run.id))
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflow(workflows.ExportApplications)
			r.RegisterWorkflow(workflows.ExportSurvey)
			if err := r.ReplayWorkflowHistory(nil, h); err != nil {
				t.Errorf("%s: replay of a fresh history: %v", k.name, err)
			}
			testenv.RecordHistory(t, h, run.file)
		}
	}
}

// TestExportReplay replays exports recorded from real runs (TestExportsOnDevServer with
// MEKTEP_RECORD_HISTORY=1, recorded before the two kinds shared runExport) against the
// current workflow code.
func TestExportReplay(t *testing.T) {
	for _, f := range []string{"export-applications.json", "export-applications-failed.json", "export-survey.json", "export-survey-failed.json"} {
		r := worker.NewWorkflowReplayer()
		r.RegisterWorkflow(workflows.ExportApplications)
		r.RegisterWorkflow(workflows.ExportSurvey)
		if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/"+f); err != nil {
			t.Errorf("replay of %s: %v", f, err)
		}
	}
}
