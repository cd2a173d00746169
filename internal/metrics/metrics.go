// Package metrics defines the Prometheus metrics of Mektep in one registry per process, so
// tests can build several apps without clashing registrations.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the registry and the metrics the platform records.
type Metrics struct {
	Registry *prometheus.Registry

	HTTPRequests       *prometheus.CounterVec   // by route pattern, method and status
	HTTPDuration       *prometheus.HistogramVec // by route pattern and method
	HTTPFastAnswers    prometheus.Counter       // cached public pages answered before the router
	WorkflowsStarted   *prometheus.CounterVec   // by workflow type, counted where they are started
	WorkflowsCompleted *prometheus.CounterVec   // by workflow type, counted by the worker
	WorkflowsFailed    *prometheus.CounterVec   // by workflow type, counted by the worker
	ContentRepaired    prometheus.Counter       // content index entries put right after a lost write
	ContentPending     prometheus.Gauge         // content index pending marks after the last repair pass
}

// New creates the metrics with Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mektep_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mektep_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		HTTPFastAnswers: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mektep_http_fast_answers_total", Help: "Requests for cached public pages answered before the router (also counted in mektep_http_requests_total).",
		}),
		WorkflowsStarted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mektep_workflow_starts_total", Help: "Workflows started, by type.",
		}, []string{"workflow"}),
		WorkflowsCompleted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mektep_workflow_completions_total", Help: "Workflow executions that completed, by type (not counting replays).",
		}, []string{"workflow"}),
		WorkflowsFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mektep_workflow_failures_total", Help: "Workflow executions that failed, by type (not counting replays).",
		}, []string{"workflow"}),
		ContentRepaired: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mektep_content_index_repairs_total", Help: "Content index entries written by the repair pass after a write that did not finish (a crash or a PostgreSQL error between the document and its entry).",
		}),
		ContentPending: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mektep_content_index_pending", Help: "Content index pending marks left after the last repair pass: writes in progress and writes whose entry is not put right yet (their documents could not be read).",
		}),
	}
	m.Registry.MustRegister(m.ContentRepaired, m.ContentPending, m.HTTPRequests, m.HTTPDuration, m.HTTPFastAnswers, m.WorkflowsStarted, m.WorkflowsCompleted,
		m.WorkflowsFailed, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}
