package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

// IDLayout formats a backup's ID from the time it started (UTC), so IDs sort by age.
const IDLayout = "20060102T150405Z"

// ManifestName is the object written last in a backup's folder: its presence marks the
// backup successful.
const ManifestName = "manifest.json"

// File is one archive of a backup: its name within the backup's folder, size and SHA-256.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Bucket sums up a GridFS bucket: its files, their bytes, and a digest over every file's
// id, size and SHA-256 in _id order (the restore drill recomputes it from the restored files).
type Bucket struct {
	Files  int64  `json:"files"`
	Bytes  int64  `json:"bytes"`
	Digest string `json:"digest"`
}

// SiteSample is a site the restore drill renders from the restored data: its home page on
// Host must answer 200 with Title.
type SiteSample struct {
	Host  string `json:"host"`
	Title string `json:"title"`
}

// Part is what one step of a backup wrote: archives and counts.
type Part struct {
	Files       []File              `json:"files"`
	Tables      map[string]int64    `json:"tables,omitempty"`      // rows per PostgreSQL table
	Collections map[string]int64    `json:"collections,omitempty"` // documents per collection
	Indexes     map[string][]string `json:"indexes,omitempty"`     // index specs per collection (extended JSON)
	GridFS      map[string]Bucket   `json:"gridfs,omitempty"`
	Sample      []SiteSample        `json:"sample,omitempty"`
	Versions    map[string]string   `json:"versions,omitempty"`
}

// Manifest describes a finished backup. Format 1 is documented in docs/operations.md.
type Manifest struct {
	Format     int       `json:"format"`
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Part
}

// Merge adds a step's part to the manifest.
func (m *Manifest) Merge(p Part) {
	m.Files = append(m.Files, p.Files...)
	for _, dst := range []struct {
		into *map[string]int64
		from map[string]int64
	}{{&m.Tables, p.Tables}, {&m.Collections, p.Collections}} {
		if len(dst.from) == 0 {
			continue
		}
		if *dst.into == nil {
			*dst.into = map[string]int64{}
		}
		maps.Copy(*dst.into, dst.from)
	}
	if len(p.GridFS) > 0 {
		if m.GridFS == nil {
			m.GridFS = map[string]Bucket{}
		}
		maps.Copy(m.GridFS, p.GridFS)
	}
	if len(p.Indexes) > 0 {
		if m.Indexes == nil {
			m.Indexes = map[string][]string{}
		}
		maps.Copy(m.Indexes, p.Indexes)
	}
	if len(p.Versions) > 0 {
		if m.Versions == nil {
			m.Versions = map[string]string{}
		}
		maps.Copy(m.Versions, p.Versions)
	}
	m.Sample = append(m.Sample, p.Sample...)
}

// File returns the manifest's entry of the named archive.
func (m *Manifest) File(name string) (File, bool) {
	i := slices.IndexFunc(m.Files, func(f File) bool { return f.Name == name })
	if i < 0 {
		return File{}, false
	}
	return m.Files[i], true
}

// WriteManifest stores the manifest; call it only after every archive is stored.
func WriteManifest(ctx context.Context, st Store, m Manifest) error {
	m.Format = 1
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return st.Put(ctx, m.ID+"/"+ManifestName, bytes.NewReader(data))
}

// ReadManifest reads a backup's manifest; a backup without one is ErrNotExist.
func ReadManifest(ctx context.Context, st Store, id string) (*Manifest, error) {
	rc, err := st.Get(ctx, id+"/"+ManifestName)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var m Manifest
	if err := json.NewDecoder(rc).Decode(&m); err != nil {
		return nil, fmt.Errorf("backup %s: manifest: %w", id, err)
	}
	return &m, nil
}

// Info is a backup in the store: finished (it has a manifest) or not.
type Info struct {
	ID       string
	Time     time.Time
	Finished bool
	Bytes    int64
}

