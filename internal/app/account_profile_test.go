package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// accountPages talks to a school's account pages as one browser (a session cookie).
type accountPages struct {
	t      *testing.T
	s      *stack
	host   string
	cookie string
}

func (p *accountPages) get(path string) response {
	p.t.Helper()
	return p.s.do("GET", path, nil, "Host", p.host, "Cookie", p.cookie)
}

func (p *accountPages) post(path string, form url.Values) response {
	p.t.Helper()
	return p.s.do("POST", path, form.Encode(), "Host", p.host, "Cookie", p.cookie,
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
}

// pageHas fails unless the page answered status and holds every text.
func pageHas(t *testing.T, what string, r response, status int, texts ...string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: status %d, want %d: %.400s", what, r.Status, status, r.Body)
		return
	}
	for _, x := range texts {
		if !strings.Contains(string(r.Body), x) {
			t.Errorf("%s: no %q in the page", what, x)
		}
	}
}

// lacks fails if the page holds any of the texts.
func lacks(t *testing.T, what string, r response, texts ...string) {
	t.Helper()
	for _, x := range texts {
		if strings.Contains(string(r.Body), x) {
			t.Errorf("%s: %q is in the page", what, x)
		}
	}
}

// TestAccountPages drives every account page and form on a school's own host: the profile
// with the phone's and name's errors next to their fields in Kazakh and Russian, the
// password change, child link requests by IIN (one matched to an enrolled student, which
// the school confirms), applications and tickets, and signing out everywhere, which ends a
// second session and an API token. Another account's children, requests, applications and
// tickets never show.
func TestAccountPages(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-acc")
	b := provisionTenant(t, s, "school-acc2")
	owner := session(t, s, a.users["owner"].ID)

	aigerim, _ := verifiedParent(t, s, "aigerim.acc@example.kz", sitecore.Russian)
	bolat, bolatCookie := verifiedParent(t, s, "bolat.acc@example.kz", sitecore.Kazakh)
	hash, err := sitecore.HashPassword("Ескі-құпиясөз-2026")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.SetPassword(ctx, aigerim.ID, hash); err != nil {
		t.Fatal(err)
	}
	me := &accountPages{t: t, s: s, host: a.host, cookie: session(t, s, aigerim.ID)}
	other := &accountPages{t: t, s: s, host: a.host, cookie: bolatCookie}

	// Not logged in: the login page, coming back.
	if r := s.do("GET", "/ru/account/children", nil, "Host", a.host); r.Status != 303 ||
		r.Header.Get("Location") != "/ru/login?next="+url.QueryEscape("/ru/account/children") {
		t.Errorf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
	}
	if r := me.get("/de/account"); r.Status != 404 {
		t.Errorf("a language the site lacks: %d", r.Status)
	}

	// The site's header leads to the account; the family page's header too, once logged in.
	pageHas(t, "public header", s.do("GET", "/ru/", nil, "Host", a.host), 200, `class="account-link" href="/ru/account"`)
	pageHas(t, "family header", me.get("/kk/admissions"), 200, `id="account-link"`, "Жеке кабинет")

	// Profile.
	pageHas(t, "profile", me.get("/ru/account"), 200, "Профиль", "aigerim.acc@example.kz", `id="account-nav"`,
		`href="/ru/account/children"`, `href="/ru/account/applications"`, `href="/ru/account/tickets"`,
		`href="/ru/account/sign-out-everywhere"`, `aria-current="page"`)
	profile := func(name, phone, vis string) url.Values {
		return url.Values{"full_name": {name}, "lang": {"ru"}, "phone": {phone}, "visibility": {vis}}
	}
	r := me.post("/ru/account", profile("Айгерим Сапарова", "+7 123 456 78 90", "members"))
	pageHas(t, "bad phone (ru)", r, 400, `id="phone-error"`, "не мобильный номер Казахстана", `value="&#43;7 123 456 78 90"`, `value="Айгерим Сапарова"`)
	r = me.post("/kk/account", profile("Айгерим Сапарова", "8 701 12", "members"))
	pageHas(t, "bad phone (kk)", r, 400, `id="phone-error"`, "қазақстандық ұялы нөмір емес")
	r = me.post("/kk/account", profile("  ", "", "members"))
	pageHas(t, "empty name (kk)", r, 400, `id="full_name-error"`)
	lacks(t, "empty name (kk)", r, `id="phone-error"`)
	r = me.post("/ru/account", profile("Айгерим Сапарова", "", "everyone"))
	pageHas(t, "unknown visibility", r, 400, `id="visibility-error"`)
	if u, _ := s.App.DB.FindUserByID(ctx, aigerim.ID); u.FullName != aigerim.FullName || u.Phone != "" {
		t.Errorf("a refused form changed the account: %+v", u)
	}
	r = me.post("/ru/account", profile("Айгерим Сапарова", "8 (701) 234-56-78", "hidden"))
	if r.Status != 303 || r.Header.Get("Location") != "/ru/account?saved=1" {
		t.Fatalf("save profile: %d %s %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	pageHas(t, "saved profile", me.get("/ru/account?saved=1"), 200, "Профиль сохранён", `value="&#43;77012345678"`, `value="Айгерим Сапарова"`)
	if u, _ := s.App.DB.FindUserByID(ctx, aigerim.ID); u.Phone != "+77012345678" || u.Visibility != sitecore.VisibilityHidden || u.FullName != "Айгерим Сапарова" {
		t.Errorf("stored profile: %+v", u)
	}
	lacks(t, "someone else's profile page", other.get("/ru/account"), "77012345678", "Айгерим")

	// Password: wrong current, weak new, then a good one; the old session ends.
	pw := func(cur, next string) url.Values {
		return url.Values{"current_password": {cur}, "new_password": {next}}
	}
	pageHas(t, "wrong current password", me.post("/ru/account/password", pw("не-тот-пароль-2026", "Жаңа-құпиясөз-2027")), 400, `id="current_password-error"`, "Текущий пароль")
	pageHas(t, "weak new password (kk)", me.post("/kk/account/password", pw("Ескі-құпиясөз-2026", "short")), 400, `id="new_password-error"`)
	r = me.post("/ru/account/password", pw("Ескі-құпиясөз-2026", "Жаңа-құпиясөз-2027"))
	fresh := cookieOf(r, "mektep_session")
	if r.Status != 303 || fresh == nil || fresh.Value == "" {
		t.Fatalf("change password: %d %v", r.Status, r.Header)
	}
	if r := me.get("/ru/account"); r.Status != 303 {
		t.Errorf("the old session still works after the password change: %d", r.Status)
	}
	me.cookie = "mektep_session=" + fresh.Value
	pageHas(t, "after the change", me.get("/ru/account?password=1"), 200, "Пароль изменён")

	// Children: requests by IIN, errors next to the field, one matched to an enrolled child.
	childIIN := iinBornOn(t, time.Date(2019, 5, 14, 0, 0, 0, 0, time.UTC))
	pageHas(t, "bad IIN (kk)", me.post("/kk/account/children", url.Values{"child_name": {"Әлихан"}, "child_iin": {"123"}}), 400, `id="child_iin-error"`, `value="Әлихан"`)
	pageHas(t, "bad IIN (ru)", me.post("/ru/account/children", url.Values{"child_name": {"Әлихан"}, "child_iin": {"1234567890ab"}}), 400, `id="child_iin-error"`)
	pageHas(t, "no name (ru)", me.post("/ru/account/children", url.Values{"child_name": {""}, "child_iin": {childIIN}}), 400, `id="child_name-error"`)
	r = me.post("/ru/account/children", url.Values{"child_name": {"Әлихан Сапаров"}, "child_iin": {childIIN}})
	if r.Status != 303 || r.Header.Get("Location") != "/ru/account/children?sent=1" {
		t.Fatalf("link request: %d %s", r.Status, r.Body)
	}
	page := me.get("/ru/account/children?sent=1")
	pageHas(t, "children", page, 200, "Запрос отправлен", "Әлихан Сапаров", "••••••••"+childIIN[8:], "Ожидает подтверждения школы", `id="no-children"`)
	lacks(t, "children", page, childIIN)
	lacks(t, "another parent's children page", other.get("/ru/account/children"), "Әлихан Сапаров", childIIN[8:])
	if r := other.get("/ru/account/children"); r.Status != 200 {
		t.Errorf("other's children page: %d", r.Status)
	}

	// A child enrolled at the school (as admissions leaves it): Bolat's request by the same
	// IIN finds the student, the school confirms, and the child shows as linked to Bolat
	// only. Aigerim's earlier request (before the enrolment) still waits.
	enrolledChild(t, s, a, bolat.ID, childIIN)
	pageHas(t, "bolat's request", other.post("/kk/account/children", url.Values{"child_name": {"Әлихан"}, "child_iin": {childIIN}}), 303)
	// The school lists the requests (users:edit) and confirms the matched one.
	list := fmt.Sprintf("/api/v1/sites/%d/child-link-requests", a.site)
	if r := s.do("GET", list, nil, "Cookie", session(t, s, a.users["teacher"].ID)); r.Status != 403 {
		t.Errorf("a teacher lists link requests: %d", r.Status)
	}
	if r := s.do("GET", list, nil, "Cookie", session(t, s, b.users["owner"].ID)); r.Status != 403 && r.Status != 404 {
		t.Errorf("another school's owner lists link requests: %d", r.Status)
	}
	r = s.do("GET", list, nil, "Cookie", owner)
	var bolatLink float64
	for _, q := range r.JSON(t)["requests"].([]any) {
		q := q.(map[string]any)
		if q["parent_email"] == bolat.Email {
			if q["child_iin"] != childIIN || q["confirmed"] != false || q["parent_link_id"] == nil {
				t.Errorf("bolat's request as the school sees it: %v", q)
			} else {
				bolatLink = q["parent_link_id"].(float64)
			}
		}
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/parent-links/%d/confirm", a.site, int64(bolatLink)), nil, "Cookie", owner); r.Status != 200 {
		t.Fatalf("school confirms: %d %s", r.Status, r.Body)
	}
	page = other.get("/kk/account/children")
	pageHas(t, "bolat's children", page, 200, "Расталды", "Student of "+a.host, `id="children"`)
	// Aigerim's request, made before the enrolment, finds the student now, but waits for
	// the school: her page shows no child.
	page = me.get("/ru/account/children")
	pageHas(t, "aigerim's children after bolat's link", page, 200, "Ожидает подтверждения школы")
	lacks(t, "aigerim's children after bolat's link", page, "Student of "+a.host, "Подтверждён")
	if reqs, err := s.App.DB.ChildLinkRequests(ctx, a.site, aigerim.ID); err != nil || len(reqs) != 1 || reqs[0].ParentLinkID == nil || reqs[0].Confirmed {
		t.Errorf("aigerim's request after the enrolment: %+v %v", reqs, err)
	}

	// Applications: Aigerim's at this school are listed with a link; one at another school
	// is not; Bolat sees neither, and opening Aigerim's is "not found" for him.
	appA := submitApplication(t, s, a.site, owner, me.cookie, "Айша Сапарова", time.Date(2020, 2, 3, 0, 0, 0, 0, time.UTC))
	ownerB := session(t, s, b.users["owner"].ID)
	appB := submitApplication(t, s, b.site, ownerB, me.cookie, "Дана Сапарова", time.Date(2020, 4, 5, 0, 0, 0, 0, time.UTC))
	page = me.get("/ru/account/applications")
	pageHas(t, "my applications", page, 200, "Айша Сапарова", fmt.Sprintf(`href="/ru/account/applications/%d"`, appA), `data-status=`)
	lacks(t, "my applications", page, "Дана Сапарова")
	pageHas(t, "one application", me.get(fmt.Sprintf("/ru/account/applications/%d", appA)), 200, "Айша Сапарова", `id="history"`, `id="status"`)
	if r := me.get(fmt.Sprintf("/ru/account/applications/%d", appB)); r.Status != 404 {
		t.Errorf("an application at another school through this school's host: %d", r.Status)
	}
	if r := other.get(fmt.Sprintf("/ru/account/applications/%d", appA)); r.Status != 404 {
		t.Errorf("someone else's application: %d", r.Status)
	}
	lacks(t, "bolat's applications", other.get("/ru/account/applications"), "Айша Сапарова", "Дана Сапарова")

	// Tickets.
	ticket := openTicket(t, s, me.cookie, a.site, "Не могу загрузить документ")
	page = me.get("/ru/account/tickets")
	pageHas(t, "my tickets", page, 200, "Не могу загрузить документ", fmt.Sprintf(`href="/ru/helpdesk/%d"`, ticket))
	lacks(t, "bolat's tickets", other.get("/ru/account/tickets"), "Не могу загрузить документ")

	// Sign out everywhere: a confirmation, then every session and API token ends.
	second := session(t, s, aigerim.ID)
	tok, thash := accounts.NewToken("mkp_")
	if err := s.App.DB.CreateAPIToken(ctx, thash, &sitecore.APIToken{UserID: aigerim.ID, SiteID: a.site, Name: "script"}); err != nil {
		t.Fatal(err)
	}
	if r := s.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+tok); r.Status != 200 {
		t.Fatalf("the token before: %d", r.Status)
	}
	pageHas(t, "sign-out confirmation", me.get("/kk/account/sign-out-everywhere"), 200, `id="signout-confirm"`, "Барлық құрылғыдан шығу")
	if r := s.do("POST", "/ru/account/sign-out-everywhere", "", "Host", a.host, "Cookie", me.cookie,
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site"); r.Status != 403 {
		t.Errorf("cross-site sign-out: %d", r.Status)
	}
	r = me.post("/ru/account/sign-out-everywhere", url.Values{})
	if r.Status != 303 || r.Header.Get("Location") != "/ru/login" {
		t.Fatalf("sign out everywhere: %d %s", r.Status, r.Header.Get("Location"))
	}
	if c := cookieOf(r, "mektep_session"); c == nil || c.Value != "" {
		t.Errorf("the cookie was not cleared: %v", c)
	}
	for name, c := range map[string]string{"this": me.cookie, "second": second} {
		if r := s.do("GET", "/ru/account", nil, "Host", a.host, "Cookie", c); r.Status != 303 {
			t.Errorf("the %s session after signing out everywhere: %d", name, r.Status)
		}
	}
	if r := s.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+tok); r.Status != 401 {
		t.Errorf("the API token after signing out everywhere: %d", r.Status)
	}
	if r := other.get("/ru/account"); r.Status != 200 {
		t.Errorf("another account's session ended too: %d", r.Status)
	}
}

