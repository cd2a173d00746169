package helpdesk

import (
	"context"
	"io"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
)

// maxReportSpan bounds a report's period.
const maxReportSpan = 3 * 366 * 24 * time.Hour

func period(from, to time.Time) error {
	switch {
	case from.IsZero():
		return sitecore.Invalid("from", "field.required")
	case to.IsZero():
		return sitecore.Invalid("to", "field.required")
	case !to.After(from) || to.Sub(from) > maxReportSpan:
		return sitecore.Invalid("to", "helpdesk.period")
	}
	return nil
}

// Report returns each agent's figures and the team's (last, AgentID 0) for tickets solved
// in [from, to) (leads and operators).
func (s *Service) Report(ctx context.Context, p *sitecore.Principal, from, to time.Time) ([]sitecore.AgentReport, error) {
	if err := leadOnly(p); err != nil {
		return nil, err
	}
	if err := period(from, to); err != nil {
		return nil, err
	}
	return s.Store.AgentReports(ctx, from, to)
}

// ExportReport writes the per-agent report as an Excel workbook to w.
func (s *Service) ExportReport(ctx context.Context, p *sitecore.Principal, from, to time.Time, lang sitecore.Lang, w io.Writer) error {
	rs, err := s.Report(ctx, p, from, to)
	if err != nil {
		return err
	}
	if err := excel.WriteAgentReport(w, lang, rs); err != nil {
		return sitecore.Internal("ExportReport", err)
	}
	return nil
}

// exportPage is how many tickets an export reads per query.
const exportPage = 5000

// ExportTickets writes the tickets created in [from, to) as an Excel workbook to w (leads
// and operators), reading PostgreSQL page by page so memory stays flat.
func (s *Service) ExportTickets(ctx context.Context, p *sitecore.Principal, from, to time.Time, lang sitecore.Lang, w io.Writer) (int, error) {
	if err := leadOnly(p); err != nil {
		return 0, err
	}
	if err := period(from, to); err != nil {
		return 0, err
	}
	var (
		page  []sitecore.Ticket
		i     int
		after int64
		done  bool
	)
	next := func() (*sitecore.Ticket, error) {
		if i == len(page) {
			if done {
				return nil, nil
			}
			var err error
			page, err = s.Store.ListTickets(ctx, sitecore.TicketFilter{From: from, To: to, Limit: exportPage, AfterID: after, Ascending: true})
			if err != nil {
				return nil, err
			}
			i, done = 0, len(page) < exportPage
			if len(page) == 0 {
				return nil, nil
			}
			after = page[len(page)-1].ID
		}
		i++
		return &page[i-1], nil
	}
	n, err := excel.WriteTickets(w, lang, next)
	if err != nil {
		if sitecore.ErrorCode(err) != sitecore.EInternal {
			return n, err
		}
		return n, sitecore.Internal("ExportTickets", err)
	}
	return n, nil
}
