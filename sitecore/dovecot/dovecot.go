// Package dovecot implements sitecore.MailServer on Dovecot 2.3 with a passwd-file user
// database and the quota plugin (see docs/operations.md, "Edu mailboxes").
//
// The adapter owns one passwd-file: a line per mailbox,
//
//	info@school12.edu.kz:{ARGON2ID}$argon2id$...::::/var/mail/school12.edu.kz/info::userdb_quota_rule=*:storage=262144000B
//
// with the password hashed here (Argon2id, which Dovecot verifies through libsodium), the
// mailbox's home under MailRoot, its quota as a userdb extra field, and "nologin=y
// reason=suspended" while it is suspended. Dovecot re-reads the file when it changes, so a
// change applies to the next login. Writers are serialized in the process and across
// processes (a lock file beside the passwd-file), and the file is replaced atomically
// (written beside it, synced, renamed), so Dovecot never reads half of it. Usage comes from
// `doveadm quota get`; ending sessions from `doveadm kick`.
package dovecot

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/mektep/mektep/sitecore"
)

// Server is a Dovecot whose passwd-file this process writes.
type Server struct {
	// UsersFile is the passwd-file both passdb and userdb of Dovecot read.
	UsersFile string
	// MailRoot holds the mailboxes: MailRoot/<domain>/<local part>.
	MailRoot string
	// Doveadm is the doveadm program ("doveadm" on PATH when empty); Config, when set, is
	// passed as `-c Config` so doveadm talks to the same instance.
	Doveadm string
	Config  string

	mu sync.Mutex
}

var _ sitecore.MailServer = (*Server)(nil)

// Argon2id cost: the OWASP recommendation (19 MiB, 2 passes, 1 lane); Dovecot verifies
// every login with it, so a heavier cost is paid on each IMAP login too.
const (
	argonMemory = 19 << 10
	argonTime   = 2
	argonLanes  = 1
	argonKeyLen = 32
)

// HashPassword returns pw in Dovecot's {ARGON2ID} scheme (a PHC string).
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt) // never fails; see crypto/rand.Read
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonLanes, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("{ARGON2ID}$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonLanes, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// entry is one line of the passwd-file.
type entry struct {
	user, hash, home string
	quota            int64
	suspended        bool
}

func (e entry) line() string {
	extra := "userdb_quota_rule=*:storage=" + strconv.FormatInt(e.quota, 10) + "B"
	if e.suspended {
		extra += " nologin=y reason=suspended"
	}
	// user:password:uid:gid:gecos:home:shell:extra_fields
	return e.user + ":" + e.hash + "::::" + e.home + "::" + extra
}

func parseLine(s string) (entry, bool) {
	f := strings.SplitN(s, ":", 8)
	if len(f) < 8 {
		return entry{}, false
	}
	e := entry{user: f[0], hash: f[1], home: f[5]}
	for _, x := range strings.Fields(f[7]) {
		switch {
		case strings.HasPrefix(x, "userdb_quota_rule=*:storage="):
			n := strings.TrimSuffix(strings.TrimPrefix(x, "userdb_quota_rule=*:storage="), "B")
			e.quota, _ = strconv.ParseInt(n, 10, 64)
		case x == "nologin=y":
			e.suspended = true
		}
	}
	return e, true
}

// checkAddress refuses anything that could break the file format or escape MailRoot.
func checkAddress(address string) (local, domain string, err error) {
	local, domain, ok := strings.Cut(address, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(address, ": \t\r\n/\\") ||
		strings.HasPrefix(domain, ".") || strings.Contains(domain, "..") || local == "." || local == ".." {
		return "", "", sitecore.Internal("dovecot", fmt.Errorf("bad address %q", address))
	}
	return local, domain, nil
}

// update runs fn on the file's entries under the locks and writes the result atomically.
//
// Dovecot notices a changed passwd-file by its mtime (whole seconds) and size, and looks at
// most once a second. So the new file gets an mtime a second past the old one's at least,
// and update returns only once the second of the write is over: from then on every login
// sees the change (a password reset must stop the old password at once).
func (s *Server) update(op string, fn func(entries []entry) ([]entry, error)) error {
	if err := s.updateLocked(op, fn); err != nil {
		return err
	}
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second + 10*time.Millisecond).Sub(now))
	return nil
}

