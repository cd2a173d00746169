package sitecore

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// wantCode checks that err has the code ("" meaning nil).
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := ErrorCode(err); got != code {
		t.Errorf("error = %v (code %q), want code %q", err, got, code)
	}
}

// delegate returns a user with the delegations on site 1 and nothing else.
func delegate(ds ...Delegation) *Principal {
	for i := range ds {
		ds[i].SiteID, ds[i].UserID, ds[i].ID = 1, 7, int64(i+1)
	}
	return &Principal{UserID: 7, Name: "Delegate", Delegations: map[int64][]Delegation{1: ds}}
}

// member returns a user with the roles on site 1.
func member(roles ...SiteRole) *Principal {
	return &Principal{UserID: 8, Roles: map[int64][]SiteRole{1: roles}}
}

// sectionRes is a whole section as a resource.
func sectionRes(s Section) Resource { return Resource{Section: s} }

// pageRes is a page of the pages section.
func pageRes(path ...string) Resource { return Resource{Section: SectionPages, PagePath: path} }

func TestAccessActionIncludes(t *testing.T) {
	for i, a := range Actions {
		for j, b := range Actions {
			if got, want := a.Includes(b), i >= j; got != want {
				t.Errorf("%s.Includes(%s) = %v, want %v", a, b, got, want)
			}
		}
		// Nothing includes an unknown or empty action, and they include nothing.
		for _, bad := range []Action{"", "admin", "View"} {
			if a.Includes(bad) {
				t.Errorf("%s.Includes(%q) = true", a, bad)
			}
			if bad.Includes(a) {
				t.Errorf("%q.Includes(%s) = true", bad, a)
			}
		}
	}
	if Action("").Includes("") {
		t.Error(`"".Includes("") = true`)
	}
	if !slices.Equal(Actions, []Action{ActionView, ActionEdit, ActionPublish}) {
		t.Errorf("Actions = %v, want view, edit, publish", Actions)
	}
}

func TestAuthorizeDelegationMatrix(t *testing.T) {
	for _, s := range Sections {
		for _, granted := range Actions {
			p := delegate(Delegation{Section: s, Action: granted})
			for _, req := range Actions {
				t.Run(fmt.Sprintf("%s/%s/%s", s, granted, req), func(t *testing.T) {
					want := EForbidden
					if granted.Includes(req) {
						want = ""
					}
					wantCode(t, Authorize(p, 1, req, sectionRes(s)), want)
					// A section-wide delegation covers any item of the section.
					wantCode(t, Authorize(p, 1, req, Resource{Section: s, PagePath: []string{"a", "b"}}), want)
					// Site 2 is not theirs: it does not exist for them.
					wantCode(t, Authorize(p, 2, req, sectionRes(s)), ENotFound)
					// The delegation gives nothing in other sections.
					for _, other := range Sections {
						if other != s {
							wantCode(t, Authorize(p, 1, req, sectionRes(other)), EForbidden)
						}
					}
				})
			}
		}
	}
}

func TestAuthorizePageSubtree(t *testing.T) {
	p := delegate(Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "library"})
	for _, tc := range []struct {
		path []string
		want string
	}{
		{[]string{"library"}, ""},
		{[]string{"library", "books"}, ""},
		{[]string{"library", "books", "new", "2025"}, ""},
		{[]string{"about", "library", "x"}, ""},
		{[]string{"about"}, EForbidden},
		{[]string{"libraryx"}, EForbidden},
		{[]string{"library-old", "books"}, EForbidden},
		{[]string{"about", "xlibrary"}, EForbidden},
		{[]string{"Library"}, EForbidden},
		{[]string{}, EForbidden},
		{nil, EForbidden},
	} {
		t.Run(strings.Join(tc.path, "/"), func(t *testing.T) {
			wantCode(t, Authorize(p, 1, ActionEdit, pageRes(tc.path...)), tc.want)
			wantCode(t, Authorize(p, 1, ActionView, pageRes(tc.path...)), tc.want)
			// edit does not include publish, wherever the page is.
			wantCode(t, Authorize(p, 1, ActionPublish, pageRes(tc.path...)), EForbidden)
			wantCode(t, Authorize(p, 2, ActionView, pageRes(tc.path...)), ENotFound)
		})
	}
}

