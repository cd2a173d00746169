package sitecore

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

const kazakhLetters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

// hasCyrillic reports whether s has any Cyrillic letter.
func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// checkMailLanguage checks that s is written in want: Kazakh has Kazakh-only letters, Russian
// is Cyrillic without them, English has no Cyrillic at all.
func checkMailLanguage(t *testing.T, what, s string, want Lang) {
	t.Helper()
	kk := strings.ContainsAny(s, kazakhLetters)
	switch want {
	case Kazakh:
		if !kk {
			t.Errorf("%s %q is not Kazakh: no Kazakh-specific letter", what, s)
		}
	case Russian:
		if kk || !hasCyrillic(s) {
			t.Errorf("%s %q is not Russian", what, s)
		}
	case English:
		if hasCyrillic(s) {
			t.Errorf("%s %q is not English", what, s)
		}
	}
}

// mailCase builds one account email with hostile values in every name.
type mailCase struct {
	name  string
	build func(key string, lang Lang) *Email
	names []string // raw values that must appear in the text and only escaped in HTML
	links []string
}

const (
	evilName = `Айгерім <script>alert("x")</script> & Co`
	evilSite = `School "№1" <b>`
	link1    = "https://mektep.kz/account/verify?token=a1b2&user=42"
	link2    = "https://school1.mektep.kz/"
)

var mailCases = []mailCase{
	{"verification", func(k string, l Lang) *Email {
		return VerificationEmail(k, l, "u@school.kz", evilName, link1)
	}, []string{evilName}, []string{link1}},
	{"password reset", func(k string, l Lang) *Email {
		return PasswordResetEmail(k, l, "u@school.kz", evilName, link1, time.Hour)
	}, []string{evilName}, []string{link1}},
	{"admin added, new account", func(k string, l Lang) *Email {
		return AdminAddedEmail(k, l, "u@school.kz", evilName, evilSite, link2, link1)
	}, []string{evilName, evilSite}, []string{link1, link2}},
	{"admin added, existing account", func(k string, l Lang) *Email {
		return AdminAddedEmail(k, l, "u@school.kz", evilName, evilSite, link2, "")
	}, []string{evilName, evilSite}, []string{link2}},
	{"site invitation", func(k string, l Lang) *Email {
		return SiteInvitationEmail(k, l, "u@school.kz", evilName, evilSite, "teacher", link1)
	}, []string{evilName, evilSite}, []string{link1}},
	{"site invitation, no inviter", func(k string, l Lang) *Email {
		return SiteInvitationEmail(k, l, "u@school.kz", "", evilSite, "teacher", link1)
	}, []string{evilSite}, []string{link1}},
	{"parent link", func(k string, l Lang) *Email {
		return ParentLinkRequestEmail(k, l, "u@school.kz", "Дана <i>", evilName, link1)
	}, []string{evilName, "Дана <i>"}, []string{link1}},
}

func TestAccountEmails(t *testing.T) {
	signature := map[Lang]string{Kazakh: "Mektep платформасы", Russian: "Платформа Mektep", English: "The Mektep platform"}
	langs := []struct{ in, want Lang }{
		{Kazakh, Kazakh}, {Russian, Russian}, {English, English},
		{"de", English}, {"uz", English}, {"", English}, {"KK", English},
	}
	for _, mc := range mailCases {
		for _, l := range langs {
			t.Run(mc.name+"/"+string(l.in), func(t *testing.T) {
				key := "mail/" + mc.name + "/" + string(l.in)
				e := mc.build(key, l.in)
				if e.Key != key || e.To != "u@school.kz" {
					t.Errorf("Key %q To %q", e.Key, e.To)
				}
				// The subject is checked without the values, which are Cyrillic or Latin
				// whatever the language.
				subject := e.Subject
				for _, v := range mc.names {
					subject = strings.ReplaceAll(subject, v, "")
				}
				checkMailLanguage(t, "subject", subject, l.want)
				if strings.TrimSpace(subject) == "" {
					t.Error("empty subject")
				}
				if !strings.Contains(e.Text, signature[l.want]) || !strings.HasSuffix(e.Text, signature[l.want]) {
					t.Errorf("text does not end with the %s signature: %q", l.want, e.Text)
				}
				if !strings.HasPrefix(e.HTML, `<!doctype html><html lang="`+string(l.want)+`"><body><p>`) ||
					!strings.HasSuffix(e.HTML, "</p></body></html>") {
					t.Errorf("HTML frame: %q", e.HTML)
				}

				for _, link := range mc.links {
					if !strings.Contains(e.Text, link) {
						t.Errorf("text lacks the link %q", link)
					}
					esc := EscapeHTML(link)
					if !strings.Contains(e.HTML, `<a href="`+esc+`">`+esc+`</a>`) {
						t.Errorf("HTML lacks an anchor to %q:\n%s", link, e.HTML)
					}
				}
				if strings.Contains(e.HTML, "&user=") {
					t.Error("HTML has an unescaped & in a link")
				}
				for _, v := range mc.names {
					if !strings.Contains(e.Text, v) {
						t.Errorf("text lacks %q", v)
					}
					if strings.Contains(e.HTML, v) {
						t.Errorf("HTML has the raw value %q", v)
					}
					if !strings.Contains(e.HTML, EscapeHTML(v)) {
						t.Errorf("HTML lacks the escaped value %q", EscapeHTML(v))
					}
				}
				for _, bad := range []string{"<script", "<b>", "<i>"} {
					if strings.Contains(e.HTML, bad) {
						t.Errorf("HTML contains %q", bad)
					}
				}
				for _, s := range []string{e.Subject, e.Text, e.HTML} {
					if strings.ContainsAny(s, "{}") {
						t.Errorf("unfilled placeholder in %q", s)
					}
				}
				if strings.Contains(e.HTML, `href=""`) {
					t.Error("HTML has an empty link")
				}
			})
		}
	}
}

