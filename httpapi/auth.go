package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// SessionCookie is the name of the session cookie (see web.SessionCookie).
const SessionCookie = web.SessionCookie

// bootstrapPrincipal is the operator behind MEKTEP_BOOTSTRAP_TOKEN.
var bootstrapPrincipal = &sitecore.Principal{Name: "bootstrap operator", PlatformRole: sitecore.PlatformOperator}

// authenticate finds out who makes an API request: the bootstrap operator token, a personal
// API token (Authorization: Bearer mkp_...), or a session cookie. A bad bearer token is a
// 401; a missing or stale cookie means an anonymous visitor.
func (s *Server) authenticate(next http.Handler) http.Handler {
	boot := sha256.Sum256([]byte(s.BootstrapToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := sitecore.Anonymous
		ri := web.InfoFrom(r.Context())
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
		} else if tok := s.SessionToken(r); tok != "" && s.Accounts != nil {
			var err error
			if p, err = s.Accounts.PrincipalForSession(r.Context(), tok); err != nil {
				s.Error(w, r, err)
				return
			}
		}
		if ri != nil {
			ri.Principal = p
			switch {
			case p == bootstrapPrincipal:
				ri.User = "operator:bootstrap"
			case p.UserID != 0:
				ri.User = "user:" + strconv.FormatInt(p.UserID, 10)
			}
		}
		next.ServeHTTP(w, r.WithContext(sitecore.WithClientIP(r.Context(), s.ClientIP(r)))) // for per-network limits
	})
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="mektep"`)
	s.Error(w, r, err)
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
