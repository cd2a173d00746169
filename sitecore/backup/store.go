// Package backup backs up and restores the platform's two databases: PostgreSQL with
// pg_dump's custom format, and the Mongo API's content (collections as gzip'd extended-JSON
// lines, GridFS files byte for byte in tar archives). Archives go to a Store (a directory or
// an S3-compatible bucket) with a manifest written last: a backup without its manifest is
// unfinished and is never restored or counted as successful. docs/operations.md documents
// the layout and the disaster-recovery runbook.
package backup

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ErrNotExist is returned by Store.Get for a key that has no object.
var ErrNotExist = errors.New("backup: no such object")

// Object is one stored object and its size in bytes.
type Object struct {
	Key  string
	Size int64
}

// Store keeps backup archives by key ("20261204T020000Z/postgres.dump"). Keys use '/' as the
// separator whatever the store.
type Store interface {
	// Put stores r under key, replacing any object of that key. Readers never see a
	// partial object: it appears whole or not at all.
	Put(ctx context.Context, key string, r io.Reader) error
	// Get opens the object of key; a missing one is ErrNotExist.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// List returns the objects whose key starts with prefix, sorted by key.
	List(ctx context.Context, prefix string) ([]Object, error)
	// Delete removes the object of key; a missing one is not an error.
	Delete(ctx context.Context, key string) error
}

// Dir is a Store in a local directory (the default; ./var/backups in development). Put
// writes a temporary file in the target folder and renames it, so an object is whole or absent
// even when the process is killed half-way.
type Dir struct {
	Root string
}

const tmpPrefix = ".tmp-"

func (d Dir) path(key string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(key))
	if key == "" || filepath.IsAbs(clean) || clean == "." || strings.HasPrefix(clean, "..") {
		return "", errors.New("backup: bad key " + key)
	}
	return filepath.Join(d.Root, clean), nil
}

// Put implements Store.
func (d Dir) Put(ctx context.Context, key string, r io.Reader) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), tmpPrefix+"*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // no-op after the rename
	if _, err := io.Copy(f, ctxReader{ctx, r}); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p)
}

// Get implements Store.
func (d Dir) Get(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotExist
	}
	return f, err
}

// List implements Store.
func (d Dir) List(_ context.Context, prefix string) ([]Object, error) {
	var out []Object
	err := filepath.WalkDir(d.Root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), tmpPrefix) {
			return nil
		}
		rel, err := filepath.Rel(d.Root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		out = append(out, Object{Key: key, Size: info.Size()})
		return nil
	})
	slices.SortFunc(out, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	return out, err
}

// Delete implements Store; it also removes the folders it leaves empty.
func (d Dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for dir := filepath.Dir(p); dir != filepath.Clean(d.Root) && strings.HasPrefix(dir, filepath.Clean(d.Root)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
	return nil
}

// ctxReader stops a copy when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