func TestAuthorizePageLimitCombined(t *testing.T) {
	// Section-wide view plus publish on the library subtree.
	p := delegate(
		Delegation{Section: SectionPages, Action: ActionView},
		Delegation{Section: SectionPages, Action: ActionPublish, PageKey: "library"},
		Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "about"},
	)
	for _, tc := range []struct {
		a    Action
		path []string
		want string
	}{
		{ActionView, nil, ""},
		{ActionView, []string{"news"}, ""},
		{ActionEdit, nil, EForbidden},
		{ActionEdit, []string{"news"}, EForbidden},
		{ActionPublish, []string{"library", "books"}, ""},
		{ActionEdit, []string{"library"}, ""},
		{ActionEdit, []string{"about", "staff"}, ""},
		{ActionPublish, []string{"about", "staff"}, EForbidden},
		// A page under both subtrees gets the stronger grant.
		{ActionPublish, []string{"about", "library"}, ""},
	} {
		t.Run(fmt.Sprintf("%s/%s", tc.a, strings.Join(tc.path, "/")), func(t *testing.T) {
			wantCode(t, Authorize(p, 1, tc.a, pageRes(tc.path...)), tc.want)
		})
	}
}

// A page limit on a delegation outside the pages section cannot be created through the
// service (accounts rejects it with delegation.page_only_pages). Stray data like that is
// ignored everywhere: it allows nothing, does not open the section and is not listed.
func TestAuthorizePageLimitOtherSection(t *testing.T) {
	p := delegate(Delegation{Section: SectionNews, Action: ActionEdit, PageKey: "library"})
	for _, a := range Actions {
		wantCode(t, Authorize(p, 1, a, sectionRes(SectionNews)), EForbidden)
		wantCode(t, Authorize(p, 1, a, Resource{Section: SectionNews, PagePath: []string{"library"}}), EForbidden)
		wantCode(t, Authorize(p, 1, a, pageRes("library")), EForbidden)
	}
	if MayEnterSection(p, 1, SectionNews, ActionEdit) {
		t.Error("MayEnterSection(news, edit) = true for a stray page-limited news delegation")
	}
	if got := Permissions(p, 1); len(got) != 0 {
		t.Errorf("Permissions = %v, want none", got)
	}
	if MayEnterSection(nil, 1, SectionNews, ActionView) {
		t.Error("a nil principal may enter a section")
	}
}

func TestAuthorizeRevokedDelegation(t *testing.T) {
	for _, d := range []Delegation{
		{Section: SectionNews, Action: ActionEdit},
		{Section: SectionPages, Action: ActionEdit, PageKey: "library"},
	} {
		t.Run(string(d.Section), func(t *testing.T) {
			p := delegate(d, Delegation{Section: SectionMedia, Action: ActionView})
			res := Resource{Section: d.Section, PagePath: []string{"library"}}
			wantCode(t, Authorize(p, 1, ActionEdit, res), "")
			// The next request loads the principal without the revoked delegation.
			p.Delegations[1] = slices.DeleteFunc(p.Delegations[1], func(x Delegation) bool { return x.ID == 1 })
			wantCode(t, Authorize(p, 1, ActionEdit, res), EForbidden)
			wantCode(t, Authorize(p, 1, ActionView, res), EForbidden)
			if MayEnterSection(p, 1, d.Section, ActionView) {
				t.Errorf("MayEnterSection(%s) = true after revocation", d.Section)
			}
			if _, ok := Permissions(p, 1)[d.Section]; ok {
				t.Errorf("Permissions lists %s after revocation", d.Section)
			}
			// The remaining delegation still counts, and keeps the site known.
			wantCode(t, Authorize(p, 1, ActionView, sectionRes(SectionMedia)), "")
			// With the last one gone the site is unknown to them.
			p.Delegations[1] = p.Delegations[1][:0]
			wantCode(t, Authorize(p, 1, ActionView, sectionRes(SectionMedia)), ENotFound)
		})
	}
}

