package accounts

import (
	"context"
	"encoding/hex"
	"net/mail"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Throttling (see sitecore.Limiter), counted in PostgreSQL so every instance sees the same
// counters. Failed logins count per account and client network together, and per network:
// a stranger's failures lock only the stranger's network out of the account, never the
// account, so the owner can log in from anywhere else. Registrations count per network;
// reset emails per address (whether or not it has an account, so a refusal tells nothing)
// and per network.
var (
	throttlePair      = sitecore.ThrottleKey{Max: 5, Window: 15 * time.Minute, LockFor: time.Minute, MaxLock: time.Hour}
	throttleNet       = sitecore.ThrottleKey{Max: 50, Window: 15 * time.Minute, LockFor: 5 * time.Minute, MaxLock: time.Hour}
	limitRegisterNet  = sitecore.ThrottleKey{Max: 20, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
	limitResetAddress = sitecore.ThrottleKey{Max: 3, Window: time.Hour, LockFor: 15 * time.Minute, MaxLock: 24 * time.Hour}
	limitResetNet     = sitecore.ThrottleKey{Max: 20, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
)

// Registration is what a person submits to create an account.
type Registration struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	FullName string `json:"full_name"`
	Lang     string `json:"lang"`
}

// ParseEmail validates and lowercases an address.
func ParseEmail(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", sitecore.Invalid(field, "field.required")
	}
	addr, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || addr.Address != s || len(s) > 254 || at < 1 || !strings.Contains(s[at:], ".") {
		return "", sitecore.Invalid(field, "email.invalid", "value", s)
	}
	return strings.ToLower(s), nil
}

func parseName(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", sitecore.Invalid(field, "field.required")
	case utf8.RuneCountInString(s) > maxNameLen:
		return "", sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(maxNameLen))
	}
	return s, nil
}

func parseUserLang(field, s string) (sitecore.Lang, error) {
	if s == "" {
		return sitecore.Kazakh, nil
	}
	l := sitecore.Lang(strings.ToLower(s))
	if !l.Supported() {
		return "", sitecore.Invalid(field, "lang.unsupported", "value", s)
	}
	return l, nil
}

// Register creates an account and emails a verification link. Everything is validated
// before anything is written.
func (s *Service) Register(ctx context.Context, r Registration) (*sitecore.User, error) {
	email, err := ParseEmail("email", r.Email)
	if err != nil {
		return nil, err
	}
	if err := sitecore.ValidatePassword("password", r.Password, email); err != nil {
		return nil, err
	}
	name, err := parseName("full_name", r.FullName)
	if err != nil {
		return nil, err
	}
	lang, err := parseUserLang("lang", r.Lang)
	if err != nil {
		return nil, err
	}
	if k, ok := sitecore.NetRule(ctx, "register-net:", limitRegisterNet); ok {
		if err := sitecore.Limit(ctx, s.Store, k); err != nil {
			return nil, err
		}
	}
	hash, err := sitecore.HashPassword(r.Password)
	if err != nil {
		return nil, sitecore.Internal("Register", err)
	}
	u := &sitecore.User{Email: email, FullName: name, Lang: lang, Visibility: sitecore.VisibilityMembers, PasswordHash: hash}
	if err := s.Store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	if err := s.sendVerification(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Service) sendVerification(ctx context.Context, u *sitecore.User) error {
	tok, hash := NewToken("")
	if err := s.Store.CreateOneTimeToken(ctx, hash, u.ID, sitecore.TokenVerifyEmail, s.now().Add(VerifyTokenTTL)); err != nil {
		return err
	}
	key := "verify-email/" + strconv.FormatInt(u.ID, 10) + "/" + mailKeySuffix(tok)
	return s.Mail.Enqueue(ctx, sitecore.VerificationEmail(key, u.Lang, u.Email, u.FullName,
		s.link("/account/verify-email", tok)))
}

// VerifyEmail consumes a verification token.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*sitecore.User, error) {
	id, err := s.Store.UseOneTimeToken(ctx, HashToken(token), sitecore.TokenVerifyEmail)
	if err != nil {
		return nil, err
	}
	if err := s.Store.MarkEmailVerified(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.FindUserByID(ctx, id)
}

// Login checks the credentials under throttling and starts a new session; the returned
// token goes into the cookie. A fresh token on every login defeats session fixation.
func (s *Service) Login(ctx context.Context, email, password string, ip netip.Addr) (string, *sitecore.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	network := sitecore.ClientNet(ip)
	acct, byIP := throttlePair.Rule("login:"+email+"|"+network), throttleNet.Rule("login-net:"+network)
	keys := []string{acct.Key, byIP.Key}
	if until, locked, err := s.Store.LoginThrottled(ctx, keys); err != nil {
		return "", nil, err
	} else if locked {
		return "", nil, throttled(until, s.now())
	}
	u, err := s.Store.FindUserByEmail(ctx, email)
	ok := false
	if err == nil && u.PasswordHash != "" {
		ok, _ = sitecore.CheckPassword(u.PasswordHash, password)
	} else if sitecore.ErrorCode(err) == sitecore.ENotFound {
		// Spend the same time as for a real account, so timing does not tell which exist.
		_, _ = sitecore.CheckPassword(dummyHash, password)
		err = nil
	}
	if err != nil {
		return "", nil, err
	}
	if !ok {
		until, locked, err := s.Store.RecordLoginFailure(ctx, []sitecore.ThrottleKey{acct, byIP})
		if err != nil {
			return "", nil, err
		}
		if locked {
			return "", nil, throttled(until, s.now())
		}
		return "", nil, sitecore.Errorf(sitecore.EUnauthorized, "login.failed")
	}
	if err := s.Store.ResetLoginFailures(ctx, []string{acct.Key}); err != nil {
		return "", nil, err
	}
	if _, rehash := sitecore.CheckPassword(u.PasswordHash, password); rehash {
		if h, err := sitecore.HashPassword(password); err == nil {
			_ = s.Store.SetPassword(ctx, u.ID, h)
		}
	}
	tok, err := s.startSession(ctx, u.ID)
	return tok, u, err
}

// dummyHash is checked for unknown accounts so a login takes as long either way.
var dummyHash, _ = sitecore.HashPassword("not-a-real-password-0000")

func throttled(until, now time.Time) error {
	return sitecore.RateLimited("login.throttled", until, now)
}

func (s *Service) startSession(ctx context.Context, userID int64) (string, error) {
	tok, hash := NewToken("")
	err := s.Store.CreateSession(ctx, hash, sitecore.Session{UserID: userID, ExpiresAt: s.now().Add(SessionTTL)})
	return tok, err
}

// Logout ends the session of the token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, HashToken(token))
}

