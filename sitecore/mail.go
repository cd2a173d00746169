package sitecore

import (
	"context"
	"errors"
	"html"
	"strconv"
	"strings"
)

// Email is one message to send. Key identifies it for deduplication: a message with a key
// that was already sent is not sent again, so activities may retry freely.
type Email struct {
	Key     string
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer sends email through SMTP.
type Mailer interface {
	// Send delivers the message to the SMTP server; an error means it may not have been sent.
	Send(ctx context.Context, e *Email) error
}

// MailLog remembers which keyed emails went out.
type MailLog interface {
	// MailSent reports whether the email with key was sent.
	MailSent(ctx context.Context, key string) (bool, error)
	// MarkMailSent records that the email with key was sent to the address.
	MarkMailSent(ctx context.Context, key, to string) error
}

// MailSpool keeps messages, sealed, between the request that writes them and delivery, so
// workflows carry only their keys (a reset link or a child's name never enters Temporal).
type MailSpool interface {
	// SpoolMail stores a sealed message under key; a key stored before keeps its message.
	SpoolMail(ctx context.Context, key, keyID string, sealed []byte) error
	// SpooledMail returns the sealed message with key, or ErrNotSpooled.
	SpooledMail(ctx context.Context, key string) (keyID string, sealed []byte, err error)
	// MarkSpooledMailSent records that the message went out to the address and drops it
	// from the spool.
	MarkSpooledMailSent(ctx context.Context, key, to string) error
}

// ErrNotSpooled means the spool holds no message with the key: it was sent, or never stored.
var ErrNotSpooled = errors.New("mail: no spooled message with this key")

// EscapeHTML escapes text for HTML bodies.
func EscapeHTML(s string) string { return html.EscapeString(s) }

// invitationText is the owner's invitation per language: subject, then body lines.
var invitationText = map[Lang][2]string{
	Kazakh: {"«{name}» сайты дайын",
		"Сәлеметсіз бе!\n\nСіз «{name}» мектеп сайтының жауапты тұлғасы ретінде тағайындалдыңыз.\nСайт мекенжайы: {url}\nБасқару панеліне кіру: {panel}\n\nMektep платформасы"},
	Russian: {"Сайт «{name}» готов",
		"Здравствуйте!\n\nВы назначены ответственным за сайт школы «{name}».\nАдрес сайта: {url}\nВход в панель управления: {panel}\n\nПлатформа Mektep"},
	English: {"The website of {name} is ready",
		"Hello!\n\nYou have been named the owner of the school website of {name}.\nSite address: {url}\nControl panel: {panel}\n\nThe Mektep platform"},
}

// InvitationEmail builds the owner's invitation in every language of the site, the site's
// first language first, as one message (the owner's own language is not known yet).
func InvitationEmail(s *Site, siteURL, panelURL string) *Email {
	var subject string
	var text, htm strings.Builder
	for i, l := range s.Languages {
		t, ok := invitationText[l]
		if !ok {
			continue
		}
		r := strings.NewReplacer("{name}", s.Name(l), "{url}", siteURL, "{panel}", panelURL)
		if subject == "" {
			subject = r.Replace(t[0])
		}
		if i > 0 && text.Len() > 0 { // no separator before the first section written
			text.WriteString("\n\n----------\n\n")
			htm.WriteString("<hr>")
		}
		body := r.Replace(t[1])
		text.WriteString(body)
		htm.WriteString(`<div lang="` + string(l) + `">`)
		for _, para := range strings.Split(body, "\n\n") {
			htm.WriteString("<p>" + strings.ReplaceAll(EscapeHTML(para), "\n", "<br>") + "</p>")
		}
		htm.WriteString("</div>")
	}
	if subject == "" { // a site with none of the core languages still gets an English invitation
		return InvitationEmail(&Site{ID: s.ID, Names: map[Lang]string{English: s.Name(s.DefaultLang())},
			Languages: []Lang{English}, OwnerEmail: s.OwnerEmail}, siteURL, panelURL)
	}
	return &Email{
		Key:     "site-invitation/" + strconv.FormatInt(s.ID, 10),
		To:      s.OwnerEmail,
		Subject: subject,
		Text:    text.String(),
		HTML:    "<!doctype html><html><body>" + htm.String() + "</body></html>",
	}
}
