package devstack

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/dns/dnsmessage"
)

// DNSServer is a tiny authoritative DNS server over UDP that answers TXT queries from an
// in-memory table, so tests can check domain verification without the internet. Names set
// with SetTXT answer with their TXT records (and with no records for other types); every
// other name is NXDOMAIN. Answers must fit in one UDP datagram: there is no TCP listener.
type DNSServer struct {
	Addr string // host:port it listens on, set by StartDNSServer

	conn    net.PacketConn
	done    chan struct{}
	queries atomic.Int64

	mu  sync.RWMutex
	txt map[string][]string // by normalised name
}

// StartDNSServer listens on the UDP address addr ("127.0.0.1:0" for any free port) and
// serves until Close.
func StartDNSServer(addr string) (*DNSServer, error) {
	conn, err := net.ListenPacket("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("dns server: %w", err)
	}
	s := &DNSServer{Addr: conn.LocalAddr().String(), conn: conn, done: make(chan struct{}),
		txt: map[string][]string{}}
	go s.serve()
	return s, nil
}

// dnsKey normalises a DNS name for the table: lower case, no trailing dot.
func dnsKey(name string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

// SetTXT replaces the TXT records of name (written without the trailing dot; case does not
// matter). Each value becomes one record; values longer than 255 bytes are split into several
// strings of that record, which resolvers join again. With no values the name exists but has
// no TXT records. SetTXT is safe to call while the server answers queries.
func (s *DNSServer) SetTXT(name string, values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txt[dnsKey(name)] = append([]string{}, values...)
}

// DeleteTXT removes name, so that queries for it get NXDOMAIN again.
func (s *DNSServer) DeleteTXT(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.txt, dnsKey(name))
}

// Queries returns the number of well-formed queries the server has answered.
func (s *DNSServer) Queries() int64 { return s.queries.Load() }

// Close stops the server and waits until it no longer answers.
func (s *DNSServer) Close() error {
	err := s.conn.Close()
	<-s.done
	return err
}

// serve answers datagrams until the connection is closed.
func (s *DNSServer) serve() {
	defer close(s.done)
	buf := make([]byte, 65535)
	for {
		n, from, err := s.conn.ReadFrom(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		if resp := s.answer(buf[:n]); resp != nil {
			s.conn.WriteTo(resp, from) //nolint:errcheck // the client retries
		}
	}
}

// answer builds the response to one query, or returns nil for packets that are not queries.
func (s *DNSServer) answer(req []byte) []byte {
	var p dnsmessage.Parser
	h, err := p.Start(req)
	if err != nil || h.Response {
		return nil
	}
	s.queries.Add(1)
	rh := dnsmessage.Header{ID: h.ID, Response: true, OpCode: h.OpCode, Authoritative: true,
		RecursionDesired: h.RecursionDesired, RecursionAvailable: true}
	q, err := p.Question()
	switch {
	case err != nil:
		rh.RCode = dnsmessage.RCodeFormatError
		return s.build(rh, nil, nil)
	case h.OpCode != 0:
		rh.RCode = dnsmessage.RCodeNotImplemented
		return s.build(rh, &q, nil)
	}
	s.mu.RLock()
	values, ok := s.txt[dnsKey(q.Name.String())]
	s.mu.RUnlock()
	if !ok {
		rh.RCode = dnsmessage.RCodeNameError
		return s.build(rh, &q, nil)
	}
	if (q.Type == dnsmessage.TypeTXT || q.Type == dnsmessage.TypeALL) &&
		(q.Class == dnsmessage.ClassINET || q.Class == dnsmessage.ClassANY) {
		return s.build(rh, &q, values)
	}
	return s.build(rh, &q, nil) // the name exists without records of this type
}

// build packs a response; a value that cannot be packed gives SERVFAIL.
func (s *DNSServer) build(h dnsmessage.Header, q *dnsmessage.Question, txt []string) []byte {
	b := dnsmessage.NewBuilder(make([]byte, 0, 512), h)
	b.EnableCompression()
	err := b.StartQuestions()
	if err == nil && q != nil {
		err = b.Question(*q)
	}
	if err == nil {
		err = b.StartAnswers()
	}
	for _, v := range txt {
		if err != nil {
			break
		}
		err = b.TXTResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET},
			dnsmessage.TXTResource{TXT: splitTXT(v)})
	}
	if err == nil {
		var msg []byte
		if msg, err = b.Finish(); err == nil {
			return msg
		}
	}
	if h.RCode == dnsmessage.RCodeServerFailure {
		return nil
	}
	h.RCode = dnsmessage.RCodeServerFailure
	return s.build(h, q, nil)
}

// splitTXT cuts a value into the strings of one TXT record, at most 255 bytes each.
func splitTXT(v string) []string {
	if len(v) <= 255 {
		return []string{v}
	}
	var out []string
	for len(v) > 255 {
		out = append(out, v[:255])
		v = v[255:]
	}
	if v != "" {
		out = append(out, v)
	}
	return out
}
