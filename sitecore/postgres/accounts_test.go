package postgres_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
)

// mkSite stores a provisioning site with the domains.
func mkSite(t *testing.T, db *postgres.DB, slug string, domains ...string) *sitecore.Site {
	t.Helper()
	s := &sitecore.Site{Slug: slug, Names: map[sitecore.Lang]string{"kk": "x"}, Languages: []sitecore.Lang{"kk"},
		OwnerEmail: "o@x.kz", Domains: domains, Status: sitecore.SiteProvisioning, Step: sitecore.StepReserved}
	if err := db.CreateSite(context.Background(), s); err != nil {
		t.Fatalf("CreateSite(%s): %v", slug, err)
	}
	return s
}

// mkUser stores a user with the email.
func mkUser(t *testing.T, db *postgres.DB, email string) *sitecore.User {
	t.Helper()
	u := &sitecore.User{Email: email, FullName: "User " + email, PasswordHash: "$argon2id$v=19$hash"}
	if err := db.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

// entry returns an audit entry for action with a recognisable actor.
func entry(action string) *sitecore.AuditEntry {
	return &sitecore.AuditEntry{ActorID: 7, ActorName: "Әлия", Action: action, Target: "target:" + action,
		Details: map[string]any{"k": "v", "n": 2}, IP: "192.0.2.1", UserAgent: "test-agent/1"}
}

// audits returns the number of audit rows.
func audits(t *testing.T, db *postgres.DB) int {
	t.Helper()
	return count(t, db, "SELECT count(*) FROM audit_log")
}

// wantAudited checks that exactly one audit row was written since there were before rows,
// and that it is a, stored for siteID with the actor, IP and action.
func wantAudited(t *testing.T, db *postgres.DB, before int, siteID int64, a *sitecore.AuditEntry) {
	t.Helper()
	if n := audits(t, db); n != before+1 {
		t.Fatalf("%d audit rows written for %s, want 1", n-before, a.Action)
	}
	if a.ID == 0 || a.CreatedAt.IsZero() {
		t.Errorf("audit entry not filled: ID %d CreatedAt %v", a.ID, a.CreatedAt)
	}
	got, err := db.AuditLog(context.Background(), siteID, 0, 1)
	if err != nil {
		t.Fatalf("AuditLog: %v", err)
	}
	if len(got) != 1 {
		t.Fatalf("AuditLog(%d) returned %d entries", siteID, len(got))
	}
	e := got[0]
	if e.ID != a.ID || e.SiteID != siteID || e.ActorID != 7 || e.ActorName != "Әлия" || e.Action != a.Action ||
		e.Target != a.Target || e.IP != "192.0.2.1" || e.UserAgent != "test-agent/1" || !e.CreatedAt.Equal(a.CreatedAt) {
		t.Errorf("audit entry = %+v, want %+v on site %d", e, a, siteID)
	}
	if e.Details["k"] != "v" || e.Details["n"] != float64(2) {
		t.Errorf("audit details = %#v", e.Details)
	}
}

// wantNoAudit checks that no audit row was written since there were before rows.
func wantNoAudit(t *testing.T, db *postgres.DB, before int) {
	t.Helper()
	if n := audits(t, db); n != before {
		t.Errorf("%d audit rows written, want none", n-before)
	}
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)

	u := &sitecore.User{Email: "aliya@school.kz", FullName: "Әлия Серікқызы", PasswordHash: "$argon2id$x"}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if u.ID <= 0 || u.CreatedAt.IsZero() {
		t.Fatalf("CreateUser did not fill ID %d / CreatedAt %v", u.ID, u.CreatedAt)
	}
	if u.Lang != sitecore.Kazakh || u.Visibility != sitecore.VisibilityMembers {
		t.Errorf("defaults: Lang %q Visibility %q", u.Lang, u.Visibility)
	}

	check := func(t *testing.T, got *sitecore.User) {
		t.Helper()
		if got.ID != u.ID || got.Email != "aliya@school.kz" || got.FullName != u.FullName ||
			got.PasswordHash != "$argon2id$x" || got.Lang != sitecore.Kazakh || got.Visibility != sitecore.VisibilityMembers ||
			got.EmailVerified || got.PlatformRole != "" || !got.CreatedAt.Equal(u.CreatedAt) {
			t.Errorf("user = %+v, want %+v", got, u)
		}
	}
	got, err := db.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatalf("FindUserByID: %v", err)
	}
	check(t, got)
	for _, email := range []string{"aliya@school.kz", "Aliya@School.KZ"} {
		got, err := db.FindUserByEmail(ctx, email)
		if err != nil {
			t.Fatalf("FindUserByEmail(%s): %v", email, err)
		}
		check(t, got)
	}

	t.Run("email taken in another case", func(t *testing.T) {
		dup := &sitecore.User{Email: "ALIYA@school.kz", FullName: "Someone"}
		err := db.CreateUser(ctx, dup)
		wantErr(t, err, sitecore.EConflict, "email", "email.taken")
		if v := sitecore.AsError(err).Args["value"]; v != "ALIYA@school.kz" {
			t.Errorf("Args[value] = %q", v)
		}
		if n := count(t, db, "SELECT count(*) FROM users"); n != 1 {
			t.Errorf("%d users, want 1", n)
		}
	})

	t.Run("not found", func(t *testing.T) {
		_, err := db.FindUserByID(ctx, u.ID+100)
		wantErr(t, err, sitecore.ENotFound, "", "not_found.user")
		_, err = db.FindUserByEmail(ctx, "nobody@school.kz")
		wantErr(t, err, sitecore.ENotFound, "", "not_found.user")
		if e := sitecore.AsError(err); e.Op != "FindUserByEmail" {
			t.Errorf("Op = %q", e.Op)
		}
		wantErr(t, db.UpdateProfile(ctx, &sitecore.User{ID: u.ID + 100, FullName: "x", Lang: "kk", Visibility: "public"}),
			sitecore.ENotFound, "", "not_found.user")
		wantErr(t, db.SetPassword(ctx, u.ID+100, "h"), sitecore.ENotFound, "", "not_found.user")
		wantErr(t, db.MarkEmailVerified(ctx, u.ID+100), sitecore.ENotFound, "", "not_found.user")
		wantErr(t, db.SetPlatformRole(ctx, u.ID+100, sitecore.PlatformOperator), sitecore.ENotFound, "", "not_found.user")
	})

	t.Run("profile", func(t *testing.T) {
		p := &sitecore.User{ID: u.ID, Email: "ignored@school.kz", FullName: "Aliya S.", Lang: sitecore.Russian,
			AvatarURL: "https://cdn.kz/a.png", Bio: "Математика", Visibility: sitecore.VisibilityPublic,
			PasswordHash: "ignored", PlatformRole: sitecore.PlatformOperator}
		if err := db.UpdateProfile(ctx, p); err != nil {
			t.Fatalf("UpdateProfile: %v", err)
		}
		got, err := db.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FullName != "Aliya S." || got.Lang != sitecore.Russian || got.AvatarURL != "https://cdn.kz/a.png" ||
			got.Bio != "Математика" || got.Visibility != sitecore.VisibilityPublic {
			t.Errorf("profile not stored: %+v", got)
		}
		if got.Email != "aliya@school.kz" || got.PasswordHash != "$argon2id$x" || got.PlatformRole != "" {
			t.Errorf("UpdateProfile changed more than the profile: %+v", got)
		}
	})

	t.Run("verified and platform role", func(t *testing.T) {
		for range 2 {
			if err := db.MarkEmailVerified(ctx, u.ID); err != nil {
				t.Fatalf("MarkEmailVerified: %v", err)
			}
		}
		if err := db.SetPlatformRole(ctx, u.ID, sitecore.PlatformSupport); err != nil {
			t.Fatalf("SetPlatformRole: %v", err)
		}
		got, err := db.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.EmailVerified || got.PlatformRole != sitecore.PlatformSupport {
			t.Errorf("EmailVerified %v PlatformRole %q", got.EmailVerified, got.PlatformRole)
		}
		if err := db.SetPlatformRole(ctx, u.ID, ""); err != nil {
			t.Fatalf("SetPlatformRole(empty): %v", err)
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.PlatformRole != "" {
			t.Errorf("PlatformRole %q after clearing", got.PlatformRole)
		}
	})

	t.Run("created verified", func(t *testing.T) {
		v := &sitecore.User{Email: "op@mektep.kz", FullName: "Operator", EmailVerified: true,
			PlatformRole: sitecore.PlatformOperator, Lang: sitecore.English, Visibility: sitecore.VisibilityHidden}
		if err := db.CreateUser(ctx, v); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindUserByEmail(ctx, "op@mektep.kz")
		if err != nil {
			t.Fatal(err)
		}
		if !got.EmailVerified || got.PlatformRole != sitecore.PlatformOperator || got.Lang != sitecore.English ||
			got.Visibility != sitecore.VisibilityHidden || got.PasswordHash != "" {
			t.Errorf("user = %+v", got)
		}
	})
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	u := mkUser(t, db, "a@school.kz")
	other := mkUser(t, db, "b@school.kz")
	expires := time.Now().Add(time.Hour).Truncate(time.Microsecond)

	if err := db.CreateSession(ctx, hash("s1"), sitecore.Session{UserID: u.ID, ExpiresAt: expires}); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	s, err := db.FindSession(ctx, hash("s1"))
	if err != nil {
		t.Fatalf("FindSession: %v", err)
	}
	if s.UserID != u.ID || !s.ExpiresAt.Equal(expires) {
		t.Errorf("session = %+v, want user %d until %v", s, u.ID, expires)
	}
	_, err = db.FindSession(ctx, hash("unknown"))
	wantErr(t, err, sitecore.ENotFound, "", "not_found.session")

	// An expired session is not found.
	if err := db.CreateSession(ctx, hash("old"), sitecore.Session{UserID: other.ID, ExpiresAt: time.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindSession(ctx, hash("old"))
	wantErr(t, err, sitecore.ENotFound, "", "not_found.session")
	// A new session of the user sweeps it away.
	if err := db.CreateSession(ctx, hash("new"), sitecore.Session{UserID: other.ID, ExpiresAt: expires}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM sessions WHERE user_id = $1", other.ID); n != 1 {
		t.Errorf("%d sessions of the user, want only the unexpired one", n)
	}

	if err := db.DeleteSession(ctx, hash("s1")); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	_, err = db.FindSession(ctx, hash("s1"))
	wantErr(t, err, sitecore.ENotFound, "", "not_found.session")
	if err := db.DeleteSession(ctx, hash("s1")); err != nil {
		t.Errorf("DeleteSession of an ended session: %v", err)
	}
	if _, err := db.FindSession(ctx, hash("new")); err != nil {
		t.Errorf("DeleteSession ended another session: %v", err)
	}

	wantErr(t, db.CreateSession(ctx, hash("x"), sitecore.Session{UserID: other.ID + 100, ExpiresAt: expires}),
		sitecore.ENotFound, "", "not_found.user")
}

func TestSetPasswordEndsSessions(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	u := mkUser(t, db, "a@school.kz")
	other := mkUser(t, db, "b@school.kz")
	expires := time.Now().Add(time.Hour)
	for _, tok := range []string{"u1", "u2"} {
		if err := db.CreateSession(ctx, hash(tok), sitecore.Session{UserID: u.ID, ExpiresAt: expires}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateSession(ctx, hash("o1"), sitecore.Session{UserID: other.ID, ExpiresAt: expires}); err != nil {
		t.Fatal(err)
	}

	if err := db.SetPassword(ctx, u.ID, "$argon2id$new"); err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	for _, tok := range []string{"u1", "u2"} {
		_, err := db.FindSession(ctx, hash(tok))
		wantErr(t, err, sitecore.ENotFound, "", "not_found.session")
	}
	if s, err := db.FindSession(ctx, hash("o1")); err != nil || s.UserID != other.ID {
		t.Errorf("another user's session after SetPassword: %+v, %v", s, err)
	}
	got, err := db.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PasswordHash != "$argon2id$new" {
		t.Errorf("PasswordHash = %q", got.PasswordHash)
	}
}

func TestOneTimeTokens(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	u := mkUser(t, db, "a@school.kz")
	later := time.Now().Add(time.Hour)

	create := func(tok string, p sitecore.TokenPurpose, expires time.Time) {
		t.Helper()
		if err := db.CreateOneTimeToken(ctx, hash(tok), u.ID, p, expires); err != nil {
			t.Fatalf("CreateOneTimeToken(%s): %v", tok, err)
		}
	}
	rejected := func(tok string, p sitecore.TokenPurpose) {
		t.Helper()
		id, err := db.UseOneTimeToken(ctx, hash(tok), p)
		if id != 0 {
			t.Errorf("UseOneTimeToken(%s) returned user %d with an error", tok, id)
		}
		wantErr(t, err, sitecore.EInvalid, "token", "token.invalid")
	}

	create("verify", sitecore.TokenVerifyEmail, later)
	create("reset", sitecore.TokenResetPassword, later)

	// Another purpose is rejected and does not consume the token.
	rejected("verify", sitecore.TokenResetPassword)
	id, err := db.UseOneTimeToken(ctx, hash("verify"), sitecore.TokenVerifyEmail)
	if err != nil || id != u.ID {
		t.Fatalf("UseOneTimeToken = %d, %v; want %d", id, err, u.ID)
	}
	// Used once, rejected after.
	rejected("verify", sitecore.TokenVerifyEmail)

	id, err = db.UseOneTimeToken(ctx, hash("reset"), sitecore.TokenResetPassword)
	if err != nil || id != u.ID {
		t.Fatalf("UseOneTimeToken(reset) = %d, %v", id, err)
	}

	create("expired", sitecore.TokenResetPassword, time.Now().Add(-time.Second))
	rejected("expired", sitecore.TokenResetPassword)
	rejected("unknown", sitecore.TokenVerifyEmail)

	wantErr(t, db.CreateOneTimeToken(ctx, hash("x"), u.ID+100, sitecore.TokenVerifyEmail, later),
		sitecore.ENotFound, "", "not_found.user")
}

func TestLoginThrottle(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	account := sitecore.ThrottleKey{Key: "account:a@school.kz", Max: 3, Window: time.Hour, LockFor: 15 * time.Minute}
	ip := sitecore.ThrottleKey{Key: "ip:192.0.2.1", Max: 5, Window: time.Hour, LockFor: time.Hour}
	keys := []sitecore.ThrottleKey{account, ip}
	names := []string{account.Key, ip.Key}

	fail := func(keys ...sitecore.ThrottleKey) (time.Time, bool) {
		t.Helper()
		until, locked, err := db.RecordLoginFailure(ctx, keys)
		if err != nil {
			t.Fatalf("RecordLoginFailure: %v", err)
		}
		return until, locked
	}
	throttled := func(keys ...string) (time.Time, bool) {
		t.Helper()
		until, locked, err := db.LoginThrottled(ctx, keys)
		if err != nil {
			t.Fatalf("LoginThrottled: %v", err)
		}
		return until, locked
	}
	failures := func(key string) int {
		t.Helper()
		return count(t, db, "SELECT failures FROM login_throttle WHERE key = $1", key)
	}
	near := func(got time.Time, d time.Duration) bool {
		want := time.Now().Add(d)
		return got.After(want.Add(-time.Minute)) && got.Before(want.Add(time.Minute))
	}

	if _, locked := throttled(names...); locked {
		t.Fatal("locked before any failure")
	}
	for i := 1; i < account.Max; i++ {
		if until, locked := fail(keys...); locked || !until.IsZero() {
			t.Fatalf("failure %d locked until %v", i, until)
		}
		if _, locked := throttled(names...); locked {
			t.Fatalf("throttled after %d failures", i)
		}
	}
	until, locked := fail(keys...)
	if !locked || !near(until, account.LockFor) {
		t.Fatalf("after %d failures: locked %v until %v, want about now+%v", account.Max, locked, until, account.LockFor)
	}
	got, locked := throttled(names...)
	if !locked || !got.Equal(until) {
		t.Errorf("LoginThrottled = %v %v, want locked until %v", got, locked, until)
	}
	if got, locked := throttled(account.Key); !locked || !got.Equal(until) {
		t.Errorf("LoginThrottled(account) = %v %v", got, locked)
	}
	if _, locked := throttled(ip.Key); locked {
		t.Errorf("ip key locked after %d of %d failures", failures(ip.Key), ip.Max)
	}

	// The ip key reaches its own limit; the latest lock end is returned.
	fail(ip)
	until, locked = fail(ip)
	if !locked || !near(until, ip.LockFor) {
		t.Fatalf("ip lock: %v until %v, want about now+%v", locked, until, ip.LockFor)
	}
	if got, locked := throttled(names...); !locked || !got.Equal(until) {
		t.Errorf("LoginThrottled(both) = %v %v, want the later lock %v", got, locked, until)
	}

	// A successful login clears the counters.
	if err := db.ResetLoginFailures(ctx, names); err != nil {
		t.Fatalf("ResetLoginFailures: %v", err)
	}
	if _, locked := throttled(names...); locked {
		t.Error("still throttled after ResetLoginFailures")
	}
	if n := count(t, db, "SELECT count(*) FROM login_throttle"); n != 0 {
		t.Errorf("%d throttle rows after reset", n)
	}
	if _, locked := fail(account); locked {
		t.Error("locked by the first failure after a reset")
	}
	if n := failures(account.Key); n != 1 {
		t.Errorf("failures = %d after a reset and one failure", n)
	}

	// A window that passed restarts the count.
	fail(account)
	if _, err := db.Pool.Exec(ctx, `UPDATE login_throttle SET window_start = now() - interval '2 hours' WHERE key = $1`,
		account.Key); err != nil {
		t.Fatal(err)
	}
	if _, locked := fail(account); locked {
		t.Error("locked although the window of the earlier failures had passed")
	}
	if n := failures(account.Key); n != 1 {
		t.Errorf("failures = %d after the window passed, want 1", n)
	}
	fail(account)
	if _, locked := fail(account); !locked {
		t.Error("not locked after Max failures in the new window")
	}

	// An expired lock no longer throttles.
	if _, err := db.Pool.Exec(ctx, `UPDATE login_throttle SET locked_until = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if _, locked := throttled(names...); locked {
		t.Error("throttled by an expired lock")
	}
}

func TestMembers(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "a.edu.kz")
	s2 := mkSite(t, db, "school-2", "b.edu.kz")
	owner := mkUser(t, db, "owner@school.kz")
	teacher := mkUser(t, db, "teacher@school.kz")

	add := func(m sitecore.Membership) {
		t.Helper()
		before := audits(t, db)
		a := entry("member.add")
		if err := db.AddMember(ctx, m, a); err != nil {
			t.Fatalf("AddMember(%+v): %v", m, err)
		}
		wantAudited(t, db, before, m.SiteID, a)
	}
	add(sitecore.Membership{SiteID: s.ID, UserID: owner.ID, Role: sitecore.RoleOwner})
	add(sitecore.Membership{SiteID: s.ID, UserID: owner.ID, Role: sitecore.RoleAdmin, AddedBy: owner.ID})
	add(sitecore.Membership{SiteID: s.ID, UserID: teacher.ID, Role: sitecore.RoleTeacher, AddedBy: owner.ID})
	add(sitecore.Membership{SiteID: s.ID, UserID: teacher.ID, Role: sitecore.RoleStudent, AddedBy: owner.ID})
	add(sitecore.Membership{SiteID: s2.ID, UserID: teacher.ID, Role: sitecore.RoleParent})

	// Adding a role the user has changes nothing and is not audited.
	before := audits(t, db)
	if err := db.AddMember(ctx, sitecore.Membership{SiteID: s.ID, UserID: owner.ID, Role: sitecore.RoleOwner}, entry("member.add")); err != nil {
		t.Fatalf("AddMember twice: %v", err)
	}
	wantNoAudit(t, db, before)
	if n := count(t, db, "SELECT count(*) FROM site_members"); n != 5 {
		t.Errorf("%d memberships, want 5", n)
	}
	// Without an audit entry the change is stored alone.
	if err := db.AddMember(ctx, sitecore.Membership{SiteID: s2.ID, UserID: owner.ID, Role: sitecore.RoleMember}, nil); err != nil {
		t.Fatalf("AddMember without audit: %v", err)
	}
	wantNoAudit(t, db, before)

	// Unknown users and sites are not found, and nothing is audited.
	wantErr(t, db.AddMember(ctx, sitecore.Membership{SiteID: s.ID, UserID: teacher.ID + 100, Role: sitecore.RoleMember}, entry("member.add")),
		sitecore.ENotFound, "", "not_found.user")
	wantErr(t, db.AddMember(ctx, sitecore.Membership{SiteID: s2.ID + 100, UserID: teacher.ID, Role: sitecore.RoleMember}, entry("member.add")),
		sitecore.ENotFound, "", "not_found.site")
	wantNoAudit(t, db, before)

	ms, err := db.Memberships(ctx, owner.ID)
	if err != nil {
		t.Fatalf("Memberships: %v", err)
	}
	type role struct {
		site int64
		role sitecore.SiteRole
	}
	roles := func(ms []sitecore.Membership) []role {
		var out []role
		for _, m := range ms {
			out = append(out, role{m.SiteID, m.Role})
		}
		return out
	}
	if want := []role{{s.ID, "owner"}, {s.ID, "admin"}, {s2.ID, "member"}}; !slices.Equal(roles(ms), want) {
		t.Errorf("Memberships = %v, want %v", roles(ms), want)
	}
	if m := ms[1]; m.UserID != owner.ID || m.AddedBy != owner.ID || m.Email != owner.Email || m.FullName != owner.FullName || m.CreatedAt.IsZero() {
		t.Errorf("membership = %+v", m)
	}
	if ms[0].AddedBy != 0 {
		t.Errorf("AddedBy = %d for a membership added by nobody", ms[0].AddedBy)
	}

	members, err := db.SiteMembers(ctx, s.ID)
	if err != nil {
		t.Fatalf("SiteMembers: %v", err)
	}
	if len(members) != 4 {
		t.Fatalf("SiteMembers = %+v, want 4 roles", members)
	}
	for _, m := range members {
		if m.SiteID != s.ID || m.Email == "" || m.FullName == "" {
			t.Errorf("member = %+v", m)
		}
	}

	remove := func(site, user int64, roles ...sitecore.SiteRole) error {
		t.Helper()
		before := audits(t, db)
		a := entry("member.remove")
		err := db.RemoveMember(ctx, site, user, roles, a)
		if err == nil {
			wantAudited(t, db, before, site, a)
		} else {
			wantNoAudit(t, db, before)
		}
		return err
	}
	has := func(site, user int64, r sitecore.SiteRole) bool {
		t.Helper()
		return count(t, db, "SELECT count(*) FROM site_members WHERE site_id = $1 AND user_id = $2 AND role = $3",
			site, user, string(r)) == 1
	}

	// No roles removes everything but owner; the owner stays.
	if err := remove(s.ID, owner.ID); err != nil {
		t.Fatalf("RemoveMember(owner, all): %v", err)
	}
	if !has(s.ID, owner.ID, sitecore.RoleOwner) || has(s.ID, owner.ID, sitecore.RoleAdmin) {
		t.Error("RemoveMember without roles: want owner kept and admin removed")
	}
	wantErr(t, remove(s.ID, owner.ID), sitecore.ENotFound, "", "not_found.member")
	if !has(s.ID, owner.ID, sitecore.RoleOwner) {
		t.Error("RemoveMember without roles removed the owner")
	}

	// Named roles go, others stay.
	if err := remove(s.ID, teacher.ID, sitecore.RoleTeacher); err != nil {
		t.Fatalf("RemoveMember(teacher): %v", err)
	}
	if has(s.ID, teacher.ID, sitecore.RoleTeacher) || !has(s.ID, teacher.ID, sitecore.RoleStudent) || !has(s2.ID, teacher.ID, sitecore.RoleParent) {
		t.Error("RemoveMember(teacher) removed the wrong roles")
	}
	wantErr(t, remove(s.ID, teacher.ID, sitecore.RoleTeacher), sitecore.ENotFound, "", "not_found.member")
	// A role in another site is not this site's.
	wantErr(t, remove(s.ID, teacher.ID, sitecore.RoleParent), sitecore.ENotFound, "", "not_found.member")
	wantErr(t, remove(s.ID, teacher.ID+100), sitecore.ENotFound, "", "not_found.member")

	// The owner role goes only when named.
	if err := remove(s.ID, owner.ID, sitecore.RoleOwner); err != nil {
		t.Fatalf("RemoveMember(owner, owner): %v", err)
	}
	if has(s.ID, owner.ID, sitecore.RoleOwner) {
		t.Error("named owner role not removed")
	}
}

func TestDelegations(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s1 := mkSite(t, db, "school-1", "a.edu.kz")
	s2 := mkSite(t, db, "school-2", "b.edu.kz")
	u := mkUser(t, db, "u@school.kz")
	v := mkUser(t, db, "v@school.kz")

	grant := func(d sitecore.Delegation) sitecore.Delegation {
		t.Helper()
		before := audits(t, db)
		a := entry("delegation.grant")
		if err := db.Grant(ctx, &d, a); err != nil {
			t.Fatalf("Grant: %v", err)
		}
		if d.ID <= 0 || d.CreatedAt.IsZero() {
			t.Fatalf("Grant did not fill ID/CreatedAt: %+v", d)
		}
		wantAudited(t, db, before, d.SiteID, a)
		return d
	}
	d1 := grant(sitecore.Delegation{SiteID: s1.ID, UserID: u.ID, Section: sitecore.SectionPages, Action: sitecore.ActionEdit, PageKey: "about", GrantedBy: v.ID})
	d2 := grant(sitecore.Delegation{SiteID: s1.ID, UserID: v.ID, Section: sitecore.SectionNews, Action: sitecore.ActionPublish})
	d3 := grant(sitecore.Delegation{SiteID: s2.ID, UserID: u.ID, Section: sitecore.SectionNews, Action: sitecore.ActionView, GrantedBy: v.ID})

	ids := func(ds []sitecore.Delegation, err error) []int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}
	if got, want := ids(db.Delegations(ctx, s1.ID, 0)), []int64{d1.ID, d2.ID}; !slices.Equal(got, want) {
		t.Errorf("Delegations(s1, everyone) = %v, want %v", got, want)
	}
	if got, want := ids(db.Delegations(ctx, s1.ID, u.ID)), []int64{d1.ID}; !slices.Equal(got, want) {
		t.Errorf("Delegations(s1, u) = %v, want %v", got, want)
	}
	if got, want := ids(db.UserDelegations(ctx, u.ID)), []int64{d1.ID, d3.ID}; !slices.Equal(got, want) {
		t.Errorf("UserDelegations(u) = %v, want %v", got, want)
	}
	ds, err := db.Delegations(ctx, s1.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g := ds[0]; g.SiteID != s1.ID || g.UserID != u.ID || g.Section != sitecore.SectionPages || g.Action != sitecore.ActionEdit ||
		g.PageKey != "about" || g.GrantedBy != v.ID || !g.CreatedAt.Equal(d1.CreatedAt) {
		t.Errorf("delegation = %+v, want %+v", g, d1)
	}
	if ds, _ := db.Delegations(ctx, s1.ID, v.ID); len(ds) != 1 || ds[0].GrantedBy != 0 || ds[0].PageKey != "" {
		t.Errorf("delegation without grantor or page = %+v", ds)
	}

	// Revoking another site's delegation is not found and leaves it.
	before := audits(t, db)
	wantErr(t, db.Revoke(ctx, s2.ID, d1.ID, entry("delegation.revoke")), sitecore.ENotFound, "", "not_found.delegation")
	wantNoAudit(t, db, before)
	if got := ids(db.Delegations(ctx, s1.ID, u.ID)); !slices.Equal(got, []int64{d1.ID}) {
		t.Fatalf("delegation revoked through another site: %v", got)
	}

	a := entry("delegation.revoke")
	if err := db.Revoke(ctx, s1.ID, d1.ID, a); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	wantAudited(t, db, before, s1.ID, a)
	if got := ids(db.Delegations(ctx, s1.ID, u.ID)); len(got) != 0 {
		t.Errorf("revoked delegation still listed: %v", got)
	}
	if got := ids(db.UserDelegations(ctx, u.ID)); !slices.Equal(got, []int64{d3.ID}) {
		t.Errorf("UserDelegations after revoke = %v", got)
	}
	before = audits(t, db)
	wantErr(t, db.Revoke(ctx, s1.ID, d1.ID, entry("delegation.revoke")), sitecore.ENotFound, "", "not_found.delegation")
	wantErr(t, db.Revoke(ctx, s1.ID, d3.ID+100, entry("delegation.revoke")), sitecore.ENotFound, "", "not_found.delegation")
	wantNoAudit(t, db, before)

	// A failed grant stores nothing, audits nothing and hands out no ID.
	bad := sitecore.Delegation{SiteID: s1.ID, UserID: v.ID + 100, Section: sitecore.SectionNews, Action: sitecore.ActionView}
	ba := entry("delegation.grant")
	wantErr(t, db.Grant(ctx, &bad, ba), sitecore.ENotFound, "", "not_found.user")
	if bad.ID != 0 || ba.ID != 0 {
		t.Errorf("failed Grant left IDs: delegation %d audit %d", bad.ID, ba.ID)
	}
	wantNoAudit(t, db, before)
	if n := count(t, db, "SELECT count(*) FROM delegations"); n != 3 {
		t.Errorf("%d delegation rows, want 3", n)
	}
}

func TestAuditLog(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s1 := mkSite(t, db, "school-1", "a.edu.kz")
	s2 := mkSite(t, db, "school-2", "b.edu.kz")

	var ids []int64
	for i := range 5 {
		a := entry("page.publish")
		a.SiteID = s1.ID
		a.Target = "page:" + string(rune('a'+i))
		if err := db.Audit(ctx, a); err != nil {
			t.Fatalf("Audit: %v", err)
		}
		if a.ID <= 0 || a.CreatedAt.IsZero() {
			t.Fatalf("Audit did not fill the entry: %+v", a)
		}
		ids = append(ids, a.ID)
	}
	other := &sitecore.AuditEntry{SiteID: s2.ID, Action: "x", IP: "2001:db8::1"}
	if err := db.Audit(ctx, other); err != nil {
		t.Fatal(err)
	}
	// A platform-wide entry belongs to no site.
	if err := db.Audit(ctx, &sitecore.AuditEntry{Action: "platform.role", ActorID: 0, ActorName: "bootstrap"}); err != nil {
		t.Fatalf("Audit without a site: %v", err)
	}

	list := func(site, before int64, limit int) []int64 {
		t.Helper()
		es, err := db.AuditLog(ctx, site, before, limit)
		if err != nil {
			t.Fatalf("AuditLog: %v", err)
		}
		var out []int64
		for _, e := range es {
			if e.SiteID != site {
				t.Errorf("entry %d of site %d in the log of site %d", e.ID, e.SiteID, site)
			}
			out = append(out, e.ID)
		}
		return out
	}
	newest := slices.Clone(ids)
	slices.Reverse(newest)
	if got := list(s1.ID, 0, 0); !slices.Equal(got, newest) {
		t.Errorf("AuditLog = %v, want %v", got, newest)
	}
	if got := list(s1.ID, 0, 2); !slices.Equal(got, newest[:2]) {
		t.Errorf("AuditLog(limit 2) = %v, want %v", got, newest[:2])
	}
	if got := list(s1.ID, newest[1], 2); !slices.Equal(got, newest[2:4]) {
		t.Errorf("AuditLog(before %d) = %v, want %v", newest[1], got, newest[2:4])
	}
	if got := list(s1.ID, ids[0], 10); len(got) != 0 {
		t.Errorf("AuditLog before the first = %v", got)
	}
	if got := list(s2.ID, 0, 10); !slices.Equal(got, []int64{other.ID}) {
		t.Errorf("AuditLog(s2) = %v", got)
	}
	es, err := db.AuditLog(ctx, s2.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if e := es[0]; e.IP != "2001:db8::1" || e.Action != "x" || e.ActorID != 0 || len(e.Details) != 0 {
		t.Errorf("entry = %+v", e)
	}

	if _, err := db.Pool.Exec(ctx, `INSERT INTO audit_log (site_id, action) SELECT $1, 'bulk' FROM generate_series(1, 250)`, s1.ID); err != nil {
		t.Fatal(err)
	}
	if got := list(s1.ID, 0, 1000); len(got) != 200 {
		t.Errorf("AuditLog(limit 1000) returned %d entries, want the cap of 200", len(got))
	}
}

func TestParentLinks(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "a.edu.kz")
	parent := mkUser(t, db, "parent@x.kz")
	child := mkUser(t, db, "child@x.kz")
	other := mkUser(t, db, "other@x.kz")

	l := &sitecore.ParentLink{ParentID: parent.ID, ChildID: child.ID}
	if err := db.CreateParentLink(ctx, l); err != nil {
		t.Fatalf("CreateParentLink: %v", err)
	}
	if l.ID <= 0 || l.CreatedAt.IsZero() || l.ConfirmedAt != nil || l.ConfirmedBy != "" {
		t.Fatalf("link = %+v", l)
	}
	again := &sitecore.ParentLink{ParentID: parent.ID, ChildID: child.ID}
	if err := db.CreateParentLink(ctx, again); err != nil {
		t.Fatalf("CreateParentLink again: %v", err)
	}
	if again.ID != l.ID || !again.CreatedAt.Equal(l.CreatedAt) {
		t.Errorf("repeat = %+v, want the existing link %+v", again, l)
	}

	wantErr(t, db.CreateParentLink(ctx, &sitecore.ParentLink{ParentID: child.ID, ChildID: child.ID}),
		sitecore.EInvalid, "child_id", "parent_link.self")
	wantErr(t, db.CreateParentLink(ctx, &sitecore.ParentLink{ParentID: parent.ID, ChildID: other.ID + 100}),
		sitecore.ENotFound, "", "not_found.user")

	got, err := db.FindParentLink(ctx, l.ID)
	if err != nil {
		t.Fatalf("FindParentLink: %v", err)
	}
	if got.ID != l.ID || got.ParentID != parent.ID || got.ChildID != child.ID || got.ConfirmedAt != nil {
		t.Errorf("FindParentLink = %+v", got)
	}
	_, err = db.FindParentLink(ctx, l.ID+100)
	wantErr(t, err, sitecore.ENotFound, "", "not_found.parent_link")

	before := audits(t, db)
	a := entry("parent_link.confirm")
	a.SiteID = s.ID
	if err := db.ConfirmParentLink(ctx, l.ID, "child", a); err != nil {
		t.Fatalf("ConfirmParentLink: %v", err)
	}
	wantAudited(t, db, before, s.ID, a)
	got, err = db.FindParentLink(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ConfirmedBy != "child" || got.ConfirmedAt == nil {
		t.Fatalf("confirmed link = %+v", got)
	}
	// Confirming again changes nothing and is not audited.
	before = audits(t, db)
	if err := db.ConfirmParentLink(ctx, l.ID, "site:1", entry("parent_link.confirm")); err != nil {
		t.Errorf("ConfirmParentLink again: %v", err)
	}
	wantNoAudit(t, db, before)
	if again, _ := db.FindParentLink(ctx, l.ID); again.ConfirmedBy != "child" || !again.ConfirmedAt.Equal(*got.ConfirmedAt) {
		t.Errorf("second confirmation changed the link: %+v", again)
	}
	wantErr(t, db.ConfirmParentLink(ctx, l.ID+100, "child", entry("parent_link.confirm")), sitecore.ENotFound, "", "not_found.parent_link")
	wantNoAudit(t, db, before)

	// A repeat request after confirmation returns the confirmed link.
	again = &sitecore.ParentLink{ParentID: parent.ID, ChildID: child.ID}
	if err := db.CreateParentLink(ctx, again); err != nil {
		t.Fatal(err)
	}
	if again.ID != l.ID || again.ConfirmedBy != "child" || again.ConfirmedAt == nil {
		t.Errorf("repeat after confirmation = %+v", again)
	}

	second := &sitecore.ParentLink{ParentID: other.ID, ChildID: child.ID}
	if err := db.CreateParentLink(ctx, second); err != nil {
		t.Fatal(err)
	}
	linkIDs := func(user int64) []int64 {
		t.Helper()
		ls, err := db.ParentLinks(ctx, user)
		if err != nil {
			t.Fatalf("ParentLinks: %v", err)
		}
		var out []int64
		for _, l := range ls {
			out = append(out, l.ID)
		}
		return out
	}
	if got := linkIDs(parent.ID); !slices.Equal(got, []int64{l.ID}) {
		t.Errorf("ParentLinks(parent) = %v", got)
	}
	if got := linkIDs(child.ID); !slices.Equal(got, []int64{l.ID, second.ID}) {
		t.Errorf("ParentLinks(child) = %v, want %v", got, []int64{l.ID, second.ID})
	}
	if got := linkIDs(other.ID); !slices.Equal(got, []int64{second.ID}) {
		t.Errorf("ParentLinks(other) = %v", got)
	}
}

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "a.edu.kz")
	u := mkUser(t, db, "u@x.kz")
	v := mkUser(t, db, "v@x.kz")

	tok := &sitecore.APIToken{UserID: u.ID, SiteID: s.ID, Name: "CI"}
	if err := db.CreateAPIToken(ctx, hash("secret"), tok); err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	if tok.ID <= 0 || tok.CreatedAt.IsZero() {
		t.Fatalf("token = %+v", tok)
	}
	wantErr(t, db.CreateAPIToken(ctx, hash("other"), &sitecore.APIToken{UserID: u.ID, SiteID: s.ID + 100, Name: "x"}),
		sitecore.ENotFound, "", "not_found.site")

	got, err := db.FindAPIToken(ctx, hash("secret"))
	if err != nil {
		t.Fatalf("FindAPIToken: %v", err)
	}
	if got.ID != tok.ID || got.UserID != u.ID || got.SiteID != s.ID || got.Name != "CI" || got.RevokedAt != nil || got.LastUsedAt == nil {
		t.Fatalf("FindAPIToken = %+v", got)
	}
	first := *got.LastUsedAt
	// Within a minute the use is not written again.
	got, err = db.FindAPIToken(ctx, hash("secret"))
	if err != nil {
		t.Fatal(err)
	}
	if got.LastUsedAt == nil || !got.LastUsedAt.Equal(first) {
		t.Errorf("LastUsedAt = %v, want the first use %v", got.LastUsedAt, first)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = now() - interval '5 minutes'`); err != nil {
		t.Fatal(err)
	}
	got, err = db.FindAPIToken(ctx, hash("secret"))
	if err != nil {
		t.Fatal(err)
	}
	if got.LastUsedAt == nil || got.LastUsedAt.Before(first) {
		t.Errorf("LastUsedAt = %v after an old use, want renewed (>= %v)", got.LastUsedAt, first)
	}
	_, err = db.FindAPIToken(ctx, hash("unknown"))
	wantErr(t, err, sitecore.ENotFound, "", "not_found.token")

	ts, err := db.APITokens(ctx, u.ID)
	if err != nil || len(ts) != 1 || ts[0].ID != tok.ID || ts[0].Name != "CI" {
		t.Fatalf("APITokens(u) = %+v, %v", ts, err)
	}
	if ts, err := db.APITokens(ctx, v.ID); err != nil || len(ts) != 0 {
		t.Errorf("APITokens(v) = %+v, %v", ts, err)
	}

	// Another user cannot revoke it.
	wantErr(t, db.RevokeAPIToken(ctx, v.ID, tok.ID), sitecore.ENotFound, "", "not_found.token")
	if _, err := db.FindAPIToken(ctx, hash("secret")); err != nil {
		t.Fatalf("token unusable after another user's revoke: %v", err)
	}
	if err := db.RevokeAPIToken(ctx, u.ID, tok.ID); err != nil {
		t.Fatalf("RevokeAPIToken: %v", err)
	}
	_, err = db.FindAPIToken(ctx, hash("secret"))
	wantErr(t, err, sitecore.ENotFound, "", "not_found.token")
	ts, err = db.APITokens(ctx, u.ID)
	if err != nil || len(ts) != 1 || ts[0].RevokedAt == nil {
		t.Errorf("APITokens after revoke = %+v, %v; want the token with RevokedAt", ts, err)
	}
	if err := db.RevokeAPIToken(ctx, u.ID, tok.ID); err != nil {
		t.Errorf("RevokeAPIToken twice: %v", err)
	}
	wantErr(t, db.RevokeAPIToken(ctx, u.ID, tok.ID+100), sitecore.ENotFound, "", "not_found.token")
}

func TestOrgUnits(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "a.edu.kz")

	region := &sitecore.OrgUnit{Kind: "region", Names: map[sitecore.Lang]string{"kk": "Алматы облысы", "ru": "Алматинская область"}}
	if err := db.CreateOrgUnit(ctx, region); err != nil {
		t.Fatalf("CreateOrgUnit(region): %v", err)
	}
	district := &sitecore.OrgUnit{ParentID: &region.ID, Kind: "district", Names: map[sitecore.Lang]string{"kk": "Қарасай ауданы"}}
	if err := db.CreateOrgUnit(ctx, district); err != nil {
		t.Fatalf("CreateOrgUnit(district): %v", err)
	}
	if region.ID <= 0 || district.ID <= 0 || region.ID == district.ID {
		t.Fatalf("IDs %d %d", region.ID, district.ID)
	}
	missing := region.ID + 100
	wantErr(t, db.CreateOrgUnit(ctx, &sitecore.OrgUnit{ParentID: &missing, Kind: "city", Names: map[sitecore.Lang]string{"kk": "x"}}),
		sitecore.EInvalid, "parent_id", "org_unit.parent_missing")

	us, err := db.OrgUnits(ctx)
	if err != nil {
		t.Fatalf("OrgUnits: %v", err)
	}
	if len(us) != 2 {
		t.Fatalf("OrgUnits = %+v", us)
	}
	if u := us[0]; u.ID != region.ID || u.ParentID != nil || u.Kind != "region" || u.Names["ru"] != "Алматинская область" {
		t.Errorf("region = %+v", u)
	}
	if u := us[1]; u.ID != district.ID || u.ParentID == nil || *u.ParentID != region.ID || u.Kind != "district" || u.Names["kk"] != "Қарасай ауданы" {
		t.Errorf("district = %+v", u)
	}

	unitOf := func() int {
		t.Helper()
		return count(t, db, "SELECT COALESCE(org_unit_id, 0) FROM sites WHERE id = $1", s.ID)
	}
	before := audits(t, db)
	a := entry("site.org_unit")
	if err := db.SetSiteOrgUnit(ctx, s.ID, district.ID, a); err != nil {
		t.Fatalf("SetSiteOrgUnit: %v", err)
	}
	wantAudited(t, db, before, s.ID, a)
	if got := unitOf(); int64(got) != district.ID {
		t.Errorf("org_unit_id = %d, want %d", got, district.ID)
	}

	before = audits(t, db)
	wantErr(t, db.SetSiteOrgUnit(ctx, s.ID, missing, entry("site.org_unit")), sitecore.EInvalid, "org_unit_id", "org_unit.unknown")
	wantErr(t, db.SetSiteOrgUnit(ctx, s.ID+100, region.ID, entry("site.org_unit")), sitecore.ENotFound, "", "not_found.site")
	wantNoAudit(t, db, before)
	if got := unitOf(); int64(got) != district.ID {
		t.Errorf("org_unit_id = %d after failed changes, want %d", got, district.ID)
	}
	if err := db.SetSiteOrgUnit(ctx, s.ID, 0, nil); err != nil {
		t.Fatalf("SetSiteOrgUnit(0): %v", err)
	}
	if got := unitOf(); got != 0 {
		t.Errorf("org_unit_id = %d after clearing", got)
	}
}

func TestDomains(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s1 := mkSite(t, db, "school-1", "a.edu.kz")
	s2 := mkSite(t, db, "school-2", "b.edu.kz")

	claim := func(site int64, host, token string) (*sitecore.DomainClaim, error) {
		t.Helper()
		before := audits(t, db)
		a := entry("domain.claim")
		c := &sitecore.DomainClaim{SiteID: site, Host: host, Record: "_mektep." + host, Value: token}
		err := db.CreateDomainClaim(ctx, c, a)
		if err == nil {
			wantAudited(t, db, before, site, a)
		} else {
			wantNoAudit(t, db, before)
		}
		return c, err
	}
	bind := func(site int64, host string) error {
		t.Helper()
		before := audits(t, db)
		a := entry("domain.bind")
		err := db.BindDomain(ctx, site, host, a)
		if err == nil {
			wantAudited(t, db, before, site, a)
		} else {
			wantNoAudit(t, db, before)
		}
		return err
	}
	unbind := func(site int64, host string) error {
		t.Helper()
		before := audits(t, db)
		a := entry("domain.unbind")
		err := db.UnbindDomain(ctx, site, host, a)
		if err == nil {
			wantAudited(t, db, before, site, a)
		} else {
			wantNoAudit(t, db, before)
		}
		return err
	}
	domains := func(site int64) []string {
		t.Helper()
		s, err := db.FindSiteByID(ctx, site)
		if err != nil {
			t.Fatal(err)
		}
		return s.Domains
	}

	// Hosts bound to any site cannot be claimed.
	for _, host := range []string{"a.edu.kz", "b.edu.kz"} {
		_, err := claim(s1.ID, host, "t")
		wantErr(t, err, sitecore.EConflict, "host", "domain.taken")
		if v := sitecore.AsError(err).Args["value"]; v != host {
			t.Errorf("Args[value] = %q", v)
		}
	}

	c, err := claim(s1.ID, "new.kz", "tok1")
	if err != nil {
		t.Fatalf("CreateDomainClaim: %v", err)
	}
	if c.CreatedAt.IsZero() {
		t.Error("CreatedAt not filled")
	}
	got, err := db.FindDomainClaim(ctx, s1.ID, "new.kz")
	if err != nil {
		t.Fatalf("FindDomainClaim: %v", err)
	}
	if got.SiteID != s1.ID || got.Host != "new.kz" || got.Value != "tok1" || got.VerifiedAt != nil || !got.CreatedAt.Equal(c.CreatedAt) ||
		got.Record != sitecore.DomainChallengeName("new.kz") {
		t.Errorf("claim = %+v", got)
	}
	_, err = db.FindDomainClaim(ctx, s2.ID, "new.kz")
	wantErr(t, err, sitecore.ENotFound, "", "not_found.domain_claim")

	// Claiming again renews the token.
	if _, err := claim(s1.ID, "new.kz", "tok2"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindDomainClaim(ctx, s1.ID, "new.kz"); err != nil || got.Value != "tok2" {
		t.Errorf("renewed claim = %+v, %v", got, err)
	}

	// Binding needs the site's own claim.
	wantErr(t, bind(s2.ID, "new.kz"), sitecore.ENotFound, "", "not_found.domain_claim")

	// Serving instances hear of the change.
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN mektep_site_changed"); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(context.Background(), "UNLISTEN mektep_site_changed") //nolint:errcheck

	if err := bind(s1.ID, "new.kz"); err != nil {
		t.Fatalf("BindDomain: %v", err)
	}
	wctx, cancel := context.WithTimeout(ctx, waitFor)
	n, err := conn.Conn().WaitForNotification(wctx)
	cancel()
	if err != nil {
		t.Fatalf("no notification after BindDomain: %v", err)
	}
	if n.Payload != strconv.FormatInt(s1.ID, 10) {
		t.Errorf("notification payload %q, want %d", n.Payload, s1.ID)
	}
	if got := domains(s1.ID); !slices.Equal(got, []string{"a.edu.kz", "new.kz"}) {
		t.Errorf("domains = %q", got)
	}
	if got, err := db.FindDomainClaim(ctx, s1.ID, "new.kz"); err != nil || got.VerifiedAt == nil {
		t.Errorf("claim after binding = %+v, %v; want verified", got, err)
	}
	_, err = db.FindActiveSiteByHost(ctx, "new.kz")
	wantErr(t, err, sitecore.ENotFound, "", "not_found.site")
	if err := db.SetSiteStep(ctx, s1.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}
	if s, err := db.FindActiveSiteByHost(ctx, "new.kz"); err != nil || s.ID != s1.ID {
		t.Fatalf("FindActiveSiteByHost(new.kz) = %+v, %v", s, err)
	}

	// A host bound to another site meanwhile is a conflict, and the claim stays unverified.
	if _, err := claim(s2.ID, "race.kz", "r2"); err != nil {
		t.Fatal(err)
	}
	if _, err := claim(s1.ID, "race.kz", "r1"); err != nil {
		t.Fatal(err)
	}
	if err := bind(s1.ID, "race.kz"); err != nil {
		t.Fatal(err)
	}
	err = bind(s2.ID, "race.kz")
	wantErr(t, err, sitecore.EConflict, "host", "domain.taken")
	if got, err := db.FindDomainClaim(ctx, s2.ID, "race.kz"); err != nil || got.VerifiedAt != nil {
		t.Errorf("losing claim = %+v, %v; want it unverified", got, err)
	}
	if got := domains(s1.ID); !slices.Equal(got, []string{"a.edu.kz", "new.kz", "race.kz"}) {
		t.Errorf("domains = %q", got)
	}
	if got := domains(s2.ID); !slices.Equal(got, []string{"b.edu.kz"}) {
		t.Errorf("domains of the losing site = %q", got)
	}

	// Unbinding.
	err = unbind(s2.ID, "b.edu.kz")
	wantErr(t, err, sitecore.EConflict, "host", "domain.last")
	if got := domains(s2.ID); !slices.Equal(got, []string{"b.edu.kz"}) {
		t.Errorf("last host removed: %q", got)
	}
	wantErr(t, unbind(s1.ID, "b.edu.kz"), sitecore.ENotFound, "", "not_found.domain")
	wantErr(t, unbind(s1.ID, "nowhere.kz"), sitecore.ENotFound, "", "not_found.domain")

	if err := unbind(s1.ID, "a.edu.kz"); err != nil {
		t.Fatalf("UnbindDomain: %v", err)
	}
	wctx, cancel = context.WithTimeout(ctx, waitFor)
	n, err = conn.Conn().WaitForNotification(wctx)
	cancel()
	if err != nil || n.Payload != strconv.FormatInt(s1.ID, 10) {
		t.Errorf("notification after UnbindDomain = %+v, %v", n, err)
	}
	if got := domains(s1.ID); !slices.Equal(got, []string{"new.kz", "race.kz"}) {
		t.Errorf("domains after unbinding = %q", got)
	}
	_, err = db.FindActiveSiteByHost(ctx, "a.edu.kz")
	wantErr(t, err, sitecore.ENotFound, "", "")
	if s, err := db.FindActiveSiteByHost(ctx, "race.kz"); err != nil || s.ID != s1.ID {
		t.Errorf("FindActiveSiteByHost(race.kz) = %+v, %v", s, err)
	}

	// Unbinding drops the claim, so binding again needs a new proof.
	if err := unbind(s1.ID, "new.kz"); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindDomainClaim(ctx, s1.ID, "new.kz")
	wantErr(t, err, sitecore.ENotFound, "", "not_found.domain_claim")
	wantErr(t, unbind(s1.ID, "race.kz"), sitecore.EConflict, "host", "domain.last")
	// The freed host may be claimed by another site.
	if _, err := claim(s2.ID, "new.kz", "t"); err != nil {
		t.Errorf("claim of a freed host: %v", err)
	}
}

// A key that keeps failing after its lock ends is locked again for twice as long, up to
// MaxLock; once quiet for MaxLock after its last lock it starts from LockFor again. Hit
// refuses events of a locked key without counting them.
func TestThrottleBackoff(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	k := sitecore.ThrottleKey{Key: "login:a@school.kz|192.0.2.9", Max: 2, Window: time.Hour, LockFor: time.Minute, MaxLock: 5 * time.Minute}
	lockFor := func() time.Duration {
		t.Helper()
		until, locked, err := db.RecordLoginFailure(ctx, []sitecore.ThrottleKey{k})
		if err != nil || !locked {
			t.Fatalf("RecordLoginFailure: locked %v, %v", locked, err)
		}
		return time.Until(until).Round(time.Minute)
	}
	expire := func(ago string) {
		t.Helper()
		if _, err := db.Pool.Exec(ctx, `UPDATE login_throttle SET locked_until = now() - $2::interval WHERE key = $1`, k.Key, ago); err != nil {
			t.Fatal(err)
		}
	}
	if _, locked, _ := db.RecordLoginFailure(ctx, []sitecore.ThrottleKey{k}); locked {
		t.Fatal("locked after one failure of two")
	}
	for i, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute} {
		if got := lockFor(); got != want {
			t.Errorf("lock %d: %v, want %v", i+1, got, want)
		}
		expire("1 second")
	}
	expire("6 minutes") // quiet for longer than MaxLock: forgiven
	if got := lockFor(); got != time.Minute {
		t.Errorf("after a quiet spell: %v, want %v", got, time.Minute)
	}

	// Hit: events pass until a key locks; a locked key refuses without counting.
	h := sitecore.ThrottleKey{Key: "apply:42", Max: 3, Window: time.Hour, LockFor: time.Minute}
	for i := 1; i <= 3; i++ {
		if _, limited, err := db.Hit(ctx, []sitecore.ThrottleKey{h}); err != nil || limited {
			t.Fatalf("hit %d: limited %v, %v", i, limited, err)
		}
	}
	if _, limited, _ := db.Hit(ctx, []sitecore.ThrottleKey{h}); !limited {
		t.Error("the fourth hit passed")
	}
	if n := count(t, db, "SELECT failures FROM login_throttle WHERE key = $1", h.Key); n != 3 {
		t.Errorf("refused hits were counted: %d", n)
	}
}