func TestAuthorizeRoles(t *testing.T) {
	operator := &Principal{UserID: 1, PlatformRole: PlatformOperator}
	operatorToken := &Principal{UserID: 1, PlatformRole: PlatformOperator, TokenSite: 1}
	operatorTokenOwner := &Principal{UserID: 1, PlatformRole: PlatformOperator, TokenSite: 1,
		Roles: map[int64][]SiteRole{1: {RoleOwner}}}
	support := &Principal{UserID: 2, PlatformRole: PlatformSupport}
	owner := member(RoleOwner)
	admin := member(RoleAdmin)
	ownerAdmin := member(RoleAdmin, RoleOwner)
	tokenOwner := &Principal{UserID: 9, TokenSite: 1,
		Roles: map[int64][]SiteRole{1: {RoleOwner}, 2: {RoleOwner}}}
	tokenDelegate := delegate(Delegation{Section: SectionNews, Action: ActionEdit})
	tokenDelegate.Delegations[2] = []Delegation{{SiteID: 2, Section: SectionNews, Action: ActionPublish}}
	tokenDelegate.TokenSite = 1

	type result struct{ site1, site2 string } // expected codes on the two sites
	all := func(r result) func(Section, Action) result { return func(Section, Action) result { return r } }
	for _, tc := range []struct {
		name string
		p    *Principal
		want func(Section, Action) result
	}{
		{"operator", operator, all(result{"", ""})},
		{"operator with token", operatorToken, all(result{ENotFound, ENotFound})},
		{"operator with token owning site 1", operatorTokenOwner, all(result{"", ENotFound})},
		{"support agent", support, all(result{ENotFound, ENotFound})},
		{"owner", owner, all(result{"", ENotFound})},
		{"owner and admin", ownerAdmin, all(result{"", ENotFound})},
		{"admin", admin, func(s Section, _ Action) result {
			if s == SectionTemplates {
				return result{EForbidden, ENotFound}
			}
			return result{"", ENotFound}
		}},
		{"teacher", member(RoleTeacher), all(result{EForbidden, ENotFound})},
		{"student", member(RoleStudent), all(result{EForbidden, ENotFound})},
		{"parent", member(RoleParent), all(result{EForbidden, ENotFound})},
		{"member", member(RoleMember), all(result{EForbidden, ENotFound})},
		{"all member roles", member(MemberRoles...), all(result{EForbidden, ENotFound})},
		{"anonymous", Anonymous, all(result{ENotFound, ENotFound})},
		{"nil", nil, all(result{ENotFound, ENotFound})},
		{"logged in, no roles", &Principal{UserID: 5}, all(result{ENotFound, ENotFound})},
		{"token on site 1, owner of both", tokenOwner, all(result{"", ENotFound})},
		{"token on site 1, delegate on both", tokenDelegate, func(s Section, a Action) result {
			if s == SectionNews && ActionEdit.Includes(a) {
				return result{"", ENotFound}
			}
			return result{EForbidden, ENotFound}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range Sections {
				for _, a := range Actions {
					want := tc.want(s, a)
					res := Resource{Section: s, PagePath: []string{"about"}}
					if got := ErrorCode(Authorize(tc.p, 1, a, res)); got != want.site1 {
						t.Errorf("site 1 %s %s: code %q, want %q", s, a, got, want.site1)
					}
					if got := ErrorCode(Authorize(tc.p, 2, a, res)); got != want.site2 {
						t.Errorf("site 2 %s %s: code %q, want %q", s, a, got, want.site2)
					}
				}
			}
		})
	}
}

// An admin may still be delegated templates explicitly.
func TestAuthorizeAdminTemplatesDelegation(t *testing.T) {
	p := member(RoleAdmin)
	p.Delegations = map[int64][]Delegation{1: {{SiteID: 1, Section: SectionTemplates, Action: ActionView}}}
	wantCode(t, Authorize(p, 1, ActionView, sectionRes(SectionTemplates)), "")
	wantCode(t, Authorize(p, 1, ActionEdit, sectionRes(SectionTemplates)), EForbidden)
	want := SectionPermission{Action: ActionView}
	if got := Permissions(p, 1)[SectionTemplates]; !permissionEqual(got, want) {
		t.Errorf("Permissions[templates] = %v, want %v", got, want)
	}
}

func TestAuthorizeErrorKeys(t *testing.T) {
	wantError(t, Authorize(Anonymous, 1, ActionView, sectionRes(SectionNews)), ENotFound, "", "not_found.site")
	wantError(t, Authorize(member(RoleTeacher), 1, ActionView, sectionRes(SectionNews)), EForbidden, "", "forbidden")
}

