package mongo

import (
	"context"
	"errors"
	"io"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/mektep/mektep/sitecore"
)

// MediaFiles stores media bytes in a GridFS bucket and reads them back by byte range
// straight from the chunks collection, so a range request for the end of a large video reads
// only the chunks it needs. Every file carries its site in the metadata; reads check it.
type MediaFiles struct {
	bucket *mongo.GridFSBucket
	files  *mongo.Collection
	chunks *mongo.Collection
}

var _ sitecore.MediaBlobs = (*MediaFiles)(nil)

// MediaFiles returns the media store of a bucket ("media").
func (s *Store) MediaFiles(bucket string) *MediaFiles {
	return &MediaFiles{
		bucket: s.db.GridFSBucket(options.GridFSBucket().SetName(bucket)),
		files:  s.db.Collection(bucket + ".files"),
		chunks: s.db.Collection(bucket + ".chunks"),
	}
}

// upload streams r into a new file of the bucket. It does not use the bucket's
// UploadFromStream, whose read buffer is shared by every upload of the bucket (a data race
// when two requests upload at once); each upload stream has a buffer of its own. A failed
// read aborts the upload and removes the chunks written so far.
func upload(ctx context.Context, b *mongo.GridFSBucket, name string, meta bson.D, r io.Reader) (bson.ObjectID, int64, error) {
	us, err := b.OpenUploadStream(ctx, name, options.GridFSUpload().SetMetadata(meta))
	if err != nil {
		return bson.ObjectID{}, 0, err
	}
	n, err := io.Copy(us, r)
	if err != nil {
		_ = us.Abort()
		return bson.ObjectID{}, 0, err
	}
	if err := us.Close(); err != nil {
		return bson.ObjectID{}, 0, err
	}
	id, _ := us.FileID.(bson.ObjectID)
	return id, n, nil
}

// Put stores r as a file of the site. Size limits and quota are the caller's readers' job.
func (f *MediaFiles) Put(ctx context.Context, siteID int64, name, contentType string, r io.Reader) (string, int64, error) {
	id, n, err := upload(ctx, f.bucket, name, bson.D{{Key: "site_id", Value: siteID}, {Key: "content_type", Value: contentType}}, r)
	if err != nil {
		var de *sitecore.Error
		if errors.As(err, &de) { // the reader's own error (quota, size): pass it on as it is
			return "", 0, err
		}
		return "", 0, wrap("MediaFiles.Put", err)
	}
	return id.Hex(), n, nil
}

// Delete removes a file and its chunks.
func (f *MediaFiles) Delete(ctx context.Context, fileID string) error {
	oid, err := bson.ObjectIDFromHex(fileID)
	if err != nil {
		return nil
	}
	err = f.bucket.Delete(ctx, oid)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return nil
	}
	return wrap("MediaFiles.Delete", err)
}

// gridFile is the part of a GridFS files document that reads need.
type gridFile struct {
	ID        bson.ObjectID `bson:"_id"`
	Length    int64         `bson:"length"`
	ChunkSize int64         `bson:"chunkSize"`
}

// Open returns the site's file as a ReadSeekCloser for http.ServeContent; another site's
// file is ENotFound. Seeking costs nothing: the next Read queries the chunks from the one
// holding the position on.
func (f *MediaFiles) Open(ctx context.Context, siteID int64, fileID string) (io.ReadSeekCloser, int64, error) {
	oid, err := bson.ObjectIDFromHex(fileID)
	if err != nil {
		return nil, 0, sitecore.NotFound("media")
	}
	var gf gridFile
	err = f.files.FindOne(ctx, bson.D{{Key: "_id", Value: oid}, {Key: "metadata.site_id", Value: siteID}}).Decode(&gf)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, 0, sitecore.NotFound("media")
	}
	if err != nil {
		return nil, 0, wrap("MediaFiles.Open", err)
	}
	if gf.ChunkSize <= 0 {
		gf.ChunkSize = 255 << 10
	}
	return &chunkReader{ctx: ctx, chunks: f.chunks, file: gf, lastN: -1}, gf.Length, nil
}

