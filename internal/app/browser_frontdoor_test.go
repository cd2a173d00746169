package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserParentRegisters: on a 360 px wide phone, a parent without an account finds
// "register" on the school site's login page, gets the password rule next to the field in
// Russian, registers with consent, follows the emailed confirmation link, logs in and reaches
// the admissions page; "forgot password" answers the same whether or not the address exists.
func TestBrowserParentRegisters(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-door")
	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	b := chromiumWith(t, a.host, chromedp.WindowSize(360, 780))
	const email, password = "zhanna.parent@example.kz", "Жаңа-отбасы-құпия-2026"

	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/login"),
		chromedp.Click(chromedp.ID("register-link")),
		chromedp.WaitVisible(chromedp.ID("register")),
	); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, b, "register page")
	// A short password: the rule is shown next to the field, in Russian, the name kept.
	if err := chromedp.Do(b,
		chromedp.SendKeys(chromedp.ID("full_name"), "Жанна Ахметова"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), "short"),
		chromedp.Click(chromedp.ID("consent")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("password").removeAttribute("minlength");0`),
		chromedp.Click(chromedp.ID("register-submit")),
		chromedp.WaitVisible(chromedp.ID("password-error")),
	); err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(b, chromedp.Text(chromedp.ID("password-error")))
	if err != nil || !strings.Contains(msg, "10") {
		t.Errorf("password error %q (%v)", msg, err)
	}
	if v, _ := chromedp.Run(b, chromedp.Value(chromedp.ID("full_name"))); v != "Жанна Ахметова" {
		t.Errorf("the name was not kept: %q", v)
	}
	if err := chromedp.Do(b,
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("consent")),
		chromedp.Click(chromedp.ID("register-submit")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatal(err)
	}
	m := waitMail(t, s, email, nil)
	link := regexp.MustCompile(`https?://\S+/account/verify-email\?token=\S+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no confirmation link in %q", m.Text)
	}
	lu, _ := url.Parse(link)
	if err := chromedp.Do(b,
		chromedp.Navigate(s.URL+lu.RequestURI()),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatal(err)
	}
	if notice, _ := chromedp.Run(b, chromedp.Text(chromedp.ID("notice"))); !strings.Contains(notice, "Почта подтверждена") {
		t.Errorf("after the link: %q", notice)
	}
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/login"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("mine-h")),
	); err != nil {
		t.Fatalf("logging in after confirming: %v", err)
	}
	// Forgotten password: the same notice for a known and an unknown address.
	var notices []string
	for _, addr := range []string{email, "nobody-here@example.kz"} {
		if err := chromedp.Do(b,
			chromedp.Navigate(origin+"/kk/forgot-password"),
			chromedp.SendKeys(chromedp.ID("email"), addr),
			chromedp.Click(chromedp.ID("forgot-submit")),
			chromedp.WaitVisible(chromedp.ID("notice")),
		); err != nil {
			t.Fatal(err)
		}
		n, _ := chromedp.Run(b, chromedp.Text(chromedp.ID("notice")))
		notices = append(notices, n)
	}
	if notices[0] != notices[1] || notices[0] == "" {
		t.Errorf("forgot-password notices differ: %q", notices)
	}
	waitMail(t, s, email, withToken())
}
