package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Postgres dumps and restores a PostgreSQL database with pg_dump and pg_restore. The tools
// must be of the server's major version or newer: BinDir if set, else Debian's
// /usr/lib/postgresql/<server major>/bin, else the ones on PATH.
type Postgres struct {
	BinDir string
}

// libpqURL drops pgx's own parameters (pool_max_conns, ...) that libpq would refuse.
func libpqURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Tool finds pg_dump or pg_restore for a server of the given major version.
func (p Postgres) Tool(name string, major int) (string, error) {
	if p.BinDir != "" {
		return filepath.Join(p.BinDir, name), nil
	}
	if debian := fmt.Sprintf("/usr/lib/postgresql/%d/bin/%s", major, name); fileExists(debian) {
		return debian, nil
	}
	return exec.LookPath(name)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// DumpResult is what Dump learned besides the archive.
type DumpResult struct {
	Tables        map[string]int64
	ServerVersion string
	Sample        []SiteSample
}

// Dump writes the database at dbURL to w in pg_dump's custom format (-Fc). Row counts and
// the site sample are read in the very snapshot pg_dump dumps (pg_export_snapshot), so the
// manifest's counts match the archive exactly while the platform keeps writing.
func (p Postgres) Dump(ctx context.Context, dbURL string, w io.Writer, sample int) (DumpResult, error) {
	var res DumpResult
	conn, err := pgx.Connect(ctx, libpqURL(dbURL))
	if err != nil {
		return res, fmt.Errorf("pg_dump: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return res, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var snapshot string
	var versionNum int
	if err := tx.QueryRow(ctx, `SELECT pg_export_snapshot(), current_setting('server_version_num')::int, current_setting('server_version')`).
		Scan(&snapshot, &versionNum, &res.ServerVersion); err != nil {
		return res, err
	}
	if res.Tables, err = countTables(ctx, tx); err != nil {
		return res, err
	}
	if res.Sample, err = sampleSites(ctx, tx, sample); err != nil {
		return res, err
	}
	bin, err := p.Tool("pg_dump", versionNum/10000)
	if err != nil {
		return res, err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-password", "--snapshot="+snapshot, "--dbname="+libpqURL(dbURL))
	cmd.Stdout, cmd.Stderr = w, &stderr
	if err := cmd.Run(); err != nil {
		return res, fmt.Errorf("pg_dump: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return res, tx.Commit(ctx)
}

// countTables counts the rows of every table of the user's schemas.
func countTables(ctx context.Context, q pgx.Tx) (map[string]int64, error) {
	rows, err := q.Query(ctx, `SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
		WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int64, len(names))
	for _, n := range names {
		var c int64
		if err := q.QueryRow(ctx, "SELECT count(*) FROM "+n).Scan(&c); err != nil {
			return nil, fmt.Errorf("count %s: %w", n, err)
		}
		counts[n] = c
	}
	return counts, nil
}

// sampleSites picks up to n active sites with a domain, and the title their home page has
// (the site's name in its first language).
func sampleSites(ctx context.Context, q pgx.Tx, n int) ([]SiteSample, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT (SELECT min(host) FROM site_domains d WHERE d.site_id = s.id), s.names ->> s.languages[1]
		FROM sites s WHERE s.status = 'active' AND EXISTS (SELECT 1 FROM site_domains d WHERE d.site_id = s.id)
		ORDER BY s.id LIMIT $1`, n)
	if err != nil {
		var pe interface{ SQLState() string }
		if errors.As(err, &pe) && pe.SQLState() == "42P01" { // no sites table: not Mektep's schema
			return nil, nil
		}
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (SiteSample, error) {
		var s SiteSample
		err := r.Scan(&s.Host, &s.Title)
		return s, err
	})
}

// CountTables counts the rows of every table of the database at dbURL.
func CountTables(ctx context.Context, dbURL string) (map[string]int64, error) {
	conn, err := pgx.Connect(ctx, libpqURL(dbURL))
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return countTables(ctx, tx)
}

// Restore loads the archive at path into the database at dbURL, which must be empty
// (RecreateDatabase makes one). Owners and grants are not restored: the connecting role owns
// everything, as on a fresh server.
func (p Postgres) Restore(ctx context.Context, dbURL, path string) error {
	conn, err := pgx.Connect(ctx, libpqURL(dbURL))
	if err != nil {
		return fmt.Errorf("pg_restore: connect: %w", err)
	}
	var versionNum, tables int
	err = conn.QueryRow(ctx, `SELECT current_setting('server_version_num')::int,
		(SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema'))`).Scan(&versionNum, &tables)
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	if tables > 0 {
		return fmt.Errorf("pg_restore: the target database has %d tables; restore into an empty database", tables)
	}
	bin, err := p.Tool("pg_restore", versionNum/10000)
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "--no-owner", "--no-privileges", "--exit-on-error", "--no-password",
		"--dbname="+libpqURL(dbURL), path)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pg_restore: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// WithDatabase returns dbURL naming another database on the same server.
func WithDatabase(dbURL, name string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// DatabaseName returns the database dbURL names.
func DatabaseName(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

// RecreateDatabase drops the database at dbURL (disconnecting its sessions) and creates it
// empty, through the server's maintenance database "postgres".
func RecreateDatabase(ctx context.Context, dbURL string) error {
	name := DatabaseName(dbURL)
	if name == "" || name == "postgres" || name == "template0" || name == "template1" {
		return fmt.Errorf("refusing to recreate database %q", name)
	}
	admin, err := WithDatabase(dbURL, "postgres")
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, libpqURL(admin))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+ident)
	return err
}

// DropDatabase drops the database at dbURL if it exists.
func DropDatabase(ctx context.Context, dbURL string) error {
	admin, err := WithDatabase(dbURL, "postgres")
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, libpqURL(admin))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{DatabaseName(dbURL)}.Sanitize()+" WITH (FORCE)")
	return err
}
