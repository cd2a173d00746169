package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserForumMemberReplies: on a 360 px phone, a parent logged in to the school's site
// opens the communities, joins a public community, opens its topic, replies with a quote
// and sees the reply on the page; axe-core finds nothing serious on any page, and nothing
// scrolls sideways.
func TestBrowserForumMemberReplies(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-fbr")
	owner := session(t, s, a.users["owner"].ID)
	f := newCommunity(t, s, owner, a.site, "Родители 5А", "public", "open", "Собрание в пятницу в 18:00.")
	cookie := session(t, s, a.users["parent"].ID)
	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	b := chromiumWith(t, a.host, chromedp.WindowSize(360, 780))
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(b, network.SetCookie, network.SetCookieParams{Name: "mektep_session",
		Value: strings.TrimPrefix(cookie, "mektep_session="), Domain: a.host, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	check := func(name string) {
		t.Helper()
		axeCheck(t, b, name)
		wide, err := chromedp.Run(b, chromedp.Evaluate[bool](`window.innerWidth != 360 || document.documentElement.scrollWidth > 361`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 360 px (%v)", name, err)
		}
		shot(t, b, name)
	}
	if err := chromedp.Do(b, chromedp.Navigate(origin+"/ru/communities"), chromedp.WaitVisible(chromedp.ID("communities"))); err != nil {
		t.Fatal(err)
	}
	check("forum-list")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`#communities a`)),
		chromedp.WaitVisible(chromedp.ID("join")),
	); err != nil {
		t.Fatalf("community page: %v", err)
	}
	check("forum-community")
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("join")), chromedp.WaitVisible(chromedp.ID("notice")), chromedp.WaitVisible(chromedp.ID("leave"))); err != nil {
		t.Fatalf("joining: %v", err)
	}
	// Joining as a new member: lift the trust threshold as if five posts had been approved.
	if _, err := s.App.DB.Pool.Exec(t.Context(), `UPDATE community_members SET approved_posts = 5 WHERE community_id = $1 AND user_id = $2`,
		f.community, a.users["parent"].ID); err != nil {
		t.Fatal(err)
	}
	topic := fmt.Sprintf("%s/ru/communities/%d/topics/%d", origin, f.community, f.topic)
	if err := chromedp.Do(b, chromedp.Navigate(topic), chromedp.WaitVisible(chromedp.ID("posts")),
		chromedp.Click(chromedp.CSS(`#post-1 a[href*="quote="]`)), chromedp.WaitVisible(chromedp.ID("quoting"))); err != nil {
		t.Fatalf("topic page: %v", err)
	}
	check("forum-topic")
	if err := chromedp.Do(b,
		chromedp.SendKeys(chromedp.ID("body"), "Я приду, спасибо!"),
		chromedp.Click(chromedp.ID("send-reply")),
		chromedp.WaitVisible(chromedp.ID("post-2")),
	); err != nil {
		t.Fatalf("replying: %v", err)
	}
	text, err := chromedp.Run(b, chromedp.Text(chromedp.ID("post-2")))
	if err != nil || !strings.Contains(text, "Я приду, спасибо!") || !strings.Contains(text, "Собрание в пятницу") {
		t.Fatalf("the reply with its quote: %q %v", text, err)
	}
	check("forum-reply")
}
