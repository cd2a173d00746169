package sitecore

import (
	"strings"

	"github.com/mektep/mektep/sitecore/locale"
)

// HelpdeskMail holds what a helpdesk email says.
type HelpdeskMail struct {
	Kind, Number, Subject, Body, Link, Clock, Due string
}

// HelpdeskEmail builds a helpdesk email in lang (English when the language has no text);
// kinds without text give nil.
func HelpdeskEmail(key string, lang Lang, to string, m HelpdeskMail) *Email {
	t, ok := locale.HelpdeskMail(m.Kind, lang)
	if !ok {
		return nil
	}
	clock := locale.ClockName(m.Clock, lang)
	r := strings.NewReplacer("{number}", m.Number, "{subject}", m.Subject, "{body}", m.Body, "{link}", m.Link,
		"{clock}", clock, "{due}", m.Due)
	subject := strings.Join(strings.Fields(r.Replace(t.Subject)), " ")
	body := strings.TrimSpace(r.Replace(t.Body))
	e := paragraphsEmail(to, subject, body)
	e.Key = key
	return e
}

// paragraphsEmail is an email whose text is paragraphs separated by blank lines: the HTML part
// has them escaped, one <p> each.
func paragraphsEmail(to, subject, body string) *Email {
	var htm strings.Builder
	for _, para := range strings.Split(body, "\n\n") {
		htm.WriteString("<p>" + strings.ReplaceAll(EscapeHTML(para), "\n", "<br>") + "</p>")
	}
	return &Email{To: to, Subject: subject, Text: body + "\n",
		HTML: "<!doctype html><html><body>" + htm.String() + "</body></html>"}
}
