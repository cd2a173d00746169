package devstack

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Dovecot is a Dovecot IMAP server of the dev stack or of a test: its own configuration,
// passwd-file, mail and sockets under one directory, IMAP on 127.0.0.1 without TLS.
type Dovecot struct {
	Dir       string
	Config    string // the configuration file (doveadm -c)
	UsersFile string // the passwd-file the platform writes
	MailRoot  string // mailboxes live in MailRoot/<domain>/<local part>
	Addr      string // IMAP host:port
	proc      *Process
}

// DovecotInstalled reports whether Debian's dovecot-imapd is installed.
func DovecotInstalled() bool {
	_, err1 := exec.LookPath("dovecot")
	_, err2 := exec.LookPath("doveadm")
	return err1 == nil && err2 == nil
}

// dovecotConfig is the configuration of a dev/test Dovecot: passwd-file for both databases
// (the platform hashes with Argon2id), maildir homes, and the quota plugin counting each
// mailbox's storage against the limit in the user's line (userdb_quota_rule).
const dovecotConfig = `# Written by mektep's dev stack (deploy/devstack/dovecot.go).
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
instance_name = mektep-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in with wrong passwords on purpose; production keeps the 2 s default.
auth_failure_delay = 0
default_internal_user = {internal}
default_login_user = {login}
mail_uid = {mailuser}
mail_gid = {mailgroup}
first_valid_uid = 0
mail_location = maildir:~/Maildir
mail_plugins = quota
passdb {
  driver = passwd-file
  args = {users}
}
userdb {
  driver = passwd-file
  args = {users}
}
service imap-login {
  inet_listener imap {
    port = {port}
  }
  inet_listener imaps {
    port = 0
  }
}
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = count:User quota
  quota_rule = *:storage=250M
  quota_vsizes = yes
}
`

// StartDovecot writes a configuration under dir and starts `dovecot -F` listening for IMAP
// on 127.0.0.1:port. As root, Dovecot's own unprivileged users run it (dovecot, dovenull)
// and mail belongs to the dovecot user; otherwise everything runs as the current user. dir
// must be reachable by those users (its parents at least searchable).
func StartDovecot(ctx context.Context, dir string, port int) (*Dovecot, error) {
	d := &Dovecot{Dir: dir, Config: filepath.Join(dir, "dovecot.conf"), UsersFile: filepath.Join(dir, "users"),
		MailRoot: filepath.Join(dir, "mail"), Addr: "127.0.0.1:" + strconv.Itoa(port)}
	internal, login, mailUser := "dovecot", "dovenull", "dovecot"
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return nil, err
		}
		internal, login, mailUser = u.Username, u.Username, u.Username
	}
	mu, err := user.Lookup(mailUser)
	if err != nil {
		return nil, fmt.Errorf("dovecot: %w", err)
	}
	g, err := user.LookupGroupId(mu.Gid)
	if err != nil {
		return nil, fmt.Errorf("dovecot: %w", err)
	}
	uid, _ := strconv.Atoi(mu.Uid)
	gid, _ := strconv.Atoi(mu.Gid)
	for _, sub := range []string{"run", "state", "mail"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	conf := strings.NewReplacer("{dir}", dir, "{port}", strconv.Itoa(port), "{internal}", internal, "{login}", login,
		"{mailuser}", mailUser, "{mailgroup}", g.Name, "{users}", d.UsersFile).Replace(dovecotConfig)
	if err := os.WriteFile(d.Config, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	// The passwd-file holds hashes: readable by the auth process's group only.
	if _, err := os.Stat(d.UsersFile); os.IsNotExist(err) {
		if err := os.WriteFile(d.UsersFile, nil, 0o640); err != nil {
			return nil, err
		}
	}
	if os.Geteuid() == 0 {
		iu, err := user.Lookup(internal)
		if err != nil {
			return nil, fmt.Errorf("dovecot: %w", err)
		}
		igid, _ := strconv.Atoi(iu.Gid)
		if err := os.Chown(d.UsersFile, 0, igid); err != nil {
			return nil, err
		}
		if err := os.Chown(d.MailRoot, uid, gid); err != nil {
			return nil, err
		}
	}
	p, err := startProcess("dovecot", filepath.Join(dir, "dovecot.out"), "dovecot", "-F", "-c", d.Config)
	if err != nil {
		return nil, err
	}
	d.proc = p
	if err := waitTCP(ctx, d.Addr, p, 20*time.Second); err != nil {
		p.Stop(5 * time.Second)
		log, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
		out, _ := os.ReadFile(filepath.Join(dir, "dovecot.out"))
		return nil, fmt.Errorf("%w\n%s%s", err, out, log)
	}
	return d, nil
}

// Stop ends Dovecot.
func (d *Dovecot) Stop() error {
	if d == nil {
		return nil
	}
	return d.proc.Stop(10 * time.Second)
}
