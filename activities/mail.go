package activities

import (
	"context"
	"encoding/json"
	"errors"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/keyring"
)

// Mail sends transactional email once per key.
type Mail struct {
	Mailer  sitecore.Mailer
	MailLog sitecore.MailLog
	Spool   sitecore.MailSpool
	Ring    *keyring.Ring
}

// SendEmail delivers the message unless one with its key already went out. Activities that
// build a message from IDs call it directly; the SendEmail workflows of histories written
// before the spool call it as an activity with the whole message.
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

// SendSpooledEmail delivers the spooled message with key: it opens the sealed message,
// sends it unless the mail log says it went out, then drops it from the spool. Only the key
// passes through Temporal.
func (m *Mail) SendSpooledEmail(ctx context.Context, key string) error {
	sent, err := m.MailLog.MailSent(ctx, key)
	if err != nil || sent {
		return asTemporal(err)
	}
	keyID, sealed, err := m.Spool.SpooledMail(ctx, key)
	if errors.Is(err, sitecore.ErrNotSpooled) {
		return temporal.NewNonRetryableApplicationError("no spooled message with this key", "mail.not_spooled", nil)
	}
	if err != nil {
		return asTemporal(err)
	}
	e, err := OpenEmail(m.Ring, key, keyID, sealed)
	if err != nil {
		return temporal.NewNonRetryableApplicationError("spooled message cannot be opened", "mail.sealed", err)
	}
	if err := m.Mailer.Send(ctx, e); err != nil {
		return asTemporal(err)
	}
	activity.GetLogger(ctx).Info("email sent", "key", key)
	return asTemporal(m.Spool.MarkSpooledMailSent(ctx, key, e.To))
}

// SealEmail seals a message for the spool; the key binds the sealed bytes to their row.
func SealEmail(ring *keyring.Ring, e *sitecore.Email) (keyID string, sealed []byte, err error) {
	raw, err := json.Marshal(e)
	if err != nil {
		return "", nil, err
	}
	keyID, sealed = ring.Seal(raw, []byte("mail/"+e.Key))
	return keyID, sealed, nil
}

// OpenEmail opens what SealEmail sealed.
func OpenEmail(ring *keyring.Ring, key, keyID string, sealed []byte) (*sitecore.Email, error) {
	raw, err := ring.Open(keyID, sealed, []byte("mail/"+key))
	if err != nil {
		return nil, err
	}
	var e sitecore.Email
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, err
	}
	return &e, nil
}
