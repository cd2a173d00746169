package devstack

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// IMAPClient is the few IMAP4rev1 commands (RFC 3501) the tests of mailboxes need: LOGIN,
// APPEND, SELECT and LOGOUT over plain TCP. No IMAP client module is served here at an
// approved release, and these commands are a few lines each.
type IMAPClient struct {
	conn net.Conn
	r    *bufio.Reader
	tag  int
}

// DialIMAP connects and reads the server's greeting.
func DialIMAP(addr string) (*IMAPClient, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c := &IMAPClient{conn: conn, r: bufio.NewReader(conn)}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	greeting, err := c.r.ReadString('\n')
	if err != nil {
		conn.Close()
		return nil, err
	}
	if !strings.HasPrefix(greeting, "* OK") {
		conn.Close()
		return nil, fmt.Errorf("imap greeting: %q", greeting)
	}
	return c, nil
}

// quote writes s as an IMAP quoted string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// command sends one command (with an optional literal after a continuation) and returns
// the tagged completion line ("OK ...", "NO ...", "BAD ...") and the untagged lines.
func (c *IMAPClient) command(cmd string, literal []byte) (status string, untagged []string, err error) {
	c.tag++
	tag := "a" + strconv.Itoa(c.tag)
	c.conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := fmt.Fprintf(c.conn, "%s %s\r\n", tag, cmd); err != nil {
		return "", nil, err
	}
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return "", untagged, err
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case strings.HasPrefix(line, "+") && literal != nil:
			if _, err := c.conn.Write(append(literal, '\r', '\n')); err != nil {
				return "", untagged, err
			}
			literal = nil
		case strings.HasPrefix(line, tag+" "):
			return strings.TrimPrefix(line, tag+" "), untagged, nil
		default:
			untagged = append(untagged, line)
		}
	}
}

// Login logs in; a refusal is an error carrying the server's text.
func (c *IMAPClient) Login(user, password string) error {
	st, _, err := c.command("LOGIN "+quote(user)+" "+quote(password), nil)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(st, "OK") {
		return fmt.Errorf("imap login: %s", st)
	}
	return nil
}

// Append stores msg in mailbox; a refusal (over quota: "NO [OVERQUOTA] ...") is an error
// carrying the server's text.
func (c *IMAPClient) Append(mailbox string, msg []byte) error {
	st, _, err := c.command(fmt.Sprintf("APPEND %s {%d}", quote(mailbox), len(msg)), msg)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(st, "OK") {
		return fmt.Errorf("imap append: %s", st)
	}
	return nil
}

// Select opens mailbox and returns how many messages it holds.
func (c *IMAPClient) Select(mailbox string) (int, error) {
	st, lines, err := c.command("SELECT "+quote(mailbox), nil)
	if err != nil {
		return 0, err
	}
	if !strings.HasPrefix(st, "OK") {
		return 0, fmt.Errorf("imap select: %s", st)
	}
	for _, l := range lines {
		if f := strings.Fields(l); len(f) == 3 && f[2] == "EXISTS" {
			return strconv.Atoi(f[1])
		}
	}
	return 0, fmt.Errorf("imap select: no EXISTS")
}

// Close logs out and closes the connection.
func (c *IMAPClient) Close() error {
	c.command("LOGOUT", nil) //nolint:errcheck // closing anyway
	return c.conn.Close()
}
