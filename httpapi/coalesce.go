package httpapi

import (
	"context"
	"net"
	"net/http"
)

// A page larger than net/http's 4 KB connection buffer leaves in two write system calls:
// the buffer (status line, headers and the start of the body) when it fills, then the
// rest. nginx sends header and body with one writev. CoalescingListener's connections let
// the fast path do the same: while a cached page is written (serveFast), a full buffer
// handed to Write is kept and sent with the next Write in one writev; whatever is still
// kept when the page is written is sent then. Outside the fast path Write is the TCP
// connection's own; sendfile (ReadFrom) and CloseWrite are the connection's.

// CoalescingListener wraps l's TCP connections (others, such as TLS, are returned as they
// are). Serve with ConnContext so handlers can find them.
func CoalescingListener(l net.Listener) net.Listener { return coalescingListener{l} }

type coalescingListener struct{ net.Listener }

func (l coalescingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		return &coalescingConn{TCPConn: tc}, nil
	}
	return c, err
}

type connKey struct{}

// ConnContext is http.Server's ConnContext for CoalescingListener: it makes the connection
// known to handlers.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*coalescingConn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

func connOf(r *http.Request) *coalescingConn {
	cc, _ := r.Context().Value(connKey{}).(*coalescingConn)
	return cc
}

// coalescingConn is a TCP connection whose writes can be held and joined. Only the
// connection's serving goroutine writes (HTTP/1.1), so hold and pending need no lock.
type coalescingConn struct {
	*net.TCPConn
	hold    bool
	pending []byte      // a held write (a copy: net/http reuses its buffer)
	vec     net.Buffers // backing array of the joined write, kept across requests
	out     net.Buffers // what WriteTo consumes (it advances its receiver)
}

func (c *coalescingConn) Write(p []byte) (int, error) {
	if !c.hold {
		return c.TCPConn.Write(p)
	}
	if c.pending == nil {
		c.pending = append(make([]byte, 0, max(len(p), 4096)), p...)
		return len(p), nil
	}
	if len(c.pending) == 0 {
		c.pending = append(c.pending, p...)
		return len(p), nil
	}
	c.vec = append(c.vec[:0], c.pending, p)
	c.out = c.vec
	n, err := c.out.WriteTo(c.TCPConn)
	held := len(c.pending)
	c.pending = c.pending[:0]
	if err != nil {
		return max(0, int(n)-held), err
	}
	return len(p), nil
}

// start holds writes; finish sends what is held (nothing after a joined write) and stops.
func (c *coalescingConn) start() { c.hold = true }

func (c *coalescingConn) holding() bool { return len(c.pending) > 0 }

func (c *coalescingConn) finish() error {
	c.hold = false
	if len(c.pending) == 0 {
		return nil
	}
	_, err := c.TCPConn.Write(c.pending)
	c.pending = c.pending[:0]
	return err
}
