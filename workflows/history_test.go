package workflows

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/mektep/mektep/internal/testenv"
)

// WorkflowHistory reads a closed workflow's whole history (the latest run of the ID). It is
// exported for the tests of package workflows_test too.
func WorkflowHistory(t testing.TB, c client.Client, id string) *historypb.History {
	t.Helper()
	iter := c.GetWorkflowHistory(context.Background(), id, "", false, 0)
	h := &historypb.History{}
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, ev)
	}
	return h
}

// RecordHistory stores h as testdata/histories/file for the replay tests when
// MEKTEP_RECORD_HISTORY is set, and does nothing otherwise.
func RecordHistory(t testing.TB, h *historypb.History, file string) {
	t.Helper()
	if os.Getenv("MEKTEP_RECORD_HISTORY") == "" {
		return
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(testenv.Root(t), "testdata", "histories", file), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
