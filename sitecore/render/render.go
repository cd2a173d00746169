// Package render turns CMS content into the public site's HTML with the embedded default
// theme (html/template). Pages are rendered into bytes so the HTTP layer can cache them and
// answer conditional requests.
package render

import (
	"bytes"
	"embed"
	"html/template"
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Theme is the parsed default theme.
type Theme struct {
	pages *template.Template
	// base is a copy that never executes, for WithOverrides: html/template refuses to clone
	// a set that has executed, and the default theme executes from the first page on.
	base *template.Template
}

// NewTheme parses the embedded templates.
func NewTheme() (*Theme, error) {
	parse := func() (*template.Template, error) {
		return template.New("").Funcs(template.FuncMap{
			"safe": func(s string) template.HTML { return template.HTML(s) }, //nolint:gosec // bodies are sanitized on write
			"date": func(t time.Time, l sitecore.Lang) string { return formatDate(t, l) },
		}).ParseFS(templatesFS, "templates/*.html")
	}
	t, err := parse()
	if err != nil {
		return nil, err
	}
	base, err := parse()
	if err != nil {
		return nil, err
	}
	return &Theme{pages: t, base: base}, nil
}

// Link is an entry of the menu or the language switcher.
type Link struct {
	Label    string
	Href     string
	Current  bool
	Lang     sitecore.Lang // for language links
	Children []Link
}

// Alternate is an hreflang alternate of the current page.
type Alternate struct {
	Lang string // a language code or "x-default"
	Href string
}

// NewsView is a news item in the current language.
type NewsView struct {
	Title, Summary, Href string
	PublishedAt          time.Time
}

// Contacts are the site's contacts shown in the footer and on the contacts page.
type Contacts struct {
	Address, Phone, Email string
}

// Meta is a <meta name content> tag (site verification and the like).
type Meta struct {
	Name, Content string
}

// Feed is a feed linked from the page head.
type Feed struct {
	Type, Title, Href string
}

// Chrome is what every public page shows around its content: the head (SEO, hreflang,
// integrations), the header with logo, search, languages and menu, and the footer. Views of
// every public page embed it so one layout serves them all.
type Chrome struct {
	Lang         sitecore.Lang
	SiteName     string
	Motto        string
	LogoURL      string
	Accent       string // a validated #rrggbb colour or ""
	Title        string
	Home         bool // the home page's <title> is the site name alone
	Description  string
	Canonical    string
	OGImage      string
	NoIndex      bool
	Alternates   []Alternate
	Languages    []Link
	Menu         []Link
	Meta         []Meta
	Feeds        []Feed
	Contacts     *Contacts
	Query        string          // the search box's value
	FallbackNote string          // shown when the content is in another language than asked
	Maintenance  string          // the banner of planned or running maintenance of the site
	HeadScripts  []string        // same-site script URLs loaded async in the head
	BodyScripts  []string        // same-site script URLs at the end of the body
	Widgets      []template.HTML // footer widgets built by the theme from validated settings
	ThemeCSS     string
	ThemeJS      string
	UI           map[string]string // interface strings in Lang
}

// Pager links the pages of a list.
type Pager struct {
	Page       int
	Prev, Next string
}

// PageView is everything a page template shows.
type PageView struct {
	Chrome
	Body  string
	Kind  sitecore.PageKind
	News  []NewsView
	Pager *Pager
}

// Page renders a site page.
func (t *Theme) Page(v *PageView) ([]byte, error) {
	return t.Render("page.html", &v.Chrome, v)
}

// Render executes a public page template whose view embeds c, filling the interface
// strings. Other public pages (search, galleries, news) render through it.
func (t *Theme) Render(name string, c *Chrome, v any) ([]byte, error) {
	if c.UI == nil {
		c.UI = uiStrings(c.Lang)
	}
	var b bytes.Buffer
	b.Grow(8 << 10)
	err := t.pages.ExecuteTemplate(&b, name, v)
	return b.Bytes(), err
}

// NotFound renders the 404 page for an unknown site or page, in lang if given and else in
// the three core languages.
func (t *Theme) NotFound(lang sitecore.Lang, host string) []byte {
	langs := []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English}
	if lang != "" {
		langs = []sitecore.Lang{lang}
	}
	type msg struct {
		Lang          sitecore.Lang
		Title, Detail string
	}
	var v struct {
		Lang     sitecore.Lang
		Host     string
		Messages []msg
	}
	v.Lang, v.Host = langs[0], host
	for _, l := range langs {
		ui := uiStrings(l)
		v.Messages = append(v.Messages, msg{Lang: l, Title: ui["not_found"], Detail: ui["not_found_detail"]})
	}
	var b bytes.Buffer
	if err := t.pages.ExecuteTemplate(&b, "notfound.html", v); err != nil {
		return []byte("404 page not found")
	}
	return b.Bytes()
}

