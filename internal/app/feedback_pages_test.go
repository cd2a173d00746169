package app_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

var formTokenRE = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// feedbackTopic creates a topic of the tenant through the API, its owner the recipient.
func feedbackTopic(t *testing.T, s *stack, a *tenant, name string, recipients ...int64) int64 {
	t.Helper()
	if recipients == nil {
		recipients = []int64{a.users["owner"].ID}
	}
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/feedback/topics", a.site), map[string]any{"name_kk": name, "name_ru": name,
		"name_en": name, "recipients": recipients}, "Cookie", session(t, s, a.users["owner"].ID))
	if r.Status != 201 {
		t.Fatalf("topic: %d %s", r.Status, r.Body)
	}
	return int64(r.JSON(t)["topic"].(map[string]any)["id"].(float64))
}

// agedToken returns a form token of the site and moves the service's clock 5 seconds on, so
// the token is old enough for the form's 3-second rule without the test sleeping.
func agedToken(t *testing.T, s *stack, siteID int64) string {
	t.Helper()
	s.App.Feedback.Now = nil
	tok := s.App.Feedback.FormToken(siteID)
	s.App.Feedback.Now = func() time.Time { return time.Now().Add(5 * time.Second) }
	return tok
}

func feedbackCount(t *testing.T, s *stack, siteID int64) int {
	t.Helper()
	var n int
	if err := s.App.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM feedback_messages WHERE site_id = $1`, siteID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFeedbackSpamGuards: the form's guards on the real stack, through the JSON API and the
// page. A filled honeypot is refused with 400 (field "website"; nothing stored, nobody
// emailed): a visible refusal costs nothing since the bot learns only that its form was
// refused, and a person who filled the hidden field by accident (a password manager) sees
// why. A token younger than 3 seconds is refused; ten messages an hour with ten addresses
// from one network pass and the eleventh is 429; five from one address pass from five
// networks and the sixth is 429; a burst of page posts from one network gets the 429 page in
// its language.
func TestFeedbackSpamGuards(t *testing.T) {
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_TRUSTED_PROXIES": "127.0.0.1/32"}})
	a := provisionTenant(t, s, "school-fbspam")
	topic := feedbackTopic(t, s, a, "Вопрос")
	from := func(ip string) []string { return []string{"X-Forwarded-For", ip, "Accept-Language", "ru"} }
	send := func(ip, email, tok, honeypot string) response {
		return s.do("POST", "/api/v1/feedback", map[string]any{"site_id": a.site, "topic_id": topic, "name": "Аружан",
			"email": email, "body": "Вопрос о собрании", "form_token": tok, "website": honeypot, "lang": "ru"}, from(ip)...)
	}

	r := s.do("GET", fmt.Sprintf("/api/v1/feedback/form?site_id=%d&lang=ru", a.site), nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "Вопрос") {
		t.Fatalf("form: %d %s", r.Status, r.Body)
	}
	fresh := r.JSON(t)["form_token"].(string)
	if r := send("192.0.2.1", "fast@example.kz", fresh, ""); r.Status != 400 || !strings.Contains(string(r.Body), "form_token") {
		t.Fatalf("a token younger than 3 s: %d %s", r.Status, r.Body)
	}
	tok := agedToken(t, s, a.site)
	if r := send("192.0.2.1", "bot@example.kz", tok, "http://spam.example"); r.Status != 400 || !strings.Contains(string(r.Body), `"website"`) {
		t.Fatalf("honeypot: %d %s", r.Status, r.Body)
	}
	if n := feedbackCount(t, s, a.site); n != 0 {
		t.Fatalf("%d messages stored after the refusals", n)
	}

	for i := 1; i <= 11; i++ {
		r := send("203.0.113.5", fmt.Sprintf("parent%d@example.kz", i), tok, "")
		if i <= 10 && r.Status != 201 {
			t.Fatalf("message %d from one network: %d %s", i, r.Status, r.Body)
		}
		if i == 11 && (r.Status != 429 || r.Header.Get("Retry-After") == "") {
			t.Fatalf("the 11th address from one network: %d %s", r.Status, r.Body)
		}
	}
	for i := 1; i <= 6; i++ {
		r := send(fmt.Sprintf("198.51.%d.7", 100+i), "same@example.kz", tok, "")
		if i <= 5 && r.Status != 201 {
			t.Fatalf("message %d from one address: %d %s", i, r.Status, r.Body)
		}
		if i == 6 && r.Status != 429 {
			t.Fatalf("the 6th message from one address: %d %s", r.Status, r.Body)
		}
	}

	// The page: a burst from one network.
	var last response
	for i := 1; i <= 11; i++ {
		form := url.Values{"form_token": {tok}, "topic_id": {fmt.Sprint(topic)}, "name": {"Бот"},
			"email": {fmt.Sprintf("burst%d@example.kz", i)}, "body": {"Купите"}}
		last = s.do("POST", "/ru/feedback", form.Encode(), append(from("100.64.9.9"), "Host", a.host,
			"Content-Type", "application/x-www-form-urlencoded")...)
		if i <= 10 && last.Status != 303 {
			t.Fatalf("page post %d: %d %s", i, last.Status, last.Body)
		}
	}
	if last.Status != 429 || !strings.Contains(string(last.Body), "id=\"error\"") || !strings.Contains(string(last.Body), "Купите") {
		t.Fatalf("the burst's 11th page post: %d %s", last.Status, last.Body)
	}
	// The honeypot on the page: 400 and the refusal above the form.
	hp := url.Values{"form_token": {tok}, "topic_id": {fmt.Sprint(topic)}, "name": {"Бот"}, "email": {"hp@example.kz"},
		"body": {"x"}, "website": {"x"}}
	if r := s.do("POST", "/ru/feedback", hp.Encode(), append(from("100.64.1.1"), "Host", a.host,
		"Content-Type", "application/x-www-form-urlencoded")...); r.Status != 400 || !strings.Contains(string(r.Body), "Сообщение не принято") {
		t.Fatalf("page honeypot: %d %s", r.Status, r.Body)
	}
	if n := feedbackCount(t, s, a.site); n != 25 {
		t.Fatalf("%d messages stored, want 10 + 5 + 10", n)
	}
}

var xssPayload = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`

// TestFeedbackPagesInert: a payload in every text field (the topic's names, the visitor's
// name and message, the admin's answer, the reply) reaches the public thread, the panel's
// list, thread and topics pages, and the form re-shown after an error only escaped. Another
// school's owner and a wrong link get 404, and the Excel keeps a formula-looking message as
// text. The message's SLA timer runs from the submission and ends with the answer.
func TestFeedbackPagesInert(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-fbxss")
	b := provisionTenant(t, s, "school-fbxss-b")
	owner := a.users["owner"]
	cookie := session(t, s, owner.ID)
	topic := feedbackTopic(t, s, a, "Тема "+xssPayload)
	ctx := context.Background()
	tok := agedToken(t, s, a.site)

	// The form re-shown after an error keeps the typed name, escaped.
	form := url.Values{"form_token": {tok}, "topic_id": {fmt.Sprint(topic)}, "name": {xssPayload}, "email": {"x@example.kz"}}
	r := s.do("POST", "/ru/feedback", form.Encode(), "Host", a.host, "Content-Type", "application/x-www-form-urlencoded")
	if r.Status != 400 || !strings.Contains(string(r.Body), `id="body-error"`) {
		t.Fatalf("missing message: %d %s", r.Status, r.Body)
	}
	inert := func(page string, body []byte) {
		t.Helper()
		if bytes.Contains(body, []byte("<script>alert")) || bytes.Contains(body, []byte("<img src=x")) {
			t.Errorf("%s carries the payload unescaped", page)
		}
		if !bytes.Contains(body, []byte("&lt;script&gt;alert(1)")) {
			t.Errorf("%s does not show the payload as text", page)
		}
	}
	inert("form after an error", r.Body)

	form.Set("body", "=HYPERLINK(\"http://evil.example\",\"x\") "+xssPayload)
	form.Set("email", "aru-xss@example.kz")
	if r := s.do("POST", "/ru/feedback", form.Encode(), "Host", a.host, "Content-Type", "application/x-www-form-urlencoded"); r.Status != 303 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	ms, err := s.App.DB.FeedbackMessages(ctx, a.site, true)
	if err != nil || len(ms) != 1 {
		t.Fatalf("messages %v %v", ms, err)
	}
	m := ms[0]
	wf := workflows.FeedbackSLAWorkflowID(a.site, m.ID)
	status := func() enumspb.WorkflowExecutionStatus {
		d, err := s.App.Temporal.DescribeWorkflowExecution(ctx, wf, "")
		if err != nil {
			return enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED
		}
		return d.GetWorkflowExecutionInfo().GetStatus()
	}
	testenv.Eventually(t, 20*time.Second, "the SLA timer running", func() bool { return status() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING })

	panel := fmt.Sprintf("/ru/panel/feedback/%d", m.ID)
	answer := url.Values{"action": {"answer"}, "body": {"Ответ " + xssPayload}}
	if r := s.do("POST", panel, answer.Encode(), "Host", a.host, "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded"); r.Status != 303 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 20*time.Second, "the SLA timer ended by the answer", func() bool { return status() == enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED })
	mail := waitMail(t, s, "aru-xss@example.kz", nil)
	link := regexp.MustCompile(`/ru/feedback/\d+\?t=[A-Za-z0-9_-]+`).FindString(mail.Text)
	if link == "" {
		t.Fatalf("no link in %s", mail.Text)
	}
	reply := url.Values{"body": {"Ответ родителя " + xssPayload}}
	if r := s.do("POST", link, reply.Encode(), "Host", a.host, "Content-Type", "application/x-www-form-urlencoded"); r.Status != 303 {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	thread := s.do("GET", link, nil, "Host", a.host)
	if thread.Status != 200 || !bytes.Contains(thread.Body, []byte("Ответ родителя")) || !bytes.Contains(thread.Body, []byte("Ответ &lt;script")) {
		t.Fatalf("thread: %d %s", thread.Status, thread.Body)
	}
	inert("public thread", thread.Body)
	for _, p := range []string{"/ru/panel/feedback", panel, "/ru/panel/feedback/topics"} {
		r := s.do("GET", p, nil, "Host", a.host, "Cookie", cookie)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", p, r.Status, r.Body)
		}
		inert(p, r.Body)
	}

	// Another school: 404 for its owner in A's panel and on its own host, and for the link on
	// B's host or with a wrong token.
	bCookie := session(t, s, b.users["owner"].ID)
	for _, c := range []struct{ host, path, cookie string }{
		{a.host, panel, bCookie}, {b.host, panel, bCookie}, {b.host, link, ""},
		{a.host, strings.Split(link, "?")[0] + "?t=AAAA", ""}, {a.host, "/ru/panel/feedback/topics", bCookie},
	} {
		h := []string{"Host", c.host}
		if c.cookie != "" {
			h = append(h, "Cookie", c.cookie)
		}
		if r := s.do("GET", c.path, nil, h...); r.Status != 404 || bytes.Contains(r.Body, []byte("HYPERLINK")) {
			t.Errorf("%s%s: %d", c.host, c.path, r.Status)
		}
	}

	// The Excel of today: the message as text, no formula.
	today := time.Now().In(sitecore.Almaty).Format(time.DateOnly)
	x := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/feedback/export.xlsx?from=%s&to=%s", a.site, today, today), nil, "Cookie", cookie, "Accept-Language", "ru")
	if x.Status != 200 {
		t.Fatalf("excel: %d %s", x.Status, x.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	v, _ := f.GetCellValue(sheet, "I2")
	formula, _ := f.GetCellFormula(sheet, "I2")
	if !strings.HasPrefix(v, "=HYPERLINK") || formula != "" {
		t.Fatalf("message cell %q, formula %q", v, formula)
	}
	if n, _ := f.GetCellValue(sheet, "J2"); n != "1" {
		t.Fatalf("answers %q, want 1", n)
	}
	if p := s.do("GET", "/ru/panel/feedback/export.xlsx?from="+today, nil, "Host", a.host, "Cookie", cookie); p.Status != 200 ||
		!strings.Contains(p.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("panel excel: %d %s", p.Status, p.Header)
	}

	// An attachment: a PNG is kept and served to the panel and to the link's holder, not to
	// another school; an executable is refused next to the file field.
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	post := func(name string, data []byte) response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"form_token": tok, "topic_id": fmt.Sprint(topic), "name": "Файл",
			"email": "file@example.kz", "body": "Скриншот ошибки"} {
			_ = mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
		_ = mw.Close()
		return s.do("POST", "/ru/feedback", buf.Bytes(), "Host", a.host, "Content-Type", mw.FormDataContentType())
	}
	if r := post("virus.exe", append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{1}, 64)...)); r.Status != 400 || !bytes.Contains(r.Body, []byte(`id="file-error"`)) {
		t.Fatalf("an executable: %d %s", r.Status, r.Body)
	}
	if r := post("screen.png", png); r.Status != 303 {
		t.Fatalf("with a PNG: %d %s", r.Status, r.Body)
	}
	withFile, err := s.App.DB.FilterFeedbackMessages(ctx, sitecore.FeedbackFilter{SiteID: a.site, Limit: 1})
	if err != nil || len(withFile) != 1 || withFile[0].Attachment == nil || withFile[0].Attachment.ContentType != "image/png" {
		t.Fatalf("stored attachment: %+v %v", withFile, err)
	}
	fid := withFile[0].ID
	filePath := fmt.Sprintf("/ru/panel/feedback/%d/file", fid)
	if r := s.do("GET", fmt.Sprintf("/ru/panel/feedback/%d", fid), nil, "Host", a.host, "Cookie", cookie); !bytes.Contains(r.Body, []byte(filePath)) {
		t.Fatalf("the panel's thread does not link the file: %s", r.Body)
	}
	if r := s.do("GET", filePath, nil, "Host", a.host, "Cookie", cookie); r.Status != 200 || !bytes.Equal(r.Body, png) || r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("panel file: %d %q", r.Status, r.Header)
	}
	if r := s.do("GET", filePath, nil, "Host", b.host, "Cookie", bCookie); r.Status != 404 {
		t.Fatalf("another school's owner: %d", r.Status)
	}
	ftok := s.App.Feedback.ThreadToken(a.site, fid)
	if r := s.do("GET", fmt.Sprintf("/ru/feedback/%d/file?t=%s", fid, ftok), nil, "Host", a.host); r.Status != 200 || !bytes.Equal(r.Body, png) {
		t.Fatalf("file by the link: %d", r.Status)
	}
	if r := s.do("GET", fmt.Sprintf("/ru/feedback/%d/file?t=%s", fid, link[len(link)-10:]), nil, "Host", a.host); r.Status != 404 {
		t.Fatalf("file with a wrong token: %d", r.Status)
	}
}
