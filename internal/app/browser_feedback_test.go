package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
)

// TestBrowserFeedbackJourney: on a 360 px wide phone a parent follows the footer's link to
// the school's feedback form, sends a message (a wrong address first: the error next to the
// field, in Russian); the topic's admin, emailed, answers in the panel; the parent opens the
// emailed link, reads the answer and replies. axe-core finds nothing serious on the form,
// the thread and the panel's pages.
func TestBrowserFeedbackJourney(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-fbjourney")
	admin := panelUser(t, s, "fb-admin@school-fbjourney.kz", "Гүлнар Сейітова", a.site, sitecore.RoleAdmin)
	feedbackTopic(t, s, a, "Вопрос директору", admin.ID)
	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	const parent = "aizhan.parent@example.kz"

	phone := chromiumWith(t, a.host, chromedp.WindowSize(360, 780))
	if err := chromedp.Do(phone, chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
	checkPhone := func(name string) {
		t.Helper()
		axeCheck(t, phone, name)
		wide, err := chromedp.Run(phone, chromedp.Evaluate[bool](`window.innerWidth != 360 || document.documentElement.scrollWidth > 361`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 360 px (%v)", name, err)
		}
		shot(t, phone, name)
	}
	if err := chromedp.Do(phone,
		chromedp.Navigate(origin+"/ru/"),
		chromedp.Click(chromedp.ID("feedback-link")),
		chromedp.WaitVisible(chromedp.ID("feedback-form")),
	); err != nil {
		t.Fatalf("opening the form: %v", err)
	}
	checkPhone("form")
	topic, err := chromedp.Run(phone, chromedp.Evaluate[string](`document.querySelector("#topic_id option:nth-child(2)").value`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(phone,
		chromedp.SendKeys(chromedp.ID("name"), "Айжан Мұратқызы"),
		chromedp.SendKeys(chromedp.ID("email"), "not-an-address"),
		chromedp.SetValue(chromedp.ID("topic_id"), topic),
		chromedp.SendKeys(chromedp.ID("body"), "Когда родительское собрание в 5 «А»?"),
		chromedp.Sleep(3200*time.Millisecond), // the form's token must be 3 s old
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.ID("email-error")),
	); err != nil {
		t.Fatalf("sending with a wrong address: %v", err)
	}
	if msg, _ := chromedp.Run(phone, chromedp.Text(chromedp.ID("email-error"))); !strings.Contains(msg, "адрес") && !strings.Contains(msg, "почт") {
		t.Errorf("the address error is not in Russian: %q", msg)
	}
	checkPhone("form-error")
	if err := chromedp.Do(phone,
		chromedp.SetValue(chromedp.ID("email"), parent),
		chromedp.Sleep(3200*time.Millisecond),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("sending: %v", err)
	}

	// The admin, emailed, answers in the panel.
	waitMail(t, s, admin.Email, func(m devstack.Mail) bool {
		return strings.Contains(m.Text, "родительское собрание")
	})
	desk := chromium(t, a.host)
	panelLogin(t, desk, origin, "/ru/panel/feedback", admin.Email, "messages")
	axeCheck(t, desk, "panel list")
	shot(t, desk, "panel-list")
	if err := chromedp.Do(desk,
		chromedp.Click(chromedp.CSS(`#messages a`)),
		chromedp.WaitVisible(chromedp.ID("answer-form")),
	); err != nil {
		t.Fatalf("opening the message: %v", err)
	}
	axeCheck(t, desk, "panel thread")
	if err := chromedp.Do(desk,
		chromedp.SendKeys(chromedp.ID("answer-body"), "Собрание в пятницу в 18:00, кабинет 12."),
		chromedp.Click(chromedp.ID("answer-send")),
		chromedp.WaitVisible(chromedp.ID("answers")),
	); err != nil {
		t.Fatalf("answering: %v", err)
	}
	shot(t, desk, "panel-thread")
	if err := chromedp.Do(desk, chromedp.Navigate(origin+"/ru/panel/feedback/topics"), chromedp.WaitVisible(chromedp.ID("sla-form"))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, desk, "panel topics")

	// The parent opens the emailed link, reads the answer and replies.
	m := waitMail(t, s, parent, func(m devstack.Mail) bool { return strings.Contains(m.Text, "в пятницу") })
	link := regexp.MustCompile(`/ru/feedback/\d+\?t=[A-Za-z0-9_-]+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no thread link in %q", m.Text)
	}
	if err := chromedp.Do(phone, chromedp.Navigate(origin+link), chromedp.WaitVisible(chromedp.ID("thread"))); err != nil {
		t.Fatal(err)
	}
	checkPhone("thread")
	th, err := chromedp.Run(phone, chromedp.Text(chromedp.ID("thread")))
	if err != nil || !strings.Contains(th, "Собрание в пятницу в 18:00") || !strings.Contains(th, "родительское собрание") {
		t.Fatalf("thread: %q %v", th, err)
	}
	if err := chromedp.Do(phone,
		chromedp.SendKeys(chromedp.ID("body"), "Спасибо, приду."),
		chromedp.Click(chromedp.ID("reply-send")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("replying: %v", err)
	}
	waitMail(t, s, admin.Email, func(m devstack.Mail) bool { return strings.Contains(m.Text, "Спасибо, приду.") })
	if th, _ := chromedp.Run(phone, chromedp.Text(chromedp.ID("thread"))); !strings.Contains(th, "Спасибо, приду.") {
		t.Errorf("the reply is not in the thread: %q", th)
	}
}
