package activities

import (
	"context"
	"errors"
	"io"
	"iter"
	"strconv"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/survey"
)

// surveyProgressEvery is how many rows an export writes between progress records.
const surveyProgressEvery = 500

// RunSurveyExport writes a survey export's workbook straight into file storage (streamFile:
// rows are streamed from PostgreSQL into excelize's stream writer)
// and records progress every few hundred rows, also as the activity's heartbeat, so a dead
// worker's export restarts quickly elsewhere.
func (a *Surveys) RunSurveyExport(ctx context.Context, exportID int64) error {
	if a.Exports == nil || a.Files == nil {
		return asTemporal(sitecore.Unavailable("survey export", "exports", nil))
	}
	x, err := a.Exports.FindSurveyExportByID(ctx, exportID)
	if err != nil {
		return asTemporal(err)
	}
	if x.Status != "running" {
		return nil
	}
	s, err := a.Store.FindSurvey(ctx, x.SiteID, x.SurveyID)
	if err != nil {
		return asTemporal(err)
	}
	progress := func(n int) {
		activity.RecordHeartbeat(ctx, n)
		_ = a.Exports.SurveyExportProgress(ctx, exportID, n)
	}
	name := "survey-" + strconv.FormatInt(s.ID, 10) + "-" + string(x.Kind) + "-" + time.Now().UTC().Format("20060102-150405") + ".xlsx"
	fileID, rows, size, err := streamFile(ctx, a.Files, x.SiteID, name, func(w io.Writer) (int, error) {
		return a.writeSurveyExport(ctx, x, s, w, progress)
	})
	if err != nil {
		return asTemporal(err)
	}
	return asTemporal(a.Exports.FinishSurveyExport(ctx, exportID, fileID, rows, size))
}

// writeSurveyExport writes the workbook of the export's kind and returns its rows: ballots
// counted for results, people for the list of who voted.
func (a *Surveys) writeSurveyExport(ctx context.Context, x *survey.Export, s *survey.Survey, w io.Writer, progress func(int)) (int, error) {
	switch x.Kind {
	case survey.ExportResults:
		r, err := a.Store.FindResults(ctx, s.SiteID, s.ID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound { // not closed yet: count now
			r, err = a.liveResults(ctx, s, progress)
		}
		if err != nil {
			return 0, err
		}
		days, err := a.Store.Turnout(ctx, s.SiteID, s.ID)
		if err != nil {
			return 0, err
		}
		return r.Ballots, excel.WriteSurveyResults(w, s, r, days, x.Lang)
	case survey.ExportVoters:
		next, stop := iter.Pull2(a.voters(ctx, s))
		defer stop()
		n := 0
		return excel.WriteSurveyVoters(w, x.Lang, func() (*survey.VoterRow, error) {
			v, err, ok := next()
			if !ok || err != nil {
				return nil, err
			}
			if n++; n%surveyProgressEvery == 0 {
				progress(n)
			}
			return &v, nil
		})
	}
	return 0, sitecore.Invalid("kind", "survey.export_kind", "value", string(x.Kind))
}

// errStopVoters ends the walk over the voters when the workbook stops reading.
var errStopVoters = errors.New("stop")

// voters walks who voted as a sequence (the store calls back; the workbook pulls).
func (a *Surveys) voters(ctx context.Context, s *survey.Survey) iter.Seq2[survey.VoterRow, error] {
	return func(yield func(survey.VoterRow, error) bool) {
		err := a.Store.Voters(ctx, s.SiteID, s.ID, func(v survey.VoterRow) error {
			if !yield(v, nil) {
				return errStopVoters
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopVoters) {
			yield(survey.VoterRow{}, err)
		}
	}
}

// liveResults counts an open survey's ballots, reporting progress as it goes.
func (a *Surveys) liveResults(ctx context.Context, s *survey.Survey, progress func(int)) (*survey.Results, error) {
	t, n := survey.NewTally(s), 0
	if err := a.Store.Ballots(ctx, s.SiteID, s, func(b survey.Ballot) error {
		t.Add(b)
		if n++; n%surveyProgressEvery == 0 {
			progress(n)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	voters, err := a.Store.CountVoters(ctx, s.SiteID, s.ID)
	if err != nil {
		return nil, err
	}
	audience, err := a.Store.AudienceSize(ctx, s.SiteID, s)
	if err != nil {
		return nil, err
	}
	r := t.Results(voters, audience, time.Now().UTC())
	return &r, nil
}

// FailSurveyExport records why an export gave up.
func (a *Surveys) FailSurveyExport(ctx context.Context, exportID int64, reason string) error {
	return asTemporal(a.Exports.FailSurveyExport(ctx, exportID, reason))
}

// ExpireSurveyExport deletes a finished export's file after its retention period
// (expireFile).
func (a *Surveys) ExpireSurveyExport(ctx context.Context, exportID int64) error {
	fileID, err := a.Exports.ExpireSurveyExport(ctx, exportID)
	return expireFile(ctx, a.Files, fileID, err)
}
