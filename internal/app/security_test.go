package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// End-to-end tests of the security review's findings (issue 24), over HTTP against the real
// stack.

// Whoever registers a school's address before the operator creates the school must not
// become its owner: a role attaches to an account only once the address is proven, and the
// invitation's link (which proves it) takes the account away from whoever registered it.
func TestPreRegistrationDoesNotTakeOverASchool(t *testing.T) {
	s := startStack(t, stackOptions{})
	const slug, owner = "school71", "director@school71.edu.kz"
	const squatterPassword = "Squatter-Pass-7171"

	squatter := newBrowser(t, s)
	if r := squatter.do("POST", "/api/v1/auth/register", map[string]any{"email": owner,
		"password": squatterPassword, "full_name": "Not The Director", "lang": "en"}); r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	verify := waitMail(t, s, owner, func(m devstack.Mail) bool { return m.Subject == "Confirm your email address" })
	// Logging in before the address is verified is allowed, but the account holds no role
	// and cannot have the platform write to the address (tickets, applications, comments).
	squatter.login(owner, squatterPassword)
	r := squatter.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "account",
		"subject": "Help", "description": "Please write to this address."}, "Accept-Language", "en")
	if code, _, _ := r.Error(t); r.Status != 403 || code != "forbidden" {
		t.Errorf("an unverified account opens a ticket: %d %s", r.Status, r.Body)
	}

	r = s.operator("POST", "/api/v1/sites", school(slug))
	if r.Status != 202 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := siteID(t, r)
	s.waitSite(id, "active", 2*time.Minute)
	site := "/api/v1/sites/" + id64(id)

	if siteOf(squatter.me(), id) != nil {
		t.Errorf("the unverified registrant sees the school in /me: %v", squatter.me())
	}
	if r := squatter.do("GET", site+"/members", nil); r.Status != 404 {
		t.Errorf("the unverified registrant lists the members: %d %s", r.Status, r.Body)
	}
	if r := squatter.do("POST", site+"/admins", map[string]any{"email": "friend@example.kz", "full_name": "Friend"}); r.Status != 404 {
		t.Errorf("the unverified registrant adds an admin: %d %s", r.Status, r.Body)
	}
	if r := squatter.do("POST", "/api/v1/me/tokens", map[string]any{"site_id": id, "name": "keep"}); r.Status == 201 {
		t.Errorf("the unverified registrant made an API token for the school: %s", r.Body)
	}
	// The registration's verification link no longer proves the address: only the
	// invitation's link does, and it sets a new password.
	if r := newBrowser(t, s).do("GET", "/api/v1/auth/verify-email?token="+tokenIn(t, verify.Text), nil); r.Status != 400 {
		t.Errorf("old verification link after the owner grant: %d %s", r.Status, r.Body)
	}
	inv := waitMail(t, s, owner, func(m devstack.Mail) bool { return strings.Contains(m.Text, slug+".edu.kz") })
	if !tokenRE.MatchString(inv.Text) {
		t.Fatalf("the invitation to an unverified account has no set-password link: %q", inv.Text)
	}
	director := newBrowser(t, s)
	if r := director.do("POST", "/api/v1/auth/password-reset/confirm",
		map[string]any{"token": tokenIn(t, inv.Text), "new_password": "Real-Head-Teacher-7171"}); r.Status != 204 {
		t.Fatalf("the director sets the password: %d %s", r.Status, r.Body)
	}
	if r := squatter.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("the registrant's session after the director took the account: %d %s", r.Status, r.Body)
	}
	if r := newBrowser(t, s).do("POST", "/api/v1/auth/login", map[string]any{"email": owner, "password": squatterPassword}); r.Status != 401 {
		t.Errorf("the registrant's password still works: %d", r.Status)
	}
	director.login(owner, "Real-Head-Teacher-7171")
	if ms := siteOf(director.me(), id); ms == nil || !slices.Equal(toStrings(ms["roles"]), []string{"owner"}) {
		t.Fatalf("the director's /me: %v", director.me())
	}

	// The same for an admin the owner adds and a member invited to the school.
	for _, c := range []struct{ path, email, role string }{
		{"/admins", "deputy@school71.edu.kz", "admin"},
		{"/members", "teacher@school71.edu.kz", "teacher"},
	} {
		other := newBrowser(t, s)
		if r := other.do("POST", "/api/v1/auth/register", map[string]any{"email": c.email,
			"password": squatterPassword, "full_name": "Early Bird", "lang": "en"}); r.Status != 201 {
			t.Fatalf("register %s: %d %s", c.email, r.Status, r.Body)
		}
		other.login(c.email, squatterPassword)
		if r := director.do("POST", site+c.path, map[string]any{"email": c.email, "role": c.role}); r.Status != 201 {
			t.Fatalf("add %s: %d %s", c.role, r.Status, r.Body)
		}
		if siteOf(other.me(), id) != nil {
			t.Errorf("an unverified %s holds the role: %v", c.role, other.me())
		}
		m := waitMail(t, s, c.email, func(m devstack.Mail) bool { return m.Subject != "Confirm your email address" })
		if !tokenRE.MatchString(m.Text) {
			t.Errorf("the %s email to an unverified account has no set-password link: %q", c.role, m.Text)
		}
	}
}

// verifyAddress follows the newest verification link emailed to the address.
func verifyAddress(t *testing.T, s *stack, email string) {
	t.Helper()
	m := waitMail(t, s, email, func(m devstack.Mail) bool { return strings.Contains(m.Text, "/verify-email?token=") })
	if r := newBrowser(t, s).do("GET", "/api/v1/auth/verify-email?token="+tokenIn(t, m.Text), nil); r.Status != 200 {
		t.Fatalf("verify %s: %d %s", email, r.Status, r.Body)
	}
}