// ChangePassword replaces the password after checking the current one; every session ends
// and a new one is returned for the caller.
func (s *Service) ChangePassword(ctx context.Context, p *sitecore.Principal, current, next string) (string, error) {
	if err := requirePerson(p); err != nil {
		return "", err
	}
	u, err := s.Store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return "", err
	}
	if ok, _ := sitecore.CheckPassword(u.PasswordHash, current); !ok {
		return "", sitecore.Invalid("current_password", "password.wrong")
	}
	if err := sitecore.ValidatePassword("new_password", next, u.Email); err != nil {
		return "", err
	}
	hash, err := sitecore.HashPassword(next)
	if err != nil {
		return "", sitecore.Internal("ChangePassword", err)
	}
	if err := s.Store.SetPassword(ctx, u.ID, hash); err != nil {
		return "", err
	}
	return s.startSession(ctx, u.ID)
}

// RequestPasswordReset emails a reset link if the account exists; it answers the same
// either way (limits included), so it cannot be used to find out who is registered.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email, err := ParseEmail("email", email)
	if err != nil {
		return err
	}
	keys := []sitecore.ThrottleKey{limitResetAddress.Rule("reset:" + email)}
	if k, ok := sitecore.NetRule(ctx, "reset-net:", limitResetNet); ok {
		keys = append(keys, k)
	}
	if err := sitecore.Limit(ctx, s.Store, keys...); err != nil {
		return err
	}
	u, err := s.Store.FindUserByEmail(ctx, email)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	tok, hash := NewToken("")
	if err := s.Store.CreateOneTimeToken(ctx, hash, u.ID, sitecore.TokenResetPassword, s.now().Add(ResetTokenTTL)); err != nil {
		return err
	}
	key := "reset-password/" + strconv.FormatInt(u.ID, 10) + "/" + mailKeySuffix(tok)
	return s.Mail.Enqueue(ctx, sitecore.PasswordResetEmail(key, u.Lang, u.Email, u.FullName,
		s.link("/account/reset-password", tok), ResetTokenTTL))
}

// ResetPassword sets a new password with a reset token; the token works once, and every
// session, API token and other emailed link of the account ends (Store.RecoverAccount).
// Invitations to schools use the same tokens.
func (s *Service) ResetPassword(ctx context.Context, token, next string) error {
	if strings.TrimSpace(token) == "" {
		return sitecore.Invalid("token", "field.required")
	}
	// Validate the password against the account before consuming the token, so a rejected
	// password does not burn the link.
	uid, err := s.Store.PeekOneTimeToken(ctx, HashToken(token), sitecore.TokenResetPassword)
	if err != nil {
		return err
	}
	u, err := s.Store.FindUserByID(ctx, uid)
	if err != nil {
		return err
	}
	if err := sitecore.ValidatePassword("new_password", next, u.Email); err != nil {
		return err
	}
	hash, err := sitecore.HashPassword(next)
	if err != nil {
		return sitecore.Internal("ResetPassword", err)
	}
	id, err := s.Store.UseOneTimeToken(ctx, HashToken(token), sitecore.TokenResetPassword)
	if err != nil {
		return err
	}
	// Following an emailed link proves the address too; whoever held the account before
	// loses every session, API token and other emailed link.
	return s.Store.RecoverAccount(ctx, id, hash)
}

// mailKeySuffix tells one token's email from another's in the email key (which is also a
// Temporal workflow ID) without putting any part of the token there: 8 hex digits of its hash.
func mailKeySuffix(tok string) string { return hex.EncodeToString(HashToken(tok)[:4]) }
