package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// End-to-end tests of accounts, sessions and access through HTTP, against the real stack.

const sessionCookie = "mektep_session"

// browser is one simulated web browser: it keeps cookies in a jar of its own and talks to
// the stack's server, optionally with another Host header.
type browser struct {
	t    *testing.T
	s    *stack
	jar  *cookiejar.Jar
	c    *http.Client
	host string
}

func newBrowser(t *testing.T, s *stack) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, s: s, jar: jar, c: newClient(t, jar)}
}

// do sends a request like stack.do, with the browser's cookies. Every answer is checked
// for password hashes, which must never leave the server.
func (b *browser) do(method, path string, body any, headers ...string) response {
	b.t.Helper()
	var rd io.Reader
	switch v := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(v)
	default:
		data, err := json.Marshal(v)
		if err != nil {
			b.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, b.s.URL+path, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if b.host != "" {
		req.Host = b.host
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	noHash(b.t, method+" "+path, data)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// noHash fails if a response body carries a password hash.
func noHash(t *testing.T, what string, body []byte) {
	t.Helper()
	if bytes.Contains(body, []byte("argon2")) || bytes.Contains(body, []byte("password_hash")) {
		t.Errorf("%s: password hash in the response: %s", what, body)
	}
}

func (b *browser) baseURL() *url.URL {
	u, err := url.Parse(b.s.URL)
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// session returns the session cookie's value in the jar, or "".
func (b *browser) session() string {
	for _, c := range b.jar.Cookies(b.baseURL()) {
		if c.Name == sessionCookie {
			return c.Value
		}
	}
	return ""
}

// setSession puts a session cookie into the jar, as an attacker planting one would.
func (b *browser) setSession(v string) {
	b.jar.SetCookies(b.baseURL(), []*http.Cookie{{Name: sessionCookie, Value: v, Path: "/"}})
}

// login logs in and fails the test unless it works.
func (b *browser) login(email, password string) response {
	b.t.Helper()
	r := b.do("POST", "/api/v1/auth/login", map[string]any{"email": email, "password": password})
	if r.Status != 200 {
		b.t.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	return r
}

// me returns GET /api/v1/me, failing unless it is 200.
func (b *browser) me() map[string]any {
	b.t.Helper()
	r := b.do("GET", "/api/v1/me", nil)
	if r.Status != 200 {
		b.t.Fatalf("GET /me: %d %s", r.Status, r.Body)
	}
	return r.JSON(b.t)
}

// withCookie sends a request with exactly the given session cookie and no jar.
func withCookie(t *testing.T, s *stack, value, method, path string, body any, headers ...string) response {
	t.Helper()
	r := s.do(method, path, body, append([]string{"Cookie", sessionCookie + "=" + value}, headers...)...)
	noHash(t, method+" "+path, r.Body)
	return r
}

// cookieOf returns the named cookie set by a response, or nil.
func cookieOf(r response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// register creates an account and returns its ID.
func register(t *testing.T, s *stack, email, password, name, lang string) int64 {
	t.Helper()
	r := newBrowser(t, s).do("POST", "/api/v1/auth/register",
		map[string]any{"email": email, "password": password, "full_name": name, "lang": lang})
	if r.Status != 201 {
		t.Fatalf("register %s: %d %s", email, r.Status, r.Body)
	}
	return int64(obj(t, r.JSON(t), "user")["id"].(float64))
}

// obj returns m[key] as an object.
func obj(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	v, ok := m[key].(map[string]any)
	if !ok {
		t.Fatalf("no object %q in %v", key, m)
	}
	return v
}

func idOf(t *testing.T, m map[string]any) int64 {
	t.Helper()
	f, ok := m["id"].(float64)
	if !ok {
		t.Fatalf("no id in %v", m)
	}
	return int64(f)
}

func id64(n int64) string { return strconv.FormatInt(n, 10) }

// mailsTo returns the delivered emails to the address that match.
func mailsTo(t *testing.T, s *stack, to string, match func(devstack.Mail) bool) []devstack.Mail {
	t.Helper()
	ms, err := devstack.ReadMail(s.Sink.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []devstack.Mail
	for _, m := range ms {
		if slices.Contains(m.To, to) && (match == nil || match(m)) {
			out = append(out, m)
		}
	}
	return out
}

// waitMail waits for an email to the address that matches, and returns it.
func waitMail(t *testing.T, s *stack, to string, match func(devstack.Mail) bool) devstack.Mail {
	t.Helper()
	var got devstack.Mail
	testenv.Eventually(t, 20*time.Second, "email to "+to, func() bool {
		ms := mailsTo(t, s, to, match)
		if len(ms) == 0 {
			return false
		}
		got = ms[len(ms)-1]
		return true
	})
	return got
}

var tokenRE = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

// tokenIn returns the token of the link in an email's text.
func tokenIn(t *testing.T, text string) string {
	t.Helper()
	m := tokenRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no token= link in %q", text)
	}
	return m[1]
}

// withToken returns a mail filter for emails whose link carries a token not in seen.
func withToken(seen ...string) func(devstack.Mail) bool {
	return func(m devstack.Mail) bool {
		mm := tokenRE.FindStringSubmatch(m.Text)
		return mm != nil && !slices.Contains(seen, mm[1])
	}
}

// ownedSite provisions a site through the operator API, sets the owner's password with the
// invitation's link and returns the site ID and the owner's logged-in browser.
func ownedSite(t *testing.T, s *stack, slug, password string) (int64, *browser) {
	t.Helper()
	r := s.operator("POST", "/api/v1/sites", school(slug))
	if r.Status != 202 {
		t.Fatalf("create %s: %d %s", slug, r.Status, r.Body)
	}
	id := siteID(t, r)
	s.waitSite(id, "active", 2*time.Minute)
	owner := "director@" + slug + ".edu.kz"
	inv := waitMail(t, s, owner, func(m devstack.Mail) bool { return strings.Contains(m.Text, slug+".edu.kz") })
	b := newBrowser(t, s)
	if r := b.do("POST", "/api/v1/auth/password-reset/confirm",
		map[string]any{"token": tokenIn(t, inv.Text), "new_password": password}); r.Status != 204 {
		t.Fatalf("owner sets the password: %d %s", r.Status, r.Body)
	}
	b.login(owner, password)
	return id, b
}

// siteOf returns the entry of GET /me's sites for the site, or nil.
func siteOf(me map[string]any, id int64) map[string]any {
	sites, _ := me["sites"].([]any)
	for _, x := range sites {
		if m, ok := x.(map[string]any); ok && m["site_id"] == float64(id) {
			return m
		}
	}
	return nil
}

func TestRegisterVerifyLoginLogout(t *testing.T) {
	s := startStack(t, stackOptions{})
	const email, password = "aruzhan.s@example.kz", "Steppe-Wind-42"
	anon := newBrowser(t, s)

	r := anon.do("POST", "/api/v1/auth/register",
		map[string]any{"email": email, "password": password, "full_name": "Аружан Сейітова", "lang": "ru"})
	if r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	u := obj(t, r.JSON(t), "user")
	if u["email_verified"] != false || u["email"] != email || u["lang"] != "ru" {
		t.Errorf("registered user: %v", u)
	}
	if _, ok := u["password"]; ok {
		t.Errorf("registered user carries a password: %v", u)
	}

	// The verification email is in the registration language.
	m := waitMail(t, s, email, nil)
	if m.Subject != "Подтвердите адрес электронной почты" || !strings.Contains(m.Text, "Здравствуйте, Аружан Сейітова!") {
		t.Errorf("verification email: subject %q text %q", m.Subject, m.Text)
	}
	tok := tokenIn(t, m.Text)
	// The link opens a page (the browser's); the JSON API confirms the same token.
	if !strings.Contains(m.Text, "/account/verify-email?token="+tok) {
		t.Errorf("verification link: %q", m.Text)
	}

	// A tampered token is refused and does not burn the real one.
	flip := []byte(tok)
	if flip[3] == 'A' {
		flip[3] = 'B'
	} else {
		flip[3] = 'A'
	}
	r = anon.do("GET", "/api/v1/auth/verify-email?token="+string(flip), nil, "Accept-Language", "en")
	if code, field, msg := r.Error(t); r.Status != 400 || field != "token" || !strings.Contains(msg, "invalid") {
		t.Errorf("tampered token: %d %s %s %q", r.Status, code, field, msg)
	}
	r = anon.do("GET", "/api/v1/auth/verify-email?token="+tok, nil)
	if r.Status != 200 || obj(t, r.JSON(t), "user")["email_verified"] != true {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	r = anon.do("GET", "/api/v1/auth/verify-email?token="+tok, nil)
	if _, field, _ := r.Error(t); r.Status != 400 || field != "token" {
		t.Errorf("reused token: %d %s", r.Status, r.Body)
	}

	// A wrong password: 401 in the caller's language.
	for lang, want := range map[string]string{"kk": "Электрондық пошта немесе құпиясөз қате.", "ru": "Неверный адрес электронной почты или пароль."} {
		r := anon.do("POST", "/api/v1/auth/login", map[string]any{"email": email, "password": password + "x"}, "Accept-Language", lang)
		if code, _, msg := r.Error(t); r.Status != 401 || code != "unauthorized" || msg != want {
			t.Errorf("wrong password (%s): %d %s %q", lang, r.Status, code, msg)
		}
		if cookieOf(r, sessionCookie) != nil {
			t.Errorf("wrong password (%s) set a session cookie", lang)
		}
	}

	// Login: an HttpOnly, SameSite=Lax cookie, Secure only over HTTPS.
	b := newBrowser(t, s)
	r = b.login(email, password)
	c := cookieOf(r, sessionCookie)
	if c == nil || c.Value == "" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
		t.Errorf("session cookie over http: %+v", c)
	}
	if obj(t, r.JSON(t), "user")["email"] != email {
		t.Errorf("login answer: %s", r.Body)
	}
	rs := s.do("POST", "/api/v1/auth/login", map[string]any{"email": email, "password": password}, "X-Forwarded-Proto", "https")
	if c := cookieOf(rs, "__Host-"+sessionCookie); rs.Status != 200 || c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie behind https: %d %+v", rs.Status, c)
	}

	me := b.me()
	if obj(t, me, "user")["email"] != email || obj(t, me, "user")["email_verified"] != true {
		t.Errorf("GET /me: %v", me)
	}

	// Logout ends the session on the server, not only in the browser.
	old := b.session()
	r = b.do("POST", "/api/v1/auth/logout", nil)
	if r.Status != 204 {
		t.Fatalf("logout: %d %s", r.Status, r.Body)
	}
	if c := cookieOf(r, sessionCookie); c == nil || c.Value != "" || c.MaxAge >= 0 {
		t.Errorf("logout cookie: %+v", c)
	}
	if b.session() != "" {
		t.Errorf("the browser still holds a session cookie")
	}
	if r := withCookie(t, s, old, "GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("GET /me with the logged-out cookie: %d %s", r.Status, r.Body)
	}
	if r := b.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("GET /me after logout: %d", r.Status)
	}
}

func TestSessionFixation(t *testing.T) {
	s := startStack(t, stackOptions{})
	const email, password = "bekzat.k@example.kz", "Golden-Eagle-77"
	register(t, s, email, password, "Бекзат Қасымов", "kk")

	var rnd [32]byte
	_, _ = rand.Read(rnd[:])
	planted := base64.RawURLEncoding.EncodeToString(rnd[:]) // looks like a real session token

	b := newBrowser(t, s)
	b.setSession(planted)
	if r := b.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("GET /me with a planted cookie: %d %s", r.Status, r.Body)
	}
	r := b.login(email, password)
	c := cookieOf(r, sessionCookie)
	if c == nil || c.Value == "" || c.Value == planted {
		t.Fatalf("login kept the planted session: %+v", c)
	}
	if b.session() != c.Value {
		t.Errorf("the jar holds %q, want the new session", b.session())
	}
	if r := withCookie(t, s, planted, "GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("the planted value authenticates after login: %d %s", r.Status, r.Body)
	}
	if me := b.me(); obj(t, me, "user")["email"] != email {
		t.Errorf("GET /me: %v", me)
	}

	// Two logins, two sessions.
	first := c.Value
	r = b.login(email, password)
	second := cookieOf(r, sessionCookie)
	if second == nil || second.Value == first || second.Value == "" {
		t.Errorf("second login reused the session token: %+v", second)
	}
	other := newBrowser(t, s)
	r = other.login(email, password)
	if third := cookieOf(r, sessionCookie); third == nil || third.Value == first || (second != nil && third.Value == second.Value) {
		t.Errorf("third login reused a session token: %+v", third)
	}
}

func TestCSRF(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, b := ownedSite(t, s, "school41", "Owner-Key-41414")
	before := obj(t, b.me(), "user")["full_name"]

	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", "https://evil.example"},
	} {
		r := b.do("PATCH", "/api/v1/me", map[string]any{"full_name": "Hacked"}, h[0], h[1], "Accept-Language", "en")
		if code, _, msg := r.Error(t); r.Status != 403 || code != "forbidden" || msg != "Cross-site requests are not accepted." {
			t.Errorf("PATCH /me with %s: %s: %d %s %q", h[0], h[1], r.Status, code, msg)
		}
		if got := obj(t, b.me(), "user")["full_name"]; got != before {
			t.Errorf("after a cross-site PATCH (%s: %s) the name is %v", h[0], h[1], got)
		}
	}
	// A cross-site logout or login is refused as well.
	if r := b.do("POST", "/api/v1/auth/logout", nil, "Sec-Fetch-Site", "cross-site"); r.Status != 403 {
		t.Errorf("cross-site logout: %d", r.Status)
	}
	b.me() // still logged in

	r := b.do("PATCH", "/api/v1/me", map[string]any{"full_name": "Директор Әлия"}, "Sec-Fetch-Site", "same-origin")
	if r.Status != 200 || obj(t, r.JSON(t), "user")["full_name"] != "Директор Әлия" {
		t.Errorf("same-origin PATCH: %d %s", r.Status, r.Body)
	}
	if got := obj(t, b.me(), "user")["full_name"]; got != "Директор Әлия" {
		t.Errorf("after a same-origin PATCH the name is %v", got)
	}

	// A non-browser client with a bearer token sends neither header and is served.
	r = b.do("POST", "/api/v1/me/tokens", map[string]any{"site_id": id, "name": "sync"})
	if r.Status != 201 {
		t.Fatalf("create token: %d %s", r.Status, r.Body)
	}
	secret, _ := r.JSON(t)["secret"].(string)
	r = s.do("PATCH", "/api/v1/me", map[string]any{"bio": "Директор школы"}, "Authorization", "Bearer "+secret)
	if r.Status != 200 || obj(t, r.JSON(t), "user")["bio"] != "Директор школы" {
		t.Errorf("bearer PATCH: %d %s", r.Status, r.Body)
	}
	if r := s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "region",
		"names": map[string]string{"kk": "Алматы облысы", "ru": "Алматинская область", "en": "Almaty Region"}}); r.Status != 201 {
		t.Errorf("operator POST without browser headers: %d %s", r.Status, r.Body)
	}
}

