package backup

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// testStore checks the Store contract: put, get back byte for byte, list by prefix in key
// order, replace, delete, and ErrNotExist for a missing key.
func testStore(t *testing.T, st Store) {
	ctx := context.Background()
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	big[12345] = 0xff
	objs := map[string][]byte{
		"20261201T020000Z/postgres.dump":        big,
		"20261201T020000Z/mongo/pages.jsonl.gz": []byte("pages"),
		"20261202T020000Z/manifest.json":        []byte("{}"),
		"20261202T020000Z/gridfs/media.tar.gz":  {},
	}
	for k, v := range objs {
		// a reader that cannot seek, as the backup's pipes are
		if err := st.Put(ctx, k, io.MultiReader(bytes.NewReader(v))); err != nil {
			t.Fatalf("put %s: %v", k, err)
		}
	}
	for k, v := range objs {
		rc, err := st.Get(ctx, k)
		if err != nil {
			t.Fatalf("get %s: %v", k, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, v) {
			t.Errorf("get %s: %d bytes (%v), want %d identical bytes", k, len(got), err, len(v))
		}
	}
	list, err := st.List(ctx, "20261201T020000Z/")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Key != "20261201T020000Z/mongo/pages.jsonl.gz" || list[1].Key != "20261201T020000Z/postgres.dump" || list[1].Size != int64(len(big)) {
		t.Errorf("list = %+v", list)
	}
	if err := st.Put(ctx, "20261202T020000Z/manifest.json", strings.NewReader(`{"id":"x"}`)); err != nil {
		t.Fatal(err)
	}
	rc, err := st.Get(ctx, "20261202T020000Z/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if string(got) != `{"id":"x"}` {
		t.Errorf("replaced object reads %q", got)
	}
	all, err := List(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Finished || !all[1].Finished {
		t.Errorf("backups = %+v, want the first unfinished and the second finished", all)
	}
	if err := DeleteBackup(ctx, st, "20261201T020000Z"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Get(ctx, "20261201T020000Z/postgres.dump"); !errors.Is(err, ErrNotExist) {
		t.Errorf("get after delete: %v, want ErrNotExist", err)
	}
	if err := st.Delete(ctx, "20261201T020000Z/postgres.dump"); err != nil {
		t.Errorf("deleting a missing object: %v", err)
	}
	if rest, _ := st.List(ctx, ""); len(rest) != 2 {
		t.Errorf("after delete: %+v", rest)
	}
}

func TestDirStore(t *testing.T) {
	testStore(t, Dir{Root: t.TempDir()})
}

// The S3 store against gofakes3 served over real HTTP: the AWS SDK signs and sends real
// requests (path-style, as self-hosted services want).
func TestS3Store(t *testing.T) {
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket("backups"); err != nil {
		t.Fatal(err)
	}
	st, err := NewS3(S3Options{Bucket: "backups", Prefix: "mektep/", Endpoint: srv.URL, Region: "kz-ala-1",
		AccessKey: "test", SecretKey: "test-secret", PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	testStore(t, st)
	// Objects really are under the prefix in the bucket.
	res, err := backend.ListBucket("backups", &gofakes3.Prefix{}, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Contents {
		if !strings.HasPrefix(c.Key, "mektep/") {
			t.Errorf("object %s outside the prefix", c.Key)
		}
	}
	if len(res.Contents) != 2 {
		t.Errorf("bucket holds %d objects, want 2", len(res.Contents))
	}
}
