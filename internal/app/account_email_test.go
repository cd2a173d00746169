package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
)

// TestAccountEmailChange: a teacher of a school changes the email address on the profile
// page. Bad input is shown next to its field in the page language; a good request mails a
// link to the new address and a notice to the current one, and changes nothing until the
// link is opened (the old address still logs in, the new one does not; a second request
// replaces the first, whose link stops working). Opening the link moves the account, verified,
// and its role in the school still counts. Another user's change to an address the school
// meanwhile invited fails at the link (409): the school's role for that address never goes to
// an account that has not proven it.
func TestAccountEmailChange(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-em")
	owner := session(t, s, a.users["owner"].ID)
	aigerim := panelUser(t, s, "aigerim.em@example.kz", "Айгерим Сапарова", a.site, sitecore.RoleTeacher)
	bolat := panelUser(t, s, "bolat.em@example.kz", "Болат Ахметов", a.site, sitecore.RoleParent)
	me := &accountPages{t: t, s: s, host: a.host, cookie: session(t, s, aigerim.ID)}
	change := func(p *accountPages, lang, email, password string) response {
		return p.post("/"+lang+"/account/email", url.Values{"new_email": {email}, "email_password": {password}})
	}
	login := func(email string) int {
		return s.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": panelPassword}).Status
	}

	pageHas(t, "profile", me.get("/ru/account"), 200, `id="email-form"`, "Смена электронной почты", `id="email_password"`)
	pageHas(t, "bad address (ru)", change(me, "ru", "not-an-address", panelPassword), 400, `id="new_email-error"`, `value="not-an-address"`)
	pageHas(t, "same address (kk)", change(me, "kk", "Aigerim.EM@example.kz", panelPassword), 400, `id="new_email-error"`, "қазіргі мекенжайы")
	r := change(me, "en", "aigerim.new@example.kz", "wrong-password-2026")
	pageHas(t, "wrong password (en)", r, 400, `id="email_password-error"`)
	lacks(t, "wrong password (en)", r, `id="current_password-error"`, `id="new_email-error"`)
	if ms := mailsTo(t, s, "aigerim.new@example.kz", nil); len(ms) != 0 {
		t.Fatalf("a refused request sent mail: %v", ms)
	}

	// Two requests: the second replaces the first.
	pageHas(t, "first request", change(me, "ru", "aigerim.first@example.kz", panelPassword), 303)
	first := waitMail(t, s, "aigerim.first@example.kz", withToken())
	r = change(me, "ru", "aigerim.new@example.kz", panelPassword)
	if r.Status != 303 || r.Header.Get("Location") != "/ru/account?email=1" {
		t.Fatalf("request: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
	}
	page := me.get("/ru/account?email=1")
	pageHas(t, "after the request", page, 200, "Ссылка для подтверждения отправлена", `id="email-pending"`, "aigerim.new@example.kz",
		`<strong id="email">aigerim.em@example.kz</strong>`)
	link := waitMail(t, s, "aigerim.new@example.kz", withToken())
	if !strings.Contains(link.Subject, "Подтвердите новый адрес") || !strings.Contains(link.Text, "/account/confirm-email?token=") {
		t.Errorf("the link's email: %s\n%s", link.Subject, link.Text)
	}
	notice := waitMail(t, s, aigerim.Email, func(m devstack.Mail) bool { return strings.Contains(m.Text, "aigerim.new@example.kz") })
	if !strings.Contains(notice.Subject, "смена адреса") || strings.Contains(notice.Text, "token=") {
		t.Errorf("the notice to the old address: %s\n%s", notice.Subject, notice.Text)
	}
	if u, _ := s.App.DB.FindUserByID(ctx, aigerim.ID); u.Email != aigerim.Email || !u.EmailVerified {
		t.Errorf("the request changed the account: %+v", u)
	}
	if login("aigerim.new@example.kz") == 200 || login(aigerim.Email) != 200 {
		t.Errorf("logins before the link: new %d, old %d", login("aigerim.new@example.kz"), login(aigerim.Email))
	}
	confirm := func(m devstack.Mail) response {
		link := regexp.MustCompile(`/account/confirm-email\?token=[A-Za-z0-9_-]+&lang=[a-z]+`).FindString(m.Text)
		if link == "" {
			t.Fatalf("no confirmation link in %s", m.Text)
		}
		return s.do("GET", link, nil)
	}
	pageHas(t, "the replaced link", confirm(first), 400, "Ссылка недействительна")

	// The link moves the account; the school role still counts.
	pageHas(t, "confirm", confirm(link), 200, "Адрес изменён")
	if u, _ := s.App.DB.FindUserByID(ctx, aigerim.ID); u.Email != "aigerim.new@example.kz" || !u.EmailVerified {
		t.Errorf("after the link: %+v", u)
	}
	if login("aigerim.new@example.kz") != 200 || login(aigerim.Email) == 200 {
		t.Errorf("logins after the link: new %d, old %d", login("aigerim.new@example.kz"), login(aigerim.Email))
	}
	pageHas(t, "the link again", confirm(link), 400)
	pageHas(t, "the teacher's panel after the change", me.get("/ru/panel"), 200)
	lacks(t, "profile after the change", me.get("/ru/account"), `id="email-pending"`)

	// Bolat asks for an address the school then invites as a teacher: his link fails, and the
	// school's role stays with that address's own (unproven) account.
	bp := &accountPages{t: t, s: s, host: a.host, cookie: session(t, s, bolat.ID)}
	pageHas(t, "bolat's request", change(bp, "kk", "head.em@example.kz", panelPassword), 303)
	bl := waitMail(t, s, "head.em@example.kz", withToken())
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/members", a.site), map[string]any{"email": "head.em@example.kz",
		"full_name": "Head", "role": "teacher"}, "Cookie", owner); r.Status != 201 && r.Status != 200 {
		t.Fatalf("the school invites the address: %d %s", r.Status, r.Body)
	}
	r = confirm(bl)
	pageHas(t, "bolat's link to a taken address", r, 409)
	if !regexp.MustCompile(`id="error"`).Match(r.Body) {
		t.Errorf("no error on the page: %s", r.Body)
	}
	if u, _ := s.App.DB.FindUserByID(ctx, bolat.ID); u.Email != bolat.Email {
		t.Errorf("bolat's address after the refused link: %s", u.Email)
	}
	ms, err := s.App.DB.SiteMembers(ctx, a.site)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserID == bolat.ID && m.Role != sitecore.RoleParent || m.Role == sitecore.RoleTeacher && m.Email == "head.em@example.kz" && m.UserID == bolat.ID {
			t.Errorf("bolat holds the invited address's role: %+v", m)
		}
	}
}