func TestAccountEmailsDifferByLanguage(t *testing.T) {
	for _, mc := range mailCases {
		kk, ru, en := mc.build("k", Kazakh), mc.build("k", Russian), mc.build("k", English)
		if kk.Text == ru.Text || ru.Text == en.Text || kk.Text == en.Text {
			t.Errorf("%s: two languages share a text", mc.name)
		}
		if de := mc.build("k", "de"); de.Text != en.Text || de.Subject != en.Subject || de.HTML != en.HTML {
			t.Errorf("%s: the German email is not the English one", mc.name)
		}
		checkMailLanguage(t, mc.name+" kk text", kk.Text, Kazakh)
	}
}

func TestAccountEmailGreeting(t *testing.T) {
	tests := []struct {
		lang       Lang
		name, want string
	}{
		{Kazakh, "Айгерім", "Сәлеметсіз бе, Айгерім!\n\n"},
		{Russian, "Айгерім", "Здравствуйте, Айгерім!\n\n"},
		{English, "Aigerim", "Hello Aigerim,\n\n"},
		{Kazakh, "", "Сәлеметсіз бе!\n\n"},
		{Russian, "  ", "Здравствуйте!\n\n"},
		{English, "", "Hello,\n\n"},
		{English, "  Aigerim ", "Hello Aigerim,\n\n"},
	}
	for _, tt := range tests {
		e := VerificationEmail("k", tt.lang, "a@b.kz", tt.name, link1)
		if !strings.HasPrefix(e.Text, tt.want) {
			t.Errorf("%s %q: text starts %q, want %q", tt.lang, tt.name, e.Text[:min(len(e.Text), 40)], tt.want)
		}
	}
}

func TestAccountEmailValuesAreNotExpanded(t *testing.T) {
	// A name that looks like a placeholder stays literal and does not pull in the link.
	e := VerificationEmail("k", English, "a@b.kz", "{link}", "https://x.kz/v")
	if !strings.HasPrefix(e.Text, "Hello {link},") {
		t.Errorf("text = %q", e.Text)
	}
	if strings.Count(e.Text, "https://x.kz/v") != 1 {
		t.Errorf("the link appears %d times", strings.Count(e.Text, "https://x.kz/v"))
	}
	// A link that tries to break out of the href attribute is escaped.
	e = VerificationEmail("k", English, "a@b.kz", "A", `https://x.kz/"><script>x</script>`)
	if strings.Contains(e.HTML, `"><script>`) || !strings.Contains(e.HTML, `href="https://x.kz/&#34;&gt;&lt;script&gt;`) {
		t.Errorf("HTML = %q", e.HTML)
	}
	// A name cannot add header lines through the subject.
	e = AdminAddedEmail("k", English, "a@b.kz", "A", "School\r\nBcc: evil@x.kz", "https://s.kz", "")
	if strings.ContainsAny(e.Subject, "\r\n") {
		t.Errorf("subject has a line break: %q", e.Subject)
	}
	if e.Subject != "You are now an administrator of School Bcc: evil@x.kz" {
		t.Errorf("subject = %q", e.Subject)
	}
}

