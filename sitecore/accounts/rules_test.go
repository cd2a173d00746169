package accounts

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// keyOf returns the domain error's key and field ("" for nil).
func keyOf(err error) (string, string) {
	if err == nil {
		return "", ""
	}
	e := sitecore.AsError(err)
	return e.Key, e.Field
}

func TestParseEmail(t *testing.T) {
	for _, tt := range []struct {
		in, want, key string
	}{
		{"  Aigerim.K@Mektep.KZ ", "aigerim.k@mektep.kz", ""},
		{"", "", "field.required"},
		{"aigerim", "", "email.invalid"},
		{"aigerim@localhost", "", "email.invalid"},        // no dot in the domain
		{"Aigerim <a@mektep.kz>", "", "email.invalid"},    // a name is not an address
		{"a@mektep.kz, b@mektep.kz", "", "email.invalid"}, // one address only
		{strings.Repeat("a", 250) + "@m.kz", "", "email.invalid"},
	} {
		got, err := ParseEmail("email", tt.in)
		key, field := keyOf(err)
		if key != tt.key || got != tt.want || (err != nil && field != "email") {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q, key %q", tt.in, got, err, tt.want, tt.key)
		}
	}
}

func TestParseNameAndLang(t *testing.T) {
	for _, tt := range []struct {
		in, want, key string
	}{
		{" Әлия Серікқызы ", "Әлия Серікқызы", ""},
		{"   ", "", "field.required"},
		{strings.Repeat("Ә", maxNameLen), strings.Repeat("Ә", maxNameLen), ""},
		{strings.Repeat("Ә", maxNameLen+1), "", "field.too_long"},
	} {
		got, err := parseName("full_name", tt.in)
		if key, _ := keyOf(err); key != tt.key || got != tt.want {
			t.Errorf("parseName(%.20q) = %.20q, %v; want key %q", tt.in, got, err, tt.key)
		}
	}
	for _, tt := range []struct {
		in   string
		want sitecore.Lang
		key  string
	}{
		{"", sitecore.Kazakh, ""}, // the default
		{"RU", sitecore.Russian, ""},
		{"en", sitecore.English, ""},
		{"de", "de", ""}, // a site language, not only a core one
		{"xx", "", "lang.unsupported"},
	} {
		got, err := parseUserLang("lang", tt.in)
		if key, _ := keyOf(err); key != tt.key || got != tt.want {
			t.Errorf("parseUserLang(%q) = %q, %v; want %q, key %q", tt.in, got, err, tt.want, tt.key)
		}
	}
}

// TestPrincipalOf checks that a school's roles and delegations count only once the account's
// address is verified.
func TestPrincipalOf(t *testing.T) {
	ms := []sitecore.Membership{{SiteID: 5, Role: sitecore.RoleAdmin}, {SiteID: 5, Role: sitecore.RoleTeacher}, {SiteID: 6, Role: sitecore.RoleParent}}
	ds := []sitecore.Delegation{{SiteID: 6}}
	u := &sitecore.User{ID: 1, Email: "a@mektep.kz"}
	if p := principalOf(u, ms, ds); len(p.Roles) != 0 || len(p.Delegations) != 0 || p.HasRole(5, sitecore.RoleAdmin) || !p.LoggedIn() {
		t.Errorf("unverified principal = %+v: it must be logged in with no school roles", p)
	}
	u.EmailVerified = true
	p := principalOf(u, ms, ds)
	if !p.HasRole(5, sitecore.RoleAdmin) || !p.HasRole(5, sitecore.RoleTeacher) || !p.HasRole(6, sitecore.RoleParent) ||
		p.HasRole(6, sitecore.RoleAdmin) || len(p.Delegations[6]) != 1 {
		t.Errorf("verified principal = %+v", p)
	}
}