func (s *Server) updateLocked(op string, fn func(entries []entry) ([]entry, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	lock, err := os.OpenFile(s.UsersFile+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return sitecore.Unavailable(op, "dovecot", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return sitecore.Unavailable(op, "dovecot", err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) //nolint:errcheck // closing unlocks too

	entries, info, err := s.read()
	if err != nil {
		return sitecore.Unavailable(op, "dovecot", err)
	}
	entries, err = fn(entries)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for _, e := range entries {
		buf.WriteString(e.line())
		buf.WriteByte('\n')
	}
	if err := s.write(buf.Bytes(), info); err != nil {
		return sitecore.Unavailable(op, "dovecot", err)
	}
	return nil
}

func (s *Server) read() ([]entry, os.FileInfo, error) {
	b, err := os.ReadFile(s.UsersFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	info, err := os.Stat(s.UsersFile)
	if err != nil {
		return nil, nil, err
	}
	var out []entry
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if e, ok := parseLine(sc.Text()); ok {
			out = append(out, e)
		}
	}
	return out, info, sc.Err()
}

// write replaces the file: a temporary file in the same directory with the old file's mode
// and owner, synced, then renamed over it.
func (s *Server) write(b []byte, old os.FileInfo) error {
	tmp, err := os.CreateTemp(filepath.Dir(s.UsersFile), ".users-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	mode := os.FileMode(0o640)
	if old != nil {
		mode = old.Mode().Perm()
		if st, ok := old.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
			if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
				tmp.Close()
				return err
			}
		}
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	mtime := time.Now()
	if old != nil {
		if next := old.ModTime().Truncate(time.Second).Add(time.Second); mtime.Before(next) {
			mtime = next
		}
	}
	if err := os.Chtimes(tmp.Name(), mtime, mtime); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), s.UsersFile); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(s.UsersFile)); err == nil {
		d.Sync() //nolint:errcheck // best effort: the rename is what matters
		d.Close()
	}
	return nil
}

func find(entries []entry, user string) int {
	for i, e := range entries {
		if strings.EqualFold(e.user, user) {
			return i
		}
	}
	return -1
}

// CreateMailbox adds the mailbox's line; EConflict when it exists.
func (s *Server) CreateMailbox(ctx context.Context, address, password string, quotaBytes int64) error {
	const op = "dovecot create mailbox"
	local, domain, err := checkAddress(address)
	if err != nil {
		return err
	}
	hash := HashPassword(password) // outside the lock: hashing takes a while
	return s.update(op, func(entries []entry) ([]entry, error) {
		if find(entries, address) >= 0 {
			return nil, sitecore.Conflictf("address", "mailbox.exists", "address", address)
		}
		home := filepath.Join(s.MailRoot, domain, local)
		// Mail left by an earlier mailbox of the same address is not the new owner's.
		if err := os.RemoveAll(home); err != nil {
			return nil, sitecore.Unavailable(op, "dovecot", err)
		}
		return append(entries, entry{user: address, hash: hash, home: home, quota: quotaBytes}), nil
	})
}

// SetMailboxPassword replaces the mailbox's hash.
func (s *Server) SetMailboxPassword(ctx context.Context, address, password string) error {
	hash := HashPassword(password)
	return s.update("dovecot set password", func(entries []entry) ([]entry, error) {
		i := find(entries, address)
		if i < 0 {
			return nil, sitecore.NotFound("mailbox")
		}
		entries[i].hash = hash
		return entries, nil
	})
}

// SetMailboxSuspended marks the line nologin (or not) and ends open sessions.
func (s *Server) SetMailboxSuspended(ctx context.Context, address string, suspended bool) error {
	err := s.update("dovecot suspend", func(entries []entry) ([]entry, error) {
		i := find(entries, address)
		if i < 0 {
			return nil, sitecore.NotFound("mailbox")
		}
		entries[i].suspended = suspended
		return entries, nil
	})
	if err == nil && suspended {
		s.kick(ctx, address)
	}
	return err
}

// DeleteMailbox removes the line, ends open sessions and removes the mail.
func (s *Server) DeleteMailbox(ctx context.Context, address string) error {
	const op = "dovecot delete mailbox"
	local, domain, err := checkAddress(address)
	if err != nil {
		return err
	}
	home := filepath.Join(s.MailRoot, domain, local)
	err = s.update(op, func(entries []entry) ([]entry, error) {
		if i := find(entries, address); i >= 0 {
			home = entries[i].home
			entries = append(entries[:i], entries[i+1:]...)
		}
		return entries, nil
	})
	if err != nil {
		return err
	}
	s.kick(ctx, address)
	if err := os.RemoveAll(home); err != nil {
		return sitecore.Unavailable(op, "dovecot", err)
	}
	return nil
}

// kick ends the user's sessions; failure is harmless for the file already refuses logins,
// so it is not reported (doveadm kick exits non-zero when there was no session).
func (s *Server) kick(ctx context.Context, address string) {
	_, _ = s.doveadm(ctx, "kick", address)
}

// MailboxUsage returns the STORAGE value of `doveadm quota get`, in bytes.
func (s *Server) MailboxUsage(ctx context.Context, address string) (int64, error) {
	out, err := s.doveadm(ctx, "-f", "tab", "quota", "get", "-u", address)
	if err != nil {
		return 0, sitecore.Unavailable("dovecot usage", "dovecot", err)
	}
	return parseQuota(out)
}

// parseQuota reads the STORAGE row of `doveadm -f tab quota get` (values in KiB).
func parseQuota(out []byte) (int64, error) {
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) >= 3 && f[1] == "STORAGE" {
			kib, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil {
				return 0, sitecore.Internal("dovecot usage", fmt.Errorf("bad quota value %q", f[2]))
			}
			return kib << 10, nil
		}
	}
	return 0, sitecore.Internal("dovecot usage", fmt.Errorf("no STORAGE row in %q", out))
}

func (s *Server) doveadm(ctx context.Context, args ...string) ([]byte, error) {
	bin := s.Doveadm
	if bin == "" {
		bin = "doveadm"
	}
	if s.Config != "" {
		args = append([]string{"-c", s.Config}, args...)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("doveadm %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
