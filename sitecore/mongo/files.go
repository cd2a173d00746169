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

// Files stores uploaded files in GridFS, one bucket per purpose ("admission_documents").
// Every file carries its site in the metadata, and reads check it.
type Files struct {
	bucket *mongo.GridFSBucket
}

// Files returns the file store of a bucket.
func (s *Store) Files(bucket string) *Files {
	return &Files{bucket: s.db.GridFSBucket(options.GridFSBucket().SetName(bucket))}
}

// Put stores r as a file of the site, reading at most max bytes. A longer input is
// ETooLarge and leaves nothing behind.
func (f *Files) Put(ctx context.Context, siteID int64, name, contentType string, r io.Reader, max int64) (string, int64, error) {
	lr := &io.LimitedReader{R: r, N: max + 1}
	id, _, err := upload(ctx, f.bucket, name, bson.D{{Key: "site_id", Value: siteID}, {Key: "content_type", Value: contentType}}, lr)
	if err != nil {
		return "", 0, wrap("Files.Put", err)
	}
	size := max + 1 - lr.N
	if size > max {
		_ = f.bucket.Delete(context.WithoutCancel(ctx), id)
		return "", 0, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file"}
	}
	return id.Hex(), size, nil
}

// Open returns the site's file for reading; another site's file is ENotFound.
func (f *Files) Open(ctx context.Context, siteID int64, id string) (io.ReadCloser, error) {
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		return nil, sitecore.NotFound("document")
	}
	cur, err := f.bucket.Find(ctx, bson.D{{Key: "_id", Value: oid}, {Key: "metadata.site_id", Value: siteID}})
	if err != nil {
		return nil, wrap("Files.Open", err)
	}
	defer cur.Close(ctx)
	if !cur.Next(ctx) {
		return nil, sitecore.NotFound("document")
	}
	st, err := f.bucket.OpenDownloadStream(ctx, oid)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return nil, sitecore.NotFound("document")
	}
	if err != nil {
		return nil, wrap("Files.Open", err)
	}
	return st, nil
}

// Delete removes a file.
func (f *Files) Delete(ctx context.Context, id string) error {
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		return nil
	}
	return wrap("Files.Delete", f.bucket.Delete(ctx, oid))
}
