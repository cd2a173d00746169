package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses, registered as "sqlite"
)

// FerretDB 1.24's SQLite backend pushes a filter down to SQL only when it is {_id: v} alone,
// as `WHERE _ferretdb_sjson->'$._id' = ?`. Its own _id index is on `_ferretdb_sjson->"_id"`,
// an expression SQLite does not match to the pushed-down one, so every read by _id scanned
// the whole table (explain: "SCAN pages_…"; about 1 s for 20,000 documents of 9 KB on the
// 2-core dev machine, and far worse for any other filter, which FerretDB decodes document
// by document). idIndexes adds, to every collection table of every database under the data
// directory, an index on exactly the pushed-down expression (explain: "SEARCH … USING
// INDEX …_mektep_id"), so reads by _id are index lookups. FerretDB does not know of the
// index (listIndexes, backups and dropIndexes ignore it); it goes with its table.

// idIndexSuffix names the added index after its table.
const idIndexSuffix = "_mektep_id"

// idIndexes sweeps dir every interval until ctx ends, indexing tables as they appear.
func idIndexes(ctx context.Context, dir string, interval time.Duration, log *slog.Logger) {
	seen := map[string]string{} // database file → the stamp of its files at the last sweep
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			st := stamp(f)
			if st == "" || seen[f] == st {
				continue // unchanged since it was indexed: no table can be new
			}
			if err := indexFile(ctx, f); err != nil {
				log.Error("ferretdb: _id index", "file", f, "err", err)
				continue // tried again at the next sweep
			}
			seen[f] = st
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// stamp identifies the state of a database's files: a new table changes the database file
// or its write-ahead log. It is "" when the file is gone.
func stamp(path string) string {
	var b strings.Builder
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			if p == path {
				return ""
			}
			continue
		}
		fmt.Fprintf(&b, "%d/%d;", fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String()
}

// indexFile adds the missing indexes of one database file. It opens the file read-write
// without creating it (a database dropped meanwhile is not brought back), and leaves the
// connection open rather than closing it when the file was replaced while it was open:
// closing the last connection of a write-ahead-logged database deletes the log by its path,
// which would then be the new database's.
func indexFile(ctx context.Context, path string) error {
	before, err := os.Stat(path)
	if err != nil {
		return nil // dropped
	}
	u := &url.URL{Scheme: "file", Path: path, OmitHost: true,
		RawQuery: "mode=rw&_pragma=busy_timeout(10000)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	defer func() {
		if after, err := os.Stat(path); err == nil && os.SameFile(before, after) {
			_ = db.Close()
		} else {
			leaked = append(leaked, db)
		}
	}()
	rows, err := db.QueryContext(ctx, `SELECT t.name FROM sqlite_master t
		WHERE t.type = 'table' AND t.name NOT LIKE '\_ferretdb\_%' ESCAPE '\' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND EXISTS (SELECT 1 FROM pragma_table_info(t.name) c WHERE c.name = '_ferretdb_sjson')
		AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = t.name || ?)`, idIndexSuffix)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tb := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, tb+idIndexSuffix, tb)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}

// leaked keeps the connections of replaced files open (see indexFile); it stays tiny.
var leaked []*sql.DB