func TestPasswordResetValidity(t *testing.T) {
	tests := []struct {
		lang Lang
		d    time.Duration
		want string
	}{
		{Russian, time.Hour, "Ссылка действительна 60 минут."},
		{Kazakh, time.Hour, "Сілтеме 60 минут бойы жарамды."},
		{English, time.Hour, "The link is valid for 60 minutes."},
		{Russian, 30 * time.Minute, "действительна 30 минут."},
		{Russian, time.Minute, "действительна 1 минуту."},
		{English, time.Minute, "valid for 1 minute."},
		{Russian, 24 * time.Hour, "действительна 24 часа."},
		{Kazakh, 24 * time.Hour, "24 сағат бойы"},
		{English, 24 * time.Hour, "valid for 24 hours."},
		{"tr", 15 * time.Minute, "valid for 15 minutes."},
	}
	for _, tt := range tests {
		e := PasswordResetEmail("k", tt.lang, "a@b.kz", "A", link1, tt.d)
		if !strings.Contains(e.Text, tt.want) {
			t.Errorf("%s %v: text lacks %q:\n%s", tt.lang, tt.d, tt.want, e.Text)
		}
		if !strings.Contains(e.HTML, EscapeHTML(tt.want)) {
			t.Errorf("%s %v: HTML lacks %q", tt.lang, tt.d, tt.want)
		}
	}
}

func TestFormatValidFor(t *testing.T) {
	tests := []struct {
		minutes    int
		ru, kk, en string
	}{
		{1, "1 минуту", "1 минут", "1 minute"},
		{2, "2 минуты", "2 минут", "2 minutes"},
		{4, "4 минуты", "4 минут", "4 minutes"},
		{5, "5 минут", "5 минут", "5 minutes"},
		{11, "11 минут", "11 минут", "11 minutes"},
		{12, "12 минут", "12 минут", "12 minutes"},
		{14, "14 минут", "14 минут", "14 minutes"},
		{20, "20 минут", "20 минут", "20 minutes"},
		{21, "21 минуту", "21 минут", "21 minutes"},
		{22, "22 минуты", "22 минут", "22 minutes"},
		{25, "25 минут", "25 минут", "25 minutes"},
		{60, "60 минут", "60 минут", "60 minutes"},
		{90, "90 минут", "90 минут", "90 minutes"},
		{101, "101 минуту", "101 минут", "101 minutes"},
		{111, "111 минут", "111 минут", "111 minutes"},
		{112, "112 минут", "112 минут", "112 minutes"},
		{121, "121 минуту", "121 минут", "121 minutes"},
		{125, "125 минут", "125 минут", "125 minutes"},
		{120, "2 часа", "2 сағат", "2 hours"},
		{300, "5 часов", "5 сағат", "5 hours"},
		{21 * 60, "21 час", "21 сағат", "21 hours"},
		{1440, "24 часа", "24 сағат", "24 hours"},
	}
	for _, tt := range tests {
		d := time.Duration(tt.minutes) * time.Minute
		for l, want := range map[Lang]string{Russian: tt.ru, Kazakh: tt.kk, English: tt.en} {
			if got := formatValidFor(l, d); got != want {
				t.Errorf("formatValidFor(%s, %v) = %q, want %q", l, d, got, want)
			}
		}
	}
	// Partial minutes round down, but never to zero.
	for d, want := range map[time.Duration]string{
		0: "1 минуту", 30 * time.Second: "1 минуту", 119 * time.Second: "1 минуту",
		59*time.Minute + 59*time.Second: "59 минут", 2*time.Hour + 30*time.Second: "2 часа",
		2*time.Hour + time.Minute: "121 минуту",
	} {
		if got := formatValidFor(Russian, d); got != want {
			t.Errorf("formatValidFor(ru, %v) = %q, want %q", d, got, want)
		}
	}
}

