package activities

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestStreamFile checks the one way both kinds of export write their workbook: what write
// produces is stored whole with its row count and size; when write fails halfway nothing
// is left stored; expireFile deletes the file it is given and nothing when given none.
func TestStreamFile(t *testing.T) {
	ctx := context.Background()
	store := testenv.Mongo(t)
	files := store.Files("exports")
	count := func(coll string) int64 {
		n, err := store.Database().Collection(coll).CountDocuments(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	body := bytes.Repeat([]byte("row,"), 300_000) // larger than one GridFS chunk and one pipe write
	fileID, rows, size, err := streamFile(ctx, files, 7, "a.xlsx", func(w io.Writer) (int, error) {
		for i := 0; i < len(body); i += 4096 {
			if _, err := w.Write(body[i:min(i+4096, len(body))]); err != nil {
				return 0, err
			}
		}
		return 300_000, nil
	})
	if err != nil || fileID == "" || rows != 300_000 || size != int64(len(body)) {
		t.Fatalf("streamFile = %q, %d rows, %d bytes, %v", fileID, rows, size, err)
	}
	rc, err := files.Open(ctx, 7, fileID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	_ = rc.Close()
	if !bytes.Equal(got, body) {
		t.Errorf("stored %d bytes, not what was written", len(got))
	}

	broken := errors.New("the database went away")
	id, _, _, err := streamFile(ctx, files, 7, "b.xlsx", func(w io.Writer) (int, error) {
		_, _ = w.Write(body[:100_000])
		return 0, broken
	})
	if !errors.Is(err, broken) || id != "" {
		t.Errorf("a failing write: %q, %v", id, err)
	}
	if n := count("exports.files"); n != 1 {
		t.Errorf("%d files stored after a failed export, want only the first", n)
	}

	if err := expireFile(ctx, files, "", nil); err != nil {
		t.Errorf("expiring nothing: %v", err)
	}
	if err := expireFile(ctx, files, fileID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := files.Open(ctx, 7, fileID); sitecore.ErrorCode(err) != sitecore.ENotFound || count("exports.files") != 0 {
		t.Errorf("the expired file is still there: %v", err)
	}
	if n := count("exports.chunks"); n != 0 {
		t.Errorf("%d chunks left behind (of the failed export?)", n)
	}
	if de := DomainError(expireFile(ctx, files, "", sitecore.NotFound("export"))); de == nil || de.Key != "not_found.export" {
		t.Errorf("the store's refusal does not come through: %v", de)
	}
}
