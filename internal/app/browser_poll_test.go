package app_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPollOnPage: a visitor without an account, on a 360 px phone, opens the
// school's "about" page, which owns a guest poll, answers it in the form the page renders
// server-side (no script), and lands on the poll's page saying the vote was counted, with
// the results; both pages pass axe.
func TestBrowserPollOnPage(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-poll-web")
	owner := session(t, s, a.users["owner"].ID)
	id, _ := openPoll(t, s, a.site, owner, pollDef("Ярмарка", map[string]any{"results": "after_vote", "guests": true,
		"owner_kind": "page", "owner_ref": "about"}))
	u, _ := url.Parse(s.URL)
	base := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
	prefix := fmt.Sprintf("poll-%d-", id)
	if err := chromedp.Do(b,
		chromedp.Navigate(base+"/ru/about"),
		chromedp.WaitVisible(chromedp.ID(prefix+"form")),
	); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, b, "page with a poll")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`#`+prefix+`form input[value="b"]`)),
		chromedp.Click(chromedp.ID(prefix+"send")),
		chromedp.WaitVisible(chromedp.ID(prefix+"voted")),
	); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(b, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(t.TempDir(), "poll-voted.jpg"), shot, 0o644)
	results, err := chromedp.Run(b, chromedp.Text(chromedp.ID(prefix+"results")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(results, "Saturday: 1") {
		t.Fatalf("results after voting: %q", results)
	}
	axeCheck(t, b, "poll page after voting")
	// The browser's cookie makes it the same voter: the form is gone on the page too.
	if err := chromedp.Do(b, chromedp.Navigate(base+fmt.Sprintf("/ru/polls/%d", id)), chromedp.WaitVisible(chromedp.ID(prefix+"voted"))); err != nil {
		t.Fatal(err)
	}
}