func TestLoginThrottle(t *testing.T) {
	s := startStack(t, stackOptions{})
	const victim, other, password = "gulnar.t@example.kz", "daniyar.m@example.kz", "Silver-River-58"
	register(t, s, victim, password, "Гүлнар Төлеуова", "kk")
	register(t, s, other, password, "Данияр Мұратов", "kk")
	b := newBrowser(t, s)

	locked := 0
	var r response
	for i := 1; i <= 6 && locked == 0; i++ {
		r = b.do("POST", "/api/v1/auth/login", map[string]any{"email": victim, "password": "Wrong-Guess-" + strconv.Itoa(i)}, "Accept-Language", "en")
		switch r.Status {
		case 401:
		case 429:
			locked = i
		default:
			t.Fatalf("attempt %d: %d %s", i, r.Status, r.Body)
		}
	}
	if locked != 5 && locked != 6 {
		t.Fatalf("not locked after 6 wrong passwords (locked at %d)", locked)
	}
	ra, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || ra <= 0 || ra > 15*60+1 {
		t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	if code, _, msg := r.Error(t); code != "rate_limited" || !strings.Contains(msg, "Too many login attempts") {
		t.Errorf("lock answer: %s %q", code, msg)
	}

	// While locked, even the right password is refused (in any letter case of the address).
	for _, e := range []string{victim, strings.ToUpper(victim)} {
		r := b.do("POST", "/api/v1/auth/login", map[string]any{"email": e, "password": password})
		if code, _, _ := r.Error(t); r.Status != 429 || code != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Errorf("right password while locked (%s): %d %s", e, r.Status, r.Body)
		}
		if cookieOf(r, sessionCookie) != nil {
			t.Errorf("a locked login set a session cookie")
		}
	}

	// The lock is per account: another account from the same address logs in.
	r = b.do("POST", "/api/v1/auth/login", map[string]any{"email": other, "password": password})
	if r.Status != 200 || cookieOf(r, sessionCookie) == nil {
		t.Errorf("another account from the same client: %d %s", r.Status, r.Body)
	}
}