func uiStrings(l sitecore.Lang) map[string]string { return locale.Theme(l) }

// formatDate writes a date the way each language does: "2026 ж. 25 қараша",
// "25 ноября 2026", "25 November 2026".
func formatDate(t time.Time, l sitecore.Lang) string {
	t = t.In(sitecore.Almaty)
	m, ok := locale.Months(l)
	if !ok {
		return t.Format("2006-01-02")
	}
	d, mon, y := itoa(t.Day()), m[t.Month()-1], itoa(t.Year())
	switch l {
	case sitecore.Kazakh:
		return y + " ж. " + d + " " + mon
	default:
		return d + " " + mon + " " + y
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// AccountView is a small account page (setting a password from an emailed link).
type AccountView struct {
	Lang                                     sitecore.Lang
	Title, Label, Submit, Token, Error, Done string
}

// Account renders an account page.
func (t *Theme) Account(v *AccountView) ([]byte, error) {
	var b bytes.Buffer
	err := t.pages.ExecuteTemplate(&b, "account.html", v)
	return b.Bytes(), err
}

// FamilyView is the family's admissions page (or its login form).
type FamilyView struct {
	Lang          sitecore.Lang
	SiteName      string
	Title         string
	Languages     []Link
	Error, Notice string
	// Field is the form field Error is about, shown next to it in the form of campaign
	// FormCampaign, which keeps the typed values Form; empty, Error is shown on top.
	Field        string
	FormCampaign int64
	Form         map[string]string
	Login        bool
	Next         string
	Campaigns    []FamilyCampaign
	Applications []FamilyApplication
	UI           map[string]string
}

// FamilyCampaign is an open campaign with what its form asks.
type FamilyCampaign struct {
	ID        int64
	Title     string
	Grades    []int
	Documents []string
	Langs     []Link
	// Priorities are the campaign's priority categories a family may claim (Href holds the
	// category's code); a claim needs its supporting document.
	Priorities []Link
}

// FamilyApplication is a row of the family's applications.
type FamilyApplication struct {
	ID                          int64
	Number, Child, Status, Code string
	Deadline                    string
	CanRespond                  bool
}

// Family renders the family's admissions page.
func (t *Theme) Family(v *FamilyView) ([]byte, error) {
	if v.UI == nil {
		v.UI = familyStrings(v.Lang)
	}
	var b bytes.Buffer
	err := t.pages.ExecuteTemplate(&b, "family.html", v)
	return b.Bytes(), err
}

func familyStrings(l sitecore.Lang) map[string]string { return locale.Family(l) }

// FamilyText returns an interface string of the family pages in l.
func FamilyText(l sitecore.Lang, key string) string { return familyStrings(l)[key] }

// UIText returns an interface string of the public theme in l (English when l has none).
func UIText(l sitecore.Lang, key string) string { return locale.ThemeText(l, key) }

// WithOverrides returns a copy of the theme whose named blocks ("header", "footer") are
// replaced by the given template texts. The texts are parsed as html/template, so what they
// print is escaped like the default theme's output.
func (t *Theme) WithOverrides(blocks map[string]string) (*Theme, error) {
	src := t.pages
	if t.base != nil {
		src = t.base
	}
	c, err := src.Clone()
	if err != nil {
		return nil, err
	}
	for name, body := range blocks {
		if _, err := c.New(name).Parse(body); err != nil {
			return nil, err
		}
	}
	return &Theme{pages: c}, nil
}

// CheckOverride parses a block override and renders a sample page with it, so an error is
// reported when it is saved, not when a visitor comes.
func (t *Theme) CheckOverride(name, body string) error {
	o, err := t.WithOverrides(map[string]string{name: body})
	if err != nil {
		return err
	}
	v := &PageView{Chrome: Chrome{Lang: sitecore.Kazakh, SiteName: "check", Title: "check"}, Kind: sitecore.PageStandard}
	_, err = o.Page(v)
	return err
}