func TestAccessPrincipalHelpers(t *testing.T) {
	if Anonymous.LoggedIn() || (*Principal)(nil).LoggedIn() {
		t.Error("anonymous is logged in")
	}
	if !(&Principal{UserID: 1}).LoggedIn() || !(&Principal{PlatformRole: PlatformOperator}).LoggedIn() {
		t.Error("user or operator token is not logged in")
	}
	if (*Principal)(nil).Operator() || (*Principal)(nil).HasRole(1, RoleOwner) || (*Principal)(nil).Knows(1) {
		t.Error("nil principal has powers")
	}
	p := &Principal{UserID: 1, TokenSite: 1, Roles: map[int64][]SiteRole{1: {RoleTeacher}, 2: {RoleOwner}}}
	if !p.HasRole(1, RoleOwner, RoleTeacher) || p.HasRole(1, RoleOwner) || p.HasRole(2, RoleOwner) {
		t.Error("HasRole ignores the roles or the token site")
	}
	if !p.Knows(1) || p.Knows(2) || p.Knows(3) {
		t.Error("Knows ignores the token site")
	}
}

func TestMayEnterSection(t *testing.T) {
	pageEditor := delegate(
		Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "library"},
		Delegation{Section: SectionNews, Action: ActionView},
	)
	tokenDelegate := delegate(Delegation{Section: SectionNews, Action: ActionEdit})
	tokenDelegate.Delegations[2] = []Delegation{{SiteID: 2, Section: SectionNews, Action: ActionEdit}}
	tokenDelegate.TokenSite = 1
	otherSiteToken := delegate(Delegation{Section: SectionNews, Action: ActionEdit})
	otherSiteToken.TokenSite = 2

	for _, tc := range []struct {
		name string
		p    *Principal
		site int64
		s    Section
		a    Action
		want bool
	}{
		{"page-limited view", pageEditor, 1, SectionPages, ActionView, true},
		{"page-limited edit", pageEditor, 1, SectionPages, ActionEdit, true},
		{"page-limited publish", pageEditor, 1, SectionPages, ActionPublish, false},
		{"section view", pageEditor, 1, SectionNews, ActionView, true},
		{"section edit", pageEditor, 1, SectionNews, ActionEdit, false},
		{"other section", pageEditor, 1, SectionMedia, ActionView, false},
		{"other site", pageEditor, 2, SectionPages, ActionView, false},
		{"token site", tokenDelegate, 1, SectionNews, ActionEdit, true},
		{"outside token site", tokenDelegate, 2, SectionNews, ActionView, false},
		{"token for another site", otherSiteToken, 1, SectionNews, ActionView, false},
		{"owner templates", member(RoleOwner), 1, SectionTemplates, ActionPublish, true},
		{"admin templates", member(RoleAdmin), 1, SectionTemplates, ActionView, false},
		{"admin users", member(RoleAdmin), 1, SectionUsers, ActionPublish, true},
		{"admin other site", member(RoleAdmin), 2, SectionUsers, ActionView, false},
		{"teacher", member(RoleTeacher), 1, SectionNews, ActionView, false},
		{"operator anywhere", &Principal{PlatformRole: PlatformOperator}, 42, SectionTemplates, ActionPublish, true},
		{"anonymous", Anonymous, 1, SectionNews, ActionView, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MayEnterSection(tc.p, tc.site, tc.s, tc.a); got != tc.want {
				t.Errorf("MayEnterSection(site %d, %s, %s) = %v, want %v", tc.site, tc.s, tc.a, got, tc.want)
			}
		})
	}
}

func permissionEqual(a, b SectionPermission) bool {
	return a.Action == b.Action && maps.Equal(a.Pages, b.Pages)
}

func permissionsEqual(a, b map[Section]SectionPermission) bool {
	return maps.EqualFunc(a, b, permissionEqual)
}

// everySection returns the permissions of someone with the action on all sections but except.
func everySection(a Action, except ...Section) map[Section]SectionPermission {
	out := map[Section]SectionPermission{}
	for _, s := range Sections {
		if !slices.Contains(except, s) {
			out[s] = SectionPermission{Action: a}
		}
	}
	return out
}

