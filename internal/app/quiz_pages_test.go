package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// A 1×1 PNG, the picture of the Moodle question.
const quizPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

// Texts that only keys and feedback hold: no page a student gets before the review may
// show them.
const (
	keyShort    = "Астана"
	keyFeedback = "ОБРАТНАЯ-СВЯЗЬ-7"
)

// moodleBank is a Moodle XML bank: a single choice with an embedded picture and general
// feedback, a short answer, a numeric question and an essay.
func moodleBank() string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="category"><category><text>$course$/top/Математика</text></category></question>
<question type="multichoice"><name><text>Сложение</text></name>
<questiontext format="html"><text><![CDATA[<p>Сколько будет 2+2? <img src="@@PLUGINFILE@@/dva.png" alt="Два и два"></p>]]></text>
<file name="dva.png" path="/" encoding="base64">` + quizPNG + `</file></questiontext>
<generalfeedback format="html"><text>` + keyFeedback + `</text></generalfeedback>
<single>true</single>
<answer fraction="100"><text>четыре</text></answer>
<answer fraction="0"><text>пять</text></answer>
</question>
<question type="shortanswer"><name><text>Столица</text></name>
<questiontext format="html"><text>Столица Казахстана?</text></questiontext>
<answer fraction="100"><text>` + keyShort + `</text></answer>
</question>
<question type="numerical"><name><text>Ускорение</text></name>
<questiontext format="html"><text>Ускорение свободного падения, м/с²?</text></questiontext>
<answer fraction="100"><text>9.81</text><tolerance>0.01</tolerance></answer>
</question>
<question type="essay"><name><text>Лето</text></name>
<questiontext format="html"><text>Опишите лето в трёх предложениях.</text></questiontext>
</question>
</quiz>`
}

// multipartForm encodes fields and one file as multipart/form-data.
func multipartForm(t *testing.T, fields map[string]string, fileName string, file []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(file)
	}
	_ = mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

// quizSchool is a school with a teacher who has tests:edit and media:edit, two students in
// different classes, and a bank imported from Moodle XML.
type quizSchool struct {
	*tenant
	teacher, student, other string // cookies
	otherUser               *sitecore.User
	bank                    int64
	questions               []quiz.Question
}

func (q *quizSchool) page(s *stack, method, path, cookie string, form url.Values) response {
	h := []string{"Host", q.host, "Cookie", cookie, "Sec-Fetch-Site", "same-origin"}
	if form != nil {
		return s.do(method, path, form.Encode(), append(h, "Content-Type", "application/x-www-form-urlencoded")...)
	}
	return s.do(method, path, nil, h...)
}

func setupQuizSchool(t *testing.T, s *stack, slug string) *quizSchool {
	t.Helper()
	ctx := context.Background()
	a := provisionTenant(t, s, slug)
	q := &quizSchool{tenant: a, teacher: session(t, s, a.users["teacher"].ID), student: session(t, s, a.users["student"].ID)}
	other := fixtureUser(t, s, "student2@"+slug+".edu.kz", a.site, sitecore.RoleStudent)
	q.other, q.otherUser = session(t, s, other.ID), other
	owner := session(t, s, a.users["owner"].ID)

	if r := q.page(s, "GET", "/ru/panel/tests", q.teacher, nil); r.Status != 403 {
		t.Errorf("teacher without a delegation: %d", r.Status)
	}
	for _, sec := range []string{"tests", "media"} {
		r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site), map[string]any{"user_id": a.users["teacher"].ID,
			"section": sec, "action": "edit"}, "Cookie", owner)
		if r.Status != 201 {
			t.Fatalf("delegate %s: %d %s", sec, r.Status, r.Body)
		}
	}
	// Classes: the students by email; an unknown email changes nothing.
	r := q.page(s, "POST", "/ru/panel/tests/classes", q.teacher, url.Values{"class": {"7А"}, "emails": {a.users["student"].Email + "\nnobody@example.kz"}})
	if r.Status != 400 || !strings.Contains(string(r.Body), `id="c-emails-error"`) || !strings.Contains(string(r.Body), "nobody@example.kz") {
		t.Errorf("class with an unknown email: %d %s", r.Status, r.Body)
	}
	if c, _ := s.App.DB.StudentClass(ctx, a.site, a.users["student"].ID); c != "" {
		t.Errorf("half-written class: %q", c)
	}
	for _, c := range []struct{ class, email string }{{"7А", a.users["student"].Email}, {"7Б", other.Email}} {
		if r := q.page(s, "POST", "/ru/panel/tests/classes", q.teacher, url.Values{"class": {c.class}, "emails": {c.email}}); r.Status != 303 {
			t.Fatalf("class %s: %d %s", c.class, r.Status, r.Body)
		}
	}

	// A bank: the name is required (next to its field), then created.
	if r := q.page(s, "POST", "/ru/panel/tests/bank", q.teacher, url.Values{"op": {"bank"}, "name": {""}}); r.Status != 400 ||
		!strings.Contains(string(r.Body), `id="b-name-error"`) {
		t.Errorf("bank without a name: %d %s", r.Status, r.Body)
	}
	r = q.page(s, "POST", "/ru/panel/tests/bank", q.teacher, url.Values{"op": {"bank"}, "name": {"Физика и математика"}, "subject": {"Математика"}, "grade": {"7"}})
	m := regexp.MustCompile(`bank=(\d+)`).FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != 303 || m == nil {
		t.Fatalf("bank: %d %s", r.Status, r.Header.Get("Location"))
	}
	fmt.Sscan(m[1], &q.bank)

	upload := func(name string, data []byte) response {
		body, ct := multipartForm(t, map[string]string{"op": "import", "bank": m[1], "lang": "ru"}, name, data)
		return s.do("POST", "/ru/panel/tests/bank", body, "Host", a.host, "Cookie", q.teacher, "Sec-Fetch-Site", "same-origin", "Content-Type", ct)
	}
	// A file with a picture the text names but does not embed: the row's problem is listed
	// and nothing is imported.
	bad := strings.Replace(moodleBank(), `<file name="dva.png"`, `<file name="other.png"`, 1)
	bad = strings.Replace(bad, `<text>9.81</text>`, `<text>девять</text>`, 1)
	r = upload("bank.xml", []byte(bad))
	if r.Status != 400 || !strings.Contains(string(r.Body), `id="problems"`) || !strings.Contains(string(r.Body), "dva.png") ||
		!strings.Contains(string(r.Body), "девять") {
		t.Errorf("bad Moodle file: %d %s", r.Status, r.Body)
	}
	if qs, _ := s.App.DB.ListQuestions(ctx, a.site, q.bank); len(qs) != 0 {
		t.Errorf("half-imported: %d questions", len(qs))
	}
	if r := upload("bank.pdf", []byte("%PDF")); r.Status != 400 || !strings.Contains(string(r.Body), `id="i-file-error"`) {
		t.Errorf("a PDF: %d", r.Status)
	}
	r = upload("bank.xml", []byte(moodleBank()))
	if r.Status != 303 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	qs, err := s.App.DB.ListQuestions(ctx, a.site, q.bank)
	if err != nil || len(qs) != 4 {
		t.Fatalf("imported: %d %v", len(qs), err)
	}
	q.questions = qs
	for _, qu := range qs {
		if qu.Name == "Сложение" {
			mm, err := s.App.DB.FindMedia(ctx, a.site, qu.MediaID)
			if err != nil || !strings.Contains(qu.Text["ru"], mm.URL) || strings.Contains(qu.Text["ru"], "@@PLUGINFILE@@") {
				t.Errorf("picture: media %q %v, text %q", qu.MediaID, err, qu.Text["ru"])
			}
			if pic := s.do("GET", mm.URL, nil, "Host", a.host); pic.Status != 200 || !strings.HasPrefix(pic.Header.Get("Content-Type"), "image/png") {
				t.Errorf("picture served: %d %s", pic.Status, pic.Header.Get("Content-Type"))
			}
		}
	}
	// The bank's list with filters.
	list := q.page(s, "GET", "/ru/panel/tests/bank?kind=essay", q.teacher, nil)
	if list.Status != 200 || !strings.Contains(string(list.Body), "Лето") || strings.Contains(string(list.Body), "Сложение") {
		t.Errorf("filter by type: %d %s", list.Status, list.Body)
	}
	if l := q.page(s, "GET", "/ru/panel/tests/bank?q="+url.QueryEscape("столица"), q.teacher, nil); !strings.Contains(string(l.Body), "Столица") ||
		strings.Contains(string(l.Body), "Лето") {
		t.Errorf("search: %s", l.Body)
	}
	return q
}

// build posts the builder's form and returns the new test's ID.
func (q *quizSchool) build(t *testing.T, s *stack, form url.Values) int64 {
	t.Helper()
	r := q.page(s, "POST", "/ru/panel/tests/new", q.teacher, form)
	m := regexp.MustCompile(`/ru/panel/tests/(\d+)\?done=saved`).FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != 303 || m == nil {
		t.Fatalf("build: %d %s %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}

func (q *quizSchool) testForm(limit, closes string, class string) url.Values {
	f := url.Values{"title": {"Контрольная 7А"}, "subject": {"Математика"}, "grade": {"7"}, "time_limit": {limit},
		"closes": {closes}, "attempts_allowed": {"1"}, "review": {"answers_after"}, "grace_mode": {"submit"},
		"audience_kind": {"class"}, "audience_ref": {class}}
	for _, qu := range q.questions {
		f.Add("question", fmt.Sprint(qu.ID))
	}
	return f
}

// TestQuizPages: a teacher imports a Moodle bank with a picture, builds a test for class 7А;
// its student takes it page by page (form and autosave), submits with confirmation; the
// teacher grades the essay; the student sees the score, and the key only after the window
// closes; the Excel holds the attempt. Students of another class or school can neither see
// nor start it, and no page a student got before the review holds a key.
func TestQuizPages(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	q := setupQuizSchool(t, s, "school-quiz")
	b := provisionTenant(t, s, "school-quiz-b")
	stranger := session(t, s, b.users["student"].ID)
	strangerTeacher := session(t, s, b.users["owner"].ID)

	// The builder: errors next to their fields, in the page's language.
	closes := time.Now().Add(2 * time.Hour).In(sitecore.Almaty).Format("2006-01-02T15:04")
	bad := q.testForm("abc", closes, "7А")
	if r := q.page(s, "POST", "/ru/panel/tests/new", q.teacher, bad); r.Status != 400 || !strings.Contains(string(r.Body), `id="t-limit-error"`) {
		t.Errorf("time limit abc: %d %s", r.Status, r.Body)
	}
	noItems := q.testForm("10", closes, "7А")
	noItems.Del("question")
	if r := q.page(s, "POST", "/kk/panel/tests/new", q.teacher, noItems); r.Status != 400 || !strings.Contains(string(r.Body), `id="items-error"`) {
		t.Errorf("no items: %d %s", r.Status, r.Body)
	}
	noClass := q.testForm("10", closes, "")
	if r := q.page(s, "POST", "/ru/panel/tests/new", q.teacher, noClass); r.Status != 400 || !strings.Contains(string(r.Body), `id="t-audience-ref-error"`) {
		t.Errorf("class audience without a class: %d %s", r.Status, r.Body)
	}
	id := q.build(t, s, q.testForm("10", closes, "7А"))
	testPath := fmt.Sprintf("/ru/tests/%d/start", id)

	var studentSaw bytes.Buffer // every body the student's browser got before the review
	get := func(path string) response {
		t.Helper()
		r := q.page(s, "GET", path, q.student, nil)
		studentSaw.Write(r.Body)
		return r
	}
	post := func(path string, f url.Values) response {
		t.Helper()
		r := q.page(s, "POST", path, q.student, f)
		studentSaw.Write(r.Body)
		return r
	}

	// Who sees and may start it.
	if r := q.page(s, "GET", "/ru/tests", "", nil); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/ru/login?next=") {
		t.Errorf("anonymous: %d", r.Status)
	}
	if r := get("/ru/tests"); r.Status != 200 || !strings.Contains(string(r.Body), "Контрольная 7А") || !strings.Contains(string(r.Body), testPath) {
		t.Fatalf("the student's list: %d %s", r.Status, r.Body)
	}
	for name, c := range map[string]struct{ host, cookie string }{"other class": {q.host, q.other}, "other school": {q.host, stranger},
		"other school's host": {b.host, q.student}} {
		h := []string{"Host", c.host, "Cookie", c.cookie, "Sec-Fetch-Site", "same-origin"}
		if r := s.do("GET", "/ru/tests", nil, h...); r.Status != 200 || strings.Contains(string(r.Body), "Контрольная") {
			t.Errorf("%s sees the test: %d", name, r.Status)
		}
		if r := s.do("POST", testPath, "", append(h, "Content-Type", "application/x-www-form-urlencoded")...); r.Status != 404 {
			t.Errorf("%s starts the test: %d", name, r.Status)
		}
	}

	// Start: to question 1; a second start resumes the same attempt.
	r := post(testPath, url.Values{})
	m := regexp.MustCompile(`^/ru/tests/attempts/(\d+)$`).FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != 303 || m == nil {
		t.Fatalf("start: %d %s", r.Status, r.Header.Get("Location"))
	}
	attempt := m[0]
	if r := post(testPath, url.Values{}); r.Header.Get("Location") != attempt {
		t.Errorf("second start: %s, want %s", r.Header.Get("Location"), attempt)
	}
	var attemptID int64
	fmt.Sscan(m[1], &attemptID)
	if r := q.page(s, "GET", attempt, q.other, nil); r.Status != 404 {
		t.Errorf("another student's attempt: %d", r.Status)
	}

	// Walk the questions: answer each with the form, as without JavaScript.
	a, err := s.App.DB.FindAttempt(ctx, q.site, attemptID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]quiz.Question{}
	for _, qu := range q.questions {
		byID[qu.ID] = qu
	}
	var essayID, shortID int64
	for i, sl := range a.Slots {
		n := i + 1
		page := get(fmt.Sprintf("%s?q=%d", attempt, n))
		if page.Status != 200 || !strings.Contains(string(page.Body), `name="qid" value="`+fmt.Sprint(sl.QuestionID)+`"`) {
			t.Fatalf("question %d: %d %s", n, page.Status, page.Body)
		}
		if !strings.Contains(string(page.Body), `data-deadline="`) || !strings.Contains(string(page.Body), `<script src="`) {
			t.Errorf("question %d has no clock or script", n)
		}
		qu := byID[sl.QuestionID]
		f := url.Values{"q": {fmt.Sprint(n)}, "qid": {fmt.Sprint(sl.QuestionID)}, "seq": {"1"}, "action": {"next"}}
		switch qu.Kind {
		case quiz.SingleChoice:
			for _, o := range qu.Body.Options {
				if o.Correct {
					f.Set("choice", o.ID)
				}
			}
			if !strings.Contains(string(page.Body), `alt="Два и два"`) || !strings.Contains(string(page.Body), "/media/") {
				t.Errorf("the picture is not on the page: %s", page.Body)
			}
		case quiz.ShortAnswer:
			shortID = sl.QuestionID
			f.Set("text", "москва") // wrong, fixed below through the autosave
		case quiz.Numeric:
			f.Set("text", "9,81")
		case quiz.Essay:
			essayID = sl.QuestionID
			f.Set("text", "Летом тепло. Летом каникулы. Летом море.")
		}
		if r := post(attempt, f); r.Status != 303 {
			t.Fatalf("save question %d: %d %s", n, r.Status, r.Body)
		}
	}
	// Reload: the answers are there.
	for i, sl := range a.Slots {
		if sl.QuestionID == essayID {
			if r := get(fmt.Sprintf("%s?q=%d", attempt, i+1)); !strings.Contains(string(r.Body), "Летом море.") {
				t.Errorf("essay after reload: %s", r.Body)
			}
		}
	}
	// The autosave: by seq, idempotent; a late one is ignored; another student gets 404.
	save := func(cookie string, seq int64, text string) response {
		body, _ := json.Marshal(map[string]any{"question_id": shortID, "seq": seq, "response": map[string]any{"text": text}})
		r := s.do("POST", attempt+"/save", body, "Host", q.host, "Cookie", cookie, "Sec-Fetch-Site", "same-origin")
		if cookie == q.student {
			studentSaw.Write(r.Body)
		}
		return r
	}
	for _, c := range []struct {
		seq  int64
		text string
		want string
	}{{5, keyShort, "stored"}, {5, keyShort, "same"}, {3, "москва", "stale"}} {
		r := save(q.student, c.seq, c.text)
		if r.Status != 200 || !strings.Contains(string(r.Body), `"outcome":"`+c.want+`"`) {
			t.Errorf("save seq %d: %d %s", c.seq, r.Status, r.Body)
		}
	}
	if r := save(q.other, 9, "x"); r.Status != 404 {
		t.Errorf("another student's save: %d", r.Status)
	}
	if r := s.do("POST", attempt+"/save", []byte(`{"question_id":1,"seq":-1}`), "Host", q.host, "Cookie", q.student, "Sec-Fetch-Site", "same-origin"); r.Status != 400 {
		t.Errorf("negative seq: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", attempt+"/save", []byte(`{"question_id":1,"seq":1}`), "Host", q.host, "Cookie", q.student, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); r.Status != 403 {
		t.Errorf("cross-site save: %d", r.Status)
	}
	clock := get(attempt + "/clock")
	if clock.Status != 200 || !strings.Contains(string(clock.Body), `"status":"started"`) {
		t.Errorf("clock: %d %s", clock.Status, clock.Body)
	}

	// Finish: the confirmation first, then the workflow submits and grades; the essay waits.
	if r := post(attempt, url.Values{"q": {"1"}, "action": {"submit"}}); r.Status != 303 || r.Header.Get("Location") != attempt+"?confirm=1" {
		t.Fatalf("finish: %d %s", r.Status, r.Header.Get("Location"))
	}
	if r := get(attempt + "?confirm=1"); !strings.Contains(string(r.Body), `id="unanswered"`) || !regexp.MustCompile(`<strong>0</strong>`).Match(r.Body) {
		t.Errorf("confirmation: %s", r.Body)
	}
	if r := post(attempt, url.Values{"action": {"confirm"}}); r.Status != 303 {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 30*time.Second, "graded but the essay", func() bool {
		got, _ := s.App.DB.FindAttempt(ctx, q.site, attemptID)
		return got != nil && got.Status == quiz.Submitted && got.Pending == 1
	})
	if r := get(attempt); !strings.Contains(string(r.Body), `id="pending"`) || strings.Contains(string(r.Body), `id="score"`) {
		t.Errorf("before the essay is graded: %s", r.Body)
	}
	if r := save(q.student, 10, "x"); r.Status != 409 {
		t.Errorf("a save after submitting: %d %s", r.Status, r.Body)
	}

	// The teacher's results: the attempt, the statistics, the essay to grade.
	results := fmt.Sprintf("/ru/panel/tests/%d/results", id)
	res := q.page(s, "GET", results, q.teacher, nil)
	field := fmt.Sprintf("points-%d-%d", attemptID, essayID)
	if res.Status != 200 || !strings.Contains(string(res.Body), q.users["student"].FullName) || !strings.Contains(string(res.Body), `id="`+field+`"`) ||
		!strings.Contains(string(res.Body), "Летом море.") || !strings.Contains(string(res.Body), `id="stats"`) {
		t.Fatalf("results: %d %s", res.Status, res.Body)
	}
	for _, p := range []string{"abc", "99"} {
		r := q.page(s, "POST", results, q.teacher, url.Values{"attempt": {fmt.Sprint(attemptID)}, "question": {fmt.Sprint(essayID)}, "points": {p}})
		if r.Status != 400 || !strings.Contains(string(r.Body), `id="`+field+`-error"`) {
			t.Errorf("points %s: %d %s", p, r.Status, r.Body)
		}
	}
	for _, c := range []struct{ host, cookie string }{{q.host, strangerTeacher}, {b.host, strangerTeacher}} {
		h := []string{"Host", c.host, "Cookie", c.cookie, "Sec-Fetch-Site", "same-origin"}
		if r := s.do("GET", results, nil, h...); r.Status != 404 {
			t.Errorf("another school's owner on %s: %d", c.host, r.Status)
		}
	}
	if r := q.page(s, "POST", results, q.teacher, url.Values{"attempt": {fmt.Sprint(attemptID)}, "question": {fmt.Sprint(essayID)}, "points": {"1"}}); r.Status != 303 {
		t.Fatalf("grade: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 30*time.Second, "graded", func() bool {
		got, _ := s.App.DB.FindAttempt(ctx, q.site, attemptID)
		return got != nil && got.Status == quiz.Graded
	})
	final, _ := s.App.DB.FindAttempt(ctx, q.site, attemptID)
	if final.Score != 4 || final.MaxScore != 4 {
		t.Errorf("score %v / %v, want 4 / 4", final.Score, final.MaxScore)
	}

	// The student: the score, the answers only after the window closes.
	out := get(attempt)
	if !strings.Contains(string(out.Body), `id="score"`) || !strings.Contains(string(out.Body), "4 / 4") || !strings.Contains(string(out.Body), `id="answers-later"`) {
		t.Errorf("after grading: %s", out.Body)
	}
	for _, secret := range []string{keyFeedback, "9.81", keyShort} {
		if bytes.Contains(studentSaw.Bytes(), []byte(secret)) {
			t.Errorf("a key reached the student before the review: %q", secret)
		}
	}
	if bytes.Contains(studentSaw.Bytes(), []byte(`"correct"`)) || bytes.Contains(studentSaw.Bytes(), []byte("credit")) {
		t.Error("a key field reached the student")
	}
	tst, _ := s.App.DB.FindTest(ctx, q.site, id)
	tst.Closes = time.Now().Add(-time.Minute)
	tst.TimeLimit = 10 * time.Minute
	if err := s.App.DB.UpdateTest(ctx, tst); err != nil {
		t.Fatal(err)
	}
	if r := get(attempt); !strings.Contains(string(r.Body), `id="review"`) || !strings.Contains(string(r.Body), keyFeedback) || !strings.Contains(string(r.Body), "9.81") {
		t.Errorf("review after closing: %s", r.Body)
	}

	// The Excel of results, opened.
	x := q.page(s, "GET", results+".xlsx", q.teacher, nil)
	if x.Status != 200 || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %v", x.Status, x.Header)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("Результаты")
	if len(rows) != 2 || rows[0][0] != "Ученик" || rows[1][0] != q.users["student"].FullName || rows[1][6] != "4" {
		t.Errorf("xlsx rows: %q", rows)
	}
	if r := s.do("GET", results+".xlsx", nil, "Host", q.host, "Cookie", q.student); r.Status != 404 && r.Status != 403 {
		t.Errorf("the student downloads results: %d", r.Status)
	}
	// The list of tests and the edit page for the teacher, in Kazakh.
	if r := q.page(s, "GET", "/kk/panel/tests", q.teacher, nil); r.Status != 200 || !strings.Contains(string(r.Body), "Контрольная 7А") ||
		!strings.Contains(string(r.Body), `href="/kk/panel/tests"`) {
		t.Errorf("tests list: %d %s", r.Status, r.Body)
	}
	if r := q.page(s, "GET", fmt.Sprintf("/ru/panel/tests/%d", id), q.teacher, nil); r.Status != 200 || !strings.Contains(string(r.Body), `value="Контрольная 7А"`) {
		t.Errorf("edit page: %d", r.Status)
	}

	olympiadAttempt(t, s, q)
}

// olympiadAttempt: a test that is an olympiad round's task is never offered nor started by
// a student; the attempt the olympiad makes for its participant opens on the same pages,
// saves, submits, and shows nothing of the score (review "nothing" until the release).
func olympiadAttempt(t *testing.T, s *stack, q *quizSchool) {
	t.Helper()
	ctx := context.Background()
	ot := &quiz.Test{SiteID: q.site, Title: quiz.Text{"ru": "Олимпиада, школьный тур"}, Items: []quiz.Item{{QuestionID: q.questions[0].ID}},
		Closes: time.Now().Add(time.Hour), AttemptsAllowed: 1, Review: quiz.ReviewNothing, Audience: quiz.Audience{Kind: quiz.AudienceSchool}}
	if err := ot.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.CreateTest(ctx, ot); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := s.App.DB.Pool.Exec(ctx, `WITH o AS (INSERT INTO olympiads (site_id, level, title, subjects) VALUES ($1, 'school', '{"ru":"Олимпиада"}', '{math}') RETURNING id)
		INSERT INTO olympiad_rounds (site_id, olympiad_id, number, stage, tasks, registration_opens, registration_closes, starts_at, ends_at,
			results_at, appeals_close, freeze_by)
		SELECT $1, o.id, 1, 'school', jsonb_build_array(jsonb_build_object('subject', 'math', 'grade', 7, 'test_id', $2::bigint)),
			$3::timestamptz - interval '2 hours', $3::timestamptz - interval '1 hour', $3::timestamptz - interval '1 minute', $3::timestamptz + interval '1 hour',
			$3::timestamptz + interval '2 hours', $3::timestamptz + interval '3 hours', $3::timestamptz + interval '4 hours' FROM o`, q.site, ot.ID, now); err != nil {
		t.Fatal(err)
	}
	if r := q.page(s, "GET", "/ru/tests", q.other, nil); strings.Contains(string(r.Body), "Олимпиада") {
		t.Error("the olympiad's test is offered")
	}
	if r := q.page(s, "POST", fmt.Sprintf("/ru/tests/%d/start", ot.ID), q.other, url.Values{}); r.Status != 404 {
		t.Errorf("a student starts the olympiad's test: %d", r.Status)
	}
	// The olympiad's start makes the participant's attempt (as activities.Olympiad does).
	bank, _ := s.App.DB.QuestionsForTest(ctx, ot)
	a, err := quiz.NewAttempt(ot, bank, q.otherUser.ID, now, quiz.NewSeed(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.StartAttempt(ctx, a, 1); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/ru/tests/attempts/%d", a.ID)
	if r := q.page(s, "GET", "/ru/tests", q.other, nil); !strings.Contains(string(r.Body), path) {
		t.Errorf("the participant's attempt is not listed: %s", r.Body)
	}
	page := q.page(s, "GET", path, q.other, nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), `id="question"`) {
		t.Fatalf("the participant's attempt: %d %s", page.Status, page.Body)
	}
	var choice string
	for _, o := range q.questions[0].Body.Options {
		if o.Correct {
			choice = o.ID
		}
	}
	if r := q.page(s, "POST", path, q.other, url.Values{"q": {"1"}, "qid": {fmt.Sprint(q.questions[0].ID)}, "seq": {"1"}, "choice": {choice}, "action": {"save"}}); r.Status != 303 {
		t.Fatalf("participant's save: %d %s", r.Status, r.Body)
	}
	// Submitted at once, whether or not the relay has started the attempt's workflow yet.
	if r := q.page(s, "POST", path, q.other, url.Values{"action": {"confirm"}}); r.Status != 303 {
		t.Fatalf("participant's submission: %d %s", r.Status, r.Body)
	}
	if got, _ := s.App.DB.FindAttempt(ctx, q.site, a.ID); got == nil || got.Status == quiz.Started {
		t.Errorf("not submitted: %+v", got)
	}
	testenv.Eventually(t, 30*time.Second, "graded", func() bool {
		got, _ := s.App.DB.FindAttempt(ctx, q.site, a.ID)
		return got != nil && got.Status == quiz.Graded && got.Score == 1
	})
	out := q.page(s, "GET", path, q.other, nil)
	if !strings.Contains(string(out.Body), `id="score-hidden"`) || strings.Contains(string(out.Body), `id="score"`) || strings.Contains(string(out.Body), "1 / 1") {
		t.Errorf("the olympiad's result before its release: %s", out.Body)
	}
}