// A password reset takes the account back: every session, every API token and every other
// reset link of the account stops working. A password change ends the other sessions and
// the outstanding reset links.
func TestPasswordResetRevokesEverything(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "school72", "Owner-Key-72727")
	const email = "director@school72.edu.kz"
	other := newBrowser(t, s)
	other.login(email, "Owner-Key-72727")

	r := owner.do("POST", "/api/v1/me/tokens", map[string]any{"site_id": id, "name": "sync"})
	if r.Status != 201 {
		t.Fatalf("create token: %d %s", r.Status, r.Body)
	}
	secret, _ := r.JSON(t)["secret"].(string)
	members := "/api/v1/sites/" + id64(id) + "/members"
	if r := s.do("GET", members, nil, "Authorization", "Bearer "+secret); r.Status != 200 {
		t.Fatalf("the token before the reset: %d %s", r.Status, r.Body)
	}

	resetLink := func(seen ...string) string {
		t.Helper()
		if r := newBrowser(t, s).do("POST", "/api/v1/auth/password-reset", map[string]any{"email": email}); r.Status != 202 {
			t.Fatalf("request a reset: %d %s", r.Status, r.Body)
		}
		return tokenIn(t, waitMail(t, s, email, func(m devstack.Mail) bool {
			return strings.Contains(m.Text, "reset-password?token=") && withToken(seen...)(m)
		}).Text)
	}
	invitation := tokenIn(t, waitMail(t, s, email, func(m devstack.Mail) bool { return strings.Contains(m.Text, "school72.edu.kz") }).Text)
	first := resetLink(invitation)
	second := resetLink(invitation, first)
	if r := newBrowser(t, s).do("POST", "/api/v1/auth/password-reset/confirm",
		map[string]any{"token": second, "new_password": "After-Reset-72727"}); r.Status != 204 {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	if r := owner.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("a session from before the reset: %d", r.Status)
	}
	if r := s.do("GET", members, nil, "Authorization", "Bearer "+secret); r.Status != 401 {
		t.Errorf("an API token from before the reset: %d %s", r.Status, r.Body)
	}
	r = newBrowser(t, s).do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": first, "new_password": "Older-Link-72727"})
	if _, field, _ := r.Error(t); r.Status != 400 || field != "token" {
		t.Errorf("an older reset link after the reset: %d %s", r.Status, r.Body)
	}

	// A change of password ends the reset links sent before it.
	b := newBrowser(t, s)
	b.login(email, "After-Reset-72727")
	third := resetLink(invitation, first, second)
	if r := b.do("POST", "/api/v1/me/password", map[string]any{"current_password": "After-Reset-72727", "new_password": "Changed-Key-72727"}); r.Status != 204 {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	r = newBrowser(t, s).do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": third, "new_password": "Stale-Link-72727"})
	if _, field, _ := r.Error(t); r.Status != 400 || field != "token" {
		t.Errorf("a reset link from before the password change: %d %s", r.Status, r.Body)
	}
	b.me()
}