func TestRussianPlural(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "many"}, {1, "one"}, {2, "few"}, {3, "few"}, {4, "few"}, {5, "many"}, {10, "many"},
		{11, "many"}, {12, "many"}, {13, "many"}, {14, "many"}, {15, "many"}, {20, "many"},
		{21, "one"}, {22, "few"}, {24, "few"}, {25, "many"}, {100, "many"}, {101, "one"},
		{111, "many"}, {112, "many"}, {114, "many"}, {121, "one"}, {122, "few"}, {1001, "one"},
		{1011, "many"}, {-1, "one"}, {-22, "few"},
	}
	for _, tt := range tests {
		if got := russianPlural(tt.n, "one", "few", "many"); got != tt.want {
			t.Errorf("russianPlural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestAdminAddedEmailVariants(t *testing.T) {
	existing := map[Lang]string{Kazakh: "бұрынғы құпиясөзіңізбен", Russian: "со своим прежним паролем", English: "with your existing password"}
	setPw := map[Lang]string{Kazakh: "алдымен құпиясөз орнатыңыз", Russian: "сначала задайте пароль", English: "first set a password"}
	for _, l := range messageLangs {
		withLink := AdminAddedEmail("k", l, "a@b.kz", "A", "S", "https://s.kz", "https://mektep.kz/set?t=1")
		if !strings.Contains(withLink.Text, setPw[l]) || strings.Contains(withLink.Text, existing[l]) {
			t.Errorf("%s with link: %q", l, withLink.Text)
		}
		if !strings.Contains(withLink.Text, "https://mektep.kz/set?t=1") {
			t.Errorf("%s: text lacks the set-password link", l)
		}
		for _, empty := range []string{"", "  "} {
			without := AdminAddedEmail("k", l, "a@b.kz", "A", "S", "https://s.kz", empty)
			if !strings.Contains(without.Text, existing[l]) || strings.Contains(without.Text, setPw[l]) {
				t.Errorf("%s without link: %q", l, without.Text)
			}
			if strings.Count(without.HTML, "<a href=") != 1 {
				t.Errorf("%s without link: HTML should link only the site: %q", l, without.HTML)
			}
		}
		if !strings.Contains(withLink.Text, "https://s.kz") {
			t.Errorf("%s: text lacks the site URL", l)
		}
	}
}

func TestSiteInvitationRoles(t *testing.T) {
	want := map[string][3]string{ // kk, ru, en
		"owner":   {"сайт иесі", "владелец сайта", "site owner"},
		"admin":   {"әкімші", "администратор", "administrator"},
		"teacher": {"мұғалім", "учитель", "teacher"},
		"student": {"оқушы", "ученик", "student"},
		"parent":  {"ата-ана", "родитель", "parent"},
		"member":  {"қатысушы", "участник", "member"},
		"Teacher": {"мұғалім", "учитель", "teacher"},
		" admin ": {"әкімші", "администратор", "administrator"},
		"root":    {"қатысушы", "участник", "member"},
		"":        {"қатысушы", "участник", "member"},
	}
	label := map[Lang]string{Kazakh: "Рөліңіз: ", Russian: "Ваша роль: ", English: "Your role: "}
	for role, names := range want {
		for i, l := range messageLangs {
			if got := RoleName(l, role); got != names[i] {
				t.Errorf("RoleName(%s, %q) = %q, want %q", l, role, got, names[i])
			}
			e := SiteInvitationEmail("k", l, "a@b.kz", "Асқар", "Мектеп №1", role, link1)
			if !strings.Contains(e.Text, label[l]+names[i]+".") {
				t.Errorf("%s %q: text lacks %q:\n%s", l, role, label[l]+names[i], e.Text)
			}
		}
		if got := RoleName("de", role); got != names[2] {
			t.Errorf("RoleName(de, %q) = %q, want the English %q", role, got, names[2])
		}
	}
	// Every role has a name in every language, distinct from the others.
	for _, l := range messageLangs {
		seen := map[string]string{}
		for _, role := range []string{"owner", "admin", "teacher", "student", "parent", "member"} {
			n := RoleName(l, role)
			if n == "" {
				t.Errorf("role %q has no %s name", role, l)
			}
			if other, dup := seen[n]; dup {
				t.Errorf("roles %q and %q share the %s name %q", role, other, l, n)
			}
			seen[n] = role
		}
	}

	named := SiteInvitationEmail("k", Russian, "a@b.kz", "Асқар", "Мектеп №1", "admin", link1)
	if !strings.Contains(named.Text, "Асқар приглашает вас на сайт школы «Мектеп №1»") {
		t.Errorf("named invitation: %q", named.Text)
	}
	anon := SiteInvitationEmail("k", Russian, "a@b.kz", " ", "Мектеп №1", "admin", link1)
	if !strings.Contains(anon.Text, "Вас пригласили на сайт школы «Мектеп №1»") {
		t.Errorf("anonymous invitation: %q", anon.Text)
	}
	if e := SiteInvitationEmail("k", English, "a@b.kz", "A", "Lyceum 7", "admin", link1); e.Subject != "Invitation to Lyceum 7" {
		t.Errorf("English subject = %q", e.Subject)
	}
}

func TestParentLinkRequestEmail(t *testing.T) {
	e := ParentLinkRequestEmail("parent-link/1", Kazakh, "dana@school.kz", "Дана", "Асқар Сәрсенов", "https://mektep.kz/p?c=1")
	if !strings.HasPrefix(e.Text, "Сәлеметсіз бе, Дана!") || !strings.Contains(e.Text, "Асқар Сәрсенов Mektep") {
		t.Errorf("text = %q", e.Text)
	}
	for l, who := range map[Lang]string{Kazakh: "Бір пайдаланушы", Russian: "Пользователь", English: "A user"} {
		e := ParentLinkRequestEmail("k", l, "d@school.kz", "Дана", "", "https://mektep.kz/p")
		if !strings.Contains(e.Text, "\n\n"+who+" ") {
			t.Errorf("%s without a parent name: text lacks %q: %q", l, who, e.Text)
		}
	}
}
