package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
)

// The link in the owner's invitation opens a page where the owner sets a password, in the
// language of the browser; then the owner logs in.
func TestSetPasswordPageFromInvitation(t *testing.T) {
	s := startStack(t, stackOptions{})
	id := siteID(t, s.operator("POST", "/api/v1/sites", school("school30")))
	s.waitSite(id, "active", 2*time.Minute)
	mail, err := devstack.ReadMail(s.Sink.Dir)
	if err != nil || len(mail) != 1 {
		t.Fatalf("%d emails (%v)", len(mail), err)
	}
	m := regexp.MustCompile(`(/account/reset-password\?token=[A-Za-z0-9_-]+)`).FindStringSubmatch(mail[0].Text)
	if m == nil {
		t.Fatalf("no set-password link in the invitation: %s", mail[0].Text)
	}
	page := s.do("GET", m[1], nil, "Accept-Language", "ru")
	if page.Status != 200 || !strings.Contains(string(page.Body), "Новый пароль") || !strings.Contains(string(page.Body), `name="token"`) {
		t.Fatalf("page: %d %s", page.Status, page.Body)
	}
	token := strings.TrimPrefix(m[1], "/account/reset-password?token=")
	form := func(pw string) string { return url.Values{"token": {token}, "new_password": {pw}}.Encode() }
	post := func(pw string) response {
		return s.do("POST", "/account/reset-password", form(pw), "Content-Type", "application/x-www-form-urlencoded",
			"Accept-Language", "ru", "Sec-Fetch-Site", "same-origin")
	}
	if r := post("short"); r.Status != 400 || !strings.Contains(string(r.Body), "пароль") {
		t.Errorf("weak password: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", "/account/reset-password", form("Мектеп-директор-2026"), "Content-Type", "application/x-www-form-urlencoded",
		"Sec-Fetch-Site", "cross-site"); r.Status != 403 {
		t.Errorf("cross-site form post: %d", r.Status)
	}
	if r := post("Мектеп-директор-2026"); r.Status != 200 || !strings.Contains(string(r.Body), "Пароль сохранён") {
		t.Fatalf("set password: %d %s", r.Status, r.Body)
	}
	if r := post("Мектеп-директор-2027"); r.Status != 400 {
		t.Errorf("the link worked twice: %d", r.Status)
	}
	login := s.do("POST", "/api/v1/auth/login", `{"email":"director@school30.edu.kz","password":"Мектеп-директор-2026"}`)
	if login.Status != 200 {
		t.Fatalf("login: %d %s", login.Status, login.Body)
	}
	cookie := strings.SplitN(login.Header.Get("Set-Cookie"), ";", 2)[0]
	testenv.Eventually(t, 5*time.Second, "owner role", func() bool {
		return strings.Contains(string(s.do("GET", "/api/v1/me", nil, "Cookie", cookie).Body), `"owner"`)
	})
}
