package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A visitor opens the demo school, switches to Russian, searches with the header's box and
// opens the demo's photo album — in a real browser.
func TestBrowserSchoolSite(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	const host = "demo.localhost"
	_, err := s.App.SeedDemo(ctx, []string{host})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.do("GET", "/sitemap.xml", nil, "Host", host); !strings.Contains(string(r.Body), "<loc>http://demo.localhost/ru/gallery/nauryz</loc>") {
		t.Errorf("the published album is not in the sitemap: %s", r.Body)
	}
	u, _ := url.Parse(s.URL)
	base := "http://" + host + ":" + u.Port()
	b := chromium(t, host)
	err = chromedp.Do(b,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`nav.langs`)),
		chromedp.Click(chromedp.CSS(`nav.langs a[hreflang="ru"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.langs a[hreflang="ru"][aria-current="true"]`)),
		chromedp.SetValue(chromedp.ID("q"), "Наурыз"),
		chromedp.Click(chromedp.CSS(`form.search button`)),
		chromedp.WaitVisible(chromedp.CSS(`main.search-page ol.results`)), // the results page, not the page before it
	)
	if err != nil {
		t.Fatalf("switching to Russian and searching: %v", err)
	}
	results, err := chromedp.Run(b, chromedp.Text(chromedp.CSS("main.search-page")))
	if err != nil || !strings.Contains(results, "Наурыз в нашей школе") {
		t.Errorf("search results do not list the demo news: %q (%v)", results, err)
	}
	err = chromedp.Do(b,
		chromedp.Navigate(base+"/ru/gallery"),
		chromedp.Click(chromedp.CSS(`a[href="/ru/gallery/nauryz"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main ul.album-items img`)), // the album, not the list of albums
	)
	if err != nil {
		t.Fatalf("opening the album: %v", err)
	}
	caption, err := chromedp.Run(b, chromedp.Text(chromedp.CSS("main ul.album-items")))
	if err != nil || !strings.Contains(caption, "Праздничный концерт") {
		t.Errorf("album page: %q (%v)", caption, err)
	}
}