// IIN squatting: a family that submits another family's child blocks the child's IIN in
// the campaign. The rightful family is not shown the other application's number; the
// school sees the dispute (who else claims the child) and voids the squatting application,
// which frees the IIN at once.
func TestDisputedIIN(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-iin")
	owner := session(t, s, a.users["owner"].ID)
	camp := fixtureCampaign(t, s, a.site)
	squatter, cs := verifiedParent(t, s, "squatter@example.kz", sitecore.English)
	rightful, cr := verifiedParent(t, s, "mother@example.kz", sitecore.English)
	form := map[string]any{"site_id": a.site, "campaign_id": camp.ID, "child_name": "Әлихан Қасымұлы",
		"child_iin": childIIN(0), "birth_date": childBirth(childIIN(0)), "grade": 1, "address": "Алматы",
		"instruction_lang": "kk", "phone": "+77011234567", "consent": true}
	r := s.do("POST", "/api/v1/admissions/applications", form, "Cookie", cs)
	if r.Status != 201 {
		t.Fatalf("squatter submits: %d %s", r.Status, r.Body)
	}
	squatID := int64(field(t, r, "application", "id").(float64))
	squatNumber := field(t, r, "application", "number").(string)

	r = s.do("POST", "/api/v1/admissions/applications", form, "Cookie", cr, "Accept-Language", "en")
	code, f, msg := r.Error(t)
	if r.Status != 409 || code != "conflict" || f != "child_iin" {
		t.Fatalf("rightful family: %d %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), squatNumber) || strings.Contains(string(r.Body), id64(squatID)) {
		t.Errorf("the 409 to another family shows the other application: %s", r.Body)
	}
	if !strings.Contains(msg, "school") {
		t.Errorf("the 409 does not tell the family the school will look into it: %q", msg)
	}
	// The family that submitted it is shown its own number.
	r = s.do("POST", "/api/v1/admissions/applications", form, "Cookie", cs, "Accept-Language", "en")
	if _, _, msg := r.Error(t); r.Status != 409 || !strings.Contains(msg, squatNumber) {
		t.Errorf("the same family again: %d %q", r.Status, msg)
	}

	// The school sees the dispute and who claims the child; the families do not.
	apps := fmt.Sprintf("/api/v1/sites/%d/admissions/applications", a.site)
	r = s.do("GET", fmt.Sprintf("%s/%d", apps, squatID), nil, "Cookie", owner)
	if r.Status != 200 || field(t, r, "application", "disputed_at") == nil ||
		!strings.Contains(string(r.Body), rightful.Email) || !strings.Contains(string(r.Body), rightful.FullName) {
		t.Fatalf("the school's view of the disputed application: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", apps, nil, "Cookie", owner); !strings.Contains(string(r.Body), `"disputed_at"`) {
		t.Errorf("the school's list does not flag the dispute: %s", r.Body)
	}
	r = s.do("GET", fmt.Sprintf("/api/v1/admissions/applications/%d", squatID), nil, "Cookie", cs)
	if r.Status != 200 || strings.Contains(string(r.Body), "disputed") || strings.Contains(string(r.Body), rightful.Email) {
		t.Errorf("the squatting family sees the dispute: %d %s", r.Status, r.Body)
	}
	_ = squatter

	// The school voids it (from the documents check, before any review) and the rightful
	// family applies.
	testenv.Eventually(t, 30*time.Second, "squatting application registered", func() bool {
		r := s.do("GET", fmt.Sprintf("%s/%d", apps, squatID), nil, "Cookie", owner)
		return field(t, r, "application", "status") == "documents_check"
	})
	r = s.do("POST", fmt.Sprintf("%s/%d/decision", apps, squatID), map[string]any{"decision": "decline", "reason": "disputed",
		"text": "The child's parent is someone else."}, "Cookie", owner)
	if r.Status != 200 || field(t, r, "status") != "declined" {
		t.Fatalf("the school voids the disputed application: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", "/api/v1/admissions/applications", form, "Cookie", cr); r.Status != 201 {
		t.Errorf("the rightful family after the school's decision: %d %s", r.Status, r.Body)
	}
}

// GET /api/v1/users/{id} shows what the profile's visibility allows: "members" means the
// people of the user's schools, not every registered account; schools are listed only to
// those who know them (or, on a public profile, the staff roles); a child's account (a
// student, or the child of a confirmed parent link) is shown only to its parents and its
// schools' staff, whatever its visibility says.
func TestProfilesShowOnlyWhatPrivacyAllows(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-pa")
	other := provisionTenant(t, s, "school-pb")
	stranger := session(t, s, other.users["teacher"].ID)
	teacherA := session(t, s, a.users["teacher"].ID)
	parentA := session(t, s, a.users["parent"].ID)
	link := &sitecore.ParentLink{ParentID: a.users["parent"].ID, ChildID: a.users["student"].ID}
	if err := s.App.DB.CreateParentLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.ConfirmParentLink(ctx, link.ID, "child", nil); err != nil {
		t.Fatal(err)
	}
	setVisibility := func(u *sitecore.User, v string) {
		t.Helper()
		if r := s.do("PATCH", "/api/v1/me", map[string]any{"visibility": v}, "Cookie", session(t, s, u.ID)); r.Status != 200 {
			t.Fatalf("visibility %s: %d %s", v, r.Status, r.Body)
		}
	}
	profile := func(cookie string, u *sitecore.User) response {
		t.Helper()
		headers := []string{}
		if cookie != "" {
			headers = []string{"Cookie", cookie}
		}
		return s.do("GET", "/api/v1/users/"+id64(u.ID), nil, headers...)
	}

	// A teacher's members-only profile: colleagues see it, a registered stranger does not.
	teacher := a.users["teacher"]
	if r := profile(session(t, s, a.users["admin"].ID), teacher); r.Status != 200 || !strings.Contains(string(r.Body), `"roles":["teacher"]`) {
		t.Errorf("a colleague views the teacher's members profile: %d %s", r.Status, r.Body)
	}
	if r := profile(stranger, teacher); r.Status != 404 {
		t.Errorf("a stranger views the teacher's members profile: %d %s", r.Status, r.Body)
	}

	// The student's account is a child's: public or not, only its parent and its school's
	// staff see it.
	student := a.users["student"]
	setVisibility(student, "public")
	for name, c := range map[string]string{"anonymous": "", "a stranger": stranger} {
		if r := profile(c, student); r.Status != 404 {
			t.Errorf("%s views a child's public profile: %d %s", name, r.Status, r.Body)
		}
	}
	for name, c := range map[string]string{"the child's teacher": teacherA, "the child's parent": parentA} {
		if r := profile(c, student); r.Status != 200 || !strings.Contains(string(r.Body), `"student"`) {
			t.Errorf("%s views the child's profile: %d %s", name, r.Status, r.Body)
		}
	}

	// A parent's public profile does not tell strangers which school the child attends.
	parent := a.users["parent"]
	setVisibility(parent, "public")
	r := profile("", parent)
	if r.Status != 200 || strings.Contains(string(r.Body), `"parent"`) || strings.Contains(string(r.Body), id64(a.site)) {
		t.Errorf("a parent's public profile to anonymous: %d %s", r.Status, r.Body)
	}
	// A teacher's public profile shows the school.
	setVisibility(teacher, "public")
	if r := profile("", teacher); r.Status != 200 || !strings.Contains(string(r.Body), `"teacher"`) {
		t.Errorf("a teacher's public profile to anonymous: %d %s", r.Status, r.Body)
	}
}

// Range requests on public media: a few ranges are served as a multipart answer, but a
// request with more ranges than the cap gets the whole file (as Apache does past
// MaxRanges), not hundreds of parts each costing a store read.
func TestMediaRangesAreCapped(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-rng")
	owner := session(t, s, a.users["owner"].ID)
	video := mp4Of(700_000)
	r := uploadRaw(s, fmt.Sprintf("/api/v1/sites/%d/media", a.site), "clip.mp4", video, "Cookie", owner)
	mustStatus(t, r, 201, "upload")
	url := get(t, r, "media")["url"].(string)

	r = s.do("GET", url, nil, "Host", a.host, "Range", "bytes=0-1,1000-1001,600000-600001")
	if r.Status != 206 || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/byteranges") ||
		!bytes.Contains(r.Body, video[600000:600002]) {
		t.Errorf("three ranges: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	ranges := make([]string, 200)
	for i := range ranges {
		ranges[i] = fmt.Sprintf("%d-%d", i*3000, i*3000)
	}
	r = s.do("GET", url, nil, "Host", a.host, "Range", "bytes="+strings.Join(ranges, ","))
	if r.Status != 200 || !bytes.Equal(r.Body, video) {
		t.Errorf("200 ranges: %d %q, %d bytes; want the whole file", r.Status, r.Header.Get("Content-Type"), len(r.Body))
	}
	// Overlapping ranges under the cap that together ask for more than the file (ten times
	// the whole video) are not multiplied either: the file is sent once.
	whole := strings.TrimSuffix(strings.Repeat("0-,", 10), ",")
	r = s.do("GET", url, nil, "Host", a.host, "Range", "bytes="+whole)
	if r.Status != 200 || !bytes.Equal(r.Body, video) {
		t.Errorf("ten whole-file ranges: %d, %d bytes; want the file once", r.Status, len(r.Body))
	}
}

// Throttling without lockouts: a stranger's failed logins lock only the stranger's network
// out of the account (longer with every further lock), never the account; registrations,
// reset emails, tickets and applications are limited per network and per target.
func TestThrottlingLimitsStrangersNotOwners(t *testing.T) {
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_TRUSTED_PROXIES": "127.0.0.1/32"}})
	ctx := context.Background()
	const owner, password = "director@example.kz", "Owner-Pass-Word-77"
	register(t, s, owner, password, "Директор", "en")
	from := func(ip string) []string { return []string{"X-Forwarded-For", ip, "Accept-Language", "en"} }
	login := func(ip, pw string) response {
		return s.do("POST", "/api/v1/auth/login", map[string]any{"email": owner, "password": pw}, from(ip)...)
	}

	var first int
	for i := 1; i <= 8; i++ {
		r := login("203.0.113.5", "Wrong-Guess-"+id64(int64(i)))
		if r.Status == 429 {
			first, _ = strconv.Atoi(r.Header.Get("Retry-After"))
			break
		}
		if r.Status != 401 {
			t.Fatalf("guess %d: %d %s", i, r.Status, r.Body)
		}
	}
	if first <= 0 {
		t.Fatal("the stranger's network was not throttled")
	}
	if r := login("203.0.113.5", password); r.Status != 429 {
		t.Errorf("the throttled network with the right password: %d", r.Status)
	}
	if r := login("198.51.100.7", password); r.Status != 200 {
		t.Errorf("the owner from her own network while a stranger is throttled: %d %s", r.Status, r.Body)
	}
	// The lock ends; the next failure locks again, for longer.
	if _, err := s.App.DB.Pool.Exec(ctx, `UPDATE login_throttle SET locked_until = now() - interval '1 second'
		WHERE key LIKE 'login:%|203.0.113.5'`); err != nil {
		t.Fatal(err)
	}
	r := login("203.0.113.5", "Wrong-Again-1")
	if second, _ := strconv.Atoi(r.Header.Get("Retry-After")); r.Status != 429 || second <= first {
		t.Errorf("the next lock: %d, Retry-After %d after %d", r.Status, second, first)
	}
	// IPv6 counts per /64: addresses of one subscriber share a counter.
	for i := 1; i <= 5; i++ {
		login(fmt.Sprintf("2001:db8:1:2::%x", i), "Wrong-Six-Guess")
	}
	if r := login("2001:db8:1:2::ff", password); r.Status != 429 {
		t.Errorf("another address of the same IPv6 /64 after five failures: %d", r.Status)
	}

	// Reset emails: three an hour per address, from any network, known address or not.
	for _, addr := range []string{owner, "nobody@example.kz"} {
		for i := 1; i <= 4; i++ {
			r := s.do("POST", "/api/v1/auth/password-reset", map[string]any{"email": addr}, from(fmt.Sprintf("192.0.2.%d", i))...)
			want := 202
			if i == 4 {
				want = 429
			}
			if r.Status != want || want == 429 && r.Header.Get("Retry-After") == "" {
				t.Errorf("reset %d for %s: %d %s", i, addr, r.Status, r.Body)
			}
		}
	}
	testenv.Eventually(t, 20*time.Second, "three reset emails", func() bool {
		return len(mailsTo(t, s, owner, func(m devstack.Mail) bool { return strings.Contains(m.Text, "reset-password?token=") })) == 3
	})

	// Registrations: twenty an hour per network.
	for i := 1; i <= 21; i++ {
		r := s.do("POST", "/api/v1/auth/register", map[string]any{"email": fmt.Sprintf("bot%d@example.kz", i),
			"password": "Bot-Password-Long-1", "full_name": "Bot"}, from("198.18.0.1")...)
		want := 201
		if i == 21 {
			want = 429
		}
		if r.Status != want {
			t.Fatalf("registration %d: %d %s", i, r.Status, r.Body)
		}
	}
	if r := s.do("POST", "/api/v1/auth/register", map[string]any{"email": "person@example.kz",
		"password": "Someone-Secret-Long-1", "full_name": "Person"}, from("198.18.0.2")...); r.Status != 201 {
		t.Errorf("a registration from another network: %d %s", r.Status, r.Body)
	}

	// Tickets (twenty an hour) and applications (ten an hour) per person.
	a := provisionTenant(t, s, "school-thr")
	camp := fixtureCampaign(t, s, a.site)
	_, parent := verifiedParent(t, s, "busy.parent@example.kz", sitecore.English)
	for i := 1; i <= 21; i++ {
		r := s.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "other", "subject": fmt.Sprintf("Question %d", i),
			"description": "text"}, "Cookie", parent)
		want := 201
		if i == 21 {
			want = 429
		}
		if r.Status != want {
			t.Fatalf("ticket %d: %d %s", i, r.Status, r.Body)
		}
	}
	for i := 1; i <= 11; i++ {
		iin := childIIN(i)
		r := s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": a.site, "campaign_id": camp.ID,
			"child_name": childName(i), "child_iin": iin, "birth_date": "20" + iin[:2] + "-" + iin[2:4] + "-" + iin[4:6],
			"grade": 1, "address": "x", "instruction_lang": "kk", "phone": "+77011234567", "consent": true}, "Cookie", parent)
		want := 201
		if i == 11 {
			want = 429
		}
		if r.Status != want {
			t.Fatalf("application %d: %d %s", i, r.Status, r.Body)
		}
	}
}

// On a pre-moderated site an approved comment that its author edits goes back to the
// moderators: the new text is not public until approved again.
func TestEditedCommentIsModeratedAgain(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "school-cm", "Owner-Comments-1")
	site := "/api/v1/sites/" + id64(id)
	if r := owner.do("POST", site+"/news", map[string]any{"key": "sport", "text": map[string]any{
		"ru": map[string]any{"title": "Спартакиада", "slug": "spartakiada", "body": "Итоги."}}}); r.Status != 201 {
		t.Fatalf("news: %d %s", r.Status, r.Body)
	}
	owner.do("POST", site+"/news/sport/publish", nil)
	owner.do("PATCH", site+"/settings", map[string]any{"moderation": "pre"})
	_, reader := verifiedParent(t, s, "reader@example.kz", sitecore.Russian)
	r := s.do("POST", site+"/news/sport/comments", map[string]any{"body": "Поздравляем команду"}, "Cookie", reader)
	if r.Status != 201 {
		t.Fatalf("comment: %d %s", r.Status, r.Body)
	}
	cid := id64(int64(field(t, r, "comment", "id").(float64)))
	if r := owner.do("POST", site+"/comments/"+cid+"/moderate", map[string]any{"action": "approve"}); r.Status != 200 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	public := func() string {
		return string(s.do("GET", "/ru/news/spartakiada", nil, "Host", "school-cm.edu.kz").Body)
	}
	if !strings.Contains(public(), "Поздравляем команду") {
		t.Fatal("the approved comment is not public")
	}
	r = s.do("PATCH", site+"/comments/"+cid, map[string]any{"body": "SPAM-LINK-AFTER-APPROVAL"}, "Cookie", reader)
	if r.Status != 200 || field(t, r, "comment", "status") != "pending" {
		t.Errorf("the author's edit: %d %s", r.Status, r.Body)
	}
	if strings.Contains(public(), "SPAM-LINK-AFTER-APPROVAL") {
		t.Error("the edited text went live without moderation")
	}
	if r := owner.do("GET", site+"/comments?status=pending", nil); !strings.Contains(string(r.Body), "SPAM-LINK-AFTER-APPROVAL") {
		t.Errorf("the edited comment is not in the moderators' queue: %s", r.Body)
	}
}

