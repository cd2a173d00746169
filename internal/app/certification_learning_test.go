package app_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/certification/pdf/pdftest"
	"github.com/mektep/mektep/sitecore/quiz"
)

// learningForm posts a form to a learning page on the school's host.
func learningForm(s *stack, host, cookie, path string, form url.Values) response {
	return s.do("POST", path, form.Encode(), "Host", host, "Cookie", cookie, "Sec-Fetch-Site", "same-origin",
		"Content-Type", "application/x-www-form-urlencoded")
}

// TestCertificationLearningPages: "my learning" in the school's panel, without a line of
// script: an admin enrols, reads the lessons (rich text, video), marks them done, takes
// the exam as a plain form and passes; the certificate appears with its verification and
// PDF links. The page is in kk/ru/en; errors come back in the page language; another
// admin never sees the first one's records; anonymous visitors are sent to log in.
func TestCertificationLearningPages(t *testing.T) {
	s := startStack(t, stackOptions{})
	f := newExamFixture(t, s, "cert-learn-training")
	exam := map[string]any{"passing_score": 80, "attempts": 2, "wait_minutes": 0, "test_id": f.test}
	course, lessons := certCourseWith(t, s, map[string]any{"media_site_id": f.site, "exam": exam})
	a := provisionTenant(t, s, "cert-learn-a")
	b := provisionTenant(t, s, "cert-learn-b")
	cookie := session(t, s, a.users["admin"].ID)
	get := func(path, host, cookie string) response {
		return s.do("GET", path, nil, "Host", host, "Cookie", cookie)
	}

	if r := s.do("GET", "/ru/panel/learning", nil, "Host", a.host); r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "/ru/login") {
		t.Errorf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
	}
	for lang, want := range map[string]string{"kk": "Менің оқуым", "ru": "Моё обучение", "en": "My learning"} {
		r := get("/"+lang+"/panel/learning", a.host, cookie)
		if r.Status != 200 || !strings.Contains(string(r.Body), want) || !strings.Contains(string(r.Body), fmt.Sprintf(`id="enroll-%d"`, course)) {
			t.Errorf("%s learning page: %d %s", lang, r.Status, r.Body)
		}
	}
	// A bad action is refused in the page language.
	if r := learningForm(s, a.host, cookie, "/ru/panel/learning", url.Values{"op": {"register"}, "id": {"999999"}}); r.Status != 404 ||
		!strings.Contains(string(r.Body), "Семинар не найден") {
		t.Errorf("registering for an unknown seminar: %d %s", r.Status, r.Body)
	}

	r := learningForm(s, a.host, cookie, "/ru/panel/learning", url.Values{"op": {"enroll"}, "id": {fmt.Sprint(course)}})
	coursePath := fmt.Sprintf("/ru/panel/learning/courses/%d", course)
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), coursePath) {
		t.Fatalf("enrol: %d %s", r.Status, r.Header.Get("Location"))
	}
	r = get(coursePath, a.host, cookie)
	if r.Status != 200 || !strings.Contains(string(r.Body), fmt.Sprintf(`id="lesson-%d"`, lessons[1])) {
		t.Fatalf("course page: %d %s", r.Status, r.Body)
	}
	for i, l := range lessons {
		path := fmt.Sprintf("%s/lessons/%d", coursePath, l)
		r := get(path, a.host, cookie)
		if r.Status != 200 || !strings.Contains(string(r.Body), "youtube-nocookie.com/embed/") || strings.Contains(string(r.Body), "<script>alert") {
			t.Errorf("lesson %d: %d %s", l, r.Status, r.Body)
		}
		if i == 0 && !strings.Contains(string(r.Body), "<p>HTML негіздері</p>") {
			t.Errorf("lesson body not shown: %s", r.Body)
		}
		testenv.Eventually(t, 10*time.Second, "lesson done", func() bool {
			r = learningForm(s, a.host, cookie, path, url.Values{})
			return r.Status == 303
		})
	}
	r = get(coursePath, a.host, cookie)
	if !strings.Contains(string(r.Body), `id="exam-open"`) || strings.Count(string(r.Body), "<strong>Пройден</strong>") != 2 {
		t.Fatalf("course page after the lessons: %s", r.Body)
	}
	// The exam, as a form.
	r = learningForm(s, a.host, cookie, coursePath+"/exam", url.Values{"op": {"open"}})
	if r.Status != 200 || !strings.Contains(string(r.Body), `id="exam-submit"`) {
		t.Fatalf("open the exam: %d %s", r.Status, r.Body)
	}
	attempt := regexp.MustCompile(`name="attempt" value="(\d+)"`).FindStringSubmatch(string(r.Body))
	if attempt == nil {
		t.Fatalf("no attempt in %s", r.Body)
	}
	form := url.Values{"op": {"submit"}, "attempt": {attempt[1]}}
	for q, resp := range f.answers(true) {
		form.Set(fmt.Sprintf("q%d", q), resp.Choice)
	}
	for _, q := range f.qs {
		if q.Kind == quiz.SingleChoice && !strings.Contains(string(r.Body), fmt.Sprintf(`value="%s"`, q.Body.Options[0].ID)) {
			t.Errorf("option %s not offered", q.Body.Options[0].ID)
		}
	}
	if r := learningForm(s, a.host, cookie, coursePath+"/exam", form); r.Status != 303 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 30*time.Second, "certified on the page", func() bool {
		r = get(coursePath, a.host, cookie)
		return strings.Contains(string(r.Body), `<strong id="phase">Сертифицирован</strong>`)
	})
	r = get("/en/panel/learning", a.host, cookie)
	cert := myCertificate(t, s, cookie)
	if !strings.Contains(string(r.Body), cert.Number) || !strings.Contains(string(r.Body), "/certificates/"+cert.Code+"/pdf") ||
		!strings.Contains(string(r.Body), "Passed") || !strings.Contains(string(r.Body), "2 / 2") {
		t.Errorf("learning page after the exam: %s", r.Body)
	}
	// The PDF behind the link: it parses and shows the holder, the number, the code and the
	// verification address (the QR code's matrix is checked in sitecore/certification/pdf).
	r = s.do("GET", "/certificates/"+cert.Code+"/pdf?lang=kk", nil)
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", r.Status, r.Header)
	}
	doc, err := pdftest.Parse(r.Body)
	if err != nil {
		t.Fatalf("the PDF does not parse: %v", err)
	}
	text := strings.Join(doc.Text, " ")
	for _, want := range []string{a.users["admin"].FullName, cert.Number, cert.Code, s.URL + "/certificates/" + cert.Code, "Жарамды"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q: %s", want, text)
		}
	}
	if r := s.do("GET", "/certificates/AAAAAAAAAA/pdf", nil); r.Status != 404 {
		t.Errorf("PDF of an unknown code: %d", r.Status)
	}
	// Another school's admin: their own (empty) learning, never the first admin's.
	r = get("/en/panel/learning", b.host, session(t, s, b.users["admin"].ID))
	if r.Status != 200 || strings.Contains(string(r.Body), cert.Number) {
		t.Errorf("another admin's learning page: %d", r.Status)
	}
	// Another admin cannot read the first one's exam sheet through the course's media or
	// exam pages either.
	if r := learningForm(s, b.host, session(t, s, b.users["admin"].ID), coursePath+"/exam", url.Values{"op": {"submit"}, "attempt": {attempt[1]}}); r.Status != 404 {
		t.Errorf("submitting another's attempt: %d", r.Status)
	}
}
