package app_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore/quiz"
)

// TestBrowserQuiz: in Debian chromium, a teacher imports a Moodle file with a picture,
// puts a student in class 7А and builds a one-minute test for the class; the student takes
// it in a 360 px window (the picture shows, answers autosave), the page is reloaded in the
// middle and the answers remain, the countdown reaches zero and the server's timer closes
// the attempt; the teacher grades the essay and downloads the Excel, which is opened and
// checked; the student sees the score. axe-core runs on every page.
func TestBrowserQuiz(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-bq")
	owner := session(t, s, a.users["owner"].ID)
	teacherCookie := session(t, s, a.users["teacher"].ID)
	studentCookie := session(t, s, a.users["student"].ID)
	for _, sec := range []string{"tests", "media"} {
		if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site), map[string]any{"user_id": a.users["teacher"].ID,
			"section": sec, "action": "edit"}, "Cookie", owner); r.Status != 201 {
			t.Fatalf("delegate: %d %s", r.Status, r.Body)
		}
	}
	port := strings.TrimPrefix(s.URL, "http://127.0.0.1")
	origin := "http://" + a.host + port
	file := filepath.Join(t.TempDir(), "bank.xml")
	if err := os.WriteFile(file, []byte(moodleBank()), 0o644); err != nil {
		t.Fatal(err)
	}

	// The teacher: a bank, the import, a class, the test.
	tb := chromium(t, a.host)
	if err := chromedp.Do(tb,
		chromedp.Navigate(origin+"/ru/"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.cookie = %q`, teacherCookie+"; path=/")),
		chromedp.Navigate(origin+"/ru/panel/tests/bank"),
		chromedp.WaitVisible(chromedp.ID("new-bank")),
		chromedp.SendKeys(chromedp.ID("b-name"), "Математика 7"),
		chromedp.Click(chromedp.ID("bank-submit")),
		chromedp.WaitVisible(chromedp.ID("import")),
		chromedp.SetUploadFiles(chromedp.ID("i-file"), []string{file}),
		chromedp.Click(chromedp.ID("import-submit")),
		chromedp.WaitVisible(chromedp.ID("questions")),
	); err != nil {
		t.Fatalf("import: %v", err)
	}
	if list := text(t, tb, "#questions"); !strings.Contains(list, "Сложение") || !strings.Contains(list, "Лето") {
		t.Errorf("bank after import: %q", list)
	}
	axeCheck(t, tb, "question bank")
	shot(t, tb, "bank")
	if err := chromedp.Do(tb,
		chromedp.Navigate(origin+"/ru/panel/tests/classes"),
		chromedp.SendKeys(chromedp.ID("c-class"), "7А"),
		chromedp.SendKeys(chromedp.ID("c-emails"), a.users["student"].Email),
		chromedp.Click(chromedp.ID("class-submit")),
		chromedp.WaitVisible(chromedp.ID("classes")),
	); err != nil {
		t.Fatalf("class: %v", err)
	}
	axeCheck(t, tb, "classes")
	if err := chromedp.Do(tb,
		chromedp.Navigate(origin+"/ru/panel/tests/new"),
		chromedp.WaitVisible(chromedp.ID("test-form")),
		chromedp.SendKeys(chromedp.ID("t-title"), "Быстрый тест"),
		chromedp.SetValue(chromedp.ID("t-limit"), "1"),
		chromedp.SetValue(chromedp.ID("t-audience"), "class"),
		chromedp.SendKeys(chromedp.ID("t-audience-ref"), "7А"),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('input[name="question"]').forEach(c => c.checked = true)`),
	); err != nil {
		t.Fatalf("builder: %v", err)
	}
	axeCheck(t, tb, "test builder")
	shot(t, tb, "builder")
	if err := chromedp.Do(tb,
		chromedp.Click(chromedp.ID("test-submit")),
		chromedp.WaitVisible(chromedp.ID("to-results")),
	); err != nil {
		t.Fatalf("save the test: %v", err)
	}
	testPath, err := chromedp.Run(tb, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	var testID int64
	fmt.Sscanf(testPath, "/ru/panel/tests/%d", &testID)
	if testID == 0 {
		t.Fatalf("test page %q", testPath)
	}

	// The student, on a phone.
	sb := chromiumWith(t, a.host, chromedp.WindowSize(360, 780))
	if err := chromedp.Do(sb,
		chromedp.EmulateViewport(360, 780), // headless windows are at least 500 px wide
		chromedp.Navigate(origin+"/ru/"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.cookie = %q`, studentCookie+"; path=/")),
		chromedp.Navigate(origin+"/ru/tests"),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("test-%d", testID))),
	); err != nil {
		t.Fatalf("the student's list: %v", err)
	}
	axeCheck(t, sb, "student's tests")
	if err := chromedp.Do(sb,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#test-%d button`, testID))),
		chromedp.WaitVisible(chromedp.ID("question")),
		chromedp.Poll[chromedp.Void](`!document.getElementById("time-left").hidden`, chromedp.WithPollingTimeout(5*time.Second)),
	); err != nil {
		t.Fatalf("start: %v", err)
	}
	axeCheck(t, sb, "question")
	essay := ""
	for n := 1; n <= 4; n++ {
		kind, err := chromedp.Run(sb, chromedp.Evaluate[string](`document.getElementById("question").dataset.kind`))
		if err != nil {
			t.Fatal(err)
		}
		var act []chromedp.Action[chromedp.Void]
		switch quiz.Kind(kind) {
		case quiz.SingleChoice:
			if n, _ := chromedp.Run(sb, chromedp.Evaluate[int](`document.querySelectorAll('#q-text img[alt="Два и два"]').length`)); n != 1 {
				t.Error("the question's picture is not shown")
			}
			act = append(act, chromedp.Click(chromedp.CSS(`input[name="choice"]`)))
		case quiz.Essay:
			essay = "Летом жарко и весело."
			act = append(act, chromedp.SendKeys(chromedp.ID("answer-text"), essay))
		case quiz.Numeric:
			act = append(act, chromedp.SendKeys(chromedp.ID("answer-text"), "9,81"))
		default:
			act = append(act, chromedp.SendKeys(chromedp.ID("answer-text"), "Астана"))
		}
		// The autosave, not the form, stores it: wait for its status.
		act = append(act, chromedp.Poll[chromedp.Void](`document.getElementById("autosave").textContent === "Сохранено автоматически."`,
			chromedp.WithPollingTimeout(10*time.Second)))
		if err := chromedp.Do(sb, act...); err != nil {
			t.Fatalf("question %d (%s): %v", n, kind, err)
		}
		if quiz.Kind(kind) == quiz.Essay {
			// Reload in the middle: the essay comes back from the server.
			if err := chromedp.Do(sb, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("answer-text"))); err != nil {
				t.Fatal(err)
			}
			if v, _ := chromedp.Run(sb, chromedp.Value(chromedp.ID("answer-text"))); v != essay {
				t.Errorf("essay after reload: %q", v)
			}
		}
		if w, err := chromedp.Run(sb, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
			wide, _ := chromedp.Run(sb, chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 360).map(e => e.tagName + "." + e.className + "#" + e.id + ":" + Math.round(e.getBoundingClientRect().right)).slice(0, 8).join(" ")`))
			t.Errorf("question %d is %d px wide on a 360 px phone: %s", n, w, wide)
		}
		if n < 4 {
			if err := chromedp.Do(sb, chromedp.Click(chromedp.ID("next"))); err != nil {
				t.Fatalf("next after %d: %v", n, err)
			}
			if !waitJS(sb, fmt.Sprintf(`new URLSearchParams(location.search).get("q") === "%d" && document.readyState === "complete" && !!document.getElementById("question")`, n+1), 10*time.Second) {
				t.Fatalf("question %d did not open", n+1)
			}
		}
	}
	shot(t, sb, "question")
	answered, _ := chromedp.Run(sb, chromedp.Evaluate[int](`document.querySelectorAll(".qz-navbtn.qz-answered").length`))
	if answered != 4 {
		t.Errorf("%d questions marked answered, want 4", answered)
	}
	// The countdown reaches zero; the server's timer submits; the page follows it.
	if !waitJS(sb, `document.getElementById("status") !== null`, 90*time.Second) {
		t.Fatal("the attempt was not closed by the server's timer")
	}
	if out := text(t, sb, "main"); !strings.Contains(out, "учитель") {
		t.Errorf("after the deadline: %q", out)
	}
	axeCheck(t, sb, "result before grading")
	atts, err := s.App.DB.ListAttempts(ctx, a.site, testID)
	if err != nil || len(atts) != 1 || atts[0].Status != quiz.Submitted || atts[0].SubmittedAt.Before(atts[0].Deadline) {
		t.Fatalf("attempt after the deadline: %+v %v", atts, err)
	}

	// The teacher grades the essay and downloads the Excel.
	points := fmt.Sprintf("points-%d-", atts[0].ID)
	if err := chromedp.Do(tb,
		chromedp.Navigate(fmt.Sprintf("%s/ru/panel/tests/%d/results", origin, testID)),
		chromedp.WaitVisible(chromedp.ID("attempts")),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text(t, tb, "main"), essay) {
		t.Error("the essay is not on the results page")
	}
	axeCheck(t, tb, "results")
	shot(t, tb, "results")
	if err := chromedp.Do(tb,
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`input[id^=%q]`, points)), "1"),
		chromedp.Click(chromedp.CSS(`button[id^="grade-"]`)),
		chromedp.WaitVisible(chromedp.ID("no-essays")),
	); err != nil {
		t.Fatalf("grading: %v", err)
	}
	href, err := chromedp.Run(tb, chromedp.AttributeValue(chromedp.ID("download"), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("download link: %v", err)
	}
	x := s.do("GET", href.Value, nil, "Host", a.host, "Cookie", teacherCookie)
	if x.Status != 200 || !bytes.HasPrefix(x.Body, []byte("PK")) {
		t.Fatalf("Excel: %d", x.Status)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatalf("the Excel does not open: %v", err)
	}
	rows, err := wb.GetRows(wb.GetSheetList()[0])
	if err != nil || len(rows) != 2 || rows[1][0] != a.users["student"].FullName || rows[1][3] != "оценена" || rows[1][6] != "4" {
		t.Errorf("Excel rows %q (%v)", rows, err)
	}

	// The student sees the score.
	if err := chromedp.Do(sb, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("score"))); err != nil {
		t.Fatalf("score: %v", err)
	}
	if sc := text(t, sb, "#score"); !strings.Contains(sc, "4 / 4") {
		t.Errorf("score %q", sc)
	}
	axeCheck(t, sb, "result")
	shot(t, sb, "result")
}

// waitJS evaluates expr until it is true or the time is up; a page that navigates in the
// meantime (the script reloads it) is simply asked again.
func waitJS(b context.Context, expr string, timeout time.Duration) bool {
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if ok, err := chromedp.Run(b, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return true
		}
		time.Sleep(500 * time.Millisecond)
	}
	return false
}