func TestPermissions(t *testing.T) {
	tokenOwner := member(RoleOwner)
	tokenOwner.TokenSite = 2
	for _, tc := range []struct {
		name string
		p    *Principal
		site int64
		want map[Section]SectionPermission
	}{
		{"operator", &Principal{PlatformRole: PlatformOperator}, 42, everySection(ActionPublish)},
		{"owner", member(RoleOwner), 1, everySection(ActionPublish)},
		{"owner with delegations", func() *Principal {
			p := member(RoleOwner)
			p.Delegations = map[int64][]Delegation{1: {{Section: SectionPages, Action: ActionEdit, PageKey: "library"}}}
			return p
		}(), 1, everySection(ActionPublish)},
		{"admin", member(RoleAdmin), 1, everySection(ActionPublish, SectionTemplates)},
		{"owner, other site", member(RoleOwner), 2, map[Section]SectionPermission{}},
		{"owner, token for another site", tokenOwner, 1, map[Section]SectionPermission{}},
		{"teacher", member(RoleTeacher), 1, map[Section]SectionPermission{}},
		{"anonymous", Anonymous, 1, map[Section]SectionPermission{}},
		{"nil", nil, 1, map[Section]SectionPermission{}},
		{"page edit and news view", delegate(
			Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "library"},
			Delegation{Section: SectionNews, Action: ActionView},
		), 1, map[Section]SectionPermission{
			SectionPages: {Pages: map[string]Action{"library": ActionEdit}},
			SectionNews:  {Action: ActionView},
		}},
		{"delegate, other site", delegate(
			Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "library"},
			Delegation{Section: SectionNews, Action: ActionView},
		), 2, map[Section]SectionPermission{}},
		{"section view, page publish", delegate(
			Delegation{Section: SectionPages, Action: ActionView},
			Delegation{Section: SectionPages, Action: ActionPublish, PageKey: "library"},
		), 1, map[Section]SectionPermission{
			SectionPages: {Action: ActionView, Pages: map[string]Action{"library": ActionPublish}},
		}},
		{"page grant weaker than or equal to the section", delegate(
			Delegation{Section: SectionPages, Action: ActionView, PageKey: "about"},
			Delegation{Section: SectionPages, Action: ActionEdit},
			Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "staff"},
			Delegation{Section: SectionPages, Action: ActionPublish, PageKey: "library"},
		), 1, map[Section]SectionPermission{
			SectionPages: {Action: ActionEdit, Pages: map[string]Action{"library": ActionPublish}},
		}},
		{"section publish hides every page grant", delegate(
			Delegation{Section: SectionPages, Action: ActionPublish, PageKey: "library"},
			Delegation{Section: SectionPages, Action: ActionPublish},
		), 1, map[Section]SectionPermission{
			SectionPages: {Action: ActionPublish},
		}},
		{"strongest grant per page, in any order", delegate(
			Delegation{Section: SectionPages, Action: ActionView, PageKey: "library"},
			Delegation{Section: SectionPages, Action: ActionPublish, PageKey: "library"},
			Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "library"},
			Delegation{Section: SectionPages, Action: ActionEdit, PageKey: "about"},
			Delegation{Section: SectionPages, Action: ActionView, PageKey: "about"},
		), 1, map[Section]SectionPermission{
			SectionPages: {Pages: map[string]Action{"library": ActionPublish, "about": ActionEdit}},
		}},
		{"strongest section grant", delegate(
			Delegation{Section: SectionMedia, Action: ActionView},
			Delegation{Section: SectionMedia, Action: ActionPublish},
			Delegation{Section: SectionMedia, Action: ActionEdit},
		), 1, map[Section]SectionPermission{SectionMedia: {Action: ActionPublish}}},
		{"admin with a templates delegation", func() *Principal {
			p := member(RoleAdmin)
			p.Delegations = map[int64][]Delegation{1: {{Section: SectionTemplates, Action: ActionEdit}}}
			return p
		}(), 1, func() map[Section]SectionPermission {
			m := everySection(ActionPublish, SectionTemplates)
			m[SectionTemplates] = SectionPermission{Action: ActionEdit}
			return m
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Permissions(tc.p, tc.site)
			if got == nil {
				t.Fatal("Permissions = nil, want a map")
			}
			if !permissionsEqual(got, tc.want) {
				t.Errorf("Permissions(site %d) =\n%v\nwant\n%v", tc.site, got, tc.want)
			}
			// Whatever Permissions lists, MayEnterSection agrees with.
			for s, sp := range got {
				a := sp.Action
				for _, pa := range sp.Pages {
					if !a.Includes(pa) {
						a = pa
					}
				}
				if !MayEnterSection(tc.p, tc.site, s, a) {
					t.Errorf("Permissions lists %s %s, MayEnterSection says no", s, a)
				}
			}
		})
	}
}

