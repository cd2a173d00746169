package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/workflows"
)

// certCourse creates and publishes a two-lesson course through the operator API and returns
// its ID and lesson IDs.
func certCourse(t *testing.T, s *stack) (int64, []int64) {
	return certCourseWith(t, s, map[string]any{"exam": map[string]any{"passing_score": 80, "attempts": 2, "wait_minutes": 0}})
}

// certCourseWith is certCourse with the course's fields (exam, refresher, media_site_id).
func certCourseWith(t *testing.T, s *stack, fields map[string]any) (int64, []int64) {
	t.Helper()
	tr := map[string]string{"kk": "Сайт шаблондары", "ru": "Шаблоны сайта", "en": "Site templates"}
	body := map[string]any{"title": tr}
	for k, v := range fields {
		body[k] = v
	}
	r := s.operator("POST", "/api/v1/certification/courses", body)
	if r.Status != 201 {
		t.Fatalf("create course: %d %s", r.Status, r.Body)
	}
	var c struct{ Course certification.Course }
	_ = json.Unmarshal(r.Body, &c)
	if r := s.operator("PATCH", fmt.Sprintf("/api/v1/certification/courses/%d", c.Course.ID), map[string]any{"published": true}); r.Status != 400 {
		t.Errorf("publishing a course without lessons: %d %s", r.Status, r.Body)
	}
	var lessons []int64
	for i, body := range []string{`<p>HTML негіздері</p><script>alert(1)</script>`, "CSS және JS"} {
		r := s.operator("POST", fmt.Sprintf("/api/v1/certification/courses/%d/lessons", c.Course.ID), map[string]any{
			"title": map[string]string{"kk": fmt.Sprintf("Сабақ %d", i+1), "ru": fmt.Sprintf("Урок %d", i+1), "en": fmt.Sprintf("Lesson %d", i+1)},
			"body":  map[string]string{"kk": body}, "videos": []string{"https://youtu.be/dQw4w9WgXcQ"}})
		if r.Status != 201 {
			t.Fatalf("lesson: %d %s", r.Status, r.Body)
		}
		var l struct{ Lesson certification.Lesson }
		_ = json.Unmarshal(r.Body, &l)
		if strings.Contains(l.Lesson.Body["kk"], "<script") || len(l.Lesson.Videos) != 1 || !strings.HasPrefix(l.Lesson.Videos[0].URL, "https://www.youtube-nocookie.com/") {
			t.Errorf("lesson not sanitized or video not recognised: %+v", l.Lesson)
		}
		lessons = append(lessons, l.Lesson.ID)
	}
	if r := s.operator("POST", fmt.Sprintf("/api/v1/certification/courses/%d/lessons", c.Course.ID), map[string]any{
		"title": map[string]string{"kk": "x", "ru": "x", "en": "x"}, "videos": []string{"javascript:alert(1)"}}); r.Status != 400 {
		t.Errorf("a bad video address: %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "videos.0" {
		t.Errorf("bad video names %q", field)
	}
	if r := s.operator("PATCH", fmt.Sprintf("/api/v1/certification/courses/%d", c.Course.ID), map[string]any{"published": true}); r.Status != 200 {
		t.Fatalf("publish course: %d %s", r.Status, r.Body)
	}
	return c.Course.ID, lessons
}

// certify takes a person through the course by the API: enrol, both lessons, an exam result
// recorded by the operator. It returns the certificate.
func certify(t *testing.T, s *stack, cookie string, userID, course int64, lessons []int64, attempt int64) *certification.Certificate {
	t.Helper()
	if r := s.do("POST", fmt.Sprintf("/api/v1/certification/courses/%d/enroll", course), nil, "Cookie", cookie); r.Status != 201 {
		t.Fatalf("enroll: %d %s", r.Status, r.Body)
	}
	for _, l := range lessons {
		r := lessonDone(t, s, cookie, course, l)
		if r.Status != 200 {
			t.Fatalf("lesson done: %d %s", r.Status, r.Body)
		}
	}
	r := s.operator("POST", "/api/v1/certification/exam-results", map[string]any{"user_id": userID, "kind": "templates",
		"attempt_id": attempt, "score": 17, "max_score": 20, "passed": true})
	if r.Status != 200 {
		t.Fatalf("exam result: %d %s", r.Status, r.Body)
	}
	var e struct{ Enrollment certification.Enrollment }
	_ = json.Unmarshal(r.Body, &e)
	if e.Enrollment.Phase != certification.PhaseCertified || e.Enrollment.CertificateID == 0 {
		t.Fatalf("after passing: %+v", e.Enrollment)
	}
	return myCertificate(t, s, cookie)
}

// lessonDone reports a lesson, retrying while the process is still starting.
func lessonDone(t *testing.T, s *stack, cookie string, course, lesson int64) response {
	t.Helper()
	var r response
	for range 100 {
		r = s.do("POST", fmt.Sprintf("/api/v1/certification/courses/%d/lessons/%d/done", course, lesson), nil, "Cookie", cookie)
		if r.Status != 404 && r.Status != 503 {
			return r
		}
		time.Sleep(100 * time.Millisecond)
	}
	return r
}

func myCertificate(t *testing.T, s *stack, cookie string) *certification.Certificate {
	t.Helper()
	r := s.do("GET", "/api/v1/me/learning", nil, "Cookie", cookie)
	var l struct{ Learning certification.Learning }
	if err := json.Unmarshal(r.Body, &l); err != nil || r.Status != 200 || len(l.Learning.Certificates) == 0 {
		t.Fatalf("my learning: %d %s", r.Status, r.Body)
	}
	return l.Learning.Certificates[0]
}

// expiredCertificate stores, as a fixture, a certificate that expired yesterday and whose
// capability was withdrawn, for a second admin.
func expiredCertificate(t *testing.T, s *stack, userID, course int64) *certification.Certificate {
	t.Helper()
	ctx := context.Background()
	st := s.App.DB.Certification()
	e := &certification.Enrollment{UserID: userID, CourseID: course}
	if err := st.CreateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	c := &certification.Certificate{IssuedAt: time.Now().AddDate(-1, 0, -1), ExpiresAt: time.Now().AddDate(0, 0, -1)}
	if err := st.IssueCertificate(ctx, e.ID, c); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ExpireCertificate(ctx, c.ID, c.ExpiresAt); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCertificationOverHTTP: a school admin is trained and certified through the API and
// then edits templates; every template route is tried by the certified admin, an expired
// and a revoked one, the admin in a school where they are not admin (then are), the
// uncertified owner, delegates with and without the section, and the operator. Broken
// templates are refused with the line and the site keeps its old one; rollback restores
// the exact bytes; the verification page answers for valid, expired, revoked and unknown
// codes. With MEKTEP_RECORD_HISTORY=1 it records testdata/histories/certification.json.
func TestCertificationOverHTTP(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "cert-a")
	b := provisionTenant(t, s, "cert-b")
	course, lessons := certCourse(t, s)
	admin := a.users["admin"]
	adminCookie := session(t, s, admin.ID)
	siteA, siteB := fmt.Sprintf("/api/v1/sites/%d", a.site), fmt.Sprintf("/api/v1/sites/%d", b.site)
	footer := func(marker string) map[string]any {
		return map[string]any{"body": "<footer class=\"custom\">" + marker + " {{.SiteName}}</footer>\n</body></html>"}
	}

	// Before the certificate: 403 saying where to get certified, in the caller's language.
	r := s.do("PUT", siteA+"/theme/footer", footer("EARLY"), "Cookie", adminCookie, "Accept-Language", "ru")
	if code, _, msg := r.Error(t); r.Status != 403 || code != "forbidden" || !strings.Contains(msg, "Редактирование шаблонов") ||
		!strings.Contains(msg, "/api/v1/certification/courses") {
		t.Errorf("uncertified admin: %d %q", r.Status, msg)
	}
	if r := s.do("POST", "/api/v1/certification/courses", map[string]any{"title": map[string]string{"kk": "x", "ru": "x", "en": "x"}},
		"Cookie", adminCookie); r.Status != 403 {
		t.Errorf("an admin creates a course: %d", r.Status)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/certification/courses/%d/enroll", course), nil, "Cookie", session(t, s, a.users["teacher"].ID)); r.Status != 403 {
		t.Errorf("a teacher enrols: %d %s", r.Status, r.Body)
	}

	cert := certify(t, s, adminCookie, admin.ID, course, lessons, 1)
	m := waitMail(t, s, admin.Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "Выдан сертификат") })
	if !strings.Contains(m.Text, "/certificates/"+cert.Code) || !strings.Contains(m.Text, cert.Number) {
		t.Errorf("issue email: %s", m.Text)
	}

	// Fixtures: a second admin of A with an expired certificate; a delegate of A for
	// templates and one for pages only.
	expiredAdmin := fixtureUser(t, s, "expired-admin@cert-a.edu.kz", a.site, sitecore.RoleAdmin)
	expired := expiredCertificate(t, s, expiredAdmin.ID, course)
	tplDelegate := fixtureUser(t, s, "tpl-delegate@cert-a.edu.kz", a.site, sitecore.RoleTeacher)
	pagesDelegate := a.users["teacher"]
	for _, d := range []struct {
		user    int64
		section string
	}{{tplDelegate.ID, "templates"}, {pagesDelegate.ID, "pages"}} {
		if r := s.do("POST", siteA+"/delegations", map[string]any{"user_id": d.user, "section": d.section, "action": "publish"},
			"Cookie", session(t, s, a.users["owner"].ID)); r.Status != 201 {
			t.Fatalf("delegation: %d %s", r.Status, r.Body)
		}
	}

	// A draft by the certified admin, for the preview probes.
	r = s.do("POST", siteA+"/theme/footer/drafts", footer("DRAFT-1"), "Cookie", adminCookie)
	if r.Status != 201 {
		t.Fatalf("draft: %d %s", r.Status, r.Body)
	}
	var draft struct {
		Revision    sitecore.ThemeRevision
		PreviewPath string `json:"preview_path"`
	}
	_ = json.Unmarshal(r.Body, &draft)

	// Every template route, for everyone.
	type actor struct {
		name   string
		header []string
		want   int // status of a write on site A
	}
	op := []string{"Authorization", "Bearer " + s.Token}
	actors := []actor{
		{"certified admin", []string{"Cookie", adminCookie}, 200},
		{"operator", op, 200},
		{"uncertified owner", []string{"Cookie", session(t, s, a.users["owner"].ID)}, 403},
		{"expired admin", []string{"Cookie", session(t, s, expiredAdmin.ID)}, 403},
		{"templates delegate", []string{"Cookie", session(t, s, tplDelegate.ID)}, 403},
		{"pages delegate", []string{"Cookie", session(t, s, pagesDelegate.ID)}, 404},
		{"B's certified-nowhere owner", []string{"Cookie", session(t, s, b.users["owner"].ID)}, 404},
	}
	ok := func(status, want int) bool {
		if want == 200 {
			return status >= 200 && status < 300
		}
		return status == want
	}
	for _, ac := range actors {
		probes := []struct {
			method, path string
			body         any
		}{
			{"PUT", siteA + "/theme/footer", footer("BY " + strings.ToUpper(ac.name))},
			{"POST", siteA + "/theme/footer/drafts", footer("DRAFT")},
			{"POST", fmt.Sprintf("%s/theme/revisions/%d/publish", siteA, draft.Revision.ID), nil},
			{"DELETE", siteA + "/theme/theme.js", nil},
		}
		for _, p := range probes {
			r := s.do(p.method, p.path, p.body, ac.header...)
			if !ok(r.Status, ac.want) {
				t.Errorf("%s: %s %s = %d, want %d: %s", ac.name, p.method, p.path, r.Status, ac.want, r.Body)
			}
		}
		// The preview is a page on the site's host: editors see it, others get 404.
		r := s.do("GET", draft.PreviewPath, nil, append([]string{"Host", a.host}, ac.header...)...)
		wantPreview := 404
		if ac.want == 200 {
			wantPreview = 200
		}
		if r.Status != wantPreview || (wantPreview == 200 && !strings.Contains(string(r.Body), "DRAFT-1")) {
			t.Errorf("%s: preview = %d, want %d", ac.name, r.Status, wantPreview)
		}
		// Owners and admins read the overrides and revisions even without a certificate.
		wantRead := 200
		if ac.want == 404 {
			wantRead = 404
		} else if ac.name == "templates delegate" {
			wantRead = 403
		}
		if r := s.do("GET", siteA+"/theme/revisions", nil, ac.header...); r.Status != wantRead {
			t.Errorf("%s: revisions = %d, want %d", ac.name, r.Status, wantRead)
		}
	}
	if r := s.do("GET", draft.PreviewPath, nil, "Host", a.host); r.Status != 404 {
		t.Errorf("anonymous preview: %d", r.Status)
	}
	r = s.do("PUT", siteA+"/theme/footer", footer("X"), "Cookie", session(t, s, expiredAdmin.ID), "Accept-Language", "en")
	if _, _, msg := r.Error(t); !strings.Contains(msg, "expired on "+expired.ExpiresAt.In(sitecore.Almaty).Format("2006-01-02")) {
		t.Errorf("expired admin's reason: %q", msg)
	}

	// Certified in school A only: not in B; becoming B's admin makes the certificate count there.
	if r := s.do("PUT", siteB+"/theme/footer", footer("A-ADMIN-IN-B"), "Cookie", adminCookie); r.Status != 404 {
		t.Errorf("certified admin of A in B: %d", r.Status)
	}
	if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: b.site, UserID: admin.ID, Role: sitecore.RoleAdmin}, nil); err != nil {
		t.Fatal(err)
	}
	if r := s.do("PUT", siteB+"/theme/footer", footer("A-ADMIN-IN-B"), "Cookie", session(t, s, admin.ID)); r.Status != 200 {
		t.Errorf("certified admin who is also B's admin: %d %s", r.Status, r.Body)
	}

	// Broken templates are refused with the template and the line; the site keeps the last
	// good one.
	good := "<footer>GOOD-FOOTER {{.SiteName}}</footer>\n</body></html>"
	if r := s.do("PUT", siteA+"/theme/footer", map[string]any{"body": good}, "Cookie", adminCookie); r.Status != 200 {
		t.Fatalf("good footer: %d %s", r.Status, r.Body)
	}
	for _, bad := range []struct{ body, want string }{
		{"<footer>\n{{.SiteName</footer>", "line 2"},
		{"<footer>\n\n{{.NoSuchField}}</footer>", "line 3"},
		{"<footer>\n{{template \"/etc/passwd\"}}</footer>", "line 2"},
		{"<footer>{{exec \"ls\"}}</footer>", "line 1"},
		{"<footer>\n\n\n{{printf \"%0999999999d\" 1}}</footer>", "line 4"},
	} {
		r := s.do("PUT", siteA+"/theme/footer", map[string]any{"body": bad.body}, "Cookie", adminCookie, "Accept-Language", "en")
		if _, field, msg := r.Error(t); r.Status != 400 || field != "body" || !strings.Contains(msg, "“footer”") || !strings.Contains(msg, bad.want) {
			t.Errorf("broken template %q: %d %s %q", bad.body, r.Status, field, msg)
		}
	}
	home := s.do("GET", "/ru/", nil, "Host", a.host)
	if home.Status != 200 || !strings.Contains(string(home.Body), "GOOD-FOOTER") {
		t.Errorf("public page after refused saves: %d", home.Status)
	}

	// Rollback restores the exact bytes of an earlier revision.
	exact := "<footer>\tЕСКІ нұсқа — «exact» \r\n  {{.SiteName}}  </footer>\n</body></html>\n"
	r = s.do("PUT", siteA+"/theme/footer", map[string]any{"body": exact}, "Cookie", adminCookie)
	var saved struct{ Override sitecore.ThemeOverride }
	_ = json.Unmarshal(r.Body, &saved)
	if r.Status != 200 || saved.Override.Revision == 0 {
		t.Fatalf("exact footer: %d %s", r.Status, r.Body)
	}
	if r := s.do("PUT", siteA+"/theme/footer", map[string]any{"body": good}, "Cookie", adminCookie); r.Status != 200 {
		t.Fatalf("newer footer: %d", r.Status)
	}
	r = s.do("POST", fmt.Sprintf("%s/theme/revisions/%d/publish", siteA, saved.Override.Revision), nil, "Cookie", adminCookie)
	if r.Status != 200 {
		t.Fatalf("rollback: %d %s", r.Status, r.Body)
	}
	var body string
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT body FROM theme_overrides WHERE site_id = $1 AND name = 'footer'`, a.site).Scan(&body); err != nil || body != exact {
		t.Errorf("after rollback the footer is %q (%v), want %q", body, err, exact)
	}
	if home := s.do("GET", "/kk/", nil, "Host", a.host); !strings.Contains(string(home.Body), "ЕСКІ нұсқа") {
		t.Errorf("the public page does not show the rolled-back footer")
	}
	r = s.do("GET", siteA+"/theme/revisions?name=footer", nil, "Cookie", adminCookie)
	var revs struct{ Revisions []sitecore.ThemeRevision }
	_ = json.Unmarshal(r.Body, &revs)
	if len(revs.Revisions) == 0 || revs.Revisions[0].RestoredFrom != saved.Override.Revision || revs.Revisions[0].AuthorID != admin.ID {
		t.Errorf("revision list after rollback: %+v", revs.Revisions)
	}

	// The verification page: valid, print view, expired, unknown, then revoked.
	for lang, want := range map[string]string{"kk": "Сертификат жарамды.", "ru": "Сертификат действителен.", "en": "The certificate is valid."} {
		r := s.do("GET", "/certificates/"+cert.Code+"?lang="+lang, nil)
		page := string(r.Body)
		if r.Status != 200 || !strings.Contains(page, want) || !strings.Contains(page, admin.FullName) || strings.Contains(page, admin.Email) {
			t.Errorf("verification page (%s): %d %s", lang, r.Status, page)
		}
	}
	if r := s.do("GET", "/certificates/"+strings.ToLower(cert.Code)+"/print?lang=en", nil); r.Status != 200 ||
		!strings.Contains(string(r.Body), cert.Code) || !strings.Contains(string(r.Body), "Template editing") {
		t.Errorf("print view: %d", r.Status)
	}
	if r := s.do("GET", "/certificates/"+expired.Code+"?lang=en", nil); r.Status != 200 || !strings.Contains(string(r.Body), "The certificate has expired.") {
		t.Errorf("expired certificate's page: %d", r.Status)
	}
	if r := s.do("GET", "/certificates/ZZZZZZZZZZ?lang=ru", nil); r.Status != 404 || !strings.Contains(string(r.Body), "Сертификата с таким кодом нет") {
		t.Errorf("unknown code: %d", r.Status)
	}

	// Revocation: operators only, with a reason; the capability goes at once; audited and
	// emailed.
	revoke := fmt.Sprintf("/api/v1/certification/certificates/%d/revoke", cert.ID)
	if r := s.do("POST", revoke, map[string]any{"reason": "x"}, "Cookie", adminCookie); r.Status != 403 {
		t.Errorf("an admin revokes: %d", r.Status)
	}
	if r := s.operator("POST", revoke, map[string]any{"reason": " "}); r.Status != 400 {
		t.Errorf("revocation without a reason: %d", r.Status)
	}
	if r := s.operator("POST", revoke, map[string]any{"reason": "Шаблонға сыртқы скрипт қойылды"}); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	r = s.do("PUT", siteA+"/theme/footer", footer("AFTER-REVOKE"), "Cookie", adminCookie, "Accept-Language", "kk")
	if _, _, msg := r.Error(t); r.Status != 403 || !strings.Contains(msg, "кері қайтарылды") {
		t.Errorf("revoked admin: %d %q", r.Status, msg)
	}
	if r := s.do("GET", draft.PreviewPath, nil, "Host", a.host, "Cookie", adminCookie); r.Status != 404 {
		t.Errorf("revoked admin's preview: %d", r.Status)
	}
	if r := s.do("GET", "/certificates/"+cert.Code+"?lang=en", nil); !strings.Contains(string(r.Body), "The certificate has been revoked.") {
		t.Errorf("revoked certificate's page: %s", r.Body)
	}
	waitMail(t, s, admin.Email, func(m devstack.Mail) bool {
		return strings.Contains(m.Subject, "отозван") && strings.Contains(m.Text, "Шаблонға сыртқы скрипт қойылды")
	})
	var audits int
	_ = s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'certificate.revoke' AND details->>'reason' = $1`,
		"Шаблонға сыртқы скрипт қойылды").Scan(&audits)
	if audits != 1 {
		t.Errorf("revocation audit rows: %d", audits)
	}
	recordHistory(t, s, workflows.CertificationWorkflowID(admin.ID, certification.KindTemplates), "certification.json",
		func(r worker.WorkflowReplayer) { r.RegisterWorkflow(workflows.Certification) })
}
