package render

import (
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func view() *PageView {
	return &PageView{Kind: sitecore.PageHome, Body: "<p>Қош келдіңіз!</p>", Chrome: Chrome{
		Lang: sitecore.Kazakh, SiteName: "№12 <мектеп>", Title: "Басты бет",
		Canonical: "https://school12.edu.kz/kk/",
		Alternates: []Alternate{{Lang: "kk", Href: "https://school12.edu.kz/kk/"}, {Lang: "ru", Href: "https://school12.edu.kz/ru/"},
			{Lang: "x-default", Href: "https://school12.edu.kz/"}},
		Languages: []Link{{Label: "Қазақша", Href: "/kk/", Lang: "kk", Current: true}, {Label: "Русский", Href: "/ru/", Lang: "ru"}},
		Menu:      []Link{{Label: "Басты бет", Href: "/kk/", Current: true}, {Label: "Мектеп туралы", Href: "/kk/about"}}},
		News: []NewsView{{Title: "Наурыз", Summary: "Мереке", PublishedAt: time.Date(2026, 3, 21, 20, 0, 0, 0, time.UTC)}},
	}
}

func TestPageRendersLanguageAlternatesAndEscapes(t *testing.T) {
	th, err := NewTheme()
	if err != nil {
		t.Fatal(err)
	}
	out, err := th.Page(view())
	if err != nil {
		t.Fatal(err)
	}
	html := string(out)
	for _, want := range []string{
		`<html lang="kk">`,
		`<link rel="canonical" href="https://school12.edu.kz/kk/">`,
		`<link rel="alternate" hreflang="ru" href="https://school12.edu.kz/ru/">`,
		`<link rel="alternate" hreflang="x-default" href="https://school12.edu.kz/">`,
		`№12 &lt;мектеп&gt;`,   // the site name is escaped
		`<p>Қош келдіңіз!</p>`, // the (sanitized) body is not
		`aria-current="page"`,  // the current menu entry is marked
		`2026 ж. 22 наурыз`,    // Kazakh date, in Almaty time (UTC+5)
		`<a class="skip" href="#main">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestDates(t *testing.T) {
	d := time.Date(2026, 11, 25, 19, 30, 0, 0, time.UTC) // 00:30 on the 26th in Almaty
	for l, want := range map[sitecore.Lang]string{"kk": "2026 ж. 26 қараша", "ru": "26 ноября 2026", "en": "26 November 2026", "de": "2026-11-26"} {
		if got := formatDate(d, l); got != want {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
}

func TestNotFoundSpeaksEveryCoreLanguageWhenTheSiteIsUnknown(t *testing.T) {
	th, _ := NewTheme()
	all := string(th.NotFound("", "x.edu.kz"))
	ru := string(th.NotFound(sitecore.Russian, ""))
	if !strings.Contains(all, "Бет табылмады") || !strings.Contains(all, "Страница не найдена") || !strings.Contains(all, "Page not found") || !strings.Contains(all, "x.edu.kz") {
		t.Errorf("unknown-site 404: %s", all)
	}
	if !strings.Contains(ru, `<html lang="ru">`) || strings.Contains(ru, "Page not found") {
		t.Errorf("Russian 404: %s", ru)
	}
}

// BenchmarkThemePage measures rendering one home page (a cache miss on the public site).
func BenchmarkThemePage(b *testing.B) {
	th, err := NewTheme()
	if err != nil {
		b.Fatal(err)
	}
	v := view()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := th.Page(v); err != nil {
			b.Fatal(err)
		}
	}
}
