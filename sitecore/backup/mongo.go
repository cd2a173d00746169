package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The Mongo API's content in a backup (format 1):
//
//	mongo/<collection>.jsonl.gz   every document of the collection in _id order, one per line,
//	                              as canonical extended JSON v2 (types survive: dates, ObjectIDs,
//	                              int32/int64/double, binary), gzip'd
//	gridfs/<bucket>.tar.gz        the bytes of every file of the GridFS bucket, one tar entry per
//	                              file named by its _id ("oid:<hex>" or "str:<escaped>"), with a
//	                              PAX record MEKTEP.sha256; the bucket's <bucket>.files documents
//	                              are a collection above, its chunks are rebuilt on restore
//
// The manifest holds each collection's document count and index specs, and each bucket's file
// count, bytes and digest.

// progressFunc is told what has been stored so far (activities heartbeat it).
type progressFunc func(done Part)

// ExportMongo stores the database's collections and GridFS buckets under the backup id.
// Archives already in done (a heartbeat of an interrupted attempt) are kept, not redone.
func ExportMongo(ctx context.Context, db *mongo.Database, st Store, id, tmpDir string, done Part, progress progressFunc) (Part, error) {
	part := done
	if part.Collections == nil {
		part.Collections = map[string]int64{}
	}
	if part.GridFS == nil {
		part.GridFS = map[string]Bucket{}
	}
	if part.Indexes == nil {
		part.Indexes = map[string][]string{}
	}
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return part, fmt.Errorf("mongo: list collections: %w", err)
	}
	slices.Sort(names)
	isChunks := func(n string) bool {
		b, ok := strings.CutSuffix(n, ".chunks")
		return ok && slices.Contains(names, b+".files")
	}
	for _, n := range names {
		if strings.HasPrefix(n, "system.") {
			continue
		}
		if _, ok := part.Indexes[n]; !ok {
			idx, err := listIndexes(ctx, db.Collection(n))
			if err != nil {
				return part, err
			}
			part.Indexes[n] = idx
		}
		if isChunks(n) {
			continue
		}
		name := "mongo/" + n + ".jsonl.gz"
		if _, ok := (&Manifest{Part: part}).File(name); ok {
			continue
		}
		f, count, err := exportCollection(ctx, db.Collection(n), st, id, name, tmpDir)
		if err != nil {
			return part, err
		}
		part.Files = append(part.Files, f)
		part.Collections[n] = count
		progress(part)
	}
	for _, n := range names {
		if !isChunks(n) {
			continue
		}
		b := strings.TrimSuffix(n, ".chunks")
		name := "gridfs/" + b + ".tar.gz"
		if _, ok := (&Manifest{Part: part}).File(name); ok {
			continue
		}
		f, sum, err := exportBucket(ctx, db, b, st, id, name, tmpDir)
		if err != nil {
			return part, err
		}
		part.Files = append(part.Files, f)
		part.GridFS[b] = sum
		progress(part)
	}
	return part, nil
}

func listIndexes(ctx context.Context, c *mongo.Collection) ([]string, error) {
	cur, err := c.Indexes().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("mongo: indexes of %s: %w", c.Name(), err)
	}
	defer cur.Close(ctx)
	out := []string{}
	for cur.Next(ctx) {
		if name, _ := cur.Current.Lookup("name").StringValueOK(); name == "_id_" {
			continue
		}
		js, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return nil, err
		}
		out = append(out, string(js))
	}
	return out, cur.Err()
}

func exportCollection(ctx context.Context, c *mongo.Collection, st Store, id, name, tmpDir string) (File, int64, error) {
	h, err := newHashingFile(tmpDir)
	if err != nil {
		return File{}, 0, err
	}
	defer h.discard()
	zw := gzip.NewWriter(h)
	bw := bufio.NewWriterSize(zw, 1<<16)
	cur, err := c.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return File{}, 0, fmt.Errorf("mongo: export %s: %w", c.Name(), err)
	}
	defer cur.Close(ctx)
	var n int64
	for cur.Next(ctx) {
		js, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return File{}, 0, fmt.Errorf("mongo: export %s: %w", c.Name(), err)
		}
		bw.Write(js)
		bw.WriteByte('\n')
		n++
	}
	if err := cur.Err(); err != nil {
		return File{}, 0, fmt.Errorf("mongo: export %s: %w", c.Name(), err)
	}
	if err := bw.Flush(); err != nil {
		return File{}, 0, err
	}
	if err := zw.Close(); err != nil {
		return File{}, 0, err
	}
	f, err := h.store(ctx, st, id, name)
	return f, n, err
}

