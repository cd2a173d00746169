package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/workflows"
)

// TestBrowserCertificationJourney: in Debian chromium a school admin logs in to the panel,
// opens "my learning", enrols, reads both lessons and marks them done, takes the exam (a
// test of the test engine) and passes, sees the certificate, and then edits the site's CSS
// (allowed). An operator revokes the certificate: the same edit is refused with the reason,
// and "my learning" shows the certificate revoked. Every page passes axe-core and fits a
// 360 px phone.
func TestBrowserCertificationJourney(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	f := newExamFixture(t, s, "cert-web-training")
	exam := map[string]any{"passing_score": 80, "attempts": 2, "wait_minutes": 0, "test_id": f.test}
	course, lessons := certCourseWith(t, s, map[string]any{"media_site_id": f.site, "exam": exam})
	a := provisionTenant(t, s, "cert-web")
	const password = "Шаблон-құпия-2026"
	hash, err := sitecore.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	admin := &sitecore.User{Email: "web-admin@cert-web.edu.kz", FullName: "Гүлнар Әбенова", Lang: sitecore.Russian, EmailVerified: true,
		Visibility: sitecore.VisibilityMembers, PasswordHash: hash}
	if err := s.App.DB.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: a.site, UserID: admin.ID, Role: sitecore.RoleAdmin}, nil); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(s.URL)
	base := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)
	coursePath := fmt.Sprintf("/ru/panel/learning/courses/%d", course)

	if err := chromedp.Do(b,
		chromedp.Navigate(base+"/ru/panel/learning"),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("email"), admin.Email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("enroll-%d", course))),
	); err != nil {
		t.Fatalf("logging in to my learning: %v", err)
	}
	axeCheck(t, b, "my learning")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("enroll-%d", course))),
		chromedp.WaitVisible(chromedp.ID("lessons")),
	); err != nil {
		t.Fatalf("enrolling: %v", err)
	}
	axeCheck(t, b, "course")
	for i, l := range lessons {
		lessonURL := fmt.Sprintf("%s%s/lessons/%d", base, coursePath, l)
		// The process may still be starting: the page then says so (#error); try again.
		for try := 0; ; try++ {
			if err := chromedp.Do(b,
				chromedp.Navigate(lessonURL),
				chromedp.WaitVisible(chromedp.ID("lesson-done")),
			); err != nil {
				t.Fatalf("lesson %d: %v", i+1, err)
			}
			if i == 0 && try == 0 {
				axeCheck(t, b, "lesson")
			}
			cctx, ccancel := context.WithTimeout(b, 30*time.Second)
			err := chromedp.Do(cctx, chromedp.Click(chromedp.ID("lesson-done")), chromedp.WaitVisible(chromedp.CSS("#notice, #error")))
			ccancel()
			if err != nil {
				// The answer did not come within 30 s (the click landed while the page was
				// still settling, or the update waited on a busy worker): say what the page
				// shows, then load the lesson again; marking it done twice is harmless.
				html, _ := chromedp.Run(b, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
				t.Logf("lesson %d done, try %d: %v\n%.1500s", i+1, try, err, html)
				logWorkflow(t, s, workflows.CertificationWorkflowID(admin.ID, certification.KindTemplates))
				if try >= 3 {
					t.Fatalf("lesson %d done: no answer after %d tries", i+1, try+1)
				}
				continue
			}
			if n, _ := chromedp.Run(b, chromedp.Evaluate[bool](`!!document.getElementById("notice")`)); n || try > 20 {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	if err := chromedp.Do(b,
		chromedp.Navigate(base+coursePath),
		chromedp.Click(chromedp.ID("exam-open")),
		chromedp.WaitVisible(chromedp.ID("exam-submit")),
	); err != nil {
		t.Fatalf("opening the exam: %v", err)
	}
	axeCheck(t, b, "exam")
	fitsPhone(t, b, "exam")
	for _, q := range f.qs {
		resp := f.answers(true)[q.ID]
		if err := chromedp.Do(b, chromedp.Click(chromedp.ID(fmt.Sprintf("q%d-%s", q.ID, resp.Choice)))); err != nil {
			t.Fatalf("answering %d (%s): %v", q.ID, q.Kind, err)
		}
		if q.Kind == quiz.SingleChoice && q.Body.Options[0].ID == "" {
			t.Fatal("no option IDs")
		}
	}
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("exam-submit")), chromedp.WaitVisible(chromedp.ID("phase"))); err != nil {
		t.Fatalf("submitting: %v", err)
	}
	var phase string
	for range 60 {
		phase = text(t, b, "#phase")
		if phase == "Сертифицирован" {
			break
		}
		time.Sleep(500 * time.Millisecond)
		_ = chromedp.Do(b, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("phase")))
	}
	if phase != "Сертифицирован" {
		t.Fatalf("after passing the exam the phase is %q", phase)
	}
	if err := chromedp.Do(b, chromedp.Navigate(base+"/ru/panel/learning"), chromedp.WaitVisible(chromedp.ID("certificates"))); err != nil {
		t.Fatal(err)
	}
	if c := text(t, b, "#certificates"); !strings.Contains(c, "Действителен") || !strings.Contains(c, "TPL-") {
		t.Errorf("the certificate is not listed: %q", c)
	}
	axeCheck(t, b, "my learning, certified")
	fitsPhone(t, b, "my learning")

	// The template editor through the API from the panel's page (same origin, the session).
	editCSS := func(color string) (int, string) {
		type res struct {
			Status int
			Body   string
		}
		js := fmt.Sprintf(`fetch("/api/v1/sites/%d/theme/theme.css", {method: "PUT", headers: {"Content-Type": "application/json", "Accept-Language": "ru"},
			body: JSON.stringify({body: "body{color:%s}"})}).then(async r => ({Status: r.status, Body: await r.text()}))`, a.site, color)
		r, err := chromedp.Run(b, chromedp.Evaluate[res](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return r.Status, r.Body
	}
	if st, body := editCSS("#0a5"); st != 200 {
		t.Fatalf("the certified admin edits the CSS: %d %s", st, body)
	}
	if r := s.do("GET", "/_site/theme.css", nil, "Host", a.host); !strings.Contains(string(r.Body), "#0a5") {
		t.Errorf("the public CSS does not show the edit: %s", r.Body)
	}
	cert := myCertificate(t, s, session(t, s, admin.ID))
	if r := s.operator("POST", fmt.Sprintf("/api/v1/certification/certificates/%d/revoke", cert.ID), map[string]any{"reason": "Нарушение правил"}); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	if st, body := editCSS("#f00"); st != 403 || !strings.Contains(body, "отозван") {
		t.Errorf("after revocation: %d %s", st, body)
	}
	if err := chromedp.Do(b, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("certificates"))); err != nil {
		t.Fatal(err)
	}
	if c := text(t, b, "#certificates"); !strings.Contains(c, "Отозван") {
		t.Errorf("the revoked certificate: %q", c)
	}
	axeCheck(t, b, "my learning, revoked")
	// The history the journey made replays on today's code (a workflow task that failed on
	// replay would have stalled the journey once the worker's cache let the workflow go).
	replayHistory(t, s, workflows.CertificationWorkflowID(admin.ID, certification.KindTemplates), workflows.Certification)
}

// logWorkflow logs what a workflow is doing (pending workflow task, activities and updates,
// and its last history events), for a test that saw no answer from it.
func logWorkflow(t *testing.T, s *stack, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := s.App.Temporal.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		t.Logf("workflow %s: %v", id, err)
		return
	}
	t.Logf("workflow %s: status %v, history length %d, pending workflow task %v, pending activities %v",
		id, d.GetWorkflowExecutionInfo().GetStatus(), d.GetWorkflowExecutionInfo().GetHistoryLength(),
		d.GetPendingWorkflowTask(), d.GetPendingActivities())
	var events []string
	it := s.App.Temporal.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Logf("history of %s: %v", id, err)
			break
		}
		line := fmt.Sprintf("%d %v", e.GetEventId(), e.GetEventType())
		if f := e.GetWorkflowTaskFailedEventAttributes(); f != nil {
			line += fmt.Sprintf(" cause %v: %.600s", f.GetCause(), f.GetFailure().GetMessage())
		}
		events = append(events, line)
	}
	t.Logf("last events of %s:\n%s", id, strings.Join(events[max(0, len(events)-25):], "\n"))
}

// replayHistory replays the workflow's history on today's code of wf and fails on any
// non-determinism.
func replayHistory(t *testing.T, s *stack, id string, wf any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h := &historypb.History{}
	it := s.App.Temporal.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatalf("history of %s: %v", id, err)
		}
		h.Events = append(h.Events, e)
	}
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		DataConverter: workflows.DataConverter(s.App.Ring), FailureConverter: workflows.FailureConverter(s.App.Ring)})
	if err != nil {
		t.Fatal(err)
	}
	r.RegisterWorkflow(wf)
	if err := r.ReplayWorkflowHistory(nil, h); err != nil {
		t.Errorf("the history of %s (%d events) does not replay: %v", id, len(h.Events), err)
	}
}

// fitsPhone checks the page has no horizontal scroll at 360 px, then restores the window.
func fitsPhone(t *testing.T, b context.Context, page string) {
	t.Helper()
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	if w, err := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
		t.Errorf("%s is %d px wide on a 360 px phone (%v)", page, w, err)
	}
	if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}
