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
	return &chunkReader{ctx: ctx, chunks: f.chunks, file: gf}, gf.Length, nil
}

// chunkReader reads a GridFS file by position.
type chunkReader struct {
	ctx    context.Context
	chunks *mongo.Collection
	file   gridFile

	pos    int64         // the reader's position
	cur    *mongo.Cursor // chunks from curPos on, or nil
	curPos int64         // the file position the cursor's next byte is at
	buf    []byte        // the unread rest of the current chunk (starts at curPos)
}

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

// Read implements io.Reader.
func (c *chunkReader) Read(p []byte) (int, error) {
	if c.pos >= c.file.Length {
		return 0, io.EOF
	}
	if c.cur == nil || c.curPos != c.pos {
		if err := c.openAt(c.pos); err != nil {
			return 0, err
		}
	}
	for len(c.buf) == 0 {
		if !c.cur.Next(c.ctx) {
			if err := c.cur.Err(); err != nil {
				return 0, wrap("MediaFiles.Read", err)
			}
			return 0, io.ErrUnexpectedEOF // the files document promised more chunks
		}
		var d chunkDoc
		if err := c.cur.Decode(&d); err != nil {
			return 0, wrap("MediaFiles.Read", err)
		}
		start := d.N * c.file.ChunkSize
		if start > c.curPos || start+int64(len(d.Data)) <= c.curPos {
			return 0, io.ErrUnexpectedEOF // a missing chunk
		}
		c.buf = d.Data[c.curPos-start:]
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	c.pos += int64(n)
	c.curPos = c.pos
	return n, nil
}

// openAt opens a cursor over the chunks from the one holding pos.
func (c *chunkReader) openAt(pos int64) error {
	if c.cur != nil {
		_ = c.cur.Close(c.ctx)
		c.cur = nil
	}
	cur, err := c.chunks.Find(c.ctx,
		bson.D{{Key: "files_id", Value: c.file.ID}, {Key: "n", Value: bson.D{{Key: "$gte", Value: pos / c.file.ChunkSize}}}},
		options.Find().SetSort(bson.D{{Key: "n", Value: 1}}).SetBatchSize(4))
	if err != nil {
		return wrap("MediaFiles.Read", err)
	}
	c.cur, c.curPos, c.buf = cur, pos, nil
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