func TestPasswordResetAndChange(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	const email, password = "saule.b@example.kz", "Apple-Orchard-19"
	register(t, s, email, password, "Сәуле Бекова", "en")
	anon := newBrowser(t, s)
	early := newBrowser(t, s)
	early.login(email, password)
	earlyCookie := early.session()

	for _, e := range []string{"nobody@nowhere.kz", email} {
		r := anon.do("POST", "/api/v1/auth/password-reset", map[string]any{"email": e})
		if r.Status != 202 {
			t.Errorf("reset for %s: %d %s", e, r.Status, r.Body)
		}
	}
	m := waitMail(t, s, email, func(m devstack.Mail) bool { return m.Subject == "Reset your password" })
	if !strings.Contains(m.Text, "token=") || !strings.Contains(m.Text, "60 minutes") {
		t.Errorf("reset email: %q", m.Text)
	}
	tok := tokenIn(t, m.Text)
	if n := len(mailsTo(t, s, "nobody@nowhere.kz", nil)); n != 0 {
		t.Errorf("%d emails to an unknown address", n)
	}

	// A weak password is refused before the token is used.
	r := anon.do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": tok, "new_password": "short"}, "Accept-Language", "ru")
	if _, field, msg := r.Error(t); r.Status != 400 || field != "new_password" || !strings.Contains(msg, "не менее 10") {
		t.Errorf("weak password: %d %s %q", r.Status, field, msg)
	}
	const reset = "Harvest-Moon-2031"
	if r := anon.do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": tok, "new_password": reset}); r.Status != 204 {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	r = anon.do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": tok, "new_password": "Another-Try-2032"})
	if _, field, _ := r.Error(t); r.Status != 400 || field != "token" {
		t.Errorf("reused reset token: %d %s", r.Status, r.Body)
	}

	// The reset ended the sessions; the new password works, the old one does not.
	if r := withCookie(t, s, earlyCookie, "GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("session from before the reset: %d", r.Status)
	}
	if r := anon.do("POST", "/api/v1/auth/login", map[string]any{"email": email, "password": password}); r.Status != 401 {
		t.Errorf("old password after reset: %d", r.Status)
	}
	b := newBrowser(t, s)
	b.login(email, reset)

	// An expired token is refused.
	if r := anon.do("POST", "/api/v1/auth/password-reset", map[string]any{"email": email}); r.Status != 202 {
		t.Fatalf("second reset: %d", r.Status)
	}
	m2 := waitMail(t, s, email, withToken(tok))
	tok2 := tokenIn(t, m2.Text)
	if _, err := s.App.DB.Pool.Exec(ctx, "UPDATE one_time_tokens SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL"); err != nil {
		t.Fatal(err)
	}
	r = anon.do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": tok2, "new_password": "Late-Arrival-2033"})
	if _, field, _ := r.Error(t); r.Status != 400 || field != "token" {
		t.Errorf("expired token: %d %s", r.Status, r.Body)
	}
	b.me() // the expired token changed nothing

	// Change password: the current one is checked, every session ends, a new one starts.
	other := newBrowser(t, s)
	other.login(email, reset)
	r = b.do("POST", "/api/v1/me/password", map[string]any{"current_password": "Not-My-Password-1", "new_password": "Winter-Frost-2034"}, "Accept-Language", "kk")
	if _, field, msg := r.Error(t); r.Status != 400 || field != "current_password" || msg != "Ағымдағы құпиясөз қате." {
		t.Errorf("wrong current password: %d %s %q", r.Status, field, msg)
	}
	old := b.session()
	r = b.do("POST", "/api/v1/me/password", map[string]any{"current_password": reset, "new_password": "Winter-Frost-2034"})
	if r.Status != 204 {
		t.Fatalf("change password: %d %s", r.Status, r.Body)
	}
	c := cookieOf(r, sessionCookie)
	if c == nil || c.Value == "" || c.Value == old || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie after the change: %+v", c)
	}
	if r := withCookie(t, s, old, "GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("old cookie after the change: %d", r.Status)
	}
	if r := other.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("another browser's session after the change: %d", r.Status)
	}
	if me := b.me(); obj(t, me, "user")["email"] != email {
		t.Errorf("GET /me with the new cookie: %v", me)
	}
	if r := anon.do("POST", "/api/v1/auth/login", map[string]any{"email": email, "password": reset}); r.Status != 401 {
		t.Errorf("previous password after the change: %d", r.Status)
	}
	newBrowser(t, s).login(email, "Winter-Frost-2034")

	// Nothing of it is readable in Temporal: no reset or verification link, no address, no
	// name, no password.
	seen := assertHistoriesPrivate(t, s, tok, tok2, password, reset, "Сәуле", "Бекова")
	if seen["SendEmail"] < 3 {
		t.Errorf("the scan read %d SendEmail workflows (verification and two resets expected)", seen["SendEmail"])
	}
}