// List returns every backup in the store, oldest first.
func List(ctx context.Context, st Store) ([]Info, error) {
	objs, err := st.List(ctx, "")
	if err != nil {
		return nil, err
	}
	byID := map[string]*Info{}
	var out []*Info
	for _, o := range objs {
		id, name, ok := strings.Cut(o.Key, "/")
		if !ok {
			continue
		}
		t, err := time.Parse(IDLayout, id)
		if err != nil {
			continue // not ours
		}
		in := byID[id]
		if in == nil {
			in = &Info{ID: id, Time: t}
			byID[id] = in
			out = append(out, in)
		}
		in.Bytes += o.Size
		if name == ManifestName {
			in.Finished = true
		}
	}
	slices.SortFunc(out, func(a, b *Info) int { return a.Time.Compare(b.Time) })
	res := make([]Info, len(out))
	for i, in := range out {
		res[i] = *in
	}
	return res, nil
}

// Latest returns the newest finished backup's ID, or ErrNotExist.
func Latest(ctx context.Context, st Store) (string, error) {
	all, err := List(ctx, st)
	if err != nil {
		return "", err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Finished {
			return all[i].ID, nil
		}
	}
	return "", ErrNotExist
}

// DeleteBackup removes every object of the backup, the manifest first, so a backup half
// deleted is never taken for a finished one.
func DeleteBackup(ctx context.Context, st Store, id string) error {
	if err := st.Delete(ctx, id+"/"+ManifestName); err != nil {
		return err
	}
	objs, err := st.List(ctx, id+"/")
	if err != nil {
		return err
	}
	for _, o := range objs {
		if err := st.Delete(ctx, o.Key); err != nil {
			return err
		}
	}
	return nil
}

// hashingFile is a temporary file that hashes what is written to it.
type hashingFile struct {
	f *os.File
	h hash.Hash
	n int64
}

func newHashingFile(dir string) (*hashingFile, error) {
	f, err := os.CreateTemp(dir, "mektep-backup-*")
	if err != nil {
		return nil, err
	}
	return &hashingFile{f: f, h: sha256.New()}, nil
}

func (h *hashingFile) Write(p []byte) (int, error) {
	n, err := h.f.Write(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// store uploads the file under id/name and returns its manifest entry; the file is removed.
func (h *hashingFile) store(ctx context.Context, st Store, id, name string) (File, error) {
	defer h.discard()
	if _, err := h.f.Seek(0, io.SeekStart); err != nil {
		return File{}, err
	}
	if err := st.Put(ctx, id+"/"+name, h.f); err != nil {
		return File{}, err
	}
	return File{Name: name, Size: h.n, SHA256: hex.EncodeToString(h.h.Sum(nil))}, nil
}

func (h *hashingFile) discard() {
	h.f.Close()
	os.Remove(h.f.Name())
}

// ErrChecksum reports an archive whose bytes differ from its manifest entry.
var ErrChecksum = errors.New("checksum mismatch")

// Fetch downloads a backup's archive into a temporary file in dir, checking its size and
// SHA-256 against the manifest; the caller removes the file. A difference is ErrChecksum.
func Fetch(ctx context.Context, st Store, m *Manifest, name, dir string) (string, error) {
	want, ok := m.File(name)
	if !ok {
		return "", fmt.Errorf("backup %s: %s is not in the manifest", m.ID, name)
	}
	rc, err := st.Get(ctx, m.ID+"/"+name)
	if err != nil {
		return "", fmt.Errorf("backup %s: %s: %w", m.ID, name, err)
	}
	defer rc.Close()
	h, err := newHashingFile(dir)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(h, ctxReader{ctx, rc}); err != nil {
		h.discard()
		return "", err
	}
	if err := h.f.Close(); err != nil {
		h.discard()
		return "", err
	}
	if got := hex.EncodeToString(h.h.Sum(nil)); got != want.SHA256 || h.n != want.Size {
		os.Remove(h.f.Name())
		return "", fmt.Errorf("backup %s: %s: %w (manifest: %d bytes, sha256 %s; stored: %d bytes, sha256 %s)",
			m.ID, name, ErrChecksum, want.Size, want.SHA256, h.n, got)
	}
	return h.f.Name(), nil
}
