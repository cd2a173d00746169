package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// startedSeminar stores a seminar that started an hour ago (a fixture: trainers cannot
// create one in the past) with the users registered, in order.
func startedSeminar(t *testing.T, s *stack, users ...*sitecore.User) *certification.Seminar {
	t.Helper()
	ctx := context.Background()
	st := s.App.DB.Certification()
	sm := &certification.Seminar{Kind: certification.KindTemplates,
		Title:    map[sitecore.Lang]string{"kk": "Жылдық семинар", "ru": "Ежегодный семинар", "en": "Yearly seminar"},
		StartsAt: time.Now().Add(-time.Hour), EndsAt: time.Now().Add(5 * time.Hour), Place: "Астана, Мәңгілік Ел 8", Capacity: 10}
	if err := st.CreateSeminar(ctx, sm); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if _, err := st.Register(ctx, sm.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return sm
}

// TestCertificationTrainingPages: the trainers' desk in a school's panel, without a line of
// script. Only trainers (and operators) get in: a school admin who is no trainer gets the
// panel's 403 on every page and action, a user of another school the public 404, an
// anonymous visitor the login page. A trainer creates a course (a missing title is named
// next to its field in the page language), adds a lesson, writes its body in three
// languages (sanitized) with a video, publishes the course with its exam policy, creates a
// seminar, and marks a registrant's attendance; an operator appoints a trainer by email.
func TestCertificationTrainingPages(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "cert-desk-a")
	b := provisionTenant(t, s, "cert-desk-b")
	trainer, admin := a.users["teacher"], a.users["admin"]
	if r := s.operator("PUT", fmt.Sprintf("/api/v1/certification/trainers/%d", trainer.ID), nil); r.Status != 204 {
		t.Fatalf("appoint: %d %s", r.Status, r.Body)
	}
	tc, ac, bc := session(t, s, trainer.ID), session(t, s, admin.ID), session(t, s, b.users["admin"].ID)
	get := func(path, cookie string) response { return s.do("GET", path, nil, "Host", a.host, "Cookie", cookie) }
	post := func(path, cookie string, f url.Values) response { return learningForm(s, a.host, cookie, path, f) }
	sm := startedSeminar(t, s, admin)
	course, lessons := certCourse(t, s)
	pages := []string{"/ru/panel/training", fmt.Sprintf("/ru/panel/training/courses/%d", course),
		fmt.Sprintf("/ru/panel/training/courses/%d/lessons/%d", course, lessons[0]), fmt.Sprintf("/ru/panel/training/seminars/%d", sm.ID)}

	for _, p := range pages {
		if r := get(p, ac); r.Status != 403 || !strings.Contains(string(r.Body), "только операторы платформы и тренеры") {
			t.Errorf("a school admin, no trainer: GET %s = %d", p, r.Status)
		}
		if r := post(p, ac, url.Values{"op": {"course"}, "title.kk": {"x"}, "title.ru": {"x"}, "title.en": {"x"}, "user_id": {fmt.Sprint(admin.ID)},
			"attended": {"1"}}); r.Status != 403 {
			t.Errorf("a school admin, no trainer: POST %s = %d", p, r.Status)
		}
		if r := get(p, bc); r.Status != 404 {
			t.Errorf("another school's admin: GET %s = %d", p, r.Status)
		}
		if r := s.do("GET", p, nil, "Host", a.host); r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "/ru/login") {
			t.Errorf("anonymous: GET %s = %d", p, r.Status)
		}
		if r := get(p, tc); r.Status != 200 {
			t.Errorf("the trainer: GET %s = %d %s", p, r.Status, r.Body)
		}
	}
	if n, _ := s.App.DB.Certification().Courses(ctx, false); len(n) != 1 {
		t.Errorf("refused actions created courses: %d", len(n))
	}
	for lang, want := range map[string]string{"kk": "Тренер үстелі", "ru": "Стол тренера", "en": "Trainer&#39;s desk"} {
		if r := get("/"+lang+"/panel/training", tc); r.Status != 200 || !strings.Contains(string(r.Body), want) {
			t.Errorf("%s desk: %d", lang, r.Status)
		}
	}
	if r := get("/ru/panel/learning", tc); !strings.Contains(string(r.Body), `id="training-desk"`) {
		t.Error("my learning does not link a trainer to the desk")
	}
	if r := get("/ru/panel/learning", ac); strings.Contains(string(r.Body), `id="training-desk"`) {
		t.Error("my learning links a non-trainer to the desk")
	}

	// A course: the missing English title is named next to its field, in Russian.
	r := post("/ru/panel/training", tc, url.Values{"op": {"course"}, "title.kk": {"Жаңа курс"}, "title.ru": {"Новый курс"}})
	if r.Status != 400 || !regexp.MustCompile(`id="title-en-error">[^<]*обязательно`).Match(r.Body) || !strings.Contains(string(r.Body), `value="Новый курс"`) {
		t.Errorf("course without an English title: %d %s", r.Status, r.Body)
	}
	r = post("/ru/panel/training", tc, url.Values{"op": {"course"}, "title.kk": {"Жаңа курс"}, "title.ru": {"Новый курс"}, "title.en": {"New course"}})
	loc := r.Header.Get("Location")
	if r.Status != 303 || !strings.HasPrefix(loc, "/ru/panel/training/courses/") {
		t.Fatalf("create course: %d %s", r.Status, loc)
	}
	coursePath := strings.SplitN(loc, "?", 2)[0]
	r = post(coursePath, tc, url.Values{"op": {"lesson"}, "title.kk": {"Кіріспе"}, "title.ru": {"Введение"}, "title.en": {"Introduction"}})
	loc = r.Header.Get("Location")
	if r.Status != 303 || !strings.HasPrefix(loc, coursePath+"/lessons/") {
		t.Fatalf("add lesson: %d %s", r.Status, loc)
	}
	lessonPath := strings.SplitN(loc, "?", 2)[0]
	if r := get(lessonPath, tc); r.Status != 200 || !strings.Contains(string(r.Body), "data-editor") || !strings.Contains(string(r.Body), "panel-editor") {
		t.Errorf("lesson page without the editor: %d", r.Status)
	}
	lesson := url.Values{"title.kk": {"Кіріспе"}, "title.ru": {"Введение"}, "title.en": {"Introduction"},
		"body.kk": {"<p>Сәлем</p>"}, "body.ru": {`<p>Привет</p><script>alert(1)</script>`}, "body.en": {"<p>Hello</p>"},
		"videos": {"https://www.youtube.com/watch?v=dQw4w9WgXcQ\n"}, "position": {"1"}}
	bad := url.Values{}
	for k, v := range lesson {
		bad[k] = v
	}
	bad.Set("videos", "javascript:alert(1)")
	if r := post(lessonPath, tc, bad); r.Status != 400 || !strings.Contains(string(r.Body), `id="videos-error"`) {
		t.Errorf("a bad video address: %d %s", r.Status, r.Body)
	}
	if r := post(lessonPath, tc, lesson); r.Status != 303 {
		t.Fatalf("save lesson: %d %s", r.Status, r.Body)
	}
	courseID := formIDFrom(t, coursePath)
	c, err := s.App.DB.Certification().FindCourse(ctx, courseID)
	if err != nil || len(c.Lessons) != 1 {
		t.Fatalf("course after the lesson: %v %+v", err, c)
	}
	l := c.Lessons[0]
	if l.Body["ru"] != "<p>Привет</p>" || l.Body["kk"] != "<p>Сәлем</p>" || len(l.Videos) != 1 || l.Title["en"] != "Introduction" {
		t.Errorf("the stored lesson: %+v", l)
	}
	edit := url.Values{"op": {"save"}, "title.kk": {"Жаңа курс"}, "title.ru": {"Новый курс"}, "title.en": {"New course"},
		"summary.ru": {"Кратко"}, "exam.passing_score": {"70"}, "exam.attempts": {"3"}, "exam.wait_minutes": {"10"},
		"refresher.passing_score": {"60"}, "refresher.attempts": {"2"}, "refresher.wait_minutes": {"0"}, "published": {"1"}}
	edit.Set("exam.attempts", "много")
	if r := post(coursePath, tc, edit); r.Status != 400 || !strings.Contains(string(r.Body), `id="exam-attempts-error"`) {
		t.Errorf("attempts not a number: %d %s", r.Status, r.Body)
	}
	edit.Set("exam.attempts", "3")
	if r := post(coursePath, tc, edit); r.Status != 303 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	if c, _ = s.App.DB.Certification().FindCourse(ctx, courseID); !c.Published || c.Exam.PassingScore != 70 || c.Exam.Attempts != 3 || c.Summary["ru"] != "Кратко" {
		t.Errorf("the course after the edit: %+v", c)
	}

	// A seminar: a missing capacity is named; then it is created.
	starts := time.Now().In(sitecore.Almaty).Add(30 * 24 * time.Hour)
	semForm := url.Values{"op": {"seminar"}, "title.kk": {"Семинар"}, "title.ru": {"Семинар"}, "title.en": {"Seminar"},
		"starts_at": {starts.Format("2006-01-02T15:04")}, "ends_at": {starts.Add(6 * time.Hour).Format("2006-01-02T15:04")},
		"place": {"Алматы"}}
	if r := post("/en/panel/training", tc, semForm); r.Status != 400 || !strings.Contains(string(r.Body), `id="capacity-error"`) {
		t.Errorf("seminar without capacity: %d %s", r.Status, r.Body)
	}
	semForm.Set("capacity", "30")
	if r := post("/en/panel/training", tc, semForm); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/en/panel/training/seminars/") {
		t.Errorf("create seminar: %d %s", r.Status, r.Body)
	}

	// Attendance: the registrant is listed with a mark button; marking sticks.
	semPath := fmt.Sprintf("/ru/panel/training/seminars/%d", sm.ID)
	if r := get(semPath, tc); !strings.Contains(string(r.Body), admin.FullName) || !strings.Contains(string(r.Body), fmt.Sprintf(`id="mark-%d"`, admin.ID)) {
		t.Errorf("seminar page: %s", r.Body)
	}
	if r := post(semPath, tc, url.Values{"user_id": {fmt.Sprint(trainer.ID)}, "attended": {"1"}}); r.Status != 400 || !strings.Contains(string(r.Body), `id="user_id-error"`) {
		t.Errorf("marking someone not registered: %d %s", r.Status, r.Body)
	}
	if r := post(semPath, tc, url.Values{"user_id": {fmt.Sprint(admin.ID)}, "attended": {"1"}}); r.Status != 303 || r.Header.Get("Location") != semPath+"?done=attended" {
		t.Fatalf("mark: %d %s", r.Status, r.Header.Get("Location"))
	}
	if r := get(semPath, tc); !strings.Contains(string(r.Body), fmt.Sprintf(`id="unmark-%d"`, admin.ID)) {
		t.Errorf("the mark is not shown: %s", r.Body)
	}
	regs, err := s.App.DB.Certification().Registrations(ctx, sm.ID)
	if err != nil || len(regs) != 1 || !regs[0].Attended {
		t.Errorf("registrations after the mark: %v %+v", err, regs)
	}

	// Trainers cannot appoint trainers; an operator can, by email (unknown emails named).
	if r := post("/ru/panel/training", tc, url.Values{"op": {"appoint"}, "email": {admin.Email}}); r.Status != 403 {
		t.Errorf("a trainer appoints: %d", r.Status)
	}
	op := func(f url.Values) response {
		return s.do("POST", "/ru/panel/training", f.Encode(), "Host", a.host, "Authorization", "Bearer "+s.Token,
			"Sec-Fetch-Site", "same-origin", "Content-Type", "application/x-www-form-urlencoded")
	}
	if r := op(url.Values{"op": {"appoint"}, "email": {"nobody@nowhere.kz"}}); r.Status != 400 || !strings.Contains(string(r.Body), `id="email-error"`) {
		t.Errorf("appointing an unknown email: %d %s", r.Status, r.Body)
	}
	if r := op(url.Values{"op": {"appoint"}, "email": {admin.Email}}); r.Status != 303 {
		t.Fatalf("operator appoints: %d %s", r.Status, r.Body)
	}
	if r := get("/ru/panel/training", ac); r.Status != 200 {
		t.Errorf("the appointed admin: %d", r.Status)
	}
}

