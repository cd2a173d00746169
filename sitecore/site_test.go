package sitecore

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// validRequest returns a request that passes validation; error cases change one field of it.
func validRequest() NewSite {
	return NewSite{
		Slug:       "school-15",
		Names:      map[string]string{"kk": "№15 мектеп", "ru": "Школа №15", "en": "School 15"},
		Domains:    []string{"school15.kz"},
		OwnerEmail: "owner@school15.kz",
	}
}

// wantError checks that err is an *Error (possibly wrapped) with the code, field and key.
func wantError(t *testing.T, err error, code, field, key string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error %s field=%q key=%q", err, err, code, field, key)
	}
	if e.Code != code || e.Field != field || e.Key != key {
		t.Fatalf("error = code %q field %q key %q, want code %q field %q key %q",
			e.Code, e.Field, e.Key, code, field, key)
	}
	return e
}

func TestNewSiteValidateNormalizes(t *testing.T) {
	req := NewSite{
		Slug:       "  School-15 ",
		Names:      map[string]string{"KK": "  №15 мектеп ", "ru": "Школа №15", "en": "School 15\t"},
		Domains:    []string{"School15.KZ.", "WWW.school15.kz:8443", " localhost "},
		OwnerEmail: "  Owner.Name@School15.KZ ",
	}
	s, err := req.Validate()
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if s.Slug != "school-15" {
		t.Errorf("Slug = %q, want school-15", s.Slug)
	}
	wantNames := map[Lang]string{Kazakh: "№15 мектеп", Russian: "Школа №15", English: "School 15"}
	if !maps.Equal(s.Names, wantNames) {
		t.Errorf("Names = %v, want %v", s.Names, wantNames)
	}
	wantDomains := []string{"school15.kz", "www.school15.kz", "localhost"}
	if !slices.Equal(s.Domains, wantDomains) {
		t.Errorf("Domains = %q, want %q", s.Domains, wantDomains)
	}
	if want := []Lang{Kazakh, Russian, English}; !slices.Equal(s.Languages, want) {
		t.Errorf("Languages = %v, want %v", s.Languages, want)
	}
	if s.OwnerEmail != "owner.name@school15.kz" {
		t.Errorf("OwnerEmail = %q, want owner.name@school15.kz", s.OwnerEmail)
	}
	if s.Status != SiteProvisioning {
		t.Errorf("Status = %q, want %q", s.Status, SiteProvisioning)
	}
	if s.Step != StepReserved {
		t.Errorf("Step = %q, want %q", s.Step, StepReserved)
	}
	if s.ID != 0 || !s.CreatedAt.IsZero() || s.Error != "" {
		t.Errorf("Validate filled stored fields: ID %d CreatedAt %v Error %q", s.ID, s.CreatedAt, s.Error)
	}

	// The default languages are a copy: changing the site must not change the defaults.
	s.Languages[0] = "xx"
	if DefaultLanguages[0] != Kazakh {
		t.Fatalf("DefaultLanguages changed through a site: %v", DefaultLanguages)
	}
}

func TestNewSiteValidateAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(*NewSite)
		check  func(*testing.T, *Site)
	}{
		{"explicit languages keep their order", func(n *NewSite) {
			n.Languages = []string{" RU ", "kk"}
			n.Names = map[string]string{"ru": "Школа", "kk": "Мектеп"}
		}, func(t *testing.T, s *Site) {
			if want := []Lang{Russian, Kazakh}; !slices.Equal(s.Languages, want) {
				t.Errorf("Languages = %v, want %v", s.Languages, want)
			}
			if s.DefaultLang() != Russian {
				t.Errorf("DefaultLang = %q, want ru", s.DefaultLang())
			}
		}},
		{"slug of 3 characters", func(n *NewSite) { n.Slug = "a1b" }, nil},
		{"slug of 63 characters", func(n *NewSite) { n.Slug = strings.Repeat("a", 63) }, nil},
		{"name of 200 Kazakh letters", func(n *NewSite) { n.Names["kk"] = strings.Repeat("ә", 200) }, nil},
		{"localhost as a domain", func(n *NewSite) { n.Domains = []string{"localhost"} }, nil},
		{"20 domains", func(n *NewSite) {
			n.Domains = nil
			for i := range 20 {
				n.Domains = append(n.Domains, "d"+strconv.Itoa(i)+".school.kz")
			}
		}, func(t *testing.T, s *Site) {
			if len(s.Domains) != 20 || s.Domains[19] != "d19.school.kz" {
				t.Errorf("Domains = %q", s.Domains)
			}
		}},
		{"punycode domain", func(n *NewSite) { n.Domains = []string{"xn--80aaf1bfhf.xn--80ao21a"} }, nil},
		{"owner email of 250 characters", func(n *NewSite) {
			n.OwnerEmail = strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 60)+".", 3) + "kz"
		}, nil},
		{"plus address", func(n *NewSite) { n.OwnerEmail = "Admin+Site@Mail.KZ" }, func(t *testing.T, s *Site) {
			if s.OwnerEmail != "admin+site@mail.kz" {
				t.Errorf("OwnerEmail = %q", s.OwnerEmail)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validRequest()
			tt.change(&req)
			s, err := req.Validate()
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
		})
	}
}