func TestBadRegistrationInput(t *testing.T) {
	s := startStack(t, stackOptions{})
	valid := func(k string, v any) map[string]any {
		b := map[string]any{"email": "aigerim.nur@mail.kz", "password": "Blue-Horizon-88", "full_name": "Әйгерім Нұрова", "lang": "kk"}
		b[k] = v
		return b
	}
	cases := []struct {
		name, lang string
		body       any
		field      string
		message    string
	}{
		{"malformed email", "kk", valid("email", "aigerim at mail"), "email", "электрондық пошта"},
		{"short password", "ru", valid("password", "Ab1!xyz"), "password", "не менее 10"},
		{"common password", "en", valid("password", "Qwerty123456"), "password", "too common"},
		{"password with the email's local part", "kk", valid("password", "Aigerim.Nur-2024"), "password", "электрондық пошта"},
		{"unknown language", "ru", valid("lang", "xx"), "lang", "не поддерживается"},
		{"long name", "en", valid("full_name", strings.Repeat("Ә", 201)), "full_name", "too long"},
		{"empty body", "en", "", "body", "empty body"},
		{"unknown field", "ru", valid("role", "admin"), "role", "Неизвестное поле"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newBrowser(t, s).do("POST", "/api/v1/auth/register", c.body, "Accept-Language", c.lang)
			code, field, msg := r.Error(t)
			if r.Status != 400 || code != "invalid" || field != c.field || !strings.Contains(msg, c.message) {
				t.Errorf("got %d %s field=%q message=%q; want 400 field=%q message containing %q",
					r.Status, code, field, msg, c.field, c.message)
			}
		})
	}
	var n int
	if err := s.App.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM users").Scan(&n); err != nil || n != 0 {
		t.Errorf("users stored after bad input: %d (%v)", n, err)
	}

	// The same address in another letter case is taken.
	register(t, s, "Aigerim.Nur@Mail.kz", "Blue-Horizon-88", "Әйгерім Нұрова", "kk")
	r := newBrowser(t, s).do("POST", "/api/v1/auth/register", map[string]any{"email": "aigerim.nur@MAIL.KZ",
		"password": "Green-Valley-99", "full_name": "Someone Else"}, "Accept-Language", "en")
	if code, field, msg := r.Error(t); r.Status != 409 || code != "conflict" || field != "email" || !strings.Contains(msg, "already exists") {
		t.Errorf("duplicate email: %d %s %s %q", r.Status, code, field, msg)
	}
	if err := s.App.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM users").Scan(&n); err != nil || n != 1 {
		t.Errorf("users after a duplicate: %d (%v)", n, err)
	}
}