// enrolledChild leaves a site as admissions' enrolment does (see activities.Enroll): an
// enrolled application for the IIN, the child's account with its internal address and the
// student role. The application is stored as a fixture, not submitted.
func enrolledChild(t *testing.T, s *stack, a *tenant, parentID int64, iin string) {
	t.Helper()
	ctx := context.Background()
	var campaign int64
	err := s.App.DB.Pool.QueryRow(ctx, `
		INSERT INTO admission_campaigns (site_id, title, grades, opens_at, closes_at, results_at)
		VALUES ($1, '{"kk":"x","ru":"x","en":"x"}', '[{"grade":1,"seats":1}]', now() - interval '3 days',
		        now() - interval '2 days', now() - interval '1 day')
		RETURNING id`, a.site).Scan(&campaign)
	if err != nil {
		t.Fatalf("campaign fixture: %v", err)
	}
	var app int64
	err = s.App.DB.Pool.QueryRow(ctx, `
		INSERT INTO applications (site_id, campaign_id, parent_id, child_name, child_iin, birth_date, grade,
		                          address, instruction_lang, phone, status, released)
		VALUES ($1, $2, $3, 'Әлихан', $4, '2019-05-14', 1, 'Алматы', 'kk', '+77010000000', 'enrolled', true)
		RETURNING id`, a.site, campaign, parentID, iin).Scan(&app)
	if err != nil {
		t.Fatalf("application fixture: %v", err)
	}
	child := &sitecore.User{Email: sitecore.StudentEmail(app, strings.TrimSuffix(a.host, ".edu.kz")), FullName: "Student of " + a.host,
		Lang: sitecore.Kazakh, Visibility: sitecore.VisibilityHidden}
	if err := s.App.DB.CreateUser(ctx, child); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: a.site, UserID: child.ID, Role: sitecore.RoleStudent}, nil); err != nil {
		t.Fatal(err)
	}
}