func TestNewSiteValidateErrors(t *testing.T) {
	manyDomains := make([]string, 21)
	for i := range manyDomains {
		manyDomains[i] = "d" + strconv.Itoa(i) + ".school.kz"
	}
	tests := []struct {
		name      string
		change    func(*NewSite)
		field     string
		key       string
		wantValue string // Args["value"] when not empty
	}{
		{"empty slug", func(n *NewSite) { n.Slug = "" }, "slug", "field.required", ""},
		{"blank slug", func(n *NewSite) { n.Slug = "   " }, "slug", "field.required", ""},
		{"slug too short", func(n *NewSite) { n.Slug = "ab" }, "slug", "slug.invalid", "ab"},
		{"slug too long", func(n *NewSite) { n.Slug = strings.Repeat("a", 64) }, "slug", "slug.invalid", ""},
		{"slug leading hyphen", func(n *NewSite) { n.Slug = "-school" }, "slug", "slug.invalid", "-school"},
		{"slug trailing hyphen", func(n *NewSite) { n.Slug = "school-" }, "slug", "slug.invalid", ""},
		{"slug underscore", func(n *NewSite) { n.Slug = "school_15" }, "slug", "slug.invalid", ""},
		{"slug dot", func(n *NewSite) { n.Slug = "school.15" }, "slug", "slug.invalid", ""},
		{"slug Cyrillic", func(n *NewSite) { n.Slug = "мектеп" }, "slug", "slug.invalid", "мектеп"},
		{"slug reserved", func(n *NewSite) { n.Slug = " Admin " }, "slug", "slug.reserved", "admin"},
		{"slug reserved api", func(n *NewSite) { n.Slug = "api" }, "slug", "slug.reserved", "api"},
		{"unsupported language", func(n *NewSite) { n.Languages = []string{"kk", "xx"} }, "languages", "lang.unsupported", "xx"},
		{"empty language", func(n *NewSite) { n.Languages = []string{""} }, "languages", "lang.unsupported", ""},
		{"duplicate language", func(n *NewSite) { n.Languages = []string{"kk", "ru", "KK"} }, "languages", "lang.duplicate", "KK"},
		{"no names", func(n *NewSite) { n.Names = nil }, "names", "field.required", ""},
		{"empty names", func(n *NewSite) { n.Names = map[string]string{} }, "names", "field.required", ""},
		{"name in a language the site lacks", func(n *NewSite) { n.Names["de"] = "Schule" }, "names.de", "name.extra_lang", "de"},
		{"name missing in a site language", func(n *NewSite) { delete(n.Names, "en") }, "names.en", "name.missing_lang", "en"},
		{"blank name", func(n *NewSite) { n.Names["ru"] = "  " }, "names.ru", "name.missing_lang", "ru"},
		{"name too long", func(n *NewSite) { n.Names["kk"] = strings.Repeat("ә", 201) }, "names.kk", "field.too_long", ""},
		{"no domains", func(n *NewSite) { n.Domains = nil }, "domains", "field.required", ""},
		{"too many domains", func(n *NewSite) { n.Domains = manyDomains }, "domains", "field.too_long", ""},
		{"single-label domain", func(n *NewSite) { n.Domains = []string{"school15.kz", "intranet"} }, "domains[1]", "domain.invalid", "intranet"},
		{"empty domain", func(n *NewSite) { n.Domains = []string{""} }, "domains[0]", "domain.invalid", ""},
		{"domain with underscore", func(n *NewSite) { n.Domains = []string{"a.kz", "b.kz", "my_school.kz"} }, "domains[2]", "domain.invalid", "my_school.kz"},
		{"domain with scheme", func(n *NewSite) { n.Domains = []string{"https://school15.kz"} }, "domains[0]", "domain.invalid", ""},
		{"domain with path", func(n *NewSite) { n.Domains = []string{"school15.kz/about"} }, "domains[0]", "domain.invalid", ""},
		{"IPv6 domain", func(n *NewSite) { n.Domains = []string{"[::1]:8080"} }, "domains[0]", "domain.invalid", ""},
		{"Cyrillic domain", func(n *NewSite) { n.Domains = []string{"мектеп.қаз"} }, "domains[0]", "domain.invalid", ""},
		{"duplicate domain after normalization", func(n *NewSite) { n.Domains = []string{"school15.kz", "School15.KZ.:80"} }, "domains[1]", "domain.duplicate", "School15.KZ.:80"},
		{"no owner email", func(n *NewSite) { n.OwnerEmail = "" }, "owner_email", "field.required", ""},
		{"blank owner email", func(n *NewSite) { n.OwnerEmail = "  " }, "owner_email", "field.required", ""},
		{"owner email without @", func(n *NewSite) { n.OwnerEmail = "owner" }, "owner_email", "email.invalid", "owner"},
		{"owner email with display name", func(n *NewSite) { n.OwnerEmail = "Owner <owner@school15.kz>" }, "owner_email", "email.invalid", ""},
		{"owner email without dot in domain", func(n *NewSite) { n.OwnerEmail = "owner@localhost" }, "owner_email", "email.invalid", ""},
		{"two owner emails", func(n *NewSite) { n.OwnerEmail = "a@b.kz, c@d.kz" }, "owner_email", "email.invalid", ""},
		{"owner email too long", func(n *NewSite) {
			n.OwnerEmail = strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 60)+".", 4) + "kz"
		}, "owner_email", "email.invalid", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validRequest()
			tt.change(&req)
			s, err := req.Validate()
			if s != nil {
				t.Errorf("Validate returned a site with the error: %+v", s)
			}
			e := wantError(t, err, EInvalid, tt.field, tt.key)
			if tt.wantValue != "" && e.Args["value"] != tt.wantValue {
				t.Errorf("Args[value] = %q, want %q", e.Args["value"], tt.wantValue)
			}
			if !HasMessage(English, e.Key) {
				t.Errorf("key %q has no message", e.Key)
			}
		})
	}
}

