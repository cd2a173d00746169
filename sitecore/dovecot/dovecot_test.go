package dovecot_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/dovecot"
)

// startDovecot runs Debian's Dovecot for one test under a directory the unprivileged
// dovecot users can reach (t.TempDir's parents are private to root).
func startDovecot(t *testing.T) (*devstack.Dovecot, *dovecot.Server) {
	t.Helper()
	if !devstack.DovecotInstalled() {
		t.Fatal("dovecot is not installed: make dovecot-package (apt-get install dovecot-imapd)")
	}
	dir, err := os.MkdirTemp("", "mektep-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	port, err := devstack.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	d, err := devstack.StartDovecot(context.Background(), dir, port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Stop() })
	return d, &dovecot.Server{UsersFile: d.UsersFile, MailRoot: d.MailRoot, Config: d.Config}
}

func login(addr, user, pw string) error {
	c, err := devstack.DialIMAP(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Login(user, pw)
}

func message(size int) []byte {
	var b bytes.Buffer
	b.WriteString("From: a@example.kz\r\nTo: info@school.edu.kz\r\nSubject: test\r\n\r\n")
	line := strings.Repeat("x", 76) + "\r\n"
	for b.Len() < size {
		b.WriteString(line)
	}
	return b.Bytes()
}

// TestDovecotMailboxLifecycle drives the adapter against a real Dovecot: a created mailbox
// logs in over IMAP and its quota is enforced by the server; a password reset makes the old
// password fail and the new one work; suspension refuses logins and resumption allows them
// again; deletion refuses logins and removes the mail; usage comes back from doveadm.
func TestDovecotMailboxLifecycle(t *testing.T) {
	d, srv := startDovecot(t)
	ctx := context.Background()
	const addr = "info@school12.edu.kz"
	if err := srv.CreateMailbox(ctx, addr, "first-Password1", 1<<20); err != nil {
		t.Fatal(err)
	}
	if err := srv.CreateMailbox(ctx, addr, "x", 1<<20); sitecore.ErrorCode(err) != sitecore.EConflict {
		t.Fatalf("second create: %v", err)
	}
	users, _ := os.ReadFile(d.UsersFile)
	if bytes.Contains(users, []byte("first-Password1")) || !bytes.Contains(users, []byte("{ARGON2ID}$argon2id$")) {
		t.Fatalf("passwd-file does not hold only a hash: %s", users)
	}
	if err := login(d.Addr, addr, "wrong"); err == nil {
		t.Fatal("a wrong password logged in")
	}
	c, err := devstack.DialIMAP(d.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(addr, "first-Password1"); err != nil {
		t.Fatal(err)
	}
	// 1 MiB quota: two 400 KB messages fit, the third does not.
	msg := message(400 << 10)
	for i := range 2 {
		if err := c.Append("INBOX", msg); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	err = c.Append("INBOX", msg)
	if err == nil || !strings.Contains(err.Error(), "NO") {
		t.Fatalf("append over quota: %v", err)
	}
	if n, err := c.Select("INBOX"); err != nil || n != 2 {
		t.Fatalf("INBOX holds %d messages (%v), want 2", n, err)
	}
	c.Close()
	used, err := srv.MailboxUsage(ctx, addr)
	if err != nil || used < 2*400<<10 || used > 1<<20 {
		t.Fatalf("usage %d %v", used, err)
	}

	if err := srv.SetMailboxPassword(ctx, addr, "second-Password2"); err != nil {
		t.Fatal(err)
	}
	if err := login(d.Addr, addr, "first-Password1"); err == nil {
		t.Fatal("the old password still works")
	}
	if err := login(d.Addr, addr, "second-Password2"); err != nil {
		t.Fatal(err)
	}

	if err := srv.SetMailboxSuspended(ctx, addr, true); err != nil {
		t.Fatal(err)
	}
	if err := login(d.Addr, addr, "second-Password2"); err == nil {
		t.Fatal("a suspended mailbox logged in")
	}
	if err := srv.SetMailboxSuspended(ctx, addr, false); err != nil {
		t.Fatal(err)
	}
	if err := login(d.Addr, addr, "second-Password2"); err != nil {
		t.Fatalf("resumed: %v", err)
	}

	if err := srv.DeleteMailbox(ctx, addr); err != nil {
		t.Fatal(err)
	}
	if err := login(d.Addr, addr, "second-Password2"); err == nil {
		t.Fatal("a deleted mailbox logged in")
	}
	if _, err := os.Stat(d.MailRoot + "/school12.edu.kz/info"); !os.IsNotExist(err) {
		t.Fatalf("the mail of a deleted mailbox is still there: %v", err)
	}
	if err := srv.SetMailboxPassword(ctx, addr, "x"); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("password of a deleted mailbox: %v", err)
	}
}

// TestDovecotConcurrentWriters creates mailboxes from many goroutines and two adapters on
// one file (two processes of the platform): every line survives, each can log in.
func TestDovecotConcurrentWriters(t *testing.T) {
	d, a := startDovecot(t)
	b := &dovecot.Server{UsersFile: d.UsersFile, MailRoot: d.MailRoot, Config: d.Config}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		srv := a
		if i%2 == 1 {
			srv = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- srv.CreateMailbox(ctx, "user"+string(rune('a'+i))+"@school.edu.kz", "pw-"+string(rune('a'+i)), 1<<20)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	users, _ := os.ReadFile(d.UsersFile)
	if n := bytes.Count(users, []byte("\n")); n != 8 {
		t.Fatalf("passwd-file has %d lines, want 8:\n%s", n, users)
	}
	for i := range 8 {
		if err := login(d.Addr, "user"+string(rune('a'+i))+"@school.edu.kz", "pw-"+string(rune('a'+i))); err != nil {
			t.Fatalf("user %d: %v", i, err)
		}
	}
}
