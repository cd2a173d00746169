package site

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// Reports for team leads: per agent and for the team over a date range (Asia/Almaty dates,
// both included) — solved, median first response and resolution, % within SLA, average
// rating and its distribution, the low ratings with their comments — as tables and charts
// drawn on the server as SVG, with the Excel downloads of the JSON API (the same service
// methods, headers in the page language).

type reportRow struct {
	Name, Solved, MedianFirst, MedianResolution, WithinSLA, Rating string
	Ratings                                                        [5]int
	Team                                                           bool
}

type lowRow struct {
	TicketID                            int64
	Subject, Agent, Reason, Comment, At string
	Stars                               int
}

type reportsView struct {
	From, To                 string
	Rows                     []reportRow
	Low                      []lowRow
	SolvedChart, RatingChart template.HTML
	AgentsXLSX, TicketsXLSX  string
	Empty                    bool
}

// reportDates reads ?from= and ?to= (both included), by default the last 30 days.
func reportDates(r *http.Request) (from, to time.Time, fromS, toS string, err error) {
	q := r.URL.Query()
	today := time.Now().In(sitecore.Almaty)
	fromS, toS = q.Get("from"), q.Get("to")
	if toS == "" {
		toS = today.Format(time.DateOnly)
	}
	if fromS == "" {
		fromS = today.AddDate(0, 0, -29).Format(time.DateOnly)
	}
	if from, err = time.ParseInLocation(time.DateOnly, fromS, sitecore.Almaty); err != nil {
		return from, to, fromS, toS, sitecore.Invalid("from", "helpdesk.date")
	}
	if to, err = time.ParseInLocation(time.DateOnly, toS, sitecore.Almaty); err != nil {
		return from, to, fromS, toS, sitecore.Invalid("to", "helpdesk.date")
	}
	return from, to.AddDate(0, 0, 1), fromS, toS, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// ConsoleReports shows the reports of a period.
func (s *Server) ConsoleReports(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok || !s.consoleAgent(w, r, lang) {
		return
	}
	v := s.newConsoleView(r, lang, "reports", "/reports")
	ui, p := v.UI, web.Principal(r)
	from, to, fromS, toS, err := reportDates(r)
	rv := &reportsView{From: fromS, To: toS}
	v.Reports = rv
	status := http.StatusOK
	if err == nil {
		var rs []sitecore.AgentReport
		if rs, err = s.Helpdesk.Report(r.Context(), p, from, to); err == nil {
			for _, a := range rs {
				row := reportRow{Name: a.Name, Solved: strconv.Itoa(a.Solved), Ratings: a.Ratings, Team: a.AgentID == 0,
					MedianFirst: fmtDuration(seconds(a.MedianFirstResponseS), ui), MedianResolution: fmtDuration(seconds(a.MedianResolutionS), ui),
					WithinSLA: fmtPercent(a.WithinSLAPct, lang), Rating: "—"}
				if row.Team {
					row.Name = ui["team_total"]
				}
				if n := a.Ratings[0] + a.Ratings[1] + a.Ratings[2] + a.Ratings[3] + a.Ratings[4]; n > 0 {
					row.Rating = fmtDecimal(a.AverageRating, lang)
				}
				rv.Rows = append(rv.Rows, row)
			}
			rv.SolvedChart = solvedChart(rs, ui)
			if len(rs) > 0 {
				rv.RatingChart = ratingChart(rs[len(rs)-1].Ratings, ui)
			}
			if lows, lerr := s.Helpdesk.LowRatings(r.Context(), p, from, to); lerr == nil {
				for _, l := range lows {
					rv.Low = append(rv.Low, lowRow{TicketID: l.TicketID, Subject: l.Subject, Agent: l.AgentName, Stars: l.Stars,
						Reason: ui["reason_"+l.Reason], Comment: l.Comment, At: fmtWhen(l.CreatedAt, lang)})
				}
			}
		}
	}
	if err != nil {
		status = consoleError(v, err, "from", "to")
	}
	rv.Empty = len(rv.Rows) <= 1
	q := url.Values{"from": {fromS}, "to": {toS}}.Encode()
	rv.AgentsXLSX, rv.TicketsXLSX = v.Base+"/reports/agents.xlsx?"+q, v.Base+"/reports/tickets.xlsx?"+q
	s.writeConsole(w, r, status, v)
}

// ConsoleReportXLSX downloads the per-agent report ("agents") or the tickets of the period
// ("tickets") as Excel, headers in the page language.
func (s *Server) ConsoleReportXLSX(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang, ok := s.consoleLang(w, r)
		if !ok || !s.consoleAgent(w, r, lang) {
			return
		}
		from, to, _, _, err := reportDates(r)
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		var buf bytes.Buffer
		if kind == "agents" {
			err = s.Helpdesk.ExportReport(r.Context(), web.Principal(r), from, to, lang, &buf)
		} else {
			_, err = s.Helpdesk.ExportTickets(r.Context(), web.Principal(r), from, to, lang, &buf)
		}
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		web.WriteXLSX(w, "helpdesk-"+kind+".xlsx", buf.Bytes())
	}
}

// Charts are plain SVG written here: bars with their values as text, a title for screen
// readers, colours from console.css classes (no inline styles under the CSP).

const chartWidth, barHeight, labelWidth = 640, 26, 200

func solvedChart(rs []sitecore.AgentReport, ui map[string]string) template.HTML {
	var agents []sitecore.AgentReport
	top := 1
	for _, a := range rs {
		if a.AgentID != 0 {
			agents = append(agents, a)
			top = max(top, a.Solved)
		}
	}
	if len(agents) == 0 {
		return ""
	}
	var b strings.Builder
	h := len(agents)*barHeight + 10
	title := template.HTMLEscapeString(ui["chart_solved"])
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-labelledby="chart-solved-t" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet"><title id="chart-solved-t">%s</title>`, chartWidth, h, title)
	for i, a := range agents {
		y := 5 + i*barHeight
		w := (chartWidth - labelWidth - 50) * a.Solved / top
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-label" text-anchor="end">%s</text>`, labelWidth-8, y+17, template.HTMLEscapeString(a.Name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="chart-bar"/>`, labelWidth, y+3, max(w, 1), barHeight-8)
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-value">%d</text>`, labelWidth+max(w, 1)+6, y+17, a.Solved)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func ratingChart(dist [5]int, ui map[string]string) template.HTML {
	top := 1
	for _, n := range dist {
		top = max(top, n)
	}
	var b strings.Builder
	const w, h, bw = 360, 180, 48
	title := template.HTMLEscapeString(ui["chart_ratings"])
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-labelledby="chart-ratings-t" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet"><title id="chart-ratings-t">%s</title>`, w, h, title)
	for i, n := range dist {
		x := 20 + i*(bw+20)
		bh := 130 * n / top
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="chart-bar stars-%d"/>`, x, 150-bh, bw, max(bh, 1), i+1)
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-value" text-anchor="middle">%d</text>`, x+bw/2, 150-bh-5, n)
		fmt.Fprintf(&b, `<text x="%d" y="170" class="chart-label" text-anchor="middle">%d★</text>`, x+bw/2, i+1)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
