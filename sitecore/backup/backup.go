package backup

import (
	"context"
	"fmt"
	"os"
	"slices"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// PostgresArchive is the name of the PostgreSQL archive in a backup.
const PostgresArchive = "postgres.dump"

// BackupPostgres dumps the database at dbURL into the backup id and returns its part of the
// manifest (the archive, rows per table, and up to sample sites for the restore drill).
func (p Postgres) BackupPostgres(ctx context.Context, st Store, id, dbURL, tmpDir string, sample int) (Part, error) {
	h, err := newHashingFile(tmpDir)
	if err != nil {
		return Part{}, err
	}
	defer h.discard()
	res, err := p.Dump(ctx, dbURL, h, sample)
	if err != nil {
		return Part{}, err
	}
	f, err := h.store(ctx, st, id, PostgresArchive)
	if err != nil {
		return Part{}, err
	}
	return Part{Files: []File{f}, Tables: res.Tables, Sample: res.Sample,
		Versions: map[string]string{"postgresql": res.ServerVersion}}, nil
}

// Restore loads the backup into an empty PostgreSQL database at pgURL and an empty Mongo API
// database. Every archive is checked against the manifest's SHA-256 before it is read; a
// difference fails with ErrChecksum and nothing more is loaded from that archive.
func Restore(ctx context.Context, st Store, m *Manifest, p Postgres, pgURL string, mdb *mongo.Database, tmpDir string, progress func(string)) error {
	path, err := Fetch(ctx, st, m, PostgresArchive, tmpDir)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	if err := p.Restore(ctx, pgURL, path); err != nil {
		return err
	}
	progress("postgres")
	return ImportMongo(ctx, mdb, st, m, tmpDir, progress)
}

// Verify compares restored databases with the manifest: rows per table, documents per
// collection, and every GridFS file's bytes. It returns the differences found.
func Verify(ctx context.Context, m *Manifest, pgURL string, mdb *mongo.Database) ([]string, error) {
	var problems []string
	tables, err := CountTables(ctx, pgURL)
	if err != nil {
		return nil, err
	}
	for _, t := range slices.Sorted(mapsKeys(m.Tables)) {
		if got, ok := tables[t]; !ok {
			problems = append(problems, fmt.Sprintf("table %s is missing", t))
		} else if got != m.Tables[t] {
			problems = append(problems, fmt.Sprintf("table %s has %d rows, the manifest %d", t, got, m.Tables[t]))
		}
	}
	for _, c := range slices.Sorted(mapsKeys(m.Collections)) {
		got, err := mdb.Collection(c).CountDocuments(ctx, map[string]any{})
		if err != nil {
			return nil, err
		}
		if got != m.Collections[c] {
			problems = append(problems, fmt.Sprintf("collection %s has %d documents, the manifest %d", c, got, m.Collections[c]))
		}
	}
	for _, b := range slices.Sorted(mapsKeys(m.GridFS)) {
		got, err := BucketSummary(ctx, mdb, b)
		if err != nil {
			return nil, err
		}
		if want := m.GridFS[b]; got != want {
			problems = append(problems, fmt.Sprintf("GridFS bucket %s: %d files, %d bytes, digest %s; the manifest %d files, %d bytes, digest %s",
				b, got.Files, got.Bytes, got.Digest, want.Files, want.Bytes, want.Digest))
		}
	}
	return problems, nil
}
