package survey

import (
	"context"
	"io"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// ExportKind is what an export writes.
type ExportKind string

// Export kinds. Results hold the counts and the turnout by day; voters is who voted (with
// each ballot in named mode, never in anonymous mode).
const (
	ExportResults ExportKind = "results"
	ExportVoters  ExportKind = "voters"
)

// Export is an Excel export of a survey that runs as a workflow; the author polls it.
// Progress is Rows of Total in percent (100 once done); Total is the number of voters when
// the export started.
type Export struct {
	ID          int64         `json:"id"`
	SiteID      int64         `json:"site_id"`
	SurveyID    int64         `json:"survey_id"`
	Kind        ExportKind    `json:"kind"`
	RequestedBy int64         `json:"requested_by"`
	Lang        sitecore.Lang `json:"lang"`
	Status      string        `json:"status"` // running, done, failed, expired
	Rows        int           `json:"rows"`
	Total       int           `json:"total"`
	Progress    int           `json:"progress"`
	FileID      string        `json:"-"`
	Size        int64         `json:"size,omitempty"`
	Error       string        `json:"error,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	FinishedAt  *time.Time    `json:"finished_at,omitempty"`
}

// SetProgress fills Progress from Rows, Total and Status.
func (x *Export) SetProgress() {
	switch {
	case x.Status == "done":
		x.Progress = 100
	case x.Total > 0:
		x.Progress = min(99, x.Rows*100/x.Total)
	}
}

// ExportStore keeps the survey exports' state for polling. Every method that takes the
// site answers another site's export as ENotFound.
type ExportStore interface {
	// CreateSurveyExport stores a running export and fills ID, Status and CreatedAt.
	CreateSurveyExport(ctx context.Context, x *Export) error
	FindSurveyExport(ctx context.Context, siteID, surveyID, id int64) (*Export, error)
	// FindSurveyExportByID is for the export's activity, which starts from a stored ID.
	FindSurveyExportByID(ctx context.Context, id int64) (*Export, error)
	SurveyExportProgress(ctx context.Context, id int64, rows int) error
	FinishSurveyExport(ctx context.Context, id int64, fileID string, rows int, size int64) error
	FailSurveyExport(ctx context.Context, id int64, reason string) error
	// ExpireSurveyExport marks a done export expired and returns its file to delete ("" if
	// there is none).
	ExpireSurveyExport(ctx context.Context, id int64) (string, error)
}

// ExportStarter starts an export's workflow (workflows.SurveyClient).
type ExportStarter interface {
	StartExport(ctx context.Context, exportID int64) error
}

// FileOpener reads a stored export's file (sitecore.FileStore).
type FileOpener interface {
	Open(ctx context.Context, siteID int64, id string) (io.ReadCloser, error)
}

// StartExport records an export of the survey and starts its workflow, for those who may see
// the section. The author polls ExportStatus and downloads the file when it is done.
func (svc *Service) StartExport(ctx context.Context, p *sitecore.Principal, siteID, surveyID int64, kind ExportKind, lang sitecore.Lang) (*Export, error) {
	if err := authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	if kind != ExportResults && kind != ExportVoters {
		return nil, sitecore.Invalid("kind", "survey.export_kind", "value", string(kind))
	}
	if svc.Exports == nil || svc.ExportStarter == nil {
		return nil, sitecore.Unavailable("survey export", "exports", nil)
	}
	s, err := svc.Store.FindSurvey(ctx, siteID, surveyID)
	if err != nil {
		return nil, err
	}
	if s.Status == StatusDraft {
		return nil, sitecore.Conflictf("status", "survey.state", "value", string(s.Status))
	}
	total, err := svc.Store.CountVoters(ctx, siteID, surveyID)
	if err != nil {
		return nil, err
	}
	x := &Export{SiteID: siteID, SurveyID: surveyID, Kind: kind, RequestedBy: p.UserID, Lang: lang, Total: total}
	if err := svc.Exports.CreateSurveyExport(ctx, x); err != nil {
		return nil, err
	}
	if err := svc.ExportStarter.StartExport(ctx, x.ID); err != nil {
		_ = svc.Exports.FailSurveyExport(context.WithoutCancel(ctx), x.ID, "could not start")
		return nil, err
	}
	x.SetProgress()
	return x, nil
}

// ExportStatus returns an export's progress, for those who may see the section.
func (svc *Service) ExportStatus(ctx context.Context, p *sitecore.Principal, siteID, surveyID, id int64) (*Export, error) {
	if err := authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	if svc.Exports == nil {
		return nil, sitecore.NotFound("export")
	}
	x, err := svc.Exports.FindSurveyExport(ctx, siteID, surveyID, id)
	if err != nil {
		return nil, err
	}
	x.SetProgress()
	return x, nil
}

// ExportFile opens a finished export's workbook, for those who may see the section.
func (svc *Service) ExportFile(ctx context.Context, p *sitecore.Principal, siteID, surveyID, id int64) (*Export, io.ReadCloser, error) {
	x, err := svc.ExportStatus(ctx, p, siteID, surveyID, id)
	if err != nil {
		return nil, nil, err
	}
	if x.Status != "done" || svc.ExportFiles == nil {
		return nil, nil, sitecore.Conflictf("status", "survey.export_not_ready", "value", x.Status)
	}
	rc, err := svc.ExportFiles.Open(ctx, siteID, x.FileID)
	return x, rc, err
}