// TestRelationOf checks who may see a profile and how much of it.
func TestRelationOf(t *testing.T) {
	confirmed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	child := &sitecore.User{ID: 10, Visibility: sitecore.VisibilityPublic}
	childMs := []sitecore.Membership{{SiteID: 5, UserID: 10, Role: sitecore.RoleStudent}}
	teacher := &sitecore.User{ID: 20, Visibility: sitecore.VisibilityMembers}
	teacherMs := []sitecore.Membership{{SiteID: 5, UserID: 20, Role: sitecore.RoleTeacher}}
	hidden := &sitecore.User{ID: 30, Visibility: sitecore.VisibilityHidden}
	links := []sitecore.ParentLink{{ParentID: 40, ChildID: 10, ConfirmedAt: &confirmed}, {ParentID: 41, ChildID: 10}}

	school := func(id int64, role sitecore.SiteRole) *sitecore.Principal {
		return &sitecore.Principal{UserID: id, Roles: map[int64][]sitecore.SiteRole{5: {role}}}
	}
	other := &sitecore.Principal{UserID: 99, Roles: map[int64][]sitecore.SiteRole{6: {sitecore.RoleAdmin}}}
	op := &sitecore.Principal{UserID: 98, PlatformRole: sitecore.PlatformOperator}
	tests := []struct {
		name          string
		viewer        *sitecore.Principal
		u             *sitecore.User
		ms            []sitecore.Membership
		links         []sitecore.ParentLink
		view, all, po bool
	}{
		{"the user themself", &sitecore.Principal{UserID: 30}, hidden, nil, nil, true, true, false},
		{"an operator", op, hidden, nil, nil, true, true, false},
		{"anyone, a hidden profile", other, hidden, nil, nil, false, false, false},
		{"the confirmed parent", &sitecore.Principal{UserID: 40}, child, childMs, links, true, false, true},
		{"an unconfirmed parent", &sitecore.Principal{UserID: 41}, child, childMs, links, false, false, false},
		{"a stranger, a public child", other, child, childMs, links, false, false, false}, // children are never public
		{"a teacher of the child's school", school(21, sitecore.RoleTeacher), child, childMs, links, true, false, false},
		{"a parent in the child's school", school(42, sitecore.RoleParent), child, childMs, links, false, false, false},
		{"anonymous, a members-only teacher", sitecore.Anonymous, teacher, teacherMs, nil, false, false, false},
		{"a member of the teacher's school", school(43, sitecore.RoleParent), teacher, teacherMs, nil, true, false, false},
		{"anonymous, a public adult", sitecore.Anonymous, &sitecore.User{ID: 50, Visibility: sitecore.VisibilityPublic}, nil, nil, true, false, false},
	}
	for _, tt := range tests {
		r := relationOf(tt.viewer, tt.u, tt.ms, tt.links)
		if r.mayView != tt.view || r.all != tt.all || r.parentOf != tt.po {
			t.Errorf("%s: %+v; want view %v all %v parent %v", tt.name, r, tt.view, tt.all, tt.po)
		}
	}
	// A public teacher's profile shows the school role to strangers, never a student's or
	// parent's role.
	pub := &sitecore.User{ID: 60, Visibility: sitecore.VisibilityPublic}
	r := relationOf(sitecore.Anonymous, pub, nil, nil)
	if !r.showsRole(sitecore.Anonymous, pub, sitecore.Membership{SiteID: 5, Role: sitecore.RoleTeacher}) ||
		r.showsRole(sitecore.Anonymous, pub, sitecore.Membership{SiteID: 5, Role: sitecore.RoleParent}) {
		t.Error("a public profile's roles: teacher shown, parent hidden")
	}
}

func TestRequireOperator(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    *sitecore.Principal
		want string
	}{
		{"operator", &sitecore.Principal{UserID: 1, PlatformRole: sitecore.PlatformOperator}, ""},
		{"operator's site token", &sitecore.Principal{UserID: 1, PlatformRole: sitecore.PlatformOperator, TokenSite: 3}, sitecore.EForbidden},
		{"support lead", &sitecore.Principal{UserID: 2, PlatformRole: sitecore.PlatformSupportLead}, sitecore.EForbidden},
		{"anonymous", sitecore.Anonymous, sitecore.EUnauthorized},
	} {
		if got := sitecore.ErrorCode(requireOperator(tt.p)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestTokens checks that tokens are random, stored only as their hash, and that API tokens
// are told apart by their prefix.
func TestTokens(t *testing.T) {
	a, ha := NewToken(apiTokenPrefix)
	b, hb := NewToken("")
	if a == b || bytes.Equal(ha, hb) || !bytes.Equal(ha, HashToken(a)) || bytes.Contains(ha, []byte(a)) {
		t.Errorf("tokens %q %q with hashes %x %x", a, b, ha, hb)
	}
	if !IsAPIToken(a) || IsAPIToken(b) {
		t.Errorf("IsAPIToken(%q) and (%q) wrong", a, b)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if e := sitecore.AsError(throttled(now.Add(90*time.Second), now)); e.Code != sitecore.ERateLimited || e.Args["seconds"] != "91" {
		t.Errorf("throttled = %+v", e)
	}
	if e := sitecore.AsError(throttled(now.Add(-time.Second), now)); e.Args["seconds"] != "1" {
		t.Errorf("throttled in the past = %+v, want at least 1 s", e)
	}
}