// fileKey names a GridFS file by its _id in tar entries and digests.
func fileKey(v bson.RawValue) (string, error) {
	if oid, ok := v.ObjectIDOK(); ok {
		return "oid:" + oid.Hex(), nil
	}
	if s, ok := v.StringValueOK(); ok {
		return "str:" + url.PathEscape(s), nil
	}
	return "", fmt.Errorf("GridFS file _id of type %s is not supported", v.Type)
}

func parseFileKey(k string) (any, error) {
	if h, ok := strings.CutPrefix(k, "oid:"); ok {
		return bson.ObjectIDFromHex(h)
	}
	if s, ok := strings.CutPrefix(k, "str:"); ok {
		return url.PathUnescape(s)
	}
	return nil, fmt.Errorf("bad GridFS entry name %q", k)
}

// bucketDigest accumulates a Bucket summary.
type bucketDigest struct {
	b Bucket
	h hash.Hash
}

func newBucketDigest() *bucketDigest { return &bucketDigest{h: sha256.New()} }

func (d *bucketDigest) add(key string, size int64, sum string) {
	d.b.Files++
	d.b.Bytes += size
	fmt.Fprintf(d.h, "%s %d %s\n", key, size, sum)
}

func (d *bucketDigest) sum() Bucket {
	d.b.Digest = hex.EncodeToString(d.h.Sum(nil))
	return d.b
}

// chunkRef is where one GridFS chunk's bytes are in eachFile's spill file.
type chunkRef struct {
	n    int64
	off  int64
	size int64
}

// eachFile calls fn with every file of the bucket in _id order and a reader of its bytes.
// It reads the chunks collection once, in _id order, into a spill file under tmpDir and
// indexes it by file, then reads the files documents: a GridFS download per file costs a
// scan of the whole chunks collection on FerretDB (it does not use the (files_id, n) index),
// which made backups and restore checks quadratic in the number of files (600 files took
// three minutes). A file whose chunks are not numbered 0, 1, ... fails.
func eachFile(ctx context.Context, db *mongo.Database, bucket, tmpDir string, fn func(key string, size int64, r io.Reader) error) error {
	spill, err := os.CreateTemp(tmpDir, "mektep-chunks-*")
	if err != nil {
		return err
	}
	defer os.Remove(spill.Name())
	defer spill.Close()
	index := map[string][]chunkRef{}
	cur, err := db.Collection(bucket+".chunks").Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("mongo: chunks of %s: %w", bucket, err)
	}
	bw := bufio.NewWriterSize(spill, 1<<20)
	var off int64
	for cur.Next(ctx) {
		key, err := fileKey(cur.Current.Lookup("files_id"))
		if err != nil {
			cur.Close(ctx)
			return err
		}
		n, ok := cur.Current.Lookup("n").AsInt64OK()
		_, data, ok2 := cur.Current.Lookup("data").BinaryOK()
		if !ok || !ok2 {
			cur.Close(ctx)
			return fmt.Errorf("mongo: %s: a chunk of %s without n or data", bucket, key)
		}
		if _, err := bw.Write(data); err != nil {
			cur.Close(ctx)
			return err
		}
		index[key] = append(index[key], chunkRef{n: n, off: off, size: int64(len(data))})
		off += int64(len(data))
	}
	err = cur.Err()
	cur.Close(ctx)
	if err != nil {
		return fmt.Errorf("mongo: chunks of %s: %w", bucket, err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	files, err := db.Collection(bucket+".files").Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("mongo: files of %s: %w", bucket, err)
	}
	defer files.Close(ctx)
	for files.Next(ctx) {
		key, err := fileKey(files.Current.Lookup("_id"))
		if err != nil {
			return err
		}
		var size int64
		if v, ok := files.Current.Lookup("length").AsInt64OK(); ok {
			size = v
		}
		refs := index[key]
		slices.SortFunc(refs, func(a, b chunkRef) int { return int(a.n - b.n) })
		parts := make([]io.Reader, len(refs))
		for i, c := range refs {
			if c.n != int64(i) {
				return fmt.Errorf("mongo: %s file %s: chunk %d is missing", bucket, key, i)
			}
			parts[i] = io.NewSectionReader(spill, c.off, c.size)
		}
		if err := fn(key, size, io.MultiReader(parts...)); err != nil {
			return fmt.Errorf("mongo: %s file %s: %w", bucket, key, err)
		}
	}
	return files.Err()
}

