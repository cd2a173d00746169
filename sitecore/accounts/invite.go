package accounts

import (
	"context"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// InvitationLink returns the link an invitation to a school (owner, admin or member) must
// carry for the account u, or "" when the account can simply sign in.
//
// An account whose address is verified and that has a password signs in as it is. Any
// other account gets a link to set a (new) password, valid for InviteTokenTTL: a new account
// has no password yet, and an unverified one may have been registered by someone who does
// not hold the mailbox. Following the link proves the address, replaces the password and
// ends every session, API token and emailed link of the account (Service.ResetPassword),
// so a stranger who registered the address first loses it. The account's unused
// verification links are dropped here, so the only way left to prove the address is the
// invitation's link, which sets the password: a registration link the mailbox's holder
// might click later cannot hand the stranger's password the school.
//
// Provisioning (the owner) and Service.AddAdmin/AddMember use it, so every role grant
// follows the same rule.
func InvitationLink(ctx context.Context, store sitecore.CredentialStore, publicURL string, u *sitecore.User, now time.Time) (string, error) {
	if u.EmailVerified && u.PasswordHash != "" {
		return "", nil
	}
	if !u.EmailVerified {
		if err := store.DropOneTimeTokens(ctx, u.ID, sitecore.TokenVerifyEmail); err != nil {
			return "", err
		}
	}
	tok, hash := NewToken("")
	if err := store.CreateOneTimeToken(ctx, hash, u.ID, sitecore.TokenResetPassword, now.Add(InviteTokenTTL)); err != nil {
		return "", err
	}
	return strings.TrimRight(publicURL, "/") + "/account/reset-password?token=" + tok, nil
}