// formIDFrom reads the last number of a path.
func formIDFrom(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(path[strings.LastIndexByte(path, '/')+1:], &id); err != nil {
		t.Fatalf("no id in %s", path)
	}
	return id
}

// TestBrowserTrainerMarksAttendance: in Debian chromium a trainer logs in to a school's
// panel, goes from "my learning" to the trainers' desk, edits a lesson's Russian text in
// the rich-text editor and saves it, then opens a seminar that has started and marks a
// registered admin as attended. Every page passes axe-core and fits a 360 px phone.
func TestBrowserTrainerMarksAttendance(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "cert-desk-web")
	const password = "Тренер-құпия-2026"
	hash, err := sitecore.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	trainer := &sitecore.User{Email: "trainer@cert-desk-web.edu.kz", FullName: "Айгерім Сәрсенова", Lang: sitecore.Russian, EmailVerified: true,
		Visibility: sitecore.VisibilityMembers, PasswordHash: hash}
	if err := s.App.DB.CreateUser(ctx, trainer); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: a.site, UserID: trainer.ID, Role: sitecore.RoleTeacher}, nil); err != nil {
		t.Fatal(err)
	}
	if r := s.operator("PUT", fmt.Sprintf("/api/v1/certification/trainers/%d", trainer.ID), nil); r.Status != 204 {
		t.Fatalf("appoint: %d %s", r.Status, r.Body)
	}
	admin := a.users["admin"]
	course, lessons := certCourse(t, s)
	sm := startedSeminar(t, s, admin)
	u, _ := url.Parse(s.URL)
	base := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)

	if err := chromedp.Do(b,
		chromedp.Navigate(base+"/ru/panel/learning"),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("email"), trainer.Email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("training-desk")),
		chromedp.Click(chromedp.ID("training-desk")),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("seminar-%d", sm.ID))),
	); err != nil {
		t.Fatalf("to the desk: %v", err)
	}
	axeCheck(t, b, "trainer's desk")
	fitsPhone(t, b, "trainer's desk")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("course-%d", course))),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("lesson-%d", lessons[1]))),
	); err != nil {
		t.Fatalf("course: %v", err)
	}
	axeCheck(t, b, "trainer's course")
	fitsPhone(t, b, "trainer's course")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("lesson-%d", lessons[1]))),
		chromedp.WaitVisible(chromedp.CSS("#lang-ru .ql-editor")),
	); err != nil {
		t.Fatalf("lesson editor: %v", err)
	}
	axeCheck(t, b, "trainer's lesson editor")
	fitsPhone(t, b, "trainer's lesson editor")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.CSS("#lang-ru .ql-editor")),
		chromedp.SendKeys(chromedp.CSS("#lang-ru .ql-editor"), "Селекторы и каскад"),
		chromedp.Click(chromedp.ID("lesson-save")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("saving the lesson: %v", err)
	}
	c, err := s.App.DB.Certification().FindCourse(ctx, course)
	if err != nil || !strings.Contains(c.Lessons[1].Body["ru"], "Селекторы и каскад") || !strings.HasPrefix(c.Lessons[1].Body["ru"], "<p>") {
		t.Errorf("the lesson's Russian text after the editor: %v %q", err, c.Lessons[1].Body["ru"])
	}

	if err := chromedp.Do(b,
		chromedp.Navigate(fmt.Sprintf("%s/ru/panel/training/seminars/%d", base, sm.ID)),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("mark-%d", admin.ID))),
	); err != nil {
		t.Fatalf("seminar: %v", err)
	}
	axeCheck(t, b, "trainer's seminar")
	fitsPhone(t, b, "trainer's seminar")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("mark-%d", admin.ID))),
		chromedp.WaitVisible(chromedp.ID("notice")),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("unmark-%d", admin.ID))),
	); err != nil {
		t.Fatalf("marking attendance: %v", err)
	}
	if got := text(t, b, fmt.Sprintf("#attended-%d", admin.ID)); got != "Присутствовал" {
		t.Errorf("attendance shown as %q", got)
	}
	axeCheck(t, b, "trainer's seminar, marked")
	regs, err := s.App.DB.Certification().Registrations(ctx, sm.ID)
	if err != nil || len(regs) != 1 || !regs[0].Attended {
		t.Errorf("registrations after the mark: %v %+v", err, regs)
	}
}
