package devstack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	smtp "github.com/emersion/go-smtp"
)

// SMTPSink is an SMTP server that accepts every message and stores it as an .eml file in Dir,
// with the envelope recipients in an X-Sink-To header. Tests read the files with ReadMail.
type SMTPSink struct {
	Dir  string
	Addr string // host:port it listens on, set by StartSMTPSink
	// BeforeStore, if set, runs while a message's data is being received and before it is
	// stored; an error rejects the message. Tests use it to hold a delivery open.
	BeforeStore func() error

	srv *smtp.Server
	seq atomic.Int64
}

// StartSMTPSink listens on addr ("127.0.0.1:0" for any free port) and stores mail in dir.
func StartSMTPSink(addr, dir string) (*SMTPSink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("smtp sink: %w", err)
	}
	s := &SMTPSink{Dir: dir, Addr: l.Addr().String()}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "mektep-sink.local"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	s.srv.MaxMessageBytes = 50 << 20
	go s.srv.Serve(l) //nolint:errcheck // returns when closed
	return s, nil
}

// URL returns the SMTP_URL that reaches the sink.
func (s *SMTPSink) URL() string { return "smtp://" + s.Addr }

// Close stops the server.
func (s *SMTPSink) Close() error { return s.srv.Close() }

// NewSession implements smtp.Backend.
func (s *SMTPSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

type sinkSession struct {
	sink *SMTPSink
	from string
	to   []string
}

func (ss *sinkSession) Reset()                                      { ss.from, ss.to = "", nil }
func (ss *sinkSession) Logout() error                               { return nil }
func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error { ss.from = from; return nil }
func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

// Data stores the message atomically: a partial message (client gone mid-DATA) is never
// visible, because the file is written under a temporary name and renamed when complete.
func (ss *sinkSession) Data(r io.Reader) error {
	if ss.sink.BeforeStore != nil {
		if err := ss.sink.BeforeStore(); err != nil {
			_, _ = io.Copy(io.Discard, r)
			return err
		}
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%d-%04d.eml", time.Now().UnixNano(), ss.sink.seq.Add(1))
	tmp := filepath.Join(ss.sink.Dir, "."+name+".tmp")
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "X-Sink-From: %s\r\nX-Sink-To: %s\r\n", ss.from, strings.Join(ss.to, ", "))
	buf.Write(body)
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(ss.sink.Dir, name))
}

// Mail is a stored message, decoded for assertions.
type Mail struct {
	File      string
	To        []string
	Subject   string
	MessageID string
	Header    mail.Header
	Text      string // the text/plain part, decoded
	HTML      string // the text/html part, decoded
}

// ReadMail returns the messages stored in dir, oldest first.
func ReadMail(dir string) ([]Mail, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	out := make([]Mail, 0, len(names))
	for _, n := range names {
		m, err := parseMail(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		out = append(out, m)
	}
	return out, nil
}

func parseMail(path string) (Mail, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Mail{}, err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Mail{}, err
	}
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	m := Mail{File: path, Subject: subject, Header: msg.Header,
		MessageID: strings.Trim(msg.Header.Get("Message-Id"), "<>")}
	for to := range strings.SplitSeq(msg.Header.Get("X-Sink-To"), ",") {
		if to = strings.TrimSpace(to); to != "" {
			m.To = append(m.To, to)
		}
	}
	err = walkParts(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &m)
	return m, err
}

// walkParts collects the text and HTML parts of a (possibly multipart) body.
func walkParts(ctype, cte string, body io.Reader, m *Mail) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkParts(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, m); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = newBase64Reader(body)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		m.Text += string(data)
	case "text/html":
		m.HTML += string(data)
	}
	return nil
}
