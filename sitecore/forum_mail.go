package sitecore

import (
	"strings"

	"github.com/mektep/mektep/sitecore/locale"
)

// ForumMail holds what a forum email says.
type ForumMail struct {
	Community, Topic, Name, Body, Link, Count string
}

// ForumEmail builds a forum email (kind: mention, digest) in lang. Members' text goes
// into the plain-text part as is and into the HTML part escaped.
func ForumEmail(kind string, lang Lang, to string, m ForumMail) *Email {
	t, _ := locale.ForumMail(kind, lang)
	r := strings.NewReplacer("{community}", m.Community, "{topic}", m.Topic, "{name}", m.Name,
		"{body}", m.Body, "{link}", m.Link, "{count}", m.Count)
	subject := strings.Join(strings.Fields(r.Replace(t.Subject)), " ")
	return paragraphsEmail(to, subject, strings.TrimSpace(r.Replace(t.Body)))
}
