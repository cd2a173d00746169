package activities

import (
	"context"
	"io"
	"strconv"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
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

// RunExport writes the workbook straight into file storage (streamFile) and records
// progress every thousand rows (also as the activity's heartbeat, so a dead
// worker's export is retried quickly).
func (e *Exports) RunExport(ctx context.Context, exportID int64) error {
	x, err := e.Store.FindExportByID(ctx, exportID)
	if err != nil {
		return asTemporal(err)
	}
	if x.Status == "done" {
		return nil
	}
	name := "applications-" + strconv.FormatInt(x.CampaignID, 10) + "-" + time.Now().UTC().Format("20060102-150405") + ".xlsx"
	fileID, rows, size, err := streamFile(ctx, e.Files, x.SiteID, name, func(w io.Writer) (int, error) {
		return e.Write(ctx, x.SiteID, x.CampaignID, x.Filter, x.Lang, w, func(n int) {
			activity.RecordHeartbeat(ctx, n)
			_ = e.Store.ExportProgress(ctx, exportID, n)
		})
	})
	if err != nil {
		return asTemporal(err)
	}
	return asTemporal(e.Store.FinishExport(ctx, exportID, fileID, rows, size))
}

// streamFile writes a workbook straight into file storage through a pipe, so memory stays
// flat however many rows write puts in it, and returns the stored file with write's row
// count. When either side fails, nothing is left stored.
func streamFile(ctx context.Context, files sitecore.FileStore, siteID int64, name string, write func(io.Writer) (int, error)) (fileID string, rows int, size int64, err error) {
	pr, pw := io.Pipe()
	type result struct {
		rows int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		rows, err := write(pw)
		pw.CloseWithError(err)
		done <- result{rows, err}
	}()
	fileID, size, err = files.Put(ctx, siteID, name, excel.ContentType, pr, maxExportSize)
	_ = pr.CloseWithError(err)
	res := <-done
	if res.err == nil {
		res.err = err
	}
	if res.err != nil {
		if fileID != "" {
			_ = files.Delete(context.WithoutCancel(ctx), fileID)
		}
		return "", 0, 0, res.err
	}
	return fileID, res.rows, size, nil
}

// expireFile deletes an expired export's file: the store has marked the export expired and
// returned its file ("" when it was already), so a crash in between leaves an orphaned file,
// never a row that points to a deleted one, and the retry has nothing to do.
func expireFile(ctx context.Context, files sitecore.FileStore, fileID string, err error) error {
	if err != nil || fileID == "" {
		return asTemporal(err)
	}
	return asTemporal(files.Delete(ctx, fileID))
}

// FailExport records why an export gave up.
func (e *Exports) FailExport(ctx context.Context, exportID int64, reason string) error {
	return asTemporal(e.Store.FailExport(ctx, exportID, reason))
}

// ExpireExport deletes a finished export's file after its retention period (expireFile).
func (e *Exports) ExpireExport(ctx context.Context, exportID int64) error {
	fileID, err := e.Store.ExpireExport(ctx, exportID)
	return expireFile(ctx, e.Files, fileID, err)
}
