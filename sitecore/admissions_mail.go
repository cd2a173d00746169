package sitecore

import (
	"github.com/mektep/mektep/sitecore/locale"
	"strconv"
	"strings"
)

// AdmissionMail holds what an admission email says.
type AdmissionMail struct {
	Kind, Number, Child, School, Note, Link string
	Position                                int
	Deadline                                string // already formatted for the language
}

// AdmissionEmail builds the email of an admission event in the family's language; kinds
// without text give nil.
func AdmissionEmail(key string, lang Lang, to string, m AdmissionMail) *Email {
	t, ok := locale.AdmissionMail(m.Kind, lang)
	if !ok {
		return nil
	}
	r := strings.NewReplacer("{number}", m.Number, "{child}", m.Child, "{school}", m.School, "{note}", m.Note,
		"{position}", strconv.Itoa(m.Position), "{deadline}", m.Deadline, "{link}", m.Link)
	subject := strings.Join(strings.Fields(r.Replace(t.Subject)), " ")
	body := strings.TrimSpace(r.Replace(t.Body))
	return &Email{Key: key, To: to, Subject: subject, Text: body + "\n",
		HTML: "<!doctype html><html><body><p>" + EscapeHTML(body) + "</p></body></html>"}
}