func TestNewSiteValidateReportsFirstField(t *testing.T) {
	req := NewSite{Slug: "x", Languages: []string{"xx"}, Domains: []string{"intranet"}, OwnerEmail: "nope"}
	_, err := req.Validate()
	wantError(t, err, EInvalid, "slug", "slug.invalid")

	req.Slug = "school"
	_, err = req.Validate()
	wantError(t, err, EInvalid, "languages", "lang.unsupported")

	req.Languages = nil
	_, err = req.Validate()
	wantError(t, err, EInvalid, "names", "field.required")

	req.Names = map[string]string{"kk": "a", "ru": "b", "en": "c"}
	_, err = req.Validate()
	wantError(t, err, EInvalid, "domains[0]", "domain.invalid")

	req.Domains = []string{"school.kz"}
	_, err = req.Validate()
	wantError(t, err, EInvalid, "owner_email", "email.invalid")
}

func TestNormalizeHost(t *testing.T) {
	label63 := strings.Repeat("a", 63)
	// 3 labels of 63 plus 3 dots is 192; a last label of 61 makes 253 characters.
	host253 := label63 + "." + label63 + "." + label63 + "." + strings.Repeat("b", 61)
	host254 := label63 + "." + label63 + "." + label63 + "." + strings.Repeat("b", 62)
	if len(host253) != 253 || len(host254) != 254 {
		t.Fatalf("test data: lengths %d and %d", len(host253), len(host254))
	}
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"school.kz", "school.kz", true},
		{"School.KZ", "school.kz", true},
		{"  school.kz\t", "school.kz", true},
		{"school.kz.", "school.kz", true},
		{"school.kz:8080", "school.kz", true},
		{"school.kz.:443", "school.kz", true},
		{"localhost", "localhost", true},
		{"localhost:8080", "localhost", true},
		{"intranet", "intranet", true}, // syntactically fine; Validate rejects it as a site domain
		{"127.0.0.1", "127.0.0.1", true},
		{"xn--80aaf1bfhf.xn--80ao21a", "xn--80aaf1bfhf.xn--80ao21a", true},
		{"a-b.c-d.kz", "a-b.c-d.kz", true},
		{"1school.kz", "1school.kz", true},
		{label63 + ".kz", label63 + ".kz", true},
		{host253, host253, true},
		{host253 + ".", host253, true},

		{"", "", false},
		{"   ", "", false},
		{".", "", false},
		{":8080", "", false},
		{"school..kz", "", false},
		{".school.kz", "", false},
		{"school.kz..", "", false},
		{strings.Repeat("a", 64) + ".kz", "", false},
		{host254, "", false},
		{"my_school.kz", "", false},
		{"-school.kz", "", false},
		{"school-.kz", "", false},
		{"school.-kz", "", false},
		{"school kz", "", false},
		{"school.kz/path", "", false},
		{"user@school.kz", "", false},
		{"мектеп.kz", "", false},
		{"school.kz:80:80", "", false},
		{"school.kz:'onmouseover=alert(1)", "", false}, // found by FuzzHost (httpapi)
		{"school.kz:80a", "", false},
		{"school.kz:123456", "", false},
		{"[::1]", "", false},
		{"[::1]:8080", "", false},
		{"::1", "", false},
		{"2001:db8::1", "", false},
		{"*.school.kz", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalizeHost(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("NormalizeHost(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseLanguages(t *testing.T) {
	tests := []struct {
		name  string
		in    []string
		want  []Lang
		key   string // error key when the input is rejected
		value string
	}{
		{"nil gives defaults", nil, []Lang{Kazakh, Russian, English}, "", ""},
		{"empty gives defaults", []string{}, []Lang{Kazakh, Russian, English}, "", ""},
		{"one", []string{"ru"}, []Lang{Russian}, "", ""},
		{"order kept", []string{"en", "kk"}, []Lang{English, Kazakh}, "", ""},
		{"normalized", []string{" KK ", "Ru"}, []Lang{Kazakh, Russian}, "", ""},
		{"other supported", []string{"kk", "uz", "de", "zh"}, []Lang{Kazakh, "uz", "de", "zh"}, "", ""},
		{"unsupported", []string{"kk", "xx"}, nil, "lang.unsupported", "xx"},
		{"three letters", []string{"kaz"}, nil, "lang.unsupported", "kaz"},
		{"region tag", []string{"kk-KZ"}, nil, "lang.unsupported", "kk-KZ"},
		{"blank", []string{" "}, nil, "lang.unsupported", " "},
		{"duplicate", []string{"kk", "ru", "kk"}, nil, "lang.duplicate", "kk"},
		{"duplicate after normalization", []string{"en", " EN"}, nil, "lang.duplicate", " EN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLanguages("site.languages", tt.in)
			if tt.key != "" {
				if got != nil {
					t.Errorf("got %v with the error", got)
				}
				e := wantError(t, err, EInvalid, "site.languages", tt.key)
				if e.Args["value"] != tt.value {
					t.Errorf("Args[value] = %q, want %q", e.Args["value"], tt.value)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLanguages: %v", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLangSupportedAndNative(t *testing.T) {
	for _, l := range DefaultLanguages {
		if !l.Supported() {
			t.Errorf("%q not supported", l)
		}
	}
	if Lang("xx").Supported() {
		t.Error("xx supported")
	}
	if got := Kazakh.Native(); got != "Қазақша" {
		t.Errorf("kk Native = %q", got)
	}
	if got := Lang("xx").Native(); got != "xx" {
		t.Errorf("xx Native = %q, want the code", got)
	}
}

func TestSiteSameRequest(t *testing.T) {
	base := func() *Site {
		return &Site{
			Slug:       "school-15",
			Names:      map[Lang]string{Kazakh: "Мектеп", Russian: "Школа"},
			Domains:    []string{"a.school.kz", "b.school.kz", "c.school.kz"},
			Languages:  []Lang{Kazakh, Russian},
			OwnerEmail: "owner@school.kz",
			Status:     SiteProvisioning,
			Step:       StepReserved,
		}
	}
	tests := []struct {
		name   string
		change func(*Site)
		same   bool
	}{
		{"identical", func(*Site) {}, true},
		{"domains in another order", func(s *Site) { s.Domains = []string{"c.school.kz", "a.school.kz", "b.school.kz"} }, true},
		{"stored state differs", func(s *Site) {
			s.ID, s.Status, s.Step, s.Error = 9, SiteActive, StepActivated, "x"
		}, true},
		{"slug", func(s *Site) { s.Slug = "school-16" }, false},
		{"owner email", func(s *Site) { s.OwnerEmail = "other@school.kz" }, false},
		{"language order", func(s *Site) { s.Languages = []Lang{Russian, Kazakh} }, false},
		{"extra language", func(s *Site) { s.Languages = append(s.Languages, English); s.Names[English] = "School" }, false},
		{"name value", func(s *Site) { s.Names[Russian] = "Гимназия" }, false},
		{"name in another language", func(s *Site) { delete(s.Names, Russian); s.Names[English] = "Школа" }, false},
		{"extra name", func(s *Site) { s.Names[English] = "School" }, false},
		{"missing domain", func(s *Site) { s.Domains = s.Domains[:2] }, false},
		{"extra domain", func(s *Site) { s.Domains = append(s.Domains, "d.school.kz") }, false},
		{"other domain", func(s *Site) { s.Domains[1] = "x.school.kz" }, false},
		{"repeated domain instead of another", func(s *Site) { s.Domains[2] = "a.school.kz" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := base(), base()
			tt.change(b)
			wantA, wantB := slices.Clone(a.Domains), slices.Clone(b.Domains)
			if got := a.SameRequest(b); got != tt.same {
				t.Errorf("a.SameRequest(b) = %v, want %v", got, tt.same)
			}
			if got := b.SameRequest(a); got != tt.same {
				t.Errorf("b.SameRequest(a) = %v, want %v", got, tt.same)
			}
			if !slices.Equal(a.Domains, wantA) || !slices.Equal(b.Domains, wantB) {
				t.Errorf("SameRequest reordered the domains: %q, %q", a.Domains, b.Domains)
			}
		})
	}
}

func TestSameRequestOfValidatedRequests(t *testing.T) {
	r1 := validRequest()
	r1.Domains = []string{"a.school.kz", "b.school.kz"}
	r2 := validRequest()
	r2.Slug = " SCHOOL-15 "
	r2.Domains = []string{"B.school.kz.", "a.school.kz:443"}
	r2.OwnerEmail = "Owner@School15.kz"
	s1, err := r1.Validate()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := r2.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if !s1.SameRequest(s2) {
		t.Errorf("requests that normalize alike are not the same: %+v vs %+v", s1, s2)
	}
}

func TestSiteName(t *testing.T) {
	s := &Site{
		Names:     map[Lang]string{Kazakh: "Мектеп", Russian: "Школа"},
		Languages: []Lang{Kazakh, Russian, English},
	}
	tests := []struct {
		lang Lang
		want string
	}{
		{Kazakh, "Мектеп"},
		{Russian, "Школа"},
		{English, "Мектеп"}, // no English name: the default language's
		{"de", "Мектеп"},
	}
	for _, tt := range tests {
		if got := s.Name(tt.lang); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}

	ruFirst := &Site{Names: map[Lang]string{Kazakh: "Мектеп", Russian: "Школа"}, Languages: []Lang{Russian, Kazakh}}
	if got := ruFirst.Name(English); got != "Школа" {
		t.Errorf("Name(en) with Russian first = %q, want Школа", got)
	}
	noLangs := &Site{Names: map[Lang]string{Kazakh: "Мектеп", Russian: "Школа"}}
	if got := noLangs.Name(English); got != "Мектеп" {
		t.Errorf("Name(en) without languages = %q, want the Kazakh name", got)
	}
}

func TestSiteDefaultLangAndHasLang(t *testing.T) {
	tests := []struct {
		langs []Lang
		want  Lang
	}{
		{nil, Kazakh},
		{[]Lang{}, Kazakh},
		{[]Lang{Russian, English}, Russian},
		{[]Lang{English}, English},
		{[]Lang{Kazakh, Russian}, Kazakh},
	}
	for _, tt := range tests {
		s := &Site{Languages: tt.langs}
		if got := s.DefaultLang(); got != tt.want {
			t.Errorf("DefaultLang of %v = %q, want %q", tt.langs, got, tt.want)
		}
	}
	s := &Site{Languages: []Lang{Russian, English}}
	if !s.HasLang(English) || s.HasLang(Kazakh) {
		t.Errorf("HasLang wrong for %v", s.Languages)
	}
}
