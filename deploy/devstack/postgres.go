package devstack

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Postgres is a PostgreSQL server the stack uses: either one that already answered, or a
// cluster this package started under a directory.
type Postgres struct {
	// URL reaches the server (database "postgres" for a started cluster).
	URL     string
	Started bool // whether this package started the cluster (and Stop stops it)
	dataDir string
	binDir  string
}

// PostgresAnswers reports whether a server at url accepts a connection.
func PostgresAnswers(ctx context.Context, url string) bool {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return false
	}
	defer c.Close(context.Background())
	return c.Ping(ctx) == nil
}

// EnsurePostgres returns url's server if it answers. Otherwise it starts (or finds running)
// a cluster under dir from the Debian postgresql package, listening on 127.0.0.1:port with
// trust authentication, and returns a URL to it with the database name of url. A file lock
// lets several test processes call it at once. A cluster it starts runs with fsync off (a
// test speed-up: a crash may lose commits); EnsureDurablePostgres keeps them.
func EnsurePostgres(ctx context.Context, rawURL, dir string, port int) (*Postgres, error) {
	return ensurePostgres(ctx, rawURL, dir, port, false, false)
}

// EnsureDurablePostgres is EnsurePostgres for a cluster that must not lose a commit: a
// cluster it starts keeps PostgreSQL's defaults (fsync, synchronous_commit and
// full_page_writes on). `make run` and the crash and burst tests that count lost commits use
// it; the other tests trade durability for speed.
func EnsureDurablePostgres(ctx context.Context, rawURL, dir string, port int) (*Postgres, error) {
	return ensurePostgres(ctx, rawURL, dir, port, true, false)
}

// EnsureOwnPostgres starts (or finds running) the durable cluster under dir on port and
// returns a URL to its database dbName, whatever else answers on the machine: `mektep dev`
// keeps its relational data beside its other state, so deleting the directory starts every
// part afresh together. A server on port whose data directory is not dir/data is refused
// (another checkout's dev stack), rather than mixed with this one's.
func EnsureOwnPostgres(ctx context.Context, dir string, port int, dbName string) (*Postgres, error) {
	return ensurePostgres(ctx, "postgres:///"+dbName, dir, port, true, true)
}

func ensurePostgres(ctx context.Context, rawURL, dir string, port int, durable, own bool) (*Postgres, error) {
	if !own && rawURL != "" && PostgresAnswers(ctx, rawURL) {
		return &Postgres{URL: rawURL}, nil
	}
	// The server may answer while the database does not exist yet: create it there.
	if u, err := url.Parse(rawURL); !own && err == nil && len(u.Path) > 1 {
		name := u.Path[1:]
		u.Path = "/postgres"
		if admin := u.String(); PostgresAnswers(ctx, admin) {
			p := &Postgres{URL: rawURL}
			return p, p.createDB(ctx, admin, name)
		}
	}
	binDir, err := postgresBinDir()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockFile(filepath.Join(dir, "start.lock"))
	if err != nil {
		return nil, err
	}
	defer unlock()

	dbName := "postgres"
	if u, err := url.Parse(rawURL); err == nil && len(u.Path) > 1 {
		dbName = u.Path[1:]
	}
	p := &Postgres{
		URL:     fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", port, dbName),
		dataDir: filepath.Join(dir, "data"),
		binDir:  binDir,
	}
	admin := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	if PostgresAnswers(ctx, admin) { // started earlier by another process or run
		if own {
			if err := p.checkDataDir(ctx, admin); err != nil {
				return nil, err
			}
		}
		return p, p.createDB(ctx, admin, dbName)
	}
	sock := filepath.Join(dir, "run")
	for _, d := range []string{p.dataDir, sock} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	if err := chownForPostgres(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(p.dataDir, "PG_VERSION")); err != nil {
		if out, err := p.run("initdb", "-D", p.dataDir, "-U", "postgres", "--auth=trust",
			"-E", "UTF8", "--locale=C.UTF-8"); err != nil {
			return nil, fmt.Errorf("postgres: initdb: %v: %s", err, out)
		}
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=200", port, sock)
	if !durable { // a test speed-up only: a crash of such a cluster may lose commits
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	if out, err := p.run("pg_ctl", "-D", p.dataDir, "-l", filepath.Join(dir, "postgres.log"),
		"-o", opts, "-w", "-t", "60", "start"); err != nil {
		return nil, fmt.Errorf("postgres: pg_ctl start: %v: %s (see %s)", err, out, filepath.Join(dir, "postgres.log"))
	}
	p.Started = true
	return p, p.createDB(ctx, admin, dbName)
}

// Stop stops a cluster this package started; for an external server it does nothing.
func (p *Postgres) Stop() error {
	if !p.Started {
		return nil
	}
	out, err := p.run("pg_ctl", "-D", p.dataDir, "-m", "fast", "-w", "stop")
	if err != nil {
		return fmt.Errorf("postgres: pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Crash kills the cluster this package started the way a power cut would: SIGKILL to the
// postmaster and every backend at once, no checkpoint, no shutdown. The next Ensure*
// call on the same directory starts it again through crash recovery.
func (p *Postgres) Crash() error {
	if !p.Started {
		return errors.New("postgres: Crash of a server this package did not start")
	}
	data, err := os.ReadFile(filepath.Join(p.dataDir, "postmaster.pid"))
	if err != nil {
		return err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return fmt.Errorf("postgres: postmaster.pid: %w", err)
	}
	pids := []int{pid}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries { // the backends: children of the postmaster
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
		if f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:])); len(f) > 1 && f[1] == strconv.Itoa(pid) {
			pids = append(pids, child)
		}
	}
	for _, id := range pids {
		_ = syscall.Kill(id, syscall.SIGKILL)
	}
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// checkDataDir refuses a server whose data directory is not this cluster's.
func (p *Postgres) checkDataDir(ctx context.Context, admin string) error {
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	var got string
	if err := c.QueryRow(ctx, `SHOW data_directory`).Scan(&got); err != nil {
		return err
	}
	want, _ := filepath.EvalSymlinks(p.dataDir)
	if g, _ := filepath.EvalSymlinks(got); g != want {
		u, _ := url.Parse(admin)
		return fmt.Errorf("postgres: the server on %s keeps its data in %s, not in %s (another checkout's dev stack?): stop that one first", u.Host, got, p.dataDir)
	}
	return nil
}

func (p *Postgres) createDB(ctx context.Context, admin, name string) error {
	if name == "postgres" {
		return nil
	}
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	var exists bool
	if err := c.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		_, err = c.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	}
	return err
}

// run runs a PostgreSQL program, as the postgres user when we are root (initdb refuses root).
func (p *Postgres) run(prog string, args ...string) ([]byte, error) {
	bin := filepath.Join(p.binDir, prog)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = os.TempDir() // the postgres user may not be allowed into our working directory
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd.CombinedOutput()
}

// postgresBinDir finds the newest PostgreSQL server installed from Debian packages.
func postgresBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	var found []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			found = append(found, d)
		}
	}
	if len(found) == 0 {
		return "", errors.New("postgres: no server answers and the Debian package is missing: apt-get install -y postgresql")
	}
	slices.SortFunc(found, func(a, b string) int { return versionOf(a) - versionOf(b) })
	return found[len(found)-1], nil
}

func versionOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// chownForPostgres gives the cluster directory to the postgres user when we run as root.
func chownForPostgres(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("postgres: user postgres missing (install the postgresql package): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if filepath.Base(path) == "start.lock" {
			return nil
		}
		return os.Lchown(path, uid, gid)
	})
}

// lockFile takes an exclusive flock on path until the returned function is called.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