// The workflows' update validators check the actor's right from the data in the update, not
// only the HTTP layer: an update sent straight to Temporal with the wrong actor is refused.
// (The data is what the caller says: reaching Temporal at all must need mutual TLS.)
func TestUpdateValidatorsCheckTheActor(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-val")
	camp := fixtureCampaign(t, s, a.site)
	parent, cookie := verifiedParent(t, s, "applicant@example.kz", sitecore.Russian)
	r := s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": a.site, "campaign_id": camp.ID,
		"child_name": "Әлихан", "child_iin": childIIN(0), "birth_date": childBirth(childIIN(0)), "grade": 1, "address": "x",
		"instruction_lang": "kk", "phone": "+77011234567", "consent": true}, "Cookie", cookie)
	mustStatus(t, r, 201, "submit")
	appID := int64(field(t, r, "application", "id").(float64))
	testenv.Eventually(t, 30*time.Second, "application registered", func() bool {
		got, err := s.App.DB.FindApplication(ctx, a.site, appID)
		return err == nil && got.Status == sitecore.AppDocumentsCheck
	})
	update := func(wfID, name string, arg any) error {
		h, err := s.App.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: wfID, UpdateName: name,
			Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err == nil {
			err = h.Get(ctx, nil)
		}
		return err
	}
	wf := workflows.AdmissionWorkflowID(appID)
	stranger := "user:" + id64(a.users["teacher"].ID+1000)
	if err := update(wf, workflows.UpdateWithdraw, stranger); err == nil {
		t.Error("a withdrawal by someone who is not the family was accepted")
	}
	if err := update(wf, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: true, Actor: "user:" + id64(parent.ID)}); err == nil {
		t.Error("the applying parent accepted the documents of the own application")
	}
	if err := update(wf, workflows.UpdateResolveDispute, workflows.DisputeResolution{Void: true, Actor: "user:" + id64(parent.ID)}); err == nil {
		t.Error("the applying parent resolved a dispute over the own application")
	}
	if got, _ := s.App.DB.FindApplication(ctx, a.site, appID); got.Status != sitecore.AppDocumentsCheck {
		t.Fatalf("a refused update changed the application: %s", got.Status)
	}
	if err := update(wf, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: true, Actor: "user:" + id64(a.users["owner"].ID)}); err != nil {
		t.Errorf("the school's documents check: %v", err)
	}
	if err := update(wf, workflows.UpdateWithdraw, "user:"+id64(parent.ID)); err != nil {
		t.Errorf("the family's withdrawal: %v", err)
	}

	// Tickets: an internal note needs an agent.
	r = s.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "other", "subject": "Help",
		"description": "text"}, "Cookie", cookie)
	mustStatus(t, r, 201, "ticket")
	tid := int64(field(t, r, "ticket", "id").(float64))
	waitTicketStatus(t, s, tid, sitecore.TicketOpen)
	if err := update("ticket/"+id64(tid), sitecore.TicketActReply, sitecore.TicketAction{ActorID: parent.ID, Internal: true,
		Body: "forged internal note"}); err == nil {
		t.Error("an internal note by the requester was accepted")
	}
}

