package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/dovecot"
	"github.com/mektep/mektep/sitecore/mailboxes"
)

// mailStack is the stack with a real Dovecot behind the mailboxes service.
type mailStack struct {
	*stack
	dovecot *devstack.Dovecot
	log     *lockedBuffer
}

// startMailStack starts Debian's Dovecot under a directory its unprivileged users can reach
// and the stack wired to it, logging at debug level into a buffer.
func startMailStack(t *testing.T) *mailStack {
	t.Helper()
	if !devstack.DovecotInstalled() {
		t.Fatal("dovecot is not installed: make dovecot-package (apt-get install dovecot-imapd)")
	}
	dir, err := os.MkdirTemp("", "mektep-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	port, err := devstack.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	d, err := devstack.StartDovecot(context.Background(), dir, port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Stop() })
	buf := &lockedBuffer{}
	s := startStack(t, stackOptions{log: slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	s.App.Mailboxes.Server = &dovecot.Server{UsersFile: d.UsersFile, MailRoot: d.MailRoot, Config: d.Config}
	return &mailStack{stack: s, dovecot: d, log: buf}
}

func (m *mailStack) imapLogin(user, pw string) error {
	c, err := devstack.DialIMAP(m.dovecot.Addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Login(user, pw)
}

func mailMessage(size int) []byte {
	var b bytes.Buffer
	b.WriteString("From: parent@example.kz\r\nSubject: test\r\n\r\n")
	for b.Len() < size {
		b.WriteString(strings.Repeat("y", 76) + "\r\n")
	}
	return b.Bytes()
}

// TestMailboxes runs edu mailboxes through the JSON API on the real stack and a real
// Dovecot: a created mailbox on the school's domain logs in over IMAP and the server
// refuses mail beyond its quota; the list shows the usage; a duplicate is 409 naming the
// field in the request's language; bad names are refused; the site's mail quota is kept;
// a password reset stops the old password; suspension and deletion stop logins; another
// school sees nothing; every action is audited and no password reaches the database or
// the logs.
func TestMailboxes(t *testing.T) {
	m := startMailStack(t)
	ctx := context.Background()
	a := provisionTenant(t, m.stack, "school-mail")
	b := provisionTenant(t, m.stack, "school-mail-b")
	cookie := session(t, m.stack, a.users["owner"].ID)
	base := fmt.Sprintf("/api/v1/sites/%d/mailboxes", a.site)

	r := m.do("POST", base, map[string]any{"local_part": "Info", "quota_mb": 1}, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var created mailboxes.Credentials
	if err := json.Unmarshal(r.Body, &created); err != nil {
		t.Fatal(err)
	}
	addr := "info@" + a.host
	if created.Mailbox.Address != addr || created.Mailbox.State != sitecore.MailboxActive || len(created.Password) < 16 {
		t.Fatalf("created %+v", created)
	}
	pw := created.Password

	// IMAP: log in, two messages of 400 KB fit the 1 MiB quota, the third is refused.
	c, err := devstack.DialIMAP(m.dovecot.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(addr, pw); err != nil {
		t.Fatal(err)
	}
	msg := mailMessage(400 << 10)
	for i := range 2 {
		if err := c.Append("INBOX", msg); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	if err := c.Append("INBOX", msg); err == nil || !strings.Contains(strings.ToLower(err.Error()), "quota") {
		t.Fatalf("append beyond the quota: %v", err)
	}
	c.Close()

	// The list shows the usage.
	r = m.do("GET", base, nil, "Cookie", cookie)
	var list mailboxes.Listing
	if err := json.Unmarshal(r.Body, &list); r.Status != 200 || err != nil || len(list.Mailboxes) != 1 {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	if got := list.Mailboxes[0]; got.UsedBytes < 800<<10 || got.UsedBytes > 1<<20 || list.Domain != a.host ||
		list.Quota.AllocatedBytes != 1<<20 || list.Quota.LimitBytes != sitecore.DefaultSiteMailQuotaBytes {
		t.Fatalf("listing: %s", r.Body)
	}

	// Duplicates and bad names, in the request's language.
	r = m.do("POST", base, map[string]any{"local_part": "info"}, "Cookie", cookie, "Accept-Language", "ru")
	if code, field, msg := r.Error(t); r.Status != 409 || code != sitecore.EConflict || field != "local_part" || !strings.Contains(msg, "уже существует") {
		t.Fatalf("duplicate: %d %s", r.Status, r.Body)
	}
	for _, bad := range []string{"", "-info", "info.", "a..b", "ин", "a b", "a@b", strings.Repeat("a", 65)} {
		r = m.do("POST", base, map[string]any{"local_part": bad}, "Cookie", cookie, "Accept-Language", "kk")
		if code, field, _ := r.Error(t); r.Status != 400 || code != sitecore.EInvalid || field != "local_part" {
			t.Fatalf("local part %q: %d %s", bad, r.Status, r.Body)
		}
	}

	// The site's mail quota: an operator lowers it to 3 MiB; 2 more MiB fit, then nothing.
	if r := m.do("PUT", base+"/quota", map[string]any{"limit_bytes": 3 << 20}, "Cookie", cookie); r.Status != 403 {
		t.Fatalf("an owner set the mail quota: %d %s", r.Status, r.Body)
	}
	if r := m.operator("PUT", base+"/quota", map[string]any{"limit_bytes": 3 << 20}); r.Status != 200 {
		t.Fatalf("mail quota: %d %s", r.Status, r.Body)
	}
	if r := m.do("POST", base, map[string]any{"local_part": "office", "quota_mb": 2}, "Cookie", cookie); r.Status != 201 {
		t.Fatalf("second mailbox: %d %s", r.Status, r.Body)
	}
	r = m.do("POST", base, map[string]any{"local_part": "director", "quota_mb": 1}, "Cookie", cookie, "Accept-Language", "en")
	if code, field, msg := r.Error(t); r.Status != 413 || code != sitecore.ETooLarge || field != "quota_mb" || !strings.Contains(msg, "0.0 MB left of 3.0 MB") {
		t.Fatalf("over the site's mail quota: %d %s", r.Status, r.Body)
	}
	if err := m.imapLogin("director@"+a.host, "anything"); err == nil {
		t.Fatal("a refused mailbox exists on the mail server")
	}

	// Another school sees none of it.
	bCookie := session(t, m.stack, b.users["owner"].ID)
	id := created.Mailbox.ID
	for _, probe := range []struct{ method, path string }{
		{"GET", base}, {"POST", fmt.Sprintf("%s/%d/password", base, id)}, {"DELETE", fmt.Sprintf("%s/%d", base, id)},
		{"DELETE", fmt.Sprintf("/api/v1/sites/%d/mailboxes/%d", b.site, id)},
		{"POST", fmt.Sprintf("/api/v1/sites/%d/mailboxes/%d/password", b.site, id)},
	} {
		if r := m.do(probe.method, probe.path, nil, "Cookie", bCookie); r.Status != 404 {
			t.Fatalf("B: %s %s: %d %s", probe.method, probe.path, r.Status, r.Body)
		}
	}
	if err := m.imapLogin(addr, pw); err != nil {
		t.Fatalf("after B's probes: %v", err)
	}

	// Reset: the old password fails, the new one works.
	r = m.do("POST", fmt.Sprintf("%s/%d/password", base, id), nil, "Cookie", cookie)
	var reset mailboxes.Credentials
	if err := json.Unmarshal(r.Body, &reset); r.Status != 200 || err != nil || reset.Password == pw {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	if err := m.imapLogin(addr, pw); err == nil {
		t.Fatal("the old password still works")
	}
	if err := m.imapLogin(addr, reset.Password); err != nil {
		t.Fatal(err)
	}

	// Suspend and resume.
	r = m.do("PUT", fmt.Sprintf("%s/%d/suspended", base, id), map[string]any{"suspended": true}, "Cookie", cookie)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"state":"suspended"`) {
		t.Fatalf("suspend: %d %s", r.Status, r.Body)
	}
	if err := m.imapLogin(addr, reset.Password); err == nil {
		t.Fatal("a suspended mailbox logged in")
	}
	if r := m.do("PUT", fmt.Sprintf("%s/%d/suspended", base, id), map[string]any{"suspended": false}, "Cookie", cookie); r.Status != 200 {
		t.Fatalf("resume: %d %s", r.Status, r.Body)
	}
	if err := m.imapLogin(addr, reset.Password); err != nil {
		t.Fatalf("resumed: %v", err)
	}

	// Delete: no more logins, the record is gone, the quota is free again.
	if r := m.do("DELETE", fmt.Sprintf("%s/%d", base, id), nil, "Cookie", cookie); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	if err := m.imapLogin(addr, reset.Password); err == nil {
		t.Fatal("a deleted mailbox logged in")
	}
	if r := m.do("POST", fmt.Sprintf("%s/%d/password", base, id), nil, "Cookie", cookie); r.Status != 404 {
		t.Fatalf("password of a deleted mailbox: %d", r.Status)
	}
	if r := m.do("POST", base, map[string]any{"local_part": "director", "quota_mb": 1}, "Cookie", cookie); r.Status != 201 {
		t.Fatalf("the freed quota: %d %s", r.Status, r.Body)
	}

	// Audited; no password anywhere but in the two responses.
	var actions []string
	rows, err := m.App.DB.Pool.Query(ctx, `SELECT action FROM audit_log WHERE site_id = $1 AND action LIKE 'mailbox.%' ORDER BY id`, a.site)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		actions = append(actions, s)
	}
	rows.Close()
	want := "mailbox.create mailbox.quota mailbox.create mailbox.reset_password mailbox.suspend mailbox.resume mailbox.delete mailbox.create"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("audit: %s\nwant %s", got, want)
	}
	for _, secret := range []string{pw, reset.Password} {
		var n int
		if err := m.App.DB.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM audit_log WHERE details::text LIKE '%' || $1 || '%')
			+ (SELECT count(*) FROM mailboxes WHERE address || state LIKE '%' || $1 || '%')`, secret).Scan(&n); err != nil || n != 0 {
			t.Fatalf("a password is in the database: %d %v", n, err)
		}
		if strings.Contains(m.log.String(), secret) {
			t.Fatal("a password is in the logs")
		}
		users, _ := os.ReadFile(m.dovecot.UsersFile)
		if bytes.Contains(users, []byte(secret)) {
			t.Fatal("a password is in clear in the passwd-file")
		}
	}
}

// TestBrowserMailboxes drives the panel page in Chromium: create a mailbox (the password
// shown once), a duplicate refused next to its field, suspend, reset, delete with the
// address typed to confirm; axe finds nothing serious on the page.
func TestBrowserMailboxes(t *testing.T) {
	m := startMailStack(t)
	a := provisionTenant(t, m.stack, "school-mail-ui")
	admin := panelUser(t, m.stack, "mail-admin@example.kz", "Админ Почты", a.site, sitecore.RoleAdmin)
	u, _ := url.Parse(m.URL)
	origin := "http://" + a.host + ":" + u.Port()
	br := chromium(t, a.host)
	panelLogin(t, br, origin, "/ru/panel/mailboxes", admin.Email, "create")
	axeCheck(t, br, "mailboxes-empty")

	if err := chromedp.Do(br,
		chromedp.SendKeys(chromedp.ID("local_part"), "info"),
		chromedp.Click(chromedp.ID("create-submit")),
		chromedp.WaitVisible(chromedp.ID("password-once")),
	); err != nil {
		t.Fatal(err)
	}
	pw, err := chromedp.Run(br, chromedp.Value(chromedp.ID("new-password")))
	if err != nil {
		t.Fatal(err)
	}
	addr := "info@" + a.host
	if err := m.imapLogin(addr, pw); err != nil {
		t.Fatalf("the password shown on the page: %v", err)
	}
	axeCheck(t, br, "mailboxes-created")

	// A duplicate: the error is next to the field, in Russian.
	if err := chromedp.Do(br,
		chromedp.SendKeys(chromedp.ID("local_part"), "info"),
		chromedp.Click(chromedp.ID("create-submit")),
		chromedp.WaitVisible(chromedp.ID("local_part-error")),
	); err != nil {
		t.Fatal(err)
	}
	fieldErr, err := chromedp.Run(br, chromedp.Text(chromedp.ID("local_part-error")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fieldErr, "уже существует") {
		t.Fatalf("duplicate error: %q", fieldErr)
	}
	axeCheck(t, br, "mailboxes-duplicate")

	boxes, err := m.App.DB.Mailboxes(context.Background(), a.site)
	if err != nil || len(boxes) != 1 {
		t.Fatalf("mailboxes %v %v", boxes, err)
	}
	id := boxes[0].ID
	// Suspend, then resume and reset: the new password works, the old one does not.
	if err := chromedp.Do(br,
		chromedp.Navigate(origin+"/ru/panel/mailboxes"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("suspend-%d", id))),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("resume-%d", id))),
	); err != nil {
		t.Fatal(err)
	}
	if err := m.imapLogin(addr, pw); err == nil {
		t.Fatal("suspended from the panel, still logs in")
	}
	if err := chromedp.Do(br,
		chromedp.Click(chromedp.ID(fmt.Sprintf("resume-%d", id))),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("suspend-%d", id))),
		chromedp.Click(chromedp.ID(fmt.Sprintf("reset-%d", id))),
		chromedp.WaitVisible(chromedp.ID("password-once")),
	); err != nil {
		t.Fatal(err)
	}
	pw2, err := chromedp.Run(br, chromedp.Value(chromedp.ID("new-password")))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.imapLogin(addr, pw2); err != nil || m.imapLogin(addr, pw) == nil {
		t.Fatalf("after the reset: new %v, old still works: %v", err, m.imapLogin(addr, pw) == nil)
	}

	// Delete: a wrong confirmation is refused next to its field, the address deletes.
	confirm := fmt.Sprintf("confirm-%d", id)
	if err := chromedp.Do(br,
		chromedp.Navigate(origin+"/ru/panel/mailboxes"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("delete-%d", id))),
		chromedp.SendKeys(chromedp.ID(confirm), "info"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("delete-submit-%d", id))),
		chromedp.WaitVisible(chromedp.ID(confirm+"-error")),
	); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, br, "mailboxes-confirm")
	if err := m.imapLogin(addr, pw2); err != nil {
		t.Fatalf("a refused deletion deleted: %v", err)
	}
	if err := chromedp.Do(br,
		chromedp.SetValue(chromedp.ID(confirm), addr),
		chromedp.Click(chromedp.ID(fmt.Sprintf("delete-submit-%d", id))),
		chromedp.WaitNotPresent(chromedp.ID(fmt.Sprintf("mailbox-%d", id))),
	); err != nil {
		t.Fatal(err)
	}
	if err := m.imapLogin(addr, pw2); err == nil {
		t.Fatal("deleted from the panel, still logs in")
	}
}