func TestParseSection(t *testing.T) {
	for _, s := range Sections {
		got, err := ParseSection("section", string(s))
		if err != nil || got != s {
			t.Errorf("ParseSection(%q) = %q, %v", s, got, err)
		}
	}
	for _, bad := range []string{"", "Pages", "page", " pages", "pages ", "template", "admin"} {
		got, err := ParseSection("delegation.section", bad)
		if got != "" {
			t.Errorf("ParseSection(%q) = %q, want empty", bad, got)
		}
		e := wantError(t, err, EInvalid, "delegation.section", "section.unknown")
		if e.Args["value"] != bad {
			t.Errorf("ParseSection(%q) args = %v, want value", bad, e.Args)
		}
	}
}

func TestParseAction(t *testing.T) {
	for _, a := range Actions {
		got, err := ParseAction("action", string(a))
		if err != nil || got != a {
			t.Errorf("ParseAction(%q) = %q, %v", a, got, err)
		}
	}
	for _, bad := range []string{"", "View", "delete", "publish ", "admin"} {
		got, err := ParseAction("act", bad)
		if got != "" {
			t.Errorf("ParseAction(%q) = %q, want empty", bad, got)
		}
		e := wantError(t, err, EInvalid, "act", "action.unknown")
		if e.Args["value"] != bad {
			t.Errorf("ParseAction(%q) args = %v, want value", bad, e.Args)
		}
	}
}

// benchDelegate is a user with roles on 3 sites and 20 delegations on site 1, of which only
// the last allows editing the page a/b/c/d.
func benchDelegate() (*Principal, Resource) {
	var ds []Delegation
	others := []Section{SectionNews, SectionMenu, SectionGalleries, SectionMedia, SectionEvents}
	for i := range 19 {
		d := Delegation{ID: int64(i + 1), SiteID: 1, UserID: 7}
		switch i % 3 {
		case 0: // other sections
			d.Section, d.Action = others[i%len(others)], ActionPublish
		case 1: // pages, too weak
			d.Section, d.Action = SectionPages, ActionView
		case 2: // pages, strong enough but another subtree
			d.Section, d.Action, d.PageKey = SectionPages, ActionPublish, fmt.Sprintf("page-%d", i)
		}
		ds = append(ds, d)
	}
	ds = append(ds, Delegation{ID: 20, SiteID: 1, UserID: 7, Section: SectionPages, Action: ActionEdit, PageKey: "c"})
	p := &Principal{
		UserID:      7,
		Roles:       map[int64][]SiteRole{1: {RoleTeacher}, 2: {RoleParent}, 3: {RoleMember, RoleStudent}},
		Delegations: map[int64][]Delegation{1: ds, 3: {{SiteID: 3, Section: SectionNews, Action: ActionView}}},
	}
	return p, pageRes("a", "b", "c", "d")
}

func TestAccessBenchDelegate(t *testing.T) {
	p, r := benchDelegate()
	wantCode(t, Authorize(p, 1, ActionEdit, r), "")
	p.Delegations[1] = p.Delegations[1][:19]
	wantCode(t, Authorize(p, 1, ActionEdit, r), EForbidden)
}

func BenchmarkAuthorizeDelegate(b *testing.B) {
	p, r := benchDelegate()
	b.ReportAllocs()
	for b.Loop() {
		if err := Authorize(p, 1, ActionEdit, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuthorizeOwner(b *testing.B) {
	p := &Principal{UserID: 8, Roles: map[int64][]SiteRole{1: {RoleTeacher, RoleOwner}, 2: {RoleAdmin}}}
	r := pageRes("a", "b", "c", "d")
	b.ReportAllocs()
	for b.Loop() {
		if err := Authorize(p, 1, ActionPublish, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPermissions(b *testing.B) {
	p, _ := benchDelegate()
	b.ReportAllocs()
	for b.Loop() {
		if len(Permissions(p, 1)) == 0 {
			b.Fatal("no permissions")
		}
	}
}