// Throttle counters do not pile up: the hourly housekeeping (a Temporal schedule the worker
// creates) deletes the counters that no longer matter — window and last lock over a day
// ago — and keeps those that still count, lock or back off.
func TestHousekeepingPurgesOldRows(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	if _, err := s.App.DB.Pool.Exec(ctx, `
		INSERT INTO login_throttle (key, failures, window_start, locked_until, lockouts) VALUES
			('old:quiet',       3, now() - interval '3 days', NULL, 0),
			('old:lock-ended',  5, now() - interval '3 days', now() - interval '2 days', 2),
			('live:counting',   2, now() - interval '10 minutes', NULL, 0),
			('live:locked',     5, now() - interval '3 days', now() + interval '1 hour', 4),
			('live:backing-off',5, now() - interval '3 days', now() - interval '2 hours', 3)`); err != nil {
		t.Fatal(err)
	}
	// Sessions, emailed links and Idempotency-Keys: the expired or old go, the live stay.
	if _, err := s.App.DB.Pool.Exec(ctx, `
		WITH u AS (INSERT INTO users (email, full_name) VALUES ('housekeeping@example.kz', 'H') RETURNING id),
		s AS (INSERT INTO sessions (token_hash, user_id, expires_at)
			SELECT t, u.id, e FROM u, (VALUES ('\x01'::bytea, now() - interval '1 minute'), ('\x02'::bytea, now() + interval '1 day')) v(t, e))
		INSERT INTO one_time_tokens (token_hash, user_id, purpose, expires_at)
			SELECT t, u.id, 'reset_password', e FROM u, (VALUES ('\x03'::bytea, now() - interval '1 hour'), ('\x04'::bytea, now() + interval '1 hour')) v(t, e)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `
		INSERT INTO idempotency_keys (scope, key, request_hash, status, updated_at) VALUES
			('housekeeping', 'old', '\x00', 201, now() - interval '8 days'),
			('housekeeping', 'recent', '\x00', 201, now() - interval '6 days')`); err != nil {
		t.Fatal(err)
	}
	left := func(q string) []string {
		rows, err := s.App.DB.Pool.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		ks, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return ks
	}
	keys := func() []string {
		rows, err := s.App.DB.Pool.Query(ctx, `SELECT key FROM login_throttle ORDER BY key`)
		if err != nil {
			t.Fatal(err)
		}
		ks, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return ks
	}
	h := s.App.Temporal.ScheduleClient().GetHandle(ctx, workflows.HousekeepingScheduleID(s.Env["TEMPORAL_TASK_QUEUE"]))
	testenv.Eventually(t, 30*time.Second, "the worker creates the housekeeping schedule", func() bool {
		d, err := h.Describe(ctx)
		return err == nil && len(d.Schedule.Spec.Intervals) == 1 && d.Schedule.Spec.Intervals[0].Every == workflows.HousekeepingEvery
	})
	if err := h.Trigger(ctx, client.ScheduleTriggerOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"live:backing-off", "live:counting", "live:locked"}
	testenv.Eventually(t, 60*time.Second, "old throttle rows purged", func() bool { return slices.Equal(keys(), want) })
	// The run is a recorded workflow that says what it removed.
	d, err := h.Describe(ctx)
	if err != nil || len(d.Info.RecentActions) == 0 {
		t.Fatalf("the schedule's runs: %v %+v", err, d)
	}
	run := d.Info.RecentActions[len(d.Info.RecentActions)-1].StartWorkflowResult
	var res workflows.HousekeepingResult
	if err := s.App.Temporal.GetWorkflow(ctx, run.WorkflowID, run.FirstExecutionRunID).Get(ctx, &res); err != nil ||
		res.ThrottlePurged != 2 || res.Sessions < 2 || res.IdempotencyKeys < 1 {
		t.Errorf("the housekeeping run: %+v %v", res, err)
	}
	if got := left(`SELECT encode(token_hash, 'hex') FROM sessions WHERE token_hash IN ('\x01', '\x02')
		UNION ALL SELECT encode(token_hash, 'hex') FROM one_time_tokens WHERE token_hash IN ('\x03', '\x04') ORDER BY 1`); !slices.Equal(got, []string{"02", "04"}) {
		t.Errorf("sessions and one-time tokens left: %v, want the live 02 and 04", got)
	}
	if got := left(`SELECT key FROM idempotency_keys WHERE scope = 'housekeeping'`); !slices.Equal(got, []string{"recent"}) {
		t.Errorf("idempotency keys left: %v, want [recent]", got)
	}
	if got := keys(); !slices.Equal(got, want) {
		t.Errorf("after the run: %v, want %v", got, want)
	}
}

// Resolving an IIN dispute. The school voids an application that another family claims the
// child of, even after admitting it: the status, an audit entry and emails (the family and
// every claimant, each in their own language, linking to the family page on the school's
// own domain) say so, the seat is free again and the rightful family's application goes
// through. A dispute the school settles the other way ("stands") is told to both sides too.
func TestDisputeResolutionVoidsAnAdmissionAndTellsTheFamilies(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-dsp")
	owner := session(t, s, a.users["owner"].ID)
	now := time.Now().UTC()
	camp := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "C", "ru": "C", "en": "C"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 1}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(ctx, camp, nil); err != nil {
		t.Fatal(err)
	}
	squatter, cs := verifiedParent(t, s, "squatter@example.kz", sitecore.English)
	mother, cm := verifiedParent(t, s, "mother@example.kz", sitecore.Russian)
	aunt, ca := verifiedParent(t, s, "aunt@example.kz", sitecore.Kazakh)
	form := func(i int) map[string]any {
		return map[string]any{"site_id": a.site, "campaign_id": camp.ID, "child_name": childName(i), "child_iin": childIIN(i),
			"birth_date": childBirth(childIIN(i)), "grade": 1, "address": "Алматы", "instruction_lang": "kk",
			"phone": "+77011234567", "consent": true}
	}
	apps := fmt.Sprintf("/api/v1/sites/%d/admissions/applications", a.site)
	submit := func(i int, cookie string) (int64, string) {
		t.Helper()
		r := s.do("POST", "/api/v1/admissions/applications", form(i), "Cookie", cookie)
		mustStatus(t, r, 201, "submit")
		return int64(field(t, r, "application", "id").(float64)), field(t, r, "application", "number").(string)
	}
	admit := func(id int64) response {
		t.Helper()
		testenv.Eventually(t, 30*time.Second, "application registered", func() bool {
			return field(t, s.do("GET", fmt.Sprintf("%s/%d", apps, id), nil, "Cookie", owner), "application", "status") == "documents_check"
		})
		mustStatus(t, s.do("POST", fmt.Sprintf("%s/%d/documents", apps, id), map[string]any{"ok": true}, "Cookie", owner), 200, "documents")
		return s.do("POST", fmt.Sprintf("%s/%d/decision", apps, id), map[string]any{"decision": "admit"}, "Cookie", owner)
	}
	resolve := func(id int64, outcome string) response {
		return s.do("POST", fmt.Sprintf("%s/%d/dispute", apps, id), map[string]any{"outcome": outcome,
			"text": "The birth certificate names another parent."}, "Cookie", owner, "Accept-Language", "en")
	}

	// The squatter applies first and is admitted to the only seat; the mother is refused.
	squatID, squatNumber := submit(0, cs)
	if r := admit(squatID); r.Status != 200 || field(t, r, "status") != "admitted" {
		t.Fatalf("admit the squatter: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", "/api/v1/admissions/applications", form(0), "Cookie", cm); r.Status != 409 {
		t.Fatalf("the mother's application: %d %s", r.Status, r.Body)
	}

	// Bad input names the field; a stranger to the school cannot resolve.
	if r := resolve(squatID, "maybe"); r.Status != 400 {
		t.Errorf("outcome maybe: %d %s", r.Status, r.Body)
	} else if _, f, msg := r.Error(t); f != "outcome" || !strings.Contains(msg, "void") {
		t.Errorf("outcome maybe: %s", r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("%s/%d/dispute", apps, squatID), map[string]any{"outcome": "void"}, "Cookie", cm); r.Status != 404 {
		t.Errorf("the claimant resolves the dispute herself: %d %s", r.Status, r.Body)
	}

	// The school voids the admitted application.
	r := resolve(squatID, "void")
	if r.Status != 200 || field(t, r, "status") != "declined" {
		t.Fatalf("void: %d %s", r.Status, r.Body)
	}
	r = s.do("GET", fmt.Sprintf("%s/%d", apps, squatID), nil, "Cookie", owner)
	if field(t, r, "application", "disputed_at") != nil || !strings.Contains(string(r.Body), `"outcome":"void"`) {
		t.Errorf("the school's view after voiding: %s", r.Body)
	}
	r = s.do("GET", fmt.Sprintf("/api/v1/admissions/applications/%d", squatID), nil, "Cookie", cs)
	if field(t, r, "application", "status") != "declined" || field(t, r, "application", "released") != true {
		t.Errorf("the squatter's view: %s", r.Body)
	}
	page := func(lang string) string {
		return "http://" + a.host + ":" + portOf(t, s.URL) + "/" + lang + "/admissions"
	}
	voided := waitMail(t, s, squatter.Email, func(m devstack.Mail) bool { return m.Subject == "Application "+squatNumber+" voided" })
	if !strings.Contains(voided.Text, page("en")) || !strings.Contains(voided.Text, "another parent") {
		t.Errorf("the squatter's email: %q", voided.Text)
	}
	freed := waitMail(t, s, mother.Email, func(m devstack.Mail) bool {
		return strings.Contains(m.Subject, "ИИН ребёнка освобождён")
	})
	if !strings.Contains(freed.Text, page("ru")) || strings.Contains(freed.Text, squatNumber) || strings.Contains(freed.Text, "/api/") {
		t.Errorf("the mother's email: %q", freed.Text)
	}

	audited := func(action, number string) bool {
		for _, x := range s.do("GET", fmt.Sprintf("/api/v1/sites/%d/audit", a.site), nil, "Cookie", owner).JSON(t)["entries"].([]any) {
			if e := x.(map[string]any); e["action"] == action && e["target"] == "application:"+number {
				return true
			}
		}
		return false
	}
	if !audited("admission.dispute_void", squatNumber) {
		t.Error("no audit entry of the voiding")
	}
	// The voided application's finished workflow replays with the current code; with
	// MEKTEP_RECORD_HISTORY=1 it becomes the golden history the workflows package checks.
	recordHistory(t, s, workflows.AdmissionWorkflowID(squatID), "admission-dispute.json", func(r worker.WorkflowReplayer) {
		r.RegisterWorkflow(workflows.Admission)
	})

	// The rightful family applies and gets the seat the squatter held.
	motherID, _ := submit(0, cm)
	if r := admit(motherID); r.Status != 200 || field(t, r, "status") != "admitted" {
		t.Errorf("admit the mother's application: %d %s", r.Status, r.Body)
	}

	// A void without a recorded claim (the family phoned the school): declining with the
	// reason "disputed" is the same resolution, audited too.
	quietID, quietNumber := submit(2, cs)
	testenv.Eventually(t, 30*time.Second, "registered", func() bool {
		return field(t, s.do("GET", fmt.Sprintf("%s/%d", apps, quietID), nil, "Cookie", owner), "application", "status") == "documents_check"
	})
	if r := s.do("POST", fmt.Sprintf("%s/%d/decision", apps, quietID), map[string]any{"decision": "decline", "reason": "disputed"},
		"Cookie", owner); r.Status != 200 || field(t, r, "status") != "declined" {
		t.Fatalf("decline as disputed: %d %s", r.Status, r.Body)
	}
	waitMail(t, s, squatter.Email, func(m devstack.Mail) bool { return m.Subject == "Application "+quietNumber+" voided" })
	testenv.Eventually(t, 10*time.Second, "the claimless void audited", func() bool { return audited("admission.dispute_void", quietNumber) })

	// A dispute settled the other way: the application stands, both sides are told, and
	// there is nothing left to settle.
	otherID, otherNumber := submit(1, cs)
	if r := s.do("POST", "/api/v1/admissions/applications", form(1), "Cookie", ca); r.Status != 409 {
		t.Fatalf("the aunt's application: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 30*time.Second, "registered", func() bool {
		return field(t, s.do("GET", fmt.Sprintf("%s/%d", apps, otherID), nil, "Cookie", owner), "application", "status") == "documents_check"
	})
	// This time in the control panel: the application's page lists the claim and offers
	// both outcomes.
	panel := fmt.Sprintf("/en/panel/admissions/applications/%d", otherID)
	h := []string{"Host", a.host, "Cookie", owner, "Sec-Fetch-Site", "same-origin"}
	if pg := s.do("GET", panel, nil, h...); pg.Status != 200 || !strings.Contains(string(pg.Body), aunt.Email) ||
		!strings.Contains(string(pg.Body), `id="dispute-resolve"`) {
		t.Fatalf("the panel's application page: %d %s", pg.Status, pg.Body)
	}
	if r := s.do("POST", panel, url.Values{"action": {"dispute"}, "outcome": {"stands"}}.Encode(),
		append(h, "Content-Type", "application/x-www-form-urlencoded")...); r.Status != 303 {
		t.Fatalf("stands in the panel: %d %s", r.Status, r.Body)
	}
	if pg := s.do("GET", panel, nil, h...); !strings.Contains(string(pg.Body), `data-outcome="stands"`) ||
		strings.Contains(string(pg.Body), `id="dispute-resolve"`) || !strings.Contains(string(pg.Body), `data-status="documents_check"`) {
		t.Errorf("the panel after the dispute was settled: %s", pg.Body)
	}
	stays := waitMail(t, s, aunt.Email, func(m devstack.Mail) bool { return strings.Contains(m.Text, "күшінде қалады") })
	if !strings.Contains(stays.Text, page("kk")) || strings.Contains(stays.Text, otherNumber) {
		t.Errorf("the aunt's email: %q", stays.Text)
	}
	waitMail(t, s, squatter.Email, func(m devstack.Mail) bool { return m.Subject == "Application "+otherNumber+" stands" })
	if r := resolve(otherID, "stands"); r.Status != 409 {
		t.Errorf("stands again: %d %s", r.Status, r.Body)
	} else if _, f, _ := r.Error(t); f != "outcome" {
		t.Errorf("stands again: %s", r.Body)
	}
}

// portOf is the port of a URL such as the stack's.
func portOf(t *testing.T, u string) string {
	t.Helper()
	i := strings.LastIndex(u, ":")
	if i < 0 {
		t.Fatalf("no port in %q", u)
	}
	return u[i+1:]
}

// The per-network limits: one network that spreads its attempts over many targets (failed
// logins to many accounts, reset emails to many addresses, tickets from many accounts) is
// stopped once the network's own limit is reached, while other networks go on.
func TestThrottlingPerNetwork(t *testing.T) {
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_TRUSTED_PROXIES": "127.0.0.1/32"}})
	from := func(ip string) []string { return []string{"X-Forwarded-For", ip, "Accept-Language", "en"} }
	// expect sends n requests and wants the last one (only) refused with a Retry-After.
	expect := func(what string, n int, send func(i int) response) {
		t.Helper()
		for i := 1; i <= n; i++ {
			r := send(i)
			limited := r.Status == 429 && r.Header.Get("Retry-After") != ""
			if i < n && limited || i == n && !limited {
				t.Fatalf("%s %d of %d: %d %s", what, i, n, r.Status, r.Body)
			}
		}
	}

	// Failed logins: fifty a quarter of an hour per network, whatever the accounts (known or
	// not: the answer must not tell); the fiftieth failure already answers with the lock.
	expect("failed login", 50, func(i int) response {
		return s.do("POST", "/api/v1/auth/login", map[string]any{"email": fmt.Sprintf("guess%d@example.kz", i),
			"password": "Wrong-Password-1"}, from("203.0.113.50")...)
	})
	if r := s.do("POST", "/api/v1/auth/login", map[string]any{"email": "guess1@example.kz", "password": "Wrong-Password-1"},
		from("203.0.113.51")...); r.Status != 401 {
		t.Errorf("a failed login from another network: %d %s", r.Status, r.Body)
	}

	// Reset emails: twenty an hour per network, whatever the addresses.
	expect("reset", 21, func(i int) response {
		return s.do("POST", "/api/v1/auth/password-reset", map[string]any{"email": fmt.Sprintf("someone%d@example.kz", i)},
			from("198.51.100.60")...)
	})
	if r := s.do("POST", "/api/v1/auth/password-reset", map[string]any{"email": "someone1@example.kz"},
		from("198.51.100.61")...); r.Status != 202 {
		t.Errorf("a reset from another network: %d %s", r.Status, r.Body)
	}

	// Tickets: sixty an hour per network, however many accounts share it (twenty each).
	var people []string
	for i := range 4 {
		_, c := verifiedParent(t, s, fmt.Sprintf("office%d@example.kz", i), sitecore.English)
		people = append(people, c)
	}
	expect("ticket", 61, func(i int) response {
		return s.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "other",
			"subject": fmt.Sprintf("Question %d", i), "description": "text"},
			append(from("192.0.2.70"), "Cookie", people[(i-1)/20])...)
	})
	if r := s.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "other", "subject": "Elsewhere",
		"description": "text"}, append(from("192.0.2.71"), "Cookie", people[3])...); r.Status != 201 {
		t.Errorf("a ticket from another network: %d %s", r.Status, r.Body)
	}
}

// Applications: three hundred an hour per network (a school's or a carrier's address holds
// many families), ten per family; past the network's limit a further family on it waits,
// one elsewhere does not. No worker: only the intake is exercised.
func TestApplicationsPerNetwork(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_TRUSTED_PROXIES": "127.0.0.1/32"}})
	site := provisionTenantNoWorker(t, s, "school-apn")
	camp := fixtureCampaign(t, s, site)
	form := func(i int) map[string]any {
		return map[string]any{"site_id": site, "campaign_id": camp.ID, "child_name": childName(i), "child_iin": childIIN(i),
			"birth_date": childBirth(childIIN(i)), "grade": 1, "address": "x", "instruction_lang": "kk",
			"phone": "+77011234567", "consent": true}
	}
	var families []string
	for i := range 31 {
		_, c := verifiedParent(t, s, fmt.Sprintf("family%d@example.kz", i), sitecore.English)
		families = append(families, c)
	}
	for i := 1; i <= 301; i++ {
		r := s.do("POST", "/api/v1/admissions/applications", form(i), "Cookie", families[(i-1)/10],
			"X-Forwarded-For", "100.64.0.1", "Accept-Language", "en")
		if want := map[bool]int{true: 429, false: 201}[i == 301]; r.Status != want {
			t.Fatalf("application %d from the shared network: %d %s", i, r.Status, r.Body)
		}
	}
	if r := s.do("POST", "/api/v1/admissions/applications", form(302), "Cookie", families[30],
		"X-Forwarded-For", "100.64.0.2"); r.Status != 201 {
		t.Errorf("the same family from another network: %d %s", r.Status, r.Body)
	}
}
