package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
)

// TestPanelChildLinks: parents ask to be linked to a child by IIN; an admissions officer (a
// delegate with admissions:edit, not an admin) answers them on the panel page. A decline
// needs a remark and an approval a student of the school with the IIN, each error next to
// its field in the page language; the parent is emailed in their own language with a link
// to their children page on the school's domain, and sees the answer there. A teacher and
// another school's owner cannot see the page or answer through the API. The approval is
// made in chromium (axe-checked, screenshot saved).
func TestPanelChildLinks(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-cl")
	b := provisionTenant(t, s, "school-cl2")
	owner := session(t, s, a.users["owner"].ID)
	officer := panelUser(t, s, "officer-cl@example.kz", "Сәуле Қабылдаева", a.site, sitecore.RoleTeacher)
	teacher := panelUser(t, s, "teacher-cl@example.kz", "Ерлан Мұғалімов", a.site, sitecore.RoleTeacher)
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site),
		map[string]any{"user_id": officer.ID, "section": "admissions", "action": "edit"}, "Cookie", owner); r.Status != 201 {
		t.Fatalf("delegate admissions: %d %s", r.Status, r.Body)
	}
	aigerim, aigerimCookie := verifiedParent(t, s, "aigerim.cl@example.kz", sitecore.Russian)
	bolat, bolatCookie := verifiedParent(t, s, "bolat.cl@example.kz", sitecore.Kazakh)
	me := &accountPages{t: t, s: s, host: a.host, cookie: aigerimCookie}
	bolatPages := &accountPages{t: t, s: s, host: a.host, cookie: bolatCookie}
	staff := &accountPages{t: t, s: s, host: a.host, cookie: session(t, s, officer.ID)}

	// Bolat's child is enrolled at the school; Aigerim names an IIN no student has.
	childIIN := iinBornOn(t, time.Date(2019, 5, 14, 0, 0, 0, 0, time.UTC))
	enrolledChild(t, s, a, bolat.ID, childIIN)
	pageHas(t, "bolat asks", bolatPages.post("/kk/account/children", url.Values{"child_name": {"Әлихан"}, "child_iin": {childIIN}}), 303)
	otherIIN := iinBornOn(t, time.Date(2018, 3, 2, 0, 0, 0, 0, time.UTC))
	pageHas(t, "aigerim asks", me.post("/ru/account/children", url.Values{"child_name": {"Айша Сапарова"}, "child_iin": {otherIIN}}), 303)
	reqID := map[int64]int64{}
	rs, err := s.App.DB.ChildLinkRequests(ctx, a.site, 0)
	if err != nil || len(rs) != 2 {
		t.Fatalf("requests: %+v %v", rs, err)
	}
	for _, q := range rs {
		reqID[q.ParentID] = q.ID
	}
	aigerimReq, bolatReq := reqID[aigerim.ID], reqID[bolat.ID]

	// Who sees the page: not a plain teacher, not another school's owner; the officer does,
	// with both requests, approve offered only for the matched one; the dashboard counts them.
	teacherPages := &accountPages{t: t, s: s, host: a.host, cookie: session(t, s, teacher.ID)}
	pageHas(t, "teacher", teacherPages.get("/ru/panel/child-links"), 403)
	lacks(t, "teacher", teacherPages.get("/ru/panel/child-links"), "Айша Сапарова", otherIIN)
	lacks(t, "teacher's dashboard", teacherPages.get("/ru/panel"), `id="dash-child-links-link"`)
	stranger := &accountPages{t: t, s: s, host: a.host, cookie: session(t, s, b.users["owner"].ID)}
	pageHas(t, "another school's owner", stranger.get("/ru/panel/child-links"), 404)
	pageHas(t, "officer's dashboard", staff.get("/ru/panel"), 200, `id="dash-child-links-link"`, "<strong>2</strong> запросов ждут решения")
	page := staff.get("/ru/panel/child-links")
	pageHas(t, "officer's page", page, 200, "Запросы на привязку детей", "Айша Сапарова", otherIIN, aigerim.Email, "Әлихан", childIIN,
		fmt.Sprintf(`id="approve-%d" disabled`, aigerimReq), `data-matched="no"`, `data-matched="yes"`)
	lacks(t, "officer's page", page, fmt.Sprintf(`id="approve-%d" disabled`, bolatReq))

	// Errors next to the field, in the page language; nothing is decided.
	decide := func(lang string, id int64, decision, remark string) response {
		return staff.post("/"+lang+"/panel/child-links", url.Values{"id": {fmt.Sprint(id)}, "decision": {decision}, "remark": {remark}})
	}
	pageHas(t, "decline without remark (ru)", decide("ru", aigerimReq, "reject", "  "), 400,
		fmt.Sprintf(`id="remark-%d-error"`, aigerimReq), "Укажите причину отказа")
	pageHas(t, "decline without remark (kk)", decide("kk", aigerimReq, "reject", ""), 400, "Бас тарту себебін жазыңыз")
	pageHas(t, "approve unmatched (en)", decide("en", aigerimReq, "approve", "ok"), 400,
		fmt.Sprintf(`id="decision-%d-error"`, aigerimReq), "No student of the school has this IIN", ">ok</textarea>")
	pageHas(t, "no decision", decide("ru", aigerimReq, "", "x"), 400)
	if rs, _ := s.App.DB.ChildLinkRequests(ctx, a.site, aigerim.ID); rs[0].Decision != "" {
		t.Fatalf("a refused form decided: %+v", rs[0])
	}

	// Another school's owner cannot answer through the API; the officer declines on the page.
	api := fmt.Sprintf("/api/v1/sites/%d/child-link-requests/%d/decision", a.site, aigerimReq)
	if r := s.do("POST", api, map[string]any{"approve": false, "remark": "x"}, "Cookie", session(t, s, b.users["owner"].ID)); r.Status != 404 && r.Status != 403 {
		t.Errorf("another school's owner answers: %d", r.Status)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/child-link-requests/%d/decision", b.site, aigerimReq),
		map[string]any{"approve": false, "remark": "x"}, "Cookie", session(t, s, b.users["owner"].ID)); r.Status != 404 {
		t.Errorf("A's request through B's site: %d", r.Status)
	}
	r := decide("ru", aigerimReq, "reject", "Ученика с таким ИИН в школе нет, проверьте номер")
	if r.Status != 303 || r.Header.Get("Location") != "/ru/panel/child-links?done=child_link" {
		t.Fatalf("decline: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
	}
	pageHas(t, "after the decline", staff.get("/ru/panel/child-links?done=child_link"), 200, "родителю отправлено письмо",
		fmt.Sprintf(`id="decided-%d" data-decision="rejected"`, aigerimReq), "проверьте номер")
	if r := s.do("POST", api, map[string]any{"approve": false, "remark": "again"}, "Cookie", owner); r.Status != 409 {
		t.Errorf("answering twice: %d %s", r.Status, r.Body)
	}
	m := waitMail(t, s, aigerim.Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "отклонён") })
	for _, x := range []string{"Айша Сапарова", "проверьте номер", "https://" + a.host + "/ru/account/children"} {
		if !strings.Contains(m.Text, x) {
			t.Errorf("decline email lacks %q: %s", x, m.Text)
		}
	}
	pageHas(t, "aigerim's children page", me.get("/ru/account/children"), 200, "Школа отклонила", "проверьте номер", `data-rejected="true"`)
	// Asking again reopens the request for the school.
	pageHas(t, "aigerim asks again", me.post("/ru/account/children", url.Values{"child_name": {"Айша Сапарова"}, "child_iin": {otherIIN}}), 303)
	if rs, _ := s.App.DB.ChildLinkRequests(ctx, a.site, aigerim.ID); len(rs) != 1 || rs[0].Decision != "" || rs[0].Remark != "" {
		t.Errorf("the request asked again: %+v", rs)
	}

	// The officer approves Bolat's request in chromium, in Kazakh.
	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	br := chromium(t, a.host)
	panelLogin(t, br, origin, "/kk/panel/child-links", officer.Email, fmt.Sprintf("approve-%d", bolatReq))
	axeCheck(t, br, "child links")
	shot(t, br, "child-links")
	if err := chromedp.Do(br,
		chromedp.SetValue(chromedp.ID(fmt.Sprintf("remark-%d", bolatReq)), "Құжаттар тексерілді"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("approve-%d", bolatReq))),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("decided-%d", bolatReq))),
	); err != nil {
		t.Fatalf("approving in the browser: %v", err)
	}
	if d, err := chromedp.Run(br, chromedp.AttributeValue(chromedp.ID(fmt.Sprintf("decided-%d", bolatReq)), "data-decision")); err != nil || d.Value != "approved" {
		t.Errorf("decision shown: %+v %v", d, err)
	}
	axeCheck(t, br, "child links after the approval")
	shot(t, br, "child-links-decided")
	m = waitMail(t, s, bolat.Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "байланыстырылды") })
	if !strings.Contains(m.Text, "https://"+a.host+"/kk/account/children") || !strings.Contains(m.Text, "Құжаттар тексерілді") {
		t.Errorf("approval email: %s", m.Text)
	}
	pageHas(t, "bolat's children", bolatPages.get("/kk/account/children"), 200, "Student of "+a.host, `id="children"`)
	links, err := s.App.DB.ParentLinks(ctx, bolat.ID)
	if err != nil || len(links) != 1 || links[0].ConfirmedBy != fmt.Sprintf("site:%d", a.site) {
		t.Errorf("bolat's link: %+v %v", links, err)
	}
	var audited int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE site_id = $1 AND action LIKE 'child_link.%'`,
		a.site).Scan(&audited); err != nil || audited != 2 {
		t.Errorf("audit entries of the answers: %d %v", audited, err)
	}
}