func exportBucket(ctx context.Context, db *mongo.Database, bucket string, st Store, id, name, tmpDir string) (File, Bucket, error) {
	h, err := newHashingFile(tmpDir)
	if err != nil {
		return File{}, Bucket{}, err
	}
	defer h.discard()
	zw := gzip.NewWriter(h)
	tw := tar.NewWriter(zw)
	dg := newBucketDigest()
	buf, err := os.CreateTemp(tmpDir, "mektep-gridfs-*")
	if err != nil {
		return File{}, Bucket{}, err
	}
	defer os.Remove(buf.Name())
	defer buf.Close()
	err = eachFile(ctx, db, bucket, tmpDir, func(key string, size int64, r io.Reader) error {
		// The tar header needs the SHA-256 before the bytes: stage the file.
		if _, err := buf.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := buf.Truncate(0); err != nil {
			return err
		}
		fh := sha256.New()
		n, err := io.Copy(io.MultiWriter(buf, fh), r)
		if err != nil {
			return err
		}
		if n != size {
			return fmt.Errorf("read %d bytes, files document says %d", n, size)
		}
		sum := hex.EncodeToString(fh.Sum(nil))
		if err := tw.WriteHeader(&tar.Header{Name: key, Size: n, Mode: 0o640, Format: tar.FormatPAX,
			PAXRecords: map[string]string{"MEKTEP.sha256": sum}}); err != nil {
			return err
		}
		if _, err := buf.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.CopyN(tw, buf, n); err != nil {
			return err
		}
		dg.add(key, n, sum)
		return nil
	})
	if err != nil {
		return File{}, Bucket{}, err
	}
	if err := tw.Close(); err != nil {
		return File{}, Bucket{}, err
	}
	if err := zw.Close(); err != nil {
		return File{}, Bucket{}, err
	}
	f, err := h.store(ctx, st, id, name)
	return f, dg.sum(), err
}

// ImportMongo restores the backup's collections, indexes and GridFS files into db, which
// should be empty. Every archive's checksum is checked before it is read (ErrChecksum).
func ImportMongo(ctx context.Context, db *mongo.Database, st Store, m *Manifest, tmpDir string, progress func(string)) error {
	colls := slices.Sorted(mapsKeys(m.Collections))
	for _, n := range colls {
		got, err := importCollection(ctx, db.Collection(n), st, m, "mongo/"+n+".jsonl.gz", tmpDir)
		if err != nil {
			return err
		}
		if got != m.Collections[n] {
			return fmt.Errorf("mongo: %s: restored %d documents, manifest says %d", n, got, m.Collections[n])
		}
		progress("mongo/" + n)
	}
	for n, specs := range m.Indexes {
		for _, js := range specs {
			if err := createIndex(ctx, db.Collection(n), js); err != nil {
				return fmt.Errorf("mongo: index of %s: %w", n, err)
			}
		}
	}
	for _, b := range slices.Sorted(mapsKeys(m.GridFS)) {
		if err := importBucket(ctx, db, b, st, m, tmpDir); err != nil {
			return err
		}
		progress("gridfs/" + b)
	}
	return nil
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func importCollection(ctx context.Context, c *mongo.Collection, st Store, m *Manifest, name, tmpDir string) (int64, error) {
	path, err := Fetch(ctx, st, m, name, tmpDir)
	if err != nil {
		return 0, err
	}
	defer os.Remove(path)
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var batch []any
	var n int64
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := c.InsertMany(ctx, batch); err != nil {
			return fmt.Errorf("mongo: restore %s: %w", c.Name(), err)
		}
		n += int64(len(batch))
		batch = batch[:0]
		return nil
	}
	for sc.Scan() {
		var doc bson.D
		if err := bson.UnmarshalExtJSON(sc.Bytes(), true, &doc); err != nil {
			return n, fmt.Errorf("%s: line %d: %w", name, n+int64(len(batch))+1, err)
		}
		batch = append(batch, doc)
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("%s: %w", name, err)
	}
	return n, flush()
}

