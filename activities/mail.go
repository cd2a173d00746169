package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// Mail sends transactional email once per key.
type Mail struct {
	Mailer  sitecore.Mailer
	MailLog sitecore.MailLog
}

// SendEmail delivers the message unless one with its key already went out.
func (m *Mail) SendEmail(ctx context.Context, e sitecore.Email) error {
	if e.Key != "" {
		sent, err := m.MailLog.MailSent(ctx, e.Key)
		if err != nil || sent {
			return asTemporal(err)
		}
	}
	if err := m.Mailer.Send(ctx, &e); err != nil {
		return asTemporal(err)
	}
	activity.GetLogger(ctx).Info("email sent", "key", e.Key)
	if e.Key == "" {
		return nil
	}
	return asTemporal(m.MailLog.MarkMailSent(ctx, e.Key, e.To))
}
