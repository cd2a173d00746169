package activities

import (
	"context"
	"io"
	"strconv"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// ExportWriter writes an export's workbook (admissions.Service.WriteExport).
type ExportWriter func(ctx context.Context, siteID, campaignID int64, f sitecore.AppFilter, lang sitecore.Lang, w io.Writer, progress func(int)) (int, error)

// Exports runs large Excel exports.
type Exports struct {
	Store sitecore.ExportStore
	Files sitecore.FileStore
	Write ExportWriter
}

// maxExportSize bounds an export file (a million rows is about 90 MiB).
const maxExportSize = 1 << 30

// RunExport writes the workbook straight into GridFS through a pipe, so memory stays flat,
// and records progress every thousand rows (also as the activity's heartbeat, so a dead
// worker's export is retried quickly).
func (e *Exports) RunExport(ctx context.Context, exportID int64) error {
	x, err := e.Store.FindExportByID(ctx, exportID)
	if err != nil {
		return asTemporal(err)
	}
	if x.Status == "done" {
		return nil
	}
	pr, pw := io.Pipe()
	type result struct {
		rows int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		rows, err := e.Write(ctx, x.SiteID, x.CampaignID, x.Filter, x.Lang, pw, func(n int) {
			activity.RecordHeartbeat(ctx, n)
			_ = e.Store.ExportProgress(ctx, exportID, n)
		})
		pw.CloseWithError(err)
		done <- result{rows, err}
	}()
	name := "applications-" + strconv.FormatInt(x.CampaignID, 10) + "-" + time.Now().UTC().Format("20060102-150405") + ".xlsx"
	fileID, size, err := e.Files.Put(ctx, x.SiteID, name,
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", pr, maxExportSize)
	_ = pr.CloseWithError(err)
	res := <-done
	if res.err != nil {
		if fileID != "" {
			_ = e.Files.Delete(context.WithoutCancel(ctx), fileID)
		}
		return asTemporal(res.err)
	}
	if err != nil {
		return asTemporal(err)
	}
	return asTemporal(e.Store.FinishExport(ctx, exportID, fileID, res.rows, size))
}

// FailExport records why an export gave up.
func (e *Exports) FailExport(ctx context.Context, exportID int64, reason string) error {
	return asTemporal(e.Store.FailExport(ctx, exportID, reason))
}

// ExpireExport deletes a finished export's file after its retention period. Marking first
// and deleting second means a crash in between leaves an orphaned file, never a row that
// points to a deleted one; the retry finds the row expired and has nothing to do.
func (e *Exports) ExpireExport(ctx context.Context, exportID int64) error {
	fileID, err := e.Store.ExpireExport(ctx, exportID)
	if err != nil || fileID == "" {
		return asTemporal(err)
	}
	return asTemporal(e.Files.Delete(ctx, fileID))
}
