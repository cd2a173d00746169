package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/events"
)

// tenant is one provisioned school with people in every role.
type tenant struct {
	site  int64
	host  string
	users map[string]*sitecore.User // by role name
}

// fixtureUser stores a user directly (fixtures, not the feature under test) with a role. The
// address is verified, as if the person had followed the invitation's link: roles count
// only for verified accounts.
func fixtureUser(t testing.TB, s *stack, email string, siteID int64, role sitecore.SiteRole) *sitecore.User {
	t.Helper()
	ctx := context.Background()
	u := &sitecore.User{Email: email, FullName: "Person " + strings.SplitN(email, "@", 2)[0], Lang: sitecore.Russian,
		Visibility: sitecore.VisibilityMembers, EmailVerified: true}
	if err := s.App.DB.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if role != "" {
		if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: siteID, UserID: u.ID, Role: role}, nil); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// session logs a user in by storing a session for it, and returns the cookie header.
func session(t testing.TB, s *stack, userID int64) string {
	t.Helper()
	tok, hash := accounts.NewToken("")
	if err := s.App.DB.CreateSession(context.Background(), hash, sitecore.Session{UserID: userID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return "mektep_session=" + tok
}

func provisionTenant(t testing.TB, s *stack, slug string) *tenant {
	t.Helper()
	r := s.operator("POST", "/api/v1/sites", school(slug))
	if r.Status != 202 {
		t.Fatalf("create %s: %d %s", slug, r.Status, r.Body)
	}
	id := siteID(t, r)
	s.waitSite(id, "active", 2*time.Minute)
	owner, err := s.App.DB.FindUserByEmail(context.Background(), "director@"+slug+".edu.kz")
	if err != nil {
		t.Fatalf("owner of %s: %v", slug, err)
	}
	// As if the owner had followed the invitation's link: the owner role counts only for a
	// verified address.
	if err := s.App.DB.MarkEmailVerified(context.Background(), owner.ID); err != nil {
		t.Fatal(err)
	}
	owner.EmailVerified = true
	tn := &tenant{site: id, host: slug + ".edu.kz", users: map[string]*sitecore.User{"owner": owner}}
	for _, role := range []sitecore.SiteRole{sitecore.RoleAdmin, sitecore.RoleTeacher, sitecore.RoleStudent, sitecore.RoleParent} {
		tn.users[string(role)] = fixtureUser(t, s, string(role)+"-secret@"+slug+".edu.kz", id, role)
	}
	return tn
}

// snapshot is everything of a site that other tenants must not be able to change.
func snapshot(t *testing.T, s *stack, siteID int64) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	queries := []string{
		`SELECT slug, names::text, languages::text, owner_email, status, coalesce(org_unit_id, 0) FROM sites WHERE id = $1`,
		`SELECT host FROM site_domains WHERE site_id = $1 ORDER BY host`,
		`SELECT user_id, role FROM site_members WHERE site_id = $1 ORDER BY user_id, role`,
		`SELECT id, user_id, section, action, page_key, revoked_at IS NULL FROM delegations WHERE site_id = $1 ORDER BY id`,
		`SELECT id, revoked_at IS NULL FROM api_tokens WHERE site_id = $1 ORDER BY id`,
		`SELECT host, token, verified_at IS NULL FROM domain_claims WHERE site_id = $1 ORDER BY host`,
		`SELECT u.id, u.email, u.platform_role, u.full_name, u.password_hash FROM users u
		   JOIN site_members m ON m.user_id = u.id WHERE m.site_id = $1 ORDER BY u.id`,
		`SELECT count(*) FROM audit_log WHERE site_id = $1`,
		`SELECT id, status, child_name, grade, waitlist_position, released FROM applications WHERE site_id = $1 ORDER BY id`,
		`SELECT count(*) FROM admission_exports WHERE site_id = $1`,
		`SELECT count(*) FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.site_id = $1`,
		`SELECT id, grades::text, opens_at, closes_at FROM admission_campaigns WHERE site_id = $1 ORDER BY id`,
		`SELECT d.id, d.kind, d.status, d.remark FROM application_documents d JOIN applications a ON a.id = d.application_id WHERE a.site_id = $1 ORDER BY d.id`,
		`SELECT id, name, size, thumb_size FROM media WHERE site_id = $1 ORDER BY id`,
		`SELECT used_bytes, limit_bytes FROM site_quotas WHERE site_id = $1`,
		`SELECT coalesce(logo_media_id, '') FROM sites WHERE id = $1`,
		`SELECT id, slug, title::text, description::text, position, published FROM gallery_albums WHERE site_id = $1 ORDER BY id`,
		`SELECT id, kind, coalesce(media_id, ''), video_id, caption::text, position FROM gallery_items WHERE site_id = $1 ORDER BY id`,
		`SELECT id, status, subject, category, priority, coalesce(assignee_id, 0), merged_into IS NULL FROM tickets WHERE site_id = $1 ORDER BY id`,
		`SELECT m.id, m.internal, m.body FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.site_id = $1 ORDER BY m.id`,
		`SELECT count(*) FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.site_id = $1`,
		`SELECT count(*) FROM ticket_ratings r JOIN tickets t ON t.id = r.ticket_id WHERE t.site_id = $1`,
		`SELECT name, body FROM theme_overrides WHERE site_id = $1 ORDER BY name`,
		`SELECT count(*) FROM theme_revisions WHERE site_id = $1`,
		`SELECT id, name_kk, recipients::text FROM feedback_topics WHERE site_id = $1 ORDER BY id`,
		`SELECT id, status, hidden, body FROM feedback_messages WHERE site_id = $1 ORDER BY id`,
		`SELECT id, title::text, starts_at, capacity, taken, waiting, cancelled FROM events WHERE site_id = $1 ORDER BY id`,
		`SELECT s.id, s.attendee_id, s.status, s.attended FROM event_signups s JOIN events e ON e.id = s.event_id WHERE e.site_id = $1 ORDER BY s.id`,
		`SELECT id, address, quota_bytes, state FROM mailboxes WHERE site_id = $1 ORDER BY id`,
		`SELECT limit_bytes FROM site_mail_quotas WHERE site_id = $1`,
		`SELECT sla_days FROM feedback_settings WHERE site_id = $1`,
	}
	queries = append(queries, forumSnapshotQueries...)
	for _, q := range queries {
		rows, err := s.App.DB.Pool.Query(ctx, q, siteID)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	cur, err := s.App.Content.Database().Collection("pages").Find(ctx, bson.D{{Key: "site_id", Value: siteID}})
	if err != nil {
		t.Fatal(err)
	}
	var pages []bson.M
	if err := cur.All(ctx, &pages); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		delete(p, "_id")
		data, _ := json.Marshal(p)
		fmt.Fprintln(&b, string(data))
	}
	return b.String()
}

// sampleParams fills route parameters with site A's resources; a route with a parameter not
// listed here fails the test, so new routes must say how they are probed.
func sampleParams(a *tenant, ids map[string]string) map[string]string {
	return map[string]string{
		"id": fmt.Sprint(a.site), "userID": fmt.Sprint(a.users["teacher"].ID), "delegationID": ids["delegation"],
		"linkID": ids["link"], "tokenID": ids["token"], "key": "secret-a", "host": a.host, "lang": "ru", "slug": "about",
		"appID": ids["app"], "campaignID": ids["campaign"], "kind": "birth_certificate", "docID": ids["doc"],
		"exportID": ids["export"], "rev": "1", "n": "1", "commentID": "1", "requestID": ids["child_link_request"],
		"mediaID": ids["media"], "name": "a.png", "albumID": ids["album"], "itemID": ids["item"],
		"ticketID": ids["ticket"], "attachmentID": ids["attachment"], "cannedID": ids["canned"],
		"courseID": "1", "lessonID": "1", "certificateID": "1", "code": "AAAAAAAAAA",
		"attemptID": "1", "questionID": "1", "seminarID": "1", // certification
		"surveyID": ids["survey"], "pollID": ids["survey"], "file": "panel.js", "subID": "1",
		"vacancyID": ids["vacancy"], "testID": "1", // no test of A: a stranger must still get no access
		"noticeID": "1",                                         // maintenance notices: operators only
		"eventID":  ids["event"], "attendeeID": ids["attendee"], // events: A's event, A's parent signed up
		"mailboxID":   ids["mailbox"],
		"communityID": ids["community"], "forumID": ids["forum"], "topicID": ids["topic"], "postID": ids["post"], // forums
		"messageID": ids["feedback"], "topicID in /feedback/": ids["feedback_topic"],
	}
}

// sampleBodies are valid-looking bodies, so that requests get past validation to the
// access decision. Routes not listed get "{}".
func sampleBodies(a *tenant) map[string]string {
	m := forumSampleBodies(a)
	for k, v := range map[string]string{
		"POST /api/v1/auth/register":                                       `{"email":"new-person@example.kz","password":"Жаңа-құпия-сөз-2026","full_name":"New Person","lang":"kk"}`,
		"POST /api/v1/auth/login":                                          `{"email":"nobody@example.kz","password":"wrong-password-123"}`,
		"POST /api/v1/auth/password-reset":                                 `{"email":"nobody@example.kz"}`,
		"POST /api/v1/auth/password-reset/confirm":                         `{"token":"forged-token","new_password":"Жаңа-құпия-сөз-2026"}`,
		"POST /api/v1/sites/{id}/admissions/applications/{appID}/dispute":  `{"outcome":"void","text":"intruder"}`,
		"POST /api/v1/sites/{id}/feedback/topics":                          `{"name_kk":"x","name_ru":"x","name_en":"x","recipients":[]}`,
		"POST /api/v1/sites/{id}/feedback/{messageID}/answers":             `{"body":"intruder"}`,
		"PUT /api/v1/sites/{id}/feedback/{messageID}/hidden":               `{"hidden":true}`,
		"POST /api/v1/sites/{id}/events":                                   `{"title":{"kk":"Взлом"},"starts_at":"2030-01-01T09:00:00+05:00","place":"x","capacity":5}`,
		"PUT /api/v1/sites/{id}/events/{eventID}":                          `{"capacity":1,"place":"defaced"}`,
		"PUT /api/v1/sites/{id}/events/{eventID}/attendance":               `{"attendee_id":1,"attended":true}`,
		"POST /api/v1/sites/{id}/mailboxes":                                `{"local_part":"intruder"}`,
		"PUT /api/v1/sites/{id}/mailboxes/quota":                           `{"limit_bytes":1048576}`,
		"PUT /api/v1/sites/{id}/mailboxes/{mailboxID}/suspended":           `{"suspended":true}`,
		"PUT /api/v1/sites/{id}/feedback/topics/{topicID}":                 `{"name_kk":"x","name_ru":"x","name_en":"x","recipients":[]}`,
		"PUT /api/v1/sites/{id}/feedback/settings":                         `{"sla_days":9}`,
		"PATCH /api/v1/me":                                                 `{"bio":"changed"}`,
		"POST /api/v1/me/password":                                         `{"current_password":"wrong-password-1","new_password":"Жаңа-құпия-сөз-2026"}`,
		"POST /api/v1/me/children":                                         `{"child_email":"student-secret@` + a.host + `"}`,
		"POST /api/v1/me/tokens":                                           fmt.Sprintf(`{"site_id":%d,"name":"steal"}`, a.site),
		"PUT /api/v1/users/{userID}/platform-role":                         `{"role":"operator"}`,
		"PUT /api/v1/admissions/applications/{appID}/documents/{kind}":     "%PDF-1.4 intruder",
		"POST /api/v1/org-units":                                           `{"kind":"region","names":{"kk":"Абай","ru":"Абай","en":"Abai"}}`,
		"POST /api/v1/sites":                                               `{"slug":"takeover","names":{"kk":"x","ru":"x","en":"x"},"domains":["` + a.host + `"],"owner_email":"evil@example.kz"}`,
		"PUT /api/v1/sites/{id}/org-unit":                                  `{"org_unit_id":1}`,
		"POST /api/v1/sites/{id}/members":                                  `{"email":"intruder@example.kz","full_name":"Intruder","role":"teacher"}`,
		"POST /api/v1/sites/{id}/admins":                                   `{"email":"intruder@example.kz","full_name":"Intruder"}`,
		"POST /api/v1/sites/{id}/delegations":                              `{"user_id":1,"section":"pages","action":"publish"}`,
		"POST /api/v1/sites/{id}/domains":                                  `{"host":"hijack.example.kz"}`,
		"POST /api/v1/sites/{id}/pages":                                    `{"key":"intruder","text":{"ru":{"title":"Взлом","slug":"intruder","body":"x"}}}`,
		"PATCH /api/v1/sites/{id}/pages/{key}":                             `{"lang":"ru","title":"Взлом","slug":"secret-a","body":"defaced"}`,
		"PUT /api/v1/sites/{id}/pages/{key}/place":                         `{"parent":"","position":0,"hidden":true}`,
		"PUT /api/v1/sites/{id}/pages/{key}/schedule":                      `{"at":"2030-01-01T09:00:00+05:00"}`,
		"POST /api/v1/sites/{id}/news":                                     `{"key":"intruder","text":{"ru":{"title":"Взлом","slug":"intruder","body":"x"}}}`,
		"PATCH /api/v1/sites/{id}/news/{key}":                              `{"tags":["defaced"]}`,
		"PUT /api/v1/sites/{id}/news/{key}/schedule":                       `{"at":"2030-01-01T09:00:00+05:00"}`,
		"POST /api/v1/sites/{id}/news/republish":                           `{"source_site_id":1,"source_key":"x"}`,
		"POST /api/v1/sites/{id}/news/{key}/comments":                      `{"body":"spam"}`,
		"PATCH /api/v1/sites/{id}/comments/{commentID}":                    `{"body":"defaced"}`,
		"POST /api/v1/sites/{id}/comments/{commentID}/moderate":            `{"action":"delete"}`,
		"PATCH /api/v1/sites/{id}/settings":                                `{"accent":"#000000","seo":{"google_verification":"hijack"}}`,
		"PUT /api/v1/sites/{id}/menus/{name}":                              `{"items":[{"url":"https://evil.example","label":{"ru":"x"}}]}`,
		"PUT /api/v1/sites/{id}/theme/{name}":                              `{"body":"defaced"}`,
		"POST /api/v1/sites/{id}/child-link-requests/{requestID}/decision": `{"approve":false,"remark":"taken over"}`,
	} {
		m[k] = v
	}
	return m
}

var paramRE = regexp.MustCompile(`\{([^}]+)\}`)

// TestCrossTenantMatrix walks every route of the router. For each, the people of another
// school (owner, admin, teacher, student, parent, and the owner's API token), an anonymous
// visitor and a user whose delegation on school A was revoked try it against school A's
// resources. None may read A's private data (its people's emails, its draft page) or change
// anything of A. Routes added later are walked too.
func TestCrossTenantMatrix(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-a")
	b := provisionTenant(t, s, "school-b")

	// School A's private things.
	ownerA := session(t, s, a.users["owner"].ID)
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/pages", a.site),
		`{"key":"secret-a","text":{"ru":{"title":"SECRET-A-PAGE","slug":"secret-a","body":"A's draft"}}}`, "Cookie", ownerA)
	if r.Status != 201 {
		t.Fatalf("draft page: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/news", a.site),
		`{"key":"secret-a","text":{"ru":{"title":"SECRET-A-NEWS","slug":"secret-a","body":"A's draft news"}}}`, "Cookie", ownerA); r.Status != 201 {
		t.Fatalf("A's news: %d %s", r.Status, r.Body)
	}
	revoked := fixtureUser(t, s, "revoked-delegate@example.kz", 0, "")
	r = s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site),
		fmt.Sprintf(`{"user_id":%d,"section":"pages","action":"publish"}`, revoked.ID), "Cookie", ownerA)
	if r.Status != 201 {
		t.Fatalf("delegation: %d %s", r.Status, r.Body)
	}
	var del struct{ Delegation sitecore.Delegation }
	_ = json.Unmarshal(r.Body, &del)
	if r := s.do("DELETE", fmt.Sprintf("/api/v1/sites/%d/delegations/%d", a.site, del.Delegation.ID), nil, "Cookie", ownerA); r.Status != 204 {
		t.Fatalf("revoke: %d", r.Status)
	}
	// A live delegation too, so its ID can be probed.
	r = s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site),
		fmt.Sprintf(`{"user_id":%d,"section":"news","action":"edit"}`, a.users["teacher"].ID), "Cookie", ownerA)
	_ = json.Unmarshal(r.Body, &del)
	r = s.do("POST", "/api/v1/me/tokens", fmt.Sprintf(`{"site_id":%d,"name":"integration"}`, a.site), "Cookie", ownerA)
	var tok struct {
		Token  sitecore.APIToken
		Secret string
	}
	if err := json.Unmarshal(r.Body, &tok); err != nil || r.Status != 201 {
		t.Fatalf("token: %d %s", r.Status, r.Body)
	}
	link := &sitecore.ParentLink{ParentID: a.users["parent"].ID, ChildID: a.users["student"].ID}
	if err := s.App.DB.CreateParentLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/domains", a.site), `{"host":"claimed-by-a.kz"}`, "Cookie", ownerA); r.Status != 201 {
		t.Fatalf("claim: %d %s", r.Status, r.Body)
	}
	now := time.Now().UTC()
	camp := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "A", "ru": "A", "en": "A"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 5}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3,
		RequiredDocuments: []string{"birth_certificate"}}
	if err := s.App.DB.CreateCampaign(ctx, camp, nil); err != nil {
		t.Fatal(err)
	}
	app := &sitecore.Application{SiteID: a.site, CampaignID: camp.ID, ParentID: a.users["parent"].ID, ChildName: "SECRET-A-CHILD",
		ChildIIN: "190106500006", BirthDate: time.Date(2019, 1, 6, 0, 0, 0, 0, time.UTC), Grade: 1, Address: "A street",
		InstructionLang: "kk", Phone: "+77011234567", Email: a.users["parent"].Email, Lang: "kk", Status: sitecore.AppSubmitted}
	if err := s.App.DB.SubmitApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	fileID, size, err := s.App.Content.Files("admission_documents").Put(ctx, a.site, "birth_certificate", "application/pdf",
		strings.NewReader("%PDF-1.7 SECRET-A-DOCUMENT"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	doc := &sitecore.AppDocument{ApplicationID: app.ID, Kind: "birth_certificate", FileID: fileID, ContentType: "application/pdf", Size: size}
	if err := s.App.DB.AddDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	exp := &sitecore.Export{SiteID: a.site, CampaignID: camp.ID, Lang: "kk"}
	if err := s.App.DB.CreateExport(ctx, exp); err != nil {
		t.Fatal(err)
	}
	expFile, expSize, err := s.App.Content.Files("exports").Put(ctx, a.site, "a.xlsx", "application/zip",
		strings.NewReader("SECRET-A-EXPORT"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.FinishExport(ctx, exp.ID, expFile, 1, expSize); err != nil {
		t.Fatal(err)
	}
	// Let its workflow reach the documents check, so the snapshot sees a resting state.
	testenv.Eventually(t, 30*time.Second, "A's application registered", func() bool {
		got, err := s.App.DB.FindApplication(ctx, a.site, app.ID)
		return err == nil && got.Status == sitecore.AppDocumentsCheck
	})
	// A helpdesk ticket of A's parent about school A, with an attachment; a canned response.
	tk := &sitecore.Ticket{SiteID: a.site, RequesterID: a.users["parent"].ID, Category: sitecore.CategoryAccount,
		Subject: "SECRET-A-TICKET", Description: "SECRET-A-TICKET-TEXT", Lang: "ru"}
	if err := s.App.DB.CreateTicket(ctx, tk); err != nil {
		t.Fatal(err)
	}
	attFile, attSize, err := s.App.Content.Files("helpdesk_attachments").Put(ctx, a.site, "a.txt", "text/plain; charset=utf-8",
		strings.NewReader("SECRET-A-ATTACHMENT"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	att := &sitecore.TicketAttachment{TicketID: tk.ID, UploaderID: tk.RequesterID, FileID: attFile, Name: "a.txt",
		ContentType: "text/plain; charset=utf-8", Size: attSize}
	if err := s.App.DB.AddAttachment(ctx, att); err != nil {
		t.Fatal(err)
	}
	canned := &sitecore.CannedResponse{Lang: "ru", Title: "Пароль", Body: "Сбросьте пароль."}
	if err := s.App.DB.CreateCannedResponse(ctx, canned); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, "A's ticket registered", func() bool {
		got, err := s.App.DB.FindTicket(ctx, tk.ID)
		return err == nil && got.Status == sitecore.TicketOpen
	})
	// A child-link request of A's parent, for the school's answer (its child name is a marker).
	clr := &sitecore.ChildLinkRequest{SiteID: a.site, ParentID: a.users["parent"].ID, ChildIIN: "190106500006", ChildName: "SECRET-A-CHILD-LINK"}
	if err := s.App.DB.CreateChildLinkRequest(ctx, clr); err != nil {
		t.Fatal(err)
	}
	// A feedback topic and message of A (the message is a marker).
	fbTopic := &sitecore.FeedbackTopic{SiteID: a.site, NameKK: "Сұрақ", NameRU: "Вопрос", NameEN: "Question"}
	if err := s.App.DB.CreateFeedbackTopic(ctx, fbTopic); err != nil {
		t.Fatal(err)
	}
	fb := &sitecore.FeedbackMessage{SiteID: a.site, TopicID: fbTopic.ID, Name: "Visitor", Email: "visitor@example.kz",
		Lang: "ru", Body: "SECRET-A-FEEDBACK"}
	if err := s.App.DB.CreateFeedbackMessage(ctx, fb); err != nil {
		t.Fatal(err)
	}
	// An event of A with A's parent signed up (events are public: its title is no marker).
	evAt := time.Now().Add(72 * time.Hour)
	ev := &events.Event{SiteID: a.site, Title: map[sitecore.Lang]string{"ru": "Собрание"}, Description: map[sitecore.Lang]string{},
		StartsAt: evAt, EndsAt: evAt.Add(time.Hour), SignupClosesAt: evAt,
		Place: "Зал", Capacity: 10}
	if err := s.App.DB.CreateEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.SignUp(ctx, a.site, ev.ID, a.users["parent"].ID, a.users["parent"].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	// A mailbox record of A (no mail server in this stack: the probes must stop before it).
	mbox := &sitecore.Mailbox{SiteID: a.site, Address: "secret-a-box@" + a.host, QuotaBytes: sitecore.DefaultMailboxQuotaBytes}
	if err := s.App.DB.CreateMailbox(ctx, mbox, sitecore.DefaultSiteMailQuotaBytes); err != nil {
		t.Fatal(err)
	}
	// A private community of A with a forum, a topic and a marker post.
	fc, ff, ft, fp := forumFixtureOfA(t, s, a)
	ids := map[string]string{"community": fmt.Sprint(fc), "forum": fmt.Sprint(ff), "topic": fmt.Sprint(ft), "post": fmt.Sprint(fp),
		"mailbox": fmt.Sprint(mbox.ID), "feedback": fmt.Sprint(fb.ID), "feedback_topic": fmt.Sprint(fbTopic.ID), "child_link_request": fmt.Sprint(clr.ID), "delegation": fmt.Sprint(del.Delegation.ID), "link": fmt.Sprint(link.ID), "token": fmt.Sprint(tok.Token.ID),
		"event": fmt.Sprint(ev.ID), "attendee": fmt.Sprint(a.users["parent"].ID),
		"app": fmt.Sprint(app.ID), "campaign": fmt.Sprint(camp.ID), "doc": fmt.Sprint(doc.ID), "export": fmt.Sprint(exp.ID),
		"ticket": fmt.Sprint(tk.ID), "attachment": fmt.Sprint(att.ID), "canned": fmt.Sprint(canned.ID)}
	markers := []string{"SECRET-A-PAGE", "secret-a-box@", "claimed-by-a.kz", tok.Secret, "SECRET-A-CHILD", "190106500006", "SECRET-A-DOCUMENT", "SECRET-A-EXPORT",
		"SECRET-A-TICKET", "SECRET-A-ATTACHMENT", "SECRET-A-FEEDBACK", "SECRET-A-FORUM"}
	// A survey of A in draft (its title is a marker), with a listed audience.
	sv := s.operator("POST", fmt.Sprintf("/api/v1/sites/%d/surveys", a.site), map[string]any{
		"kind": "survey", "mode": "named", "audience": map[string]any{"kind": "parents"},
		"title": map[string]string{"kk": "SECRET-A-SURVEY", "ru": "SECRET-A-SURVEY", "en": "SECRET-A-SURVEY"},
		"questions": []any{map[string]any{"id": "q", "kind": "text", "max_length": 100,
			"text": map[string]string{"kk": "Сұрақ", "ru": "Вопрос", "en": "Question"}}},
		"opens_at": time.Now().Add(time.Hour), "closes_at": time.Now().Add(48 * time.Hour)})
	if sv.Status != 201 {
		t.Fatalf("A's survey: %d %s", sv.Status, sv.Body)
	}
	ids["survey"] = fmt.Sprint(int64(obj(t, sv.JSON(t), "survey")["id"].(float64)))
	markers = append(markers, "SECRET-A-SURVEY")
	// A's unpublished vacancy (its title is a marker).
	vac := s.operator("POST", fmt.Sprintf("/api/v1/sites/%d/vacancies", a.site), map[string]any{"text": map[string]any{
		"kk": map[string]any{"title": "SECRET-A-VACANCY", "description": "Сипаттама", "contacts": "+7 701 000 00 00"}},
		"subject": "Математика", "hours": 18, "salary_min": 250000, "salary_max": 400000,
		"deadline": time.Now().AddDate(0, 1, 0).Format(time.DateOnly), "published": false})
	if vac.Status != 201 {
		t.Fatalf("A's vacancy: %d %s", vac.Status, vac.Body)
	}
	ids["vacancy"] = fmt.Sprint(int64(obj(t, vac.JSON(t), "vacancy")["id"].(float64)))
	markers = append(markers, "SECRET-A-VACANCY")
	// A's media library file, its logo, and an unpublished album holding the file.
	ids["media"], ids["album"], ids["item"] = mediaFixture(t, s, a.site)
	markers = append(markers, "SECRET-A-ALBUM")
	for _, u := range a.users {
		markers = append(markers, u.Email)
	}

	// Who tries.
	type actor struct {
		name    string
		headers []string
		own     string // the actor's own address, which /me may show
	}
	bToken := s.do("POST", "/api/v1/me/tokens", fmt.Sprintf(`{"site_id":%d,"name":"b"}`, b.site), "Cookie", session(t, s, b.users["owner"].ID))
	var bTok struct{ Secret string }
	_ = json.Unmarshal(bToken.Body, &bTok)
	actors := []actor{{name: "anonymous"}, {name: "B owner API token", headers: []string{"Authorization", "Bearer " + bTok.Secret}}}
	for _, role := range []string{"owner", "admin", "teacher", "student", "parent"} {
		actors = append(actors, actor{name: "B " + role, headers: []string{"Cookie", session(t, s, b.users[role].ID)}})
	}
	actors = append(actors, actor{name: "revoked delegate of A", headers: []string{"Cookie", session(t, s, revoked.ID)}})
	// People of A who also belong to B, with personal API tokens limited to B: a token's
	// scope, not the person's roles, decides what it reaches (A's owner: every section of A;
	// A's parent: the application and ticket at A).
	for _, who := range []struct {
		role string
		atB  sitecore.SiteRole
	}{{"owner", sitecore.RoleAdmin}, {"parent", sitecore.RoleParent}} {
		u := a.users[who.role]
		if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: b.site, UserID: u.ID, Role: who.atB}, nil); err != nil {
			t.Fatal(err)
		}
		r := s.do("POST", "/api/v1/me/tokens", fmt.Sprintf(`{"site_id":%d,"name":"b only"}`, b.site), "Cookie", session(t, s, u.ID))
		var tk struct{ Secret string }
		if err := json.Unmarshal(r.Body, &tk); err != nil || r.Status != 201 {
			t.Fatalf("A's %s's token for B: %d %s", who.role, r.Status, r.Body)
		}
		actors = append(actors, actor{name: "A " + who.role + " with a token for B", headers: []string{"Authorization", "Bearer " + tk.Secret}, own: u.Email})
	}

	before := snapshot(t, s, a.site)
	params, bodies := sampleParams(a, ids), sampleBodies(a)
	type route struct{ method, pattern string }
	var routes []route
	_ = chi.Walk(s.App.Server.Handler(), func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, route{method, pattern})
		return nil
	})
	if len(routes) < 40 {
		t.Fatalf("walked %d routes", len(routes))
	}
	siteScoped := func(p string) bool { return strings.HasPrefix(p, "/api/v1/sites/{id}") }
	publicSite := func(p string) bool {
		return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/readyz"
	}

	for _, rt := range routes {
		path := paramRE.ReplaceAllStringFunc(rt.pattern, func(m string) string {
			name := m[1 : len(m)-1]
			v, ok := params[name]
			for k, ov := range params { // "name in /part/": a sample for the routes holding part
				if n, part, found := strings.Cut(k, " in "); found && n == name && strings.Contains(rt.pattern, part) {
					v, ok = ov, true
				}
			}
			if !ok {
				t.Fatalf("route %s %s: no sample for {%s}; add one to sampleParams", rt.method, rt.pattern, name)
			}
			return v
		})
		var body any
		if rt.method == "POST" || rt.method == "PATCH" || rt.method == "PUT" {
			body = "{}"
			if b, ok := bodies[rt.method+" "+rt.pattern]; ok {
				body = b
			}
		}
		for _, ac := range actors {
			headers := append([]string{"Host", a.host}, ac.headers...)
			if ac.name != "anonymous" && strings.HasPrefix(ac.name, "B ") && !strings.Contains(ac.name, "token") {
				// A fresh session each time: a probed logout must not end the actor's run.
				headers = append([]string{"Host", a.host}, "Cookie", session(t, s, b.users[strings.TrimPrefix(ac.name, "B ")].ID))
			}
			r := s.do(rt.method, path, body, headers...)
			for _, m := range markers {
				if m != ac.own && strings.Contains(string(r.Body), m) {
					t.Errorf("%s: %s %s leaked %q (status %d)", ac.name, rt.method, path, m, r.Status)
				}
			}
			if siteScoped(rt.pattern) && !slices.Contains([]int{401, 403, 404}, r.Status) {
				t.Errorf("%s: %s %s answered %d, want 401, 403 or 404: %s", ac.name, rt.method, path, r.Status, r.Body)
			}
			if rt.pattern == "/api/v1/sites" && r.Status < 400 {
				t.Errorf("%s: created a site: %d", ac.name, r.Status)
			}
			if publicSite(rt.pattern) && r.Status >= 500 {
				t.Errorf("%s: %s %s: %d", ac.name, rt.method, path, r.Status)
			}
		}
	}
	if after := snapshot(t, s, a.site); after != before {
		t.Errorf("school A changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}

	// Control: the same probes do work for A's owner, so the paths really reach A's data.
	for _, rt := range routes {
		if rt.method != "GET" || !siteScoped(rt.pattern) || strings.HasSuffix(rt.pattern, "/receipts/{code}") ||
			strings.Contains(rt.pattern, "/surveys/{surveyID}/exports/") {
			continue // a receipt exists only once someone voted, a survey's export once it ran; the probes above still ran on them
		}
		path := paramRE.ReplaceAllStringFunc(rt.pattern, func(m string) string { return params[m[1:len(m)-1]] })
		if r := s.do("GET", path, nil, "Cookie", session(t, s, a.users["owner"].ID)); r.Status != 200 {
			t.Errorf("A's owner: GET %s = %d %s", path, r.Status, r.Body)
		}
	}
	if r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/pages", a.site), nil, "Cookie", ownerA); !strings.Contains(string(r.Body), "SECRET-A-PAGE") {
		t.Error("A's owner does not see A's draft: the leak check would prove nothing")
	}
}

// fixtureCampaign stores an open campaign of the site admitting to grade 1.
func fixtureCampaign(t testing.TB, s *stack, siteID int64) *sitecore.Campaign {
	t.Helper()
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: siteID, Title: map[sitecore.Lang]string{"kk": "C", "ru": "C", "en": "C"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 5}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

// fixtureApplication stores an application of the parent for the child in the campaign.
func fixtureApplication(t testing.TB, s *stack, c *sitecore.Campaign, parent *sitecore.User, child, iin string) *sitecore.Application {
	t.Helper()
	id, err := sitecore.ParseIIN("child_iin", iin)
	if err != nil {
		t.Fatal(err)
	}
	app := &sitecore.Application{SiteID: c.SiteID, CampaignID: c.ID, ParentID: parent.ID, ChildName: child,
		ChildIIN: id, BirthDate: id.BirthDate(), Grade: 1, Address: "street", InstructionLang: "kk",
		Phone: "+77011234567", Email: parent.Email, Lang: "kk", Status: sitecore.AppSubmitted}
	if err := s.App.DB.SubmitApplication(context.Background(), app); err != nil {
		t.Fatal(err)
	}
	return app
}

// Paging cursors and token scopes across tenants: a cursor naming another school's record
// tells nothing about it (not where its child's name sorts, not whether it exists), and a
// personal API token limited to one school lists and opens only that school's applications
// and tickets of its holder.
func TestCrossTenantCursorsAndTokenScopes(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-ca")
	b := provisionTenant(t, s, "school-cb")
	campA, campB := fixtureCampaign(t, s, a.site), fixtureCampaign(t, s, b.site)

	// School A: one child; school B: children whose names sort on both sides of A's.
	secret := fixtureApplication(t, s, campA, a.users["parent"], "Mmm SECRET-A-CHILD", "190106500006")
	for i, name := range []string{"Aaa", "Zzz"} {
		fixtureApplication(t, s, campB, b.users["parent"], name, []string{"871203350924", "990106300596"}[i])
	}
	ownerB := session(t, s, b.users["owner"].ID)
	for _, sort := range []string{"name", "created", "-created", "grade", "status"} {
		path := fmt.Sprintf("/api/v1/sites/%d/admissions/applications?sort=%s&after=%d", b.site, sort, secret.ID)
		r := s.do("GET", path, nil, "Cookie", ownerB)
		var got struct{ Applications []sitecore.Application }
		if err := json.Unmarshal(r.Body, &got); err != nil || r.Status != 200 {
			t.Fatalf("B lists with A's cursor (%s): %d %s", sort, r.Status, r.Body)
		}
		if len(got.Applications) != 0 {
			names := []string{}
			for _, x := range got.Applications {
				names = append(names, x.ChildName)
			}
			t.Errorf("B's list after A's application (sort %s) answers %v: it tells where A's record sorts", sort, names)
		}
	}
	// The same cursor works in A's own list (the probe reaches a real row).
	r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/admissions/applications?sort=name&after=0", a.site), nil,
		"Cookie", session(t, s, a.users["owner"].ID))
	if !strings.Contains(string(r.Body), "SECRET-A-CHILD") {
		t.Fatalf("A's owner does not see A's application: %d %s", r.Status, r.Body)
	}

	// A parent of school A who also applied to school B and asked for help about both.
	parent := a.users["parent"]
	atB := fixtureApplication(t, s, campB, parent, "Other School Child", "061211600012")
	var tickets []*sitecore.Ticket
	for _, site := range []int64{a.site, b.site, 0} {
		tk := &sitecore.Ticket{SiteID: site, RequesterID: parent.ID, Category: sitecore.CategoryAccount,
			Subject: fmt.Sprintf("ticket about site %d", site), Description: "text", Lang: "ru"}
		if err := s.App.DB.CreateTicket(ctx, tk); err != nil {
			t.Fatal(err)
		}
		tickets = append(tickets, tk)
	}
	r = s.do("POST", "/api/v1/me/tokens", fmt.Sprintf(`{"site_id":%d,"name":"a only"}`, a.site), "Cookie", session(t, s, parent.ID))
	var tok struct{ Secret string }
	if err := json.Unmarshal(r.Body, &tok); err != nil || r.Status != 201 {
		t.Fatalf("parent's token for A: %d %s", r.Status, r.Body)
	}
	bearer := []string{"Authorization", "Bearer " + tok.Secret}

	r = s.do("GET", "/api/v1/admissions/applications", nil, bearer...)
	if r.Status != 200 || !strings.Contains(string(r.Body), "SECRET-A-CHILD") {
		t.Errorf("A's token lists the parent's applications: %d %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), "Other School Child") {
		t.Errorf("A's token lists the parent's application at B: %s", r.Body)
	}
	if r := s.do("GET", fmt.Sprintf("/api/v1/admissions/applications/%d", atB.ID), nil, bearer...); r.Status != 404 {
		t.Errorf("A's token opens the application at B: %d %s", r.Status, r.Body)
	}
	r = s.do("GET", "/api/v1/helpdesk/tickets", nil, bearer...)
	if r.Status != 200 || !strings.Contains(string(r.Body), fmt.Sprintf("ticket about site %d", a.site)) {
		t.Errorf("A's token lists the parent's tickets about A: %d %s", r.Status, r.Body)
	}
	for _, tk := range tickets[1:] {
		if strings.Contains(string(r.Body), tk.Subject) {
			t.Errorf("A's token lists %q: %s", tk.Subject, r.Body)
		}
		if r := s.do("GET", fmt.Sprintf("/api/v1/helpdesk/tickets/%d", tk.ID), nil, bearer...); r.Status != 404 {
			t.Errorf("A's token opens %q: %d %s", tk.Subject, r.Status, r.Body)
		}
	}
	// Nor does it act at B.
	r = s.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "account", "subject": "via A's token",
		"description": "x", "site_id": b.site}, bearer...)
	if r.Status < 400 || r.Status >= 500 {
		t.Errorf("A's token opens a ticket about B: %d %s", r.Status, r.Body)
	}
	r = s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": b.site, "campaign_id": campB.ID,
		"child_name": "Via Token", "child_iin": "840317000029", "birth_date": "1984-03-17", "grade": 1, "address": "x",
		"instruction_lang": "kk", "phone": "+77011234567", "consent": true}, bearer...)
	if r.Status != 404 {
		t.Errorf("A's token applies at B: %d %s", r.Status, r.Body)
	}

	// Nor does it act on the whole account: it cannot revoke the person's other tokens,
	// end the person's sessions or change the password (found by the matrix's "A owner with
	// a token for B", which revoked the owner's token for A and signed the owner out).
	parentSession := session(t, s, parent.ID)
	r = s.do("POST", "/api/v1/me/tokens", fmt.Sprintf(`{"site_id":%d,"name":"b"}`, a.site), "Cookie", parentSession)
	var other struct {
		Token  sitecore.APIToken
		Secret string
	}
	if err := json.Unmarshal(r.Body, &other); err != nil || r.Status != 201 {
		t.Fatalf("a second token: %d %s", r.Status, r.Body)
	}
	if r := s.do("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", other.Token.ID), nil, bearer...); r.Status != 403 {
		t.Errorf("a token revokes another token of the person: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+other.Secret); r.Status != 200 {
		t.Errorf("the other token after the refused revocation: %d", r.Status)
	}
	if r := s.do("POST", "/api/v1/me/password", map[string]any{"current_password": "x", "new_password": "Whatever-Long-Pass-1"}, bearer...); r.Status != 403 {
		t.Errorf("a token changes the password: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", "/ru/account/sign-out-everywhere", "", append([]string{"Host", a.host,
		"Content-Type", "application/x-www-form-urlencoded"}, bearer...)...); r.Status == 303 || r.Status < 400 {
		t.Errorf("a token signs the person out everywhere: %d", r.Status)
	}
	if r := s.do("GET", "/api/v1/me", nil, "Cookie", parentSession); r.Status != 200 {
		t.Errorf("the person's session after the token's attempts: %d", r.Status)
	}

	// The parent's session (not limited to a site) still sees everything of theirs.
	r = s.do("GET", "/api/v1/helpdesk/tickets", nil, "Cookie", session(t, s, parent.ID))
	for _, tk := range tickets {
		if !strings.Contains(string(r.Body), tk.Subject) {
			t.Errorf("the parent's session does not list %q: %s", tk.Subject, r.Body)
		}
	}
}