// submitApplication opens a campaign at the site (as its owner) and applies to it as the
// parent of cookie through the JSON API; it returns the application's ID.
func submitApplication(t *testing.T, s *stack, site int64, owner, cookie, child string, born time.Time) int64 {
	t.Helper()
	now := time.Now().UTC()
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/admissions/campaigns", site), map[string]any{
		"title":  map[string]string{"kk": "Бірінші сынып", "ru": "Первый класс", "en": "First grade"},
		"grades": []map[string]int{{"grade": 1, "seats": 5}}, "opens_at": now.Add(-time.Hour), "closes_at": now.Add(48 * time.Hour),
		"results_at": now.Add(48 * time.Hour), "required_documents": []string{}, "instruction_langs": []string{"kk", "ru"},
		"offer_days": 3, "reminder_days": 2, "withdraw_days": 5,
	}, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("campaign: %d %s", r.Status, r.Body)
	}
	campaign := int64(field(t, r, "campaign", "id").(float64))
	r = s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": site, "campaign_id": campaign,
		"child_name": child, "child_iin": iinBornOn(t, born), "birth_date": born.Format("2006-01-02"), "grade": 1,
		"address": "Алматы, Абай даңғылы 10", "instruction_lang": "kk", "phone": "+7 701 123 45 67", "consent": true}, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("apply: %d %s", r.Status, r.Body)
	}
	return int64(field(t, r, "application", "id").(float64))
}