// chunkReader reads a GridFS file by position. It keeps the last chunk it read and the
// cursor it came from, so reads within that chunk, and reads a few chunks further on, cost
// no new query: the many small ranges of a multipart range request read each stretch of
// chunks once instead of once per range.
type chunkReader struct {
	ctx    context.Context
	chunks *mongo.Collection
	file   gridFile

	pos   int64         // the reader's position
	cur   *mongo.Cursor // chunks from nextN on, or nil
	nextN int64         // the number of the chunk cur returns next
	last  []byte        // the last chunk read
	lastN int64         // its number (-1: none yet)
}

// readAhead is how many chunks past the cursor's next one a read may skip by reading on
// instead of starting a new query (the cursor's batch size).
const readAhead = 4

type chunkDoc struct {
	N    int64  `bson:"n"`
	Data []byte `bson:"data"`
}

// Seek implements io.Seeker.
func (c *chunkReader) Seek(offset int64, whence int) (int64, error) {
	var p int64
	switch whence {
	case io.SeekStart:
		p = offset
	case io.SeekCurrent:
		p = c.pos + offset
	case io.SeekEnd:
		p = c.file.Length + offset
	default:
		return 0, errors.New("chunkReader: bad whence")
	}
	if p < 0 {
		return 0, errors.New("chunkReader: negative position")
	}
	c.pos = p
	return p, nil
}

// holds reports whether the last chunk read contains the file position pos.
func (c *chunkReader) holds(pos int64) bool {
	start := c.lastN * c.file.ChunkSize
	return c.last != nil && pos >= start && pos < start+int64(len(c.last))
}

// Read implements io.Reader.
func (c *chunkReader) Read(p []byte) (int, error) {
	if c.pos >= c.file.Length {
		return 0, io.EOF
	}
	if !c.holds(c.pos) {
		if err := c.load(c.pos / c.file.ChunkSize); err != nil {
			return 0, err
		}
		if !c.holds(c.pos) {
			return 0, io.ErrUnexpectedEOF // a chunk shorter than the files document says
		}
	}
	n := copy(p, c.last[c.pos-c.lastN*c.file.ChunkSize:])
	c.pos += int64(n)
	return n, nil
}

// load makes chunk n the last chunk read: from the open cursor when n is at most readAhead
// chunks past its next one, else from a new query starting at n.
func (c *chunkReader) load(n int64) error {
	if c.cur == nil || n < c.nextN || n >= c.nextN+readAhead {
		if err := c.openAt(n); err != nil {
			return err
		}
	}
	for {
		if !c.cur.Next(c.ctx) {
			if err := c.cur.Err(); err != nil {
				return wrap("MediaFiles.Read", err)
			}
			return io.ErrUnexpectedEOF // the files document promised more chunks
		}
		var d chunkDoc
		if err := c.cur.Decode(&d); err != nil {
			return wrap("MediaFiles.Read", err)
		}
		if d.N != c.nextN {
			return io.ErrUnexpectedEOF // a missing chunk
		}
		c.nextN++
		c.last, c.lastN = d.Data, d.N
		if d.N == n {
			return nil
		}
	}
}

// openAt opens a cursor over the chunks from chunk n on.
func (c *chunkReader) openAt(n int64) error {
	if c.cur != nil {
		_ = c.cur.Close(c.ctx)
		c.cur = nil
	}
	cur, err := c.chunks.Find(c.ctx,
		bson.D{{Key: "files_id", Value: c.file.ID}, {Key: "n", Value: bson.D{{Key: "$gte", Value: n}}}},
		options.Find().SetSort(bson.D{{Key: "n", Value: 1}}).SetBatchSize(readAhead))
	if err != nil {
		return wrap("MediaFiles.Read", err)
	}
	c.cur, c.nextN = cur, n
	return nil
}

// Close releases the cursor.
func (c *chunkReader) Close() error {
	if c.cur != nil {
		err := c.cur.Close(context.WithoutCancel(c.ctx))
		c.cur = nil
		return err
	}
	return nil
}
