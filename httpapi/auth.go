package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// SessionCookie is the name of the session cookie. It is host-only: every school domain
// has its own session, while the account is the same everywhere.
const SessionCookie = "mektep_session"

// bootstrapPrincipal is the operator behind MEKTEP_BOOTSTRAP_TOKEN.
var bootstrapPrincipal = &sitecore.Principal{Name: "bootstrap operator", PlatformRole: sitecore.PlatformOperator}

// authenticate finds out who makes an API request: the bootstrap operator token, a personal
// API token (Authorization: Bearer mkp_...), or a session cookie. A bad bearer token is a
// 401; a missing or stale cookie means an anonymous visitor.
func (s *Server) authenticate(next http.Handler) http.Handler {
	boot := sha256.Sum256([]byte(s.BootstrapToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := sitecore.Anonymous
		ri := infoFrom(r.Context())
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			tok = strings.TrimSpace(tok)
			sum := sha256.Sum256([]byte(tok))
			switch {
			case ok && s.BootstrapToken != "" && subtle.ConstantTimeCompare(sum[:], boot[:]) == 1:
				p = bootstrapPrincipal
			case ok && s.Accounts != nil && accounts.IsAPIToken(tok):
				var err error
				if p, err = s.Accounts.PrincipalForAPIToken(r.Context(), tok); err != nil {
					s.unauthorized(w, r, err)
					return
				}
			default:
				s.unauthorized(w, r, sitecore.Errorf(sitecore.EUnauthorized, "unauthorized"))
				return
			}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" && s.Accounts != nil {
			if p, err = s.Accounts.PrincipalForSession(r.Context(), c.Value); err != nil {
				s.Error(w, r, err)
				return
			}
		}
		if ri != nil {
			ri.principal = p
			switch {
			case p == bootstrapPrincipal:
				ri.User = "operator:bootstrap"
			case p.UserID != 0:
				ri.User = "user:" + strconv.FormatInt(p.UserID, 10)
			}
		}
		next.ServeHTTP(w, r.WithContext(sitecore.WithClientIP(r.Context(), s.clientIP(r)))) // for per-network limits
	})
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="mektep"`)
	s.Error(w, r, err)
}

// principal returns who makes the request (Anonymous if nobody).
func principal(r *http.Request) *sitecore.Principal {
	if ri := infoFrom(r.Context()); ri != nil && ri.principal != nil {
		return ri.principal
	}
	return sitecore.Anonymous
}

// actor describes the caller for the audit log.
func (s *Server) actor(r *http.Request) sitecore.Actor {
	p := principal(r)
	ua := r.UserAgent()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	return sitecore.Actor{UserID: p.UserID, Name: p.Name, IP: s.clientIP(r), UserAgent: ua}
}

// clientIP is the caller's address: the connection's peer, or — when that peer is a trusted
// proxy — the last untrusted address in X-Forwarded-For.
func (s *Server) clientIP(r *http.Request) netip.Addr {
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

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// setSession sets the session cookie: HttpOnly, SameSite=Lax, and Secure over TLS.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureRequest(r), MaxAge: int(accounts.SessionTTL / time.Second)})
}

func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureRequest(r), MaxAge: -1})
}

// secureRequest reports whether the visitor uses HTTPS: the connection is TLS, or a trusted
// proxy (or, with no proxies configured, the caller) says so in X-Forwarded-Proto. With no
// trusted proxies the header is believed, since marking a cookie Secure never weakens it.
func (s *Server) secureRequest(r *http.Request) bool {
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

// csrf rejects cross-origin, state-changing browser requests (by Sec-Fetch-Site and
// Origin), which is what protects cookie-authenticated writes.
func (s *Server) csrf(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, sitecore.Errorf(sitecore.EForbidden, "csrf"))
	}))
	return cop.Handler(next)
}
