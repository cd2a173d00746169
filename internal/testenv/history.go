package testenv

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/encoding/protojson"
)

// History reads a closed workflow's whole history (the latest run of the ID).
func History(tb testing.TB, c client.Client, workflowID string) *historypb.History {
	tb.Helper()
	iter := c.GetWorkflowHistory(context.Background(), workflowID, "", false, 0)
	h := &historypb.History{}
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			tb.Fatal(err)
		}
		h.Events = append(h.Events, ev)
	}
	return h
}

// RecordHistory stores h as testdata/histories/file for the replay tests when
// MEKTEP_RECORD_HISTORY is set, and does nothing otherwise.
func RecordHistory(tb testing.TB, h *historypb.History, file string) {
	tb.Helper()
	if os.Getenv("MEKTEP_RECORD_HISTORY") == "" {
		return
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(Root(tb), "testdata", "histories", file), data, 0o644); err != nil {
		tb.Fatal(err)
	}
}
