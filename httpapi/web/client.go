package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// SessionCookie is the name of the session cookie over plain HTTP (development). It is
// host-only: every school domain has its own session, while the account is the same
// everywhere.
const SessionCookie = "mektep_session"

// SecureSessionCookie is the session cookie's name over HTTPS. Browsers keep a "__Host-"
// cookie only when it is Secure, host-only and for path "/", so a script on a sibling
// domain (a school's tag manager) cannot plant one for the platform's hosts.
const SecureSessionCookie = "__Host-" + SessionCookie

// SessionName is the session cookie's name for r: the "__Host-" name over HTTPS, the plain
// one over HTTP. A plain-named cookie is not believed over HTTPS, since anyone able to set
// cookies for a parent domain could have set it.
func (s *Responder) SessionName(r *http.Request) string {
	if s.SecureRequest(r) {
		return SecureSessionCookie
	}
	return SessionCookie
}

// SessionToken is the session token the request carries under SessionName, or "".
func (s *Responder) SessionToken(r *http.Request) string {
	if c, err := r.Cookie(s.SessionName(r)); err == nil {
		return c.Value
	}
	return ""
}

// Actor describes the caller for the audit log.
func (s *Responder) Actor(r *http.Request) sitecore.Actor {
	p := Principal(r)
	ua := r.UserAgent()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	return sitecore.Actor{UserID: p.UserID, Name: p.Name, IP: s.ClientIP(r), UserAgent: ua}
}

// ClientIP is the caller's address: the connection's peer, or — when that peer is a trusted
// proxy — the last untrusted address in X-Forwarded-For.
func (s *Responder) ClientIP(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, _ := netip.ParseAddr(host)
	addr = addr.Unmap()
	if !s.trusted(addr) {
		return addr
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a
		}
		addr = a
	}
	return addr
}

func (s *Responder) trusted(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// SetSession sets the session cookie: HttpOnly, SameSite=Lax, and over TLS Secure with the
// "__Host-" name.
func (s *Responder) SetSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.SessionName(r), Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.SecureRequest(r), MaxAge: int(accounts.SessionTTL / time.Second)})
}

// ClearSession drops the session cookie.
func (s *Responder) ClearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: s.SessionName(r), Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.SecureRequest(r), MaxAge: -1})
}

// SecureRequest reports whether the visitor uses HTTPS: the connection is TLS, or a trusted
// proxy (or, with no proxies configured, the caller) says so in X-Forwarded-Proto. With no
// trusted proxies the header is believed, since marking a cookie Secure never weakens it.
func (s *Responder) SecureRequest(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if r.Header.Get("X-Forwarded-Proto") != "https" {
		return false
	}
	if len(s.TrustedProxies) == 0 {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && s.trusted(addr.Unmap())
}
