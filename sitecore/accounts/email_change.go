package accounts

import (
	"context"
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

// Changing the address of an account: the new address must be proven by a link mailed to it
// before anything changes, and the old address is told of the request at once, so a stolen
// session alone cannot move the account (the current password is asked too). Until the link
// is opened the account keeps its old, verified address: roles, delegations and invitations,
// which count only for proven addresses (principalOf), never follow an unproven one.

// RequestEmailChange mails a confirmation link to newEmail and tells the current address.
// It needs the current password ("current_password") and a new address ("new_email")
// different from the current one; a waiting change is replaced.
func (s *Service) RequestEmailChange(ctx context.Context, p *sitecore.Principal, newEmail, password string) error {
	if err := requireLogin(p); err != nil || p.UserID == 0 {
		return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	u, err := s.Store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	email, err := ParseEmail("new_email", newEmail)
	if err != nil {
		return err
	}
	if email == u.Email {
		return sitecore.Invalid("new_email", "email.same")
	}
	if ok, _ := sitecore.CheckPassword(u.PasswordHash, password); !ok {
		return sitecore.Invalid("current_password", "password.wrong")
	}
	tok, hash := NewToken("")
	if err := s.Store.CreateEmailChange(ctx, hash, u.ID, email, s.now().Add(VerifyTokenTTL)); err != nil {
		return err
	}
	key := "email-change/" + strconv.FormatInt(u.ID, 10) + "/" + mailKeySuffix(tok)
	if err := s.Mail.Enqueue(ctx, sitecore.EmailChangeConfirmEmail(key+"/new", u.Lang, email, u.FullName,
		s.link("/account/confirm-email", tok)+"&lang="+string(u.Lang.Text()))); err != nil {
		return err
	}
	return s.Mail.Enqueue(ctx, sitecore.EmailChangeNoticeEmail(key+"/old", u.Lang, u.Email, u.FullName, email))
}

// PendingEmailChange returns the address the caller's waiting change goes to ("" when none).
func (s *Service) PendingEmailChange(ctx context.Context, p *sitecore.Principal) (string, error) {
	if err := requireLogin(p); err != nil || p.UserID == 0 {
		return "", sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	email, err := s.Store.PendingEmailChange(ctx, p.UserID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return "", nil
	}
	return email, err
}

// ConfirmEmailChange applies the change whose link was opened: the account's address becomes
// the new one, verified. It returns the account.
func (s *Service) ConfirmEmailChange(ctx context.Context, token string) (*sitecore.User, error) {
	id, old, err := s.Store.ApplyEmailChange(ctx, HashToken(token))
	if err != nil {
		return nil, err
	}
	if s.Log != nil {
		s.Log.InfoContext(ctx, "email changed", "user", id, "old", old)
	}
	return s.Store.FindUserByID(ctx, id)
}
