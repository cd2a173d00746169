package sitecore

import (
	"strings"

	"github.com/mektep/mektep/sitecore/locale"
)

// FeedbackMail holds what a feedback email says.
type FeedbackMail struct {
	Site, Topic, Name, From, Body, Link string
}

// FeedbackEmail builds a feedback email (kind: new, reply, answer) in lang. The visitor's
// text goes into the plain-text part as is and into the HTML part escaped.
func FeedbackEmail(kind string, lang Lang, to string, m FeedbackMail) *Email {
	t, _ := locale.FeedbackMail(kind, lang)
	r := strings.NewReplacer("{site}", m.Site, "{topic}", m.Topic, "{name}", m.Name, "{from}", m.From,
		"{body}", m.Body, "{link}", m.Link)
	subject := strings.Join(strings.Fields(r.Replace(t.Subject)), " ")
	body := strings.TrimSpace(r.Replace(t.Body))
	return paragraphsEmail(to, subject, body)
}
