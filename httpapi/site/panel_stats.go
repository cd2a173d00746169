package site

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/locale"
)

// Statistics of the control panel: visits per day, per page and per language over a
// chosen period, drawn as SVG on the server (no script needed), with the numbers in tables
// beside the charts and an Excel export of the same report. The report is the stats
// recorder's, as GET /api/v1/sites/{id}/stats gives it.

var statsPage = sitePage("stats.html")

// Chart geometry, in the SVG's own units (it scales to the page's width).
const (
	chartW, chartH = 720.0, 240.0
	chartLeft      = 56.0 // room for the axis labels
	chartBottom    = 28.0 // room for the dates
	barRowH        = 26.0 // one row of a horizontal bar chart
	barLabelW      = 260.0
)

// statsView is the model of the statistics page.
type statsView struct {
	Report            *sitecore.StatsReport
	From, To          string
	Query             string // from=…&to=… of the period shown, for the export link
	Days              []dayBar
	Uniques           string // the unique visitors' polyline
	Ticks             []tick
	Pages, Langs      []hBar
	PagesH, LangsH    float64
	ChartW, ChartH    float64
	ChartLeft, ChartB float64
	Periods           []periodLink
}

type dayBar struct {
	X, Y, W, H     float64
	Date, Label    string
	Views, Uniques int64
}

type tick struct {
	Y     float64
	Label string
}

type hBar struct {
	Label, Value string
	Y, W         float64
}

type periodLink struct {
	Href, Label string
}

// PanelStats shows the report of ?from=&to= (the last 30 days by default).
func (s *Server) PanelStats(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionStatistics, "stats")
	if !ok {
		return
	}
	v.UI = locale.PanelSite(v.Lang)
	q := r.URL.Query()
	status := http.StatusOK
	f, err := sitecore.ParseStatsFilter(v.Site.ID, q.Get("from"), q.Get("to"), "", time.Now())
	if err != nil {
		v.Values["from"], v.Values["to"] = q.Get("from"), q.Get("to")
		status = v.fail(err)
		f, _ = sitecore.ParseStatsFilter(v.Site.ID, "", "", "", time.Now())
	}
	rep, err := s.Stats.Report(r.Context(), v.p, f)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	sv := &statsView{Report: rep, From: rep.From, To: rep.To, ChartW: chartW, ChartH: chartH, ChartLeft: chartLeft, ChartB: chartBottom}
	sv.Query = url.Values{"from": {rep.From}, "to": {rep.To}}.Encode()
	today := sitecore.AlmatyDay(time.Now())
	for _, n := range []int{7, 30, 90, 365} {
		sv.Periods = append(sv.Periods, periodLink{Href: v.Path("stats") + "?from=" + today.AddDate(0, 0, 1-n).Format(time.DateOnly) + "&to=" + today.Format(time.DateOnly),
			Label: strings.ReplaceAll(v.T("stats.last_days"), "{n}", strconv.Itoa(n))})
	}
	sv.chartDays(v, rep.Days)
	sv.Pages, sv.PagesH = hBars(v, len(rep.Pages), func(i int) (string, int64) { return rep.Pages[i].Path, rep.Pages[i].Views })
	sv.Langs, sv.LangsH = hBars(v, len(rep.Langs), func(i int) (string, int64) {
		return rep.Langs[i].Lang.Native(), rep.Langs[i].Views
	})
	v.Title, v.Kind, v.Data = v.T("stats.title"), "stats", sv
	s.renderPanel(w, r, status, statsPage, v)
}

// chartDays lays out the bars of views per day, the line of unique visitors and the axis.
func (sv *statsView) chartDays(v *panelView, days []sitecore.DayStats) {
	if len(days) == 0 {
		return
	}
	var top int64 = 1
	for _, d := range days {
		top = max(top, d.Views, d.Uniques)
	}
	top = niceCeil(top)
	plotW, plotH := chartW-chartLeft, chartH-chartBottom-8
	step := plotW / float64(len(days))
	every := max(1, len(days)/8) // at most about eight date labels
	y := func(n int64) float64 { return 8 + plotH - plotH*float64(n)/float64(top) }
	var line []byte
	for i, d := range days {
		b := dayBar{X: chartLeft + float64(i)*step + step*0.1, W: step * 0.8, Y: y(d.Views), Date: d.Date, Views: d.Views, Uniques: d.Uniques}
		b.H = 8 + plotH - b.Y
		if i%every == 0 {
			if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
				b.Label = t.Format("02.01")
			}
		}
		sv.Days = append(sv.Days, b)
		line = fmt.Appendf(line, "%.1f,%.1f ", chartLeft+float64(i)*step+step/2, y(d.Uniques))
	}
	sv.Uniques = string(line)
	for _, n := range []int64{0, top / 2, top} {
		sv.Ticks = append(sv.Ticks, tick{Y: y(n), Label: v.Num(n)})
	}
}

// niceCeil rounds a chart's top up to 1, 2 or 5 times a power of ten.
func niceCeil(n int64) int64 {
	p := int64(1)
	for {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
		p *= 10
	}
}

// hBars lays out a horizontal bar chart of n rows; it returns the rows and the height.
func hBars(v *panelView, n int, row func(int) (string, int64)) ([]hBar, float64) {
	var top int64 = 1
	for i := range n {
		_, x := row(i)
		top = max(top, x)
	}
	out := make([]hBar, 0, n)
	for i := range n {
		label, x := row(i)
		if len([]rune(label)) > 36 {
			label = string([]rune(label)[:35]) + "…"
		}
		out = append(out, hBar{Label: label, Value: v.Num(x), Y: float64(i) * barRowH,
			W: max(1, (chartW-barLabelW-70)*float64(x)/float64(top))})
	}
	return out, float64(n)*barRowH + 4
}

// PanelStatsExcel downloads the report of ?from=&to= as an Excel workbook.
func (s *Server) PanelStatsExcel(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionStatistics, "stats")
	if !ok {
		return
	}
	q := r.URL.Query()
	f, err := sitecore.ParseStatsFilter(v.Site.ID, q.Get("from"), q.Get("to"), "", time.Now())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	rep, err := s.Stats.Report(r.Context(), v.p, f)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	web.XLSXHeaders(w, "stats-"+rep.From+"-"+rep.To+".xlsx", 0)
	if err := excel.WriteStats(w, v.Lang, rep); err != nil {
		s.Log.ErrorContext(r.Context(), "stats export", "site", v.Site.ID, "error", err)
	}
}
