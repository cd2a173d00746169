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

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// The support agents' console in Debian chromium: the whole journey of a ticket, two agents
// on one ticket, and the live SLA clocks of the queue.

const consolePassword = "Қолдау-құпия-2026"

// consoleUser stores a support team member who logs in with consolePassword.
func consoleUser(t *testing.T, s *stack, email, name string, role sitecore.PlatformRole) *sitecore.User {
	t.Helper()
	hash, err := sitecore.HashPassword(consolePassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &sitecore.User{Email: email, FullName: name, Lang: sitecore.Russian, EmailVerified: true,
		Visibility: sitecore.VisibilityMembers, PasswordHash: hash}
	ctx := context.Background()
	if err := s.App.DB.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.SetPlatformRole(ctx, u.ID, role); err != nil {
		t.Fatal(err)
	}
	return u
}

// consoleLogin opens a console page, is sent to the login form, logs in and lands back.
func consoleLogin(t *testing.T, b context.Context, url, email string) {
	t.Helper()
	if err := chromedp.Do(b,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), consolePassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.WaitNotPresent(chromedp.ID("login")),
	); err != nil {
		t.Fatalf("logging in as %s: %v", email, err)
	}
}

// shot saves a full-page screenshot of the page as a test artifact.
func shot(t *testing.T, b context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(b, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(t.TempDir(), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	if dir := os.Getenv("MEKTEP_SCREENSHOTS"); dir != "" { // keep them after the test
		_ = os.WriteFile(filepath.Join(dir, t.Name()+"-"+name+".png"), png, 0o644)
	}
}

func text(t *testing.T, b context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// An agent logs in, works the queue, answers with a canned response in the requester's
// language and adds an internal note (the requester, in a second browser, never sees it),
// then solves; the requester rates through the emailed link; the lead sees the rating and
// its comment in the report and downloads the Excel report, which is opened and checked.
// axe-core finds no serious or critical problem on any page of the way.
func TestBrowserConsoleJourney(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-cn")
	helpdeskPolicy(t, s, 3600, 7200, 3600, 3600)
	agent := consoleUser(t, s, "agent-cn@mektep.kz", "Айбек Агентов", sitecore.PlatformSupport)
	lead := consoleUser(t, s, "lead-cn@mektep.kz", "Сания Жетекшіева", sitecore.PlatformSupportLead)
	leadCookie := session(t, s, lead.ID)
	const cannedBody = "Здравствуйте! Мы сбросили ваш пароль: ссылка для входа пришла на почту."
	if r := s.do("POST", "/api/v1/helpdesk/canned", map[string]any{"lang": "ru", "title": "Пароль сброшен", "body": cannedBody}, "Cookie", leadCookie); r.Status != 201 {
		t.Fatalf("canned: %d %s", r.Status, r.Body)
	}
	parentUser := a.users["parent"]
	parent := session(t, s, parentUser.ID)
	id := openTicket(t, s, parent, a.site, "Не могу войти на сайт школы")
	waitTicketStatus(t, s, id, sitecore.TicketOpen)
	if tk := ticketOf(t, s, id); tk.AssigneeID != agent.ID {
		t.Fatalf("assigned to %d, want the agent %d", tk.AssigneeID, agent.ID)
	}
	ticketPath := fmt.Sprintf("/helpdesk/console/ru/tickets/%d", id)

	b := chromium(t, a.host)
	consoleLogin(t, b, s.URL+"/helpdesk/console/ru/", agent.Email)
	if err := chromedp.Do(b, chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("row-%d", id)))); err != nil {
		t.Fatalf("the ticket is not in the agent's queue: %v", err)
	}
	axeCheck(t, b, "queue")
	shot(t, b, "queue")
	// The keyboard: j selects the first row, o opens it.
	if err := chromedp.Do(b,
		chromedp.KeyEvent("j"), chromedp.KeyEvent("o"),
		chromedp.WaitVisible(chromedp.ID("reply-form")),
	); err != nil {
		t.Fatalf("opening the ticket with j, o: %v", err)
	}
	if school := text(t, b, "#school"); school == "" || school == "Платформа" {
		t.Errorf("the requester's school is not shown: %q", school)
	}
	axeCheck(t, b, "ticket")
	// Canned response: picked and inserted without a reload, then sent.
	if err := chromedp.Do(b,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("canned").selectedIndex = 0`),
		chromedp.Click(chromedp.ID("canned-insert")),
	); err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(b, chromedp.Value(chromedp.ID("body")))
	if err != nil {
		t.Fatal(err)
	}
	if body != cannedBody {
		t.Fatalf("the reply holds %q after inserting the canned response", body)
	}
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID("send-reply")),
		chromedp.WaitVisible(chromedp.ID("notice")),
		chromedp.SetValue(chromedp.ID("body"), "ВНУТРЕННЕЕ: проверить LDAP школы"),
		chromedp.Click(chromedp.ID("send-note")),
		chromedp.WaitVisible(chromedp.CSS(`#messages li.cn-note`)),
	); err != nil {
		t.Fatalf("reply and note: %v", err)
	}
	thread := text(t, b, "#messages")
	if !strings.Contains(thread, cannedBody) || !strings.Contains(thread, "ВНУТРЕННЕЕ") {
		t.Fatalf("the agent's thread: %q", thread)
	}
	if note := text(t, b, "#messages li.cn-note"); !strings.Contains(note, "ВНУТРЕННЕЕ") {
		t.Errorf("the note is not shown as a note: %q", note)
	}
	shot(t, b, "ticket")

	// The requester, in a second browser on the school's site, sees the answer, not the note.
	u := strings.TrimPrefix(s.URL, "http://127.0.0.1")
	req := chromium(t, a.host)
	school := fmt.Sprintf("http://%s%s", a.host, u)
	if err := chromedp.Do(req,
		chromedp.Navigate(school+"/ru/"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.cookie = %q`, parent+"; path=/")),
		chromedp.Navigate(fmt.Sprintf("http://%s%s/ru/helpdesk/%d", a.host, u, id)),
		chromedp.WaitVisible(chromedp.CSS("main")),
	); err != nil {
		t.Fatalf("the requester's page: %v", err)
	}
	seen := text(t, req, "main")
	if !strings.Contains(seen, "сбросили ваш пароль") || strings.Contains(seen, "ВНУТРЕННЕЕ") || strings.Contains(seen, "LDAP") {
		t.Fatalf("the requester sees %q", seen)
	}

	// Solve; the requester rates through the emailed link (the page in the console's look).
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID("solve")),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-status="solved"]`)),
	); err != nil {
		t.Fatalf("solving: %v", err)
	}
	var link string
	testenv.Eventually(t, 30*time.Second, "rating email", func() bool {
		for _, m := range mailTo(t, s, parentUser.Email) {
			if sm := ratingLink.FindString(m.Text); sm != "" {
				link = sm
			}
		}
		return link != ""
	})
	if err := chromedp.Do(req,
		chromedp.Navigate(s.URL+link),
		chromedp.WaitVisible(chromedp.ID("rate")),
	); err != nil {
		t.Fatalf("the rating page: %v", err)
	}
	axeCheck(t, req, "rating page")
	// Two stars without a reason: refused, the message next to the field, in Russian.
	if err := chromedp.Do(req,
		chromedp.Click(chromedp.ID("stars-2")),
		chromedp.Click(chromedp.ID("rate-submit")),
		chromedp.WaitVisible(chromedp.ID("reason-err")),
	); err != nil {
		t.Fatalf("a low rating without a reason: %v", err)
	}
	if msg := text(t, req, "#reason-err"); msg == "" || strings.ContainsAny(msg, "abcdefghijklmnopqrstuvwxyz") && !strings.ContainsAny(msg, "абвгдеёжзийклмнопрстуфхцчшщыэюя") {
		t.Errorf("reason error %q is not Russian", msg)
	}
	if err := chromedp.Do(req,
		chromedp.Click(chromedp.ID("stars-2")),
		chromedp.SetValue(chromedp.ID("reason"), "slow"),
		chromedp.SetValue(chromedp.ID("comment"), "Долго ждал ответа"),
		chromedp.Click(chromedp.ID("rate-submit")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("rating: %v", err)
	}
	shot(t, req, "rated")
	waitTicketStatus(t, s, id, sitecore.TicketClosed)

	// The lead: the report shows the rating and its comment; the Excel opens and holds it.
	l := chromium(t, a.host)
	consoleLogin(t, l, s.URL+"/helpdesk/console/ru/reports", lead.Email)
	if err := chromedp.Do(l, chromedp.WaitVisible(chromedp.ID("report"))); err != nil {
		t.Fatalf("report: %v", err)
	}
	report := text(t, l, "#report")
	if !strings.Contains(report, agent.FullName) || !strings.Contains(report, "Вся команда") {
		t.Errorf("report table %q", report)
	}
	if low := text(t, l, "#low"); !strings.Contains(low, "Долго ждал ответа") || !strings.Contains(low, "Долго") {
		t.Errorf("low ratings %q", low)
	}
	if svg, err := chromedp.Run(l, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart rect").length`)); err != nil || svg < 6 {
		t.Errorf("charts have %d bars (%v)", svg, err)
	}
	axeCheck(t, l, "reports")
	shot(t, l, "reports")
	link2, err := chromedp.Run(l, chromedp.AttributeValue(chromedp.ID("xlsx-agents"), "href"))
	if err != nil || !link2.Exists {
		t.Fatalf("Excel link: %v", err)
	}
	resp := s.do("GET", link2.Value, nil, "Cookie", leadCookie)
	if resp.Status != 200 || !bytes.HasPrefix(resp.Body, []byte("PK")) {
		t.Fatalf("Excel: %d", resp.Status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatalf("the Excel does not open: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows) < 3 {
		t.Fatalf("Excel rows %v (%v)", rows, err)
	}
	if rows[1][0] != agent.FullName || rows[1][1] != "1" || rows[1][7] != "1" {
		t.Errorf("Excel agent row %v (header %v)", rows[1], rows[0])
	}
	// The other pages of the console pass axe too, and every page fits a 360 px phone
	// (wide tables scroll inside their own region).
	for _, p := range []string{"/helpdesk/console/ru/team", "/helpdesk/console/kk/settings", ticketPath} {
		if err := chromedp.Do(l, chromedp.Navigate(s.URL+p), chromedp.WaitVisible(chromedp.ID("title"))); err != nil {
			t.Fatal(err)
		}
		axeCheck(t, l, p)
	}
	if err := chromedp.Do(l, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/helpdesk/console/en/?view=solved", "/helpdesk/console/en/reports", "/helpdesk/console/en/settings", ticketPath} {
		if err := chromedp.Do(l, chromedp.Navigate(s.URL+p), chromedp.WaitVisible(chromedp.ID("title"))); err != nil {
			t.Fatal(err)
		}
		if w, err := chromedp.Run(l, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
			t.Errorf("%s is %d px wide on a 360 px phone (%v)", p, w, err)
		}
	}
	shot(t, l, "ticket-360")
	// An operator's settings page, with the policy and calendar forms, passes axe too.
	op := consoleUser(t, s, "op-cn@mektep.kz", "Оператор Платформы", sitecore.PlatformOperator)
	ob := chromium(t, a.host)
	consoleLogin(t, ob, s.URL+"/helpdesk/console/kk/settings", op.Email)
	if err := chromedp.Do(ob, chromedp.WaitVisible(chromedp.ID("policy-form")), chromedp.WaitVisible(chromedp.ID("calendar-save"))); err != nil {
		t.Fatalf("the operator's settings: %v", err)
	}
	axeCheck(t, ob, "operator settings")
	shot(t, ob, "settings")
}

// Two agents open the same ticket: each sees the other's presence; a note written by one
// while the other types makes the other's reply warn before sending — live, and on the
// server when the reply is sent anyway; confirming sends it.
func TestBrowserConsoleCollision(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-cc")
	helpdeskPolicy(t, s, 3600, 7200, 3600, 3600)
	agent := consoleUser(t, s, "agent-cc@mektep.kz", "Ерлан Бірінші", sitecore.PlatformSupport)
	lead := consoleUser(t, s, "lead-cc@mektep.kz", "Динара Екінші", sitecore.PlatformSupportLead)
	id := openTicket(t, s, session(t, s, a.users["parent"].ID), a.site, "Сайт не открывается")
	waitTicketStatus(t, s, id, sitecore.TicketOpen)
	page := fmt.Sprintf("%s/helpdesk/console/ru/tickets/%d?poll=2", s.URL, id)

	one, two := chromium(t, a.host), chromium(t, a.host)
	consoleLogin(t, one, page, agent.Email)
	consoleLogin(t, two, page, lead.Email)
	if err := chromedp.Do(one,
		chromedp.SetValue(chromedp.ID("body"), "Попробуйте очистить кэш браузера."),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("presence").textContent.includes(%q)`, lead.FullName), chromedp.WithPollingTimeout(30*time.Second)),
	); err != nil {
		t.Fatalf("the agent does not see the lead's presence: %v (%q)", err, text(t, one, "#presence"))
	}
	if err := chromedp.Do(two,
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("presence").textContent.includes(%q)`, agent.FullName), chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.SetValue(chromedp.ID("body"), "Проверила: DNS школы истёк."),
		chromedp.Click(chromedp.ID("send-note")),
		chromedp.WaitVisible(chromedp.CSS("#messages li.cn-note")),
	); err != nil {
		t.Fatalf("the lead's note: %v", err)
	}
	// Live: the agent is warned while still typing.
	if err := chromedp.Do(one, chromedp.WaitVisible(chromedp.ID("stale-live"))); err != nil {
		t.Fatalf("no live stale warning: %v", err)
	}
	shot(t, one, "stale-live")
	// Sending anyway: the server shows what was missed and keeps the text.
	if err := chromedp.Do(one,
		chromedp.Click(chromedp.ID("send-reply")),
		chromedp.WaitVisible(chromedp.ID("stale")),
	); err != nil {
		t.Fatalf("no stale warning on sending: %v", err)
	}
	kept, err := chromedp.Run(one, chromedp.Value(chromedp.ID("body")))
	if err != nil {
		t.Fatal(err)
	}
	if st := text(t, one, "#stale"); !strings.Contains(st, "DNS школы истёк") || kept != "Попробуйте очистить кэш браузера." {
		t.Fatalf("stale section %q, kept %q", st, kept)
	}
	axeCheck(t, one, "stale reply")
	if ms, _ := s.App.DB.Messages(context.Background(), id, true); len(ms) != 2 {
		t.Fatalf("%d messages after the warned reply, want 2 (description and note)", len(ms))
	}
	if err := chromedp.Do(one,
		chromedp.Click(chromedp.ID("send-reply")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("sending anyway: %v", err)
	}
	if ms, _ := s.App.DB.Messages(context.Background(), id, true); len(ms) != 3 || ms[2].Body != "Попробуйте очистить кэш браузера." {
		t.Fatalf("messages after confirming: %+v", ms)
	}
	// The lead solves; the agent's page, loaded before, still offers "solved": the
	// workflow's validator refuses, and the page says why in Russian.
	if err := chromedp.Do(two,
		chromedp.Navigate(page),
		chromedp.Click(chromedp.ID("solve")),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-status="solved"]`)),
	); err != nil {
		t.Fatalf("the lead solves: %v", err)
	}
	if err := chromedp.Do(one, chromedp.Click(chromedp.ID("solve")), chromedp.WaitVisible(chromedp.ID("error"))); err != nil {
		t.Fatalf("no refusal shown: %v", err)
	}
	if msg := text(t, one, "#error"); !strings.Contains(msg, "Решено") || strings.Contains(msg, "solved") {
		t.Errorf("refusal message %q", msg)
	}
	if n, _ := chromedp.Run(one, chromedp.Evaluate[int](`document.querySelectorAll("#notice").length`)); n != 0 {
		t.Error("the earlier notice is still shown with the refusal")
	}
	shot(t, one, "refused")
}

// A ticket crosses 75 % of its first-response target and then breaches while the queue is
// open: its clock turns from on track to the reminder colour to breached without a reload.
func TestBrowserConsoleLiveClock(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-lc")
	helpdeskPolicy(t, s, 16, 3600, 3600, 3600) // 24×7: the reminder at 12 s, the breach at 16 s
	agent := consoleUser(t, s, "agent-lc@mektep.kz", "Ольга Часова", sitecore.PlatformSupport)
	b := chromium(t, a.host)
	consoleLogin(t, b, s.URL+"/helpdesk/console/en/?view=mine&poll=2", agent.Email)
	id := openTicket(t, s, session(t, s, a.users["parent"].ID), a.site, "Clock test")
	waitTicketStatus(t, s, id, sitecore.TicketOpen)
	clock := fmt.Sprintf("#clock-%d", id)
	if err := chromedp.Do(b,
		chromedp.Navigate(s.URL+"/helpdesk/console/en/?view=mine&poll=2"),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("row-%d", id))),
		chromedp.Evaluate[chromedp.Void](`window.__notReloaded = true`),
	); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		st, _ := chromedp.Run(b, chromedp.AttributeValue(chromedp.CSS(clock), "data-state"))
		return st.Value
	}
	if st := state(); st != "ok" {
		t.Fatalf("a fresh ticket's clock is %q, want ok", st)
	}
	for _, want := range []string{"reminder", "breached"} {
		if err := chromedp.Do(b, chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).dataset.state === %q`, clock, want),
			chromedp.WithPollingTimeout(40*time.Second))); err != nil {
			t.Fatalf("the clock did not turn %s (it is %q): %v", want, state(), err)
		}
		shot(t, b, "clock-"+want)
	}
	if same, err := chromedp.Run(b, chromedp.Evaluate[bool](`window.__notReloaded === true`)); err != nil || !same {
		t.Fatalf("the page was reloaded (%v)", err)
	}
	if label := text(t, b, clock); !strings.Contains(label, "breached") {
		t.Errorf("breached clock label %q", label)
	}
	// The clocks endpoint refuses anyone but the support team.
	r := s.do("GET", fmt.Sprintf("/helpdesk/console/en/clocks?ids=%d", id), nil, "Cookie", session(t, s, a.users["parent"].ID))
	if r.Status != 403 {
		t.Errorf("a requester reads clocks: %d", r.Status)
	}
}