func TestSiteOwnerAdminsAndDelegation(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "school31", "Owner-Key-31415")
	site := "/api/v1/sites/" + id64(id)

	me := owner.me()
	ownerID := idOf(t, obj(t, me, "user"))
	ms := siteOf(me, id)
	if ms == nil || !slices.Equal(toStrings(ms["roles"]), []string{"owner"}) {
		t.Fatalf("owner's /me: %v", me)
	}
	perms, _ := ms["permissions"].(map[string]any)
	for _, sec := range sitecore.Sections {
		if p, _ := perms[string(sec)].(map[string]any); p == nil || p["action"] != "publish" {
			t.Errorf("owner's permission on %s: %v", sec, perms[string(sec)])
		}
	}

	// The owner adds an admin, who gets a link to set a password.
	const adminEmail, adminPassword = "deputy@school31.edu.kz", "Orynbasar-Key-27182"
	r := owner.do("POST", site+"/admins", map[string]any{"email": adminEmail, "full_name": "Ерлан Жаксыбеков", "lang": "ru"})
	if r.Status != 201 {
		t.Fatalf("add admin: %d %s", r.Status, r.Body)
	}
	adminID := int64(obj(t, r.JSON(t), "member")["user_id"].(float64))
	m := waitMail(t, s, adminEmail, nil)
	if !strings.HasPrefix(m.Subject, "Вы стали администратором сайта") {
		t.Errorf("admin email subject %q", m.Subject)
	}
	admin := newBrowser(t, s)
	if r := admin.do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": tokenIn(t, m.Text), "new_password": adminPassword}); r.Status != 204 {
		t.Fatalf("admin sets the password: %d %s", r.Status, r.Body)
	}
	admin.login(adminEmail, adminPassword)
	ams := siteOf(admin.me(), id)
	if ams == nil || !slices.Equal(toStrings(ams["roles"]), []string{"admin"}) {
		t.Errorf("admin's /me site: %v", ams)
	} else if p, _ := ams["permissions"].(map[string]any); p["templates"] != nil || p["users"] == nil {
		t.Errorf("admin's permissions: %v", p)
	}
	if r := admin.do("GET", site+"/members", nil); r.Status != 200 {
		t.Errorf("admin lists members: %d %s", r.Status, r.Body)
	}
	r = admin.do("POST", site+"/admins", map[string]any{"email": "friend@school31.edu.kz", "full_name": "Friend"})
	if code, _, _ := r.Error(t); r.Status != 403 || code != "forbidden" {
		t.Errorf("admin adds an admin: %d %s", r.Status, r.Body)
	}
	if r := admin.do("DELETE", site+"/admins/"+id64(ownerID), nil); r.Status != 403 {
		t.Errorf("admin removes the owner: %d %s", r.Status, r.Body)
	}

	// A registered teacher (with a verified address) becomes a member without panel rights.
	const teacherEmail, teacherPassword = "math.teacher@example.kz", "Pythagoras-1729"
	teacherID := register(t, s, teacherEmail, teacherPassword, "Айжан Ахметова", "kk")
	verifyAddress(t, s, teacherEmail)
	if r := owner.do("POST", site+"/members", map[string]any{"email": teacherEmail, "role": "teacher"}); r.Status != 201 {
		t.Fatalf("add teacher: %d %s", r.Status, r.Body)
	}
	teacher := newBrowser(t, s)
	teacher.login(teacherEmail, teacherPassword)
	tms := siteOf(teacher.me(), id)
	if tms == nil || !slices.Equal(toStrings(tms["roles"]), []string{"teacher"}) {
		t.Fatalf("teacher's /me site: %v", tms)
	}
	if p, _ := tms["permissions"].(map[string]any); len(p) != 0 {
		t.Errorf("teacher's permissions: %v", p)
	}
	if r := teacher.do("GET", site+"/pages", nil); r.Status != 403 {
		t.Errorf("teacher lists pages: %d %s", r.Status, r.Body)
	}

	// pages:edit on "about" only.
	r = owner.do("POST", site+"/delegations", map[string]any{"user_id": teacherID, "section": "pages", "action": "edit", "page_key": "about"})
	if r.Status != 201 {
		t.Fatalf("grant: %d %s", r.Status, r.Body)
	}
	delegationID := idOf(t, obj(t, r.JSON(t), "delegation"))
	edit := func(key, title string) response {
		return teacher.do("PATCH", site+"/pages/"+key, map[string]any{"lang": "ru", "title": title, "slug": key, "body": "Текст страницы.\n\nВторой абзац."})
	}
	if r := edit("about", "О нашей школе"); r.Status != 200 || obj(t, r.JSON(t), "page")["key"] != "about" {
		t.Errorf("teacher edits about: %d %s", r.Status, r.Body)
	}
	if r := edit("contacts", "Контакты школы"); r.Status != 403 {
		t.Errorf("teacher edits contacts: %d %s", r.Status, r.Body)
	}
	if r := teacher.do("POST", site+"/pages/about/publish", nil); r.Status != 403 {
		t.Errorf("teacher publishes about: %d %s", r.Status, r.Body)
	}
	r = teacher.do("GET", site+"/pages", nil)
	if r.Status != 200 {
		t.Errorf("teacher lists pages with the delegation: %d %s", r.Status, r.Body)
	} else {
		var keys []string
		for _, p := range r.JSON(t)["pages"].([]any) {
			keys = append(keys, p.(map[string]any)["key"].(string))
		}
		if !slices.Equal(keys, []string{"about"}) {
			t.Errorf("teacher sees pages %v, want [about]", keys)
		}
	}

	// Revoking takes effect on the next request.
	if r := owner.do("DELETE", site+"/delegations/"+id64(delegationID), nil); r.Status != 204 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	if r := edit("about", "Ещё раз"); r.Status != 403 {
		t.Errorf("teacher edits about after the revocation: %d %s", r.Status, r.Body)
	}

	// A removed admin no longer knows the site.
	if r := owner.do("DELETE", site+"/admins/"+id64(adminID), nil); r.Status != 204 {
		t.Fatalf("remove admin: %d %s", r.Status, r.Body)
	}
	if r := admin.do("GET", site+"/members", nil); r.Status != 404 {
		t.Errorf("removed admin lists members: %d %s", r.Status, r.Body)
	}
	if siteOf(admin.me(), id) != nil {
		t.Errorf("removed admin still sees the site in /me")
	}

	// The audit log tells who did what from where.
	r = owner.do("GET", site+"/audit", nil)
	if r.Status != 200 {
		t.Fatalf("audit: %d %s", r.Status, r.Body)
	}
	found := map[string]bool{}
	for _, x := range r.JSON(t)["entries"].([]any) {
		e := x.(map[string]any)
		a, _ := e["action"].(string)
		switch a {
		case "admin.add", "delegation.grant", "delegation.revoke", "admin.remove":
			found[a] = true
			if e["actor_id"] != float64(ownerID) || e["actor_name"] == "" || e["ip"] != "127.0.0.1" {
				t.Errorf("audit entry %s: actor %v %v ip %v", a, e["actor_id"], e["actor_name"], e["ip"])
			}
		}
	}
	for _, a := range []string{"admin.add", "delegation.grant", "delegation.revoke", "admin.remove"} {
		if !found[a] {
			t.Errorf("no %s in the audit log: %s", a, r.Body)
		}
	}
	if r := teacher.do("GET", site+"/audit", nil); r.Status == 200 {
		t.Errorf("teacher reads the audit log: %s", r.Body)
	}

	// Someone invited as a member who never set a password and is then made an admin gets
	// a set-password link again, not "sign in with your existing password".
	const librarian = "librarian@school31.edu.kz"
	if r := owner.do("POST", site+"/members", map[string]any{"email": librarian, "full_name": "Library Keeper", "role": "member", "lang": "en"}); r.Status != 201 {
		t.Fatalf("add member: %d %s", r.Status, r.Body)
	}
	waitMail(t, s, librarian, func(m devstack.Mail) bool { return strings.HasPrefix(m.Subject, "Invitation to") })
	if r := owner.do("POST", site+"/admins", map[string]any{"email": librarian}); r.Status != 201 {
		t.Fatalf("promote member: %d %s", r.Status, r.Body)
	}
	m = waitMail(t, s, librarian, func(m devstack.Mail) bool { return strings.HasPrefix(m.Subject, "You are now an administrator") })
	if !tokenRE.MatchString(m.Text) {
		t.Fatalf("admin email to an account without a password has no set-password link: %q", m.Text)
	}
	if r := newBrowser(t, s).do("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": tokenIn(t, m.Text), "new_password": "Quiet-Reading-Room-5"}); r.Status != 204 {
		t.Fatalf("promoted member sets the password: %d %s", r.Status, r.Body)
	}
	lib := newBrowser(t, s)
	lib.login(librarian, "Quiet-Reading-Room-5")
	if ls := siteOf(lib.me(), id); ls == nil || !slices.Contains(toStrings(ls["roles"]), "admin") {
		t.Errorf("promoted member's /me site: %v", ls)
	}
	// Invitations and set-password links stay out of Temporal.
	if seen := assertHistoriesPrivate(t, s); seen["SendEmail"] == 0 {
		t.Errorf("no SendEmail workflow scanned (saw %v)", seen)
	}
}

func toStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func TestAPITokenIsScopedToItsSite(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "school51", "Owner-Key-51515")
	const ownerEmail = "director@school51.edu.kz"

	r := owner.do("POST", "/api/v1/me/tokens", map[string]any{"site_id": id, "name": "timetable sync"})
	if r.Status != 201 {
		t.Fatalf("create token: %d %s", r.Status, r.Body)
	}
	secret, _ := r.JSON(t)["secret"].(string)
	tokenID := idOf(t, obj(t, r.JSON(t), "token"))
	if !strings.HasPrefix(secret, "mkp_") || len(secret) < 30 {
		t.Fatalf("secret %q", secret)
	}
	if lr := owner.do("GET", "/api/v1/me/tokens", nil); strings.Contains(string(lr.Body), secret) {
		t.Errorf("the token list shows the secret")
	}
	bearer := func(method, path string, body any) response {
		t.Helper()
		r := s.do(method, path, body, "Authorization", "Bearer "+secret)
		noHash(t, method+" "+path, r.Body)
		return r
	}
	if r := bearer("GET", "/api/v1/sites/"+id64(id)+"/members", nil); r.Status != 200 {
		t.Errorf("members with the token: %d %s", r.Status, r.Body)
	}

	// A second site of the same owner: the account exists, so no set-password link.
	second := school("school52")
	second["owner_email"] = ownerEmail
	r = s.operator("POST", "/api/v1/sites", second)
	if r.Status != 202 {
		t.Fatalf("create the second site: %d %s", r.Status, r.Body)
	}
	id2 := siteID(t, r)
	s.waitSite(id2, "active", 2*time.Minute)
	inv := waitMail(t, s, ownerEmail, func(m devstack.Mail) bool { return strings.Contains(m.Text, "school52.edu.kz") })
	if strings.Contains(inv.Text, "token=") || strings.Contains(inv.HTML, "token=") {
		t.Errorf("invitation of an existing account has a set-password link: %q", inv.Text)
	}
	if siteOf(owner.me(), id2) == nil {
		t.Errorf("the owner's /me lacks the second site")
	}
	if r := owner.do("GET", "/api/v1/sites/"+id64(id2)+"/members", nil); r.Status != 200 {
		t.Errorf("owner's session on the second site: %d", r.Status)
	}
	for _, p := range []string{"/members", "/pages", "/audit", "/delegations"} {
		if r := bearer("GET", "/api/v1/sites/"+id64(id2)+p, nil); r.Status != 404 {
			t.Errorf("GET second site %s with the first site's token: %d %s", p, r.Status, r.Body)
		}
	}
	if r := bearer("GET", "/api/v1/me", nil); r.Status != 200 || r.JSON(t)["token_site"] != float64(id) ||
		siteOf(r.JSON(t), id2) != nil {
		t.Errorf("GET /me with the token: %d %s", r.Status, r.Body)
	}

	// Tokens do not mint tokens.
	r = bearer("POST", "/api/v1/me/tokens", map[string]any{"site_id": id, "name": "child"})
	if code, _, _ := r.Error(t); r.Status != 403 || code != "forbidden" {
		t.Errorf("token creates a token: %d %s", r.Status, r.Body)
	}

	// Revoked: 401.
	if r := owner.do("DELETE", "/api/v1/me/tokens/"+id64(tokenID), nil); r.Status != 204 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	r = bearer("GET", "/api/v1/sites/"+id64(id)+"/members", nil)
	if code, _, _ := r.Error(t); r.Status != 401 || code != "unauthorized" || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("revoked token: %d %s", r.Status, r.Body)
	}
}