func createIndex(ctx context.Context, c *mongo.Collection, js string) error {
	var spec bson.D
	if err := bson.UnmarshalExtJSON([]byte(js), true, &spec); err != nil {
		return err
	}
	im := mongo.IndexModel{Options: options.Index()}
	for _, e := range spec {
		switch e.Key {
		case "key":
			im.Keys = e.Value
		case "name":
			im.Options.SetName(e.Value.(string))
		case "unique":
			if v, ok := e.Value.(bool); ok {
				im.Options.SetUnique(v)
			}
		case "sparse":
			if v, ok := e.Value.(bool); ok {
				im.Options.SetSparse(v)
			}
		case "expireAfterSeconds":
			switch v := e.Value.(type) {
			case int32:
				im.Options.SetExpireAfterSeconds(v)
			case int64:
				im.Options.SetExpireAfterSeconds(int32(v))
			case float64:
				im.Options.SetExpireAfterSeconds(int32(v))
			}
		case "partialFilterExpression":
			im.Options.SetPartialFilterExpression(e.Value)
		}
	}
	if im.Keys == nil {
		return errors.New("index spec without key: " + js)
	}
	_, err := c.Indexes().CreateOne(ctx, im)
	return err
}

func importBucket(ctx context.Context, db *mongo.Database, bucket string, st Store, m *Manifest, tmpDir string) error {
	name := "gridfs/" + bucket + ".tar.gz"
	path, err := Fetch(ctx, st, m, name, tmpDir)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	tr := tar.NewReader(zr)
	files, chunks := db.Collection(bucket+".files"), db.Collection(bucket+".chunks")
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		id, err := parseFileKey(hdr.Name)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var meta struct {
			ChunkSize int64 `bson:"chunkSize"`
		}
		if err := files.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&meta); err != nil {
			return fmt.Errorf("%s: files document of %s: %w", name, hdr.Name, err)
		}
		if meta.ChunkSize <= 0 {
			meta.ChunkSize = 255 * 1024
		}
		fh := sha256.New()
		r := io.TeeReader(tr, fh)
		var batch []any
		for n := int32(0); ; n++ {
			data := make([]byte, meta.ChunkSize)
			k, err := io.ReadFull(r, data)
			if k > 0 {
				batch = append(batch, bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "files_id", Value: id},
					{Key: "n", Value: n}, {Key: "data", Value: bson.Binary{Data: data[:k]}}})
			}
			if len(batch) == 16 || (err != nil && len(batch) > 0) {
				if _, ierr := chunks.InsertMany(ctx, batch); ierr != nil {
					return fmt.Errorf("mongo: restore %s chunks: %w", bucket, ierr)
				}
				batch = batch[:0]
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				break
			}
			if err != nil {
				return fmt.Errorf("%s: %s: %w", name, hdr.Name, err)
			}
		}
		if got := hex.EncodeToString(fh.Sum(nil)); got != hdr.PAXRecords["MEKTEP.sha256"] {
			return fmt.Errorf("%s: %s: %w", name, hdr.Name, ErrChecksum)
		}
	}
}

// BucketSummary reads every file of the bucket in db and sums it up as Bucket, to compare
// with the manifest.
func BucketSummary(ctx context.Context, db *mongo.Database, bucket string) (Bucket, error) {
	dg := newBucketDigest()
	err := eachFile(ctx, db, bucket, "", func(key string, _ int64, r io.Reader) error {
		h := sha256.New()
		n, err := io.Copy(h, r)
		if err != nil {
			return err
		}
		dg.add(key, n, hex.EncodeToString(h.Sum(nil)))
		return nil
	})
	return dg.sum(), err
}
