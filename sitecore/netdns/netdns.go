// Package netdns resolves DNS records with Go's own resolver, either through the system's
// configuration or against one chosen DNS server; the latter lets tests and the dev stack
// point domain verification at a local server (see devstack.StartDNSServer).
package netdns

import (
	"context"
	"net"
	"strings"
)

// Resolver looks up TXT records. It implements sitecore.TXTResolver. A Resolver is safe for
// concurrent use.
type Resolver struct {
	server string
	r      *net.Resolver
}

// New returns a Resolver. With server ("host:port") non-empty every query goes to that DNS
// server over UDP, whatever /etc/resolv.conf says; answers must then fit in one UDP packet,
// since the TCP fallback for truncated answers is not used. With server empty the system's
// configured name servers are used.
func New(server string) *Resolver {
	r := &net.Resolver{PreferGo: true}
	if server != "" {
		r.Dial = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", server)
		}
	}
	return &Resolver{server: server, r: r}
}

// Server returns the DNS server all queries go to, or "" for the system's configuration.
func (r *Resolver) Server() string { return r.server }

// LookupTXT returns the TXT records of name, each record's strings joined into one. The name
// is treated as fully qualified, so the resolv.conf search list is never appended to it. A
// name that does not exist (NXDOMAIN) or has no TXT records gives a *net.DNSError with
// IsNotFound set; timeouts and server failures give other errors.
func (r *Resolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	if name != "" && !strings.HasSuffix(name, ".") {
		name += "."
	}
	return r.r.LookupTXT(ctx, name)
}