func TestDomainBinding(t *testing.T) {
	dns, err := devstack.StartDNSServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dns.Close() })
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_DNS_SERVER": dns.Addr}})
	id, owner := ownedSite(t, s, "school61", "Owner-Key-61616")
	site := "/api/v1/sites/" + id64(id)

	if r := s.do("GET", "/", nil, "Host", "new-school.kz"); r.Status != 404 {
		t.Errorf("new domain before binding: %d", r.Status)
	}
	r := owner.do("POST", site+"/domains", map[string]any{"host": "New-School.kz"})
	if r.Status != 201 {
		t.Fatalf("claim: %d %s", r.Status, r.Body)
	}
	claim := obj(t, r.JSON(t), "claim")
	value, _ := claim["value"].(string)
	if claim["record"] != "_mektep-challenge.new-school.kz" || value == "" || claim["host"] != "new-school.kz" {
		t.Fatalf("claim: %v", claim)
	}

	r = owner.do("POST", site+"/domains/new-school.kz/verify", nil, "Accept-Language", "en")
	if code, _, msg := r.Error(t); r.Status != 409 || code != "conflict" ||
		!strings.Contains(msg, "_mektep-challenge.new-school.kz") || !strings.Contains(msg, value) {
		t.Errorf("verify before publishing: %d %s %q", r.Status, code, msg)
	}
	if r := s.do("GET", "/", nil, "Host", "new-school.kz"); r.Status != 404 {
		t.Errorf("new domain after a failed verification: %d", r.Status)
	}

	dns.SetTXT("_mektep-challenge.new-school.kz", value)
	r = owner.do("POST", site+"/domains/new-school.kz/verify", nil)
	if r.Status != 200 || obj(t, r.JSON(t), "claim")["verified_at"] == nil {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", "/", nil, "Host", "new-school.kz"); r.Status != 200 || !strings.Contains(string(r.Body), "№12 мектеп-гимназия") {
		t.Errorf("the site on its new domain: %d", r.Status)
	}
	if r := s.do("GET", "/", nil, "Host", "school61.edu.kz"); r.Status != 200 {
		t.Errorf("the site on its old domain: %d", r.Status)
	}

	// A domain of another site cannot be claimed.
	if r := s.operator("POST", "/api/v1/sites", school("school62")); r.Status != 202 {
		t.Fatalf("create another site: %d %s", r.Status, r.Body)
	}
	r = owner.do("POST", site+"/domains", map[string]any{"host": "school62.edu.kz"})
	if code, field, _ := r.Error(t); r.Status != 409 || code != "conflict" || field != "host" {
		t.Errorf("claim another site's domain: %d %s", r.Status, r.Body)
	}

	// Unbinding: the original goes, the last one stays.
	if r := owner.do("DELETE", site+"/domains/school61.edu.kz", nil); r.Status != 204 {
		t.Fatalf("unbind the original: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", "/", nil, "Host", "school61.edu.kz"); r.Status != 404 {
		t.Errorf("the unbound domain still serves: %d", r.Status)
	}
	r = owner.do("DELETE", site+"/domains/new-school.kz", nil, "Accept-Language", "en")
	if code, field, msg := r.Error(t); r.Status != 409 || field != "host" || !strings.Contains(msg, "only domain") {
		t.Errorf("unbind the last domain: %d %s %s %q", r.Status, code, field, msg)
	}
	if r := s.do("GET", "/", nil, "Host", "new-school.kz"); r.Status != 200 {
		t.Errorf("the last domain after a refused unbind: %d", r.Status)
	}
}

