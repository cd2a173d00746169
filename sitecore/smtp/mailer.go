// Package smtp sends the platform's email with github.com/wneessen/go-mail.
package smtp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/mektep/mektep/sitecore"
)

// Mailer sends email through one SMTP server. It dials per message, which is plenty for
// transactional mail and survives server restarts without a reconnect loop.
type Mailer struct {
	from     string
	host     string
	opts     []mail.Option
	hostName string // the domain used in Message-IDs
}

var _ sitecore.Mailer = (*Mailer)(nil)

// New builds a mailer from an SMTP URL:
//
//	smtp://[user:password@]host:port            plain, STARTTLS if the server offers it
//	smtp://host:port?tls=required               STARTTLS or fail
//	smtps://[user:password@]host:465            implicit TLS
//
// from is the sender address ("Mektep <noreply@mektep.kz>").
func New(rawURL, from string) (*Mailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("smtp: SMTP_URL %q is not a URL like smtp://host:port", rawURL)
	}
	host, portStr, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, portStr = u.Host, "25"
		if u.Scheme == "smtps" {
			portStr = "465"
		}
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("smtp: bad port in SMTP_URL: %q", portStr)
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(15 * time.Second)}
	switch {
	case u.Scheme == "smtps":
		opts = append(opts, mail.WithSSL())
	case u.Scheme != "smtp":
		return nil, fmt.Errorf("smtp: SMTP_URL scheme must be smtp or smtps, not %q", u.Scheme)
	case u.Query().Get("tls") == "required":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain),
			mail.WithUsername(u.User.Username()), mail.WithPassword(pw))
	}
	if _, err := mail.NewClient(host, opts...); err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return &Mailer{from: from, host: host, opts: opts, hostName: "mektep.local"}, nil
}

// Send delivers one message. Messages with a key get a Message-ID derived from it, so a
// message resent after a crash is recognisably the same message.
func (m *Mailer) Send(ctx context.Context, e *sitecore.Email) error {
	msg := mail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return sitecore.Internal("smtp.Send", fmt.Errorf("from %q: %w", m.from, err))
	}
	if err := msg.To(e.To); err != nil {
		return sitecore.Invalid("to", "email.invalid", "value", e.To)
	}
	msg.Subject(e.Subject)
	msg.SetDate()
	if e.Key != "" {
		sum := sha256.Sum256([]byte(e.Key))
		msg.SetMessageIDWithValue(hex.EncodeToString(sum[:16]) + "@" + m.hostName)
	} else {
		msg.SetMessageID()
	}
	msg.SetGenHeader("X-Mektep-Key", e.Key)
	msg.SetBodyString(mail.TypeTextPlain, e.Text)
	if e.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, e.HTML)
	}
	c, err := mail.NewClient(m.host, m.opts...)
	if err != nil {
		return sitecore.Internal("smtp.Send", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return sitecore.Unavailable("smtp.Send", "smtp", err)
	}
	return nil
}