func TestProfilesAndParentLinks(t *testing.T) {
	s := startStack(t, stackOptions{})
	// Parent link emails are keyed by the link's ID, and the Temporal server is shared by the
	// tests of this process: start the IDs somewhere of this test's own.
	off, _ := rand.Int(rand.Reader, big.NewInt(1<<40))
	if _, err := s.App.DB.Pool.Exec(context.Background(), "SELECT setval('parent_links_id_seq', $1)", off.Int64()+1); err != nil {
		t.Fatal(err)
	}
	const pw = "Maple-Leaves-64"
	almaID := register(t, s, "alma.k@example.kz", pw, "Алма Қайратқызы", "kk")
	bolatID := register(t, s, "bolat.k@example.kz", pw, "Bolat Kairatuly", "en")
	register(t, s, "dana.s@example.kz", pw, "Дана Серікова", "ru")
	alma, bolat, dana := newBrowser(t, s), newBrowser(t, s), newBrowser(t, s)
	alma.login("alma.k@example.kz", pw)
	bolat.login("bolat.k@example.kz", pw)
	dana.login("dana.s@example.kz", pw)
	anon := newBrowser(t, s)

	profile := "/api/v1/users/" + id64(almaID)
	for _, c := range []struct {
		visibility         string
		anon, other, owner int
	}{
		{"public", 200, 200, 200},
		{"members", 404, 404, 200}, // Bolat shares no school with Alma
		{"hidden", 404, 404, 200},
	} {
		r := alma.do("PATCH", "/api/v1/me", map[string]any{"visibility": c.visibility})
		if r.Status != 200 || obj(t, r.JSON(t), "user")["visibility"] != c.visibility {
			t.Fatalf("set %s: %d %s", c.visibility, r.Status, r.Body)
		}
		for who, want := range map[*browser]int{anon: c.anon, bolat: c.other, alma: c.owner} {
			r := who.do("GET", profile, nil)
			if r.Status != want {
				t.Errorf("%s profile: %d, want %d", c.visibility, r.Status, want)
			}
			if r.Status == 200 {
				p := obj(t, r.JSON(t), "profile")
				if p["full_name"] != "Алма Қайратқызы" || p["email"] != nil {
					t.Errorf("%s profile: %v", c.visibility, p)
				}
			}
		}
	}
	r := alma.do("PATCH", "/api/v1/me", map[string]any{"visibility": "everyone"}, "Accept-Language", "en")
	if _, field, msg := r.Error(t); r.Status != 400 || field != "visibility" || !strings.Contains(msg, "public, members or hidden") {
		t.Errorf("bad visibility: %d %s %q", r.Status, field, msg)
	}

	// Alma asks to be Bolat's parent; Bolat confirms, nobody else can.
	r = alma.do("POST", "/api/v1/me/children", map[string]any{"child_email": "Bolat.K@example.kz"})
	if r.Status != 201 {
		t.Fatalf("child link: %d %s", r.Status, r.Body)
	}
	link := obj(t, r.JSON(t), "parent_link")
	linkID := idOf(t, link)
	if link["confirmed_at"] != nil || link["confirmed_by"] != nil || link["parent_id"] != float64(almaID) || link["child_id"] != float64(bolatID) {
		t.Errorf("new link: %v", link)
	}
	m := waitMail(t, s, "bolat.k@example.kz", func(m devstack.Mail) bool { return m.Subject == "Confirm the link with your parent" })
	if !strings.Contains(m.Text, "Алма Қайратқызы") || !strings.Contains(m.Text, "/account/parent-links/"+id64(linkID)) {
		t.Errorf("link email: %q", m.Text)
	}
	confirm := "/api/v1/me/parent-links/" + id64(linkID) + "/confirm"
	for name, b := range map[string]*browser{"a third user": dana, "the parent": alma} {
		if r := b.do("POST", confirm, nil); r.Status != 404 {
			t.Errorf("%s confirms: %d %s", name, r.Status, r.Body)
		}
	}
	if r := anon.do("POST", confirm, nil); r.Status != 401 {
		t.Errorf("anonymous confirms: %d %s", r.Status, r.Body)
	}
	r = bolat.do("POST", confirm, nil)
	if r.Status != 200 || obj(t, r.JSON(t), "parent_link")["confirmed_by"] != "child" || obj(t, r.JSON(t), "parent_link")["confirmed_at"] == nil {
		t.Errorf("child confirms: %d %s", r.Status, r.Body)
	}
	// Link confirmations and their tokens stay out of Temporal.
	if seen := assertHistoriesPrivate(t, s); seen["SendEmail"] == 0 {
		t.Errorf("no SendEmail workflow scanned (saw %v)", seen)
	}
}
