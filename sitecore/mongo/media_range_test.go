package mongo_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/event"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/mongo"
)

// Many small ranges of one file cost as many store reads as distinct stretches of chunks,
// not one per range: a multipart range request of 200 one-byte ranges in the first chunk
// reads that chunk once.
func TestRangeReadsCoalesce(t *testing.T) {
	ctx := context.Background()
	var reads atomic.Int64
	mon := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		coll := ""
		switch e.CommandName {
		case "find":
			coll, _ = e.Command.Lookup("find").StringValueOK()
		case "getMore":
			coll, _ = e.Command.Lookup("collection").StringValueOK()
		}
		if coll == "media.chunks" {
			reads.Add(1)
		}
	}}
	client, err := driver.Connect(options.Client().ApplyURI(testenv.MongoURI(t)).SetMonitor(mon))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	s := mongo.StoreOf(client, testenv.MongoDatabase(t))
	f := s.MediaFiles("media")
	data := make([]byte, 2<<20) // 2 MiB: nine chunks of 255 KiB
	_, _ = rand.Read(data)
	id, _, err := f.Put(ctx, 7, "clip.mp4", "video/mp4", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rc, size, err := f.Open(ctx, 7, id)
	if err != nil || size != int64(len(data)) {
		t.Fatalf("open: %v, size %d", err, size)
	}
	defer rc.Close()
	read := func(at, n int64) {
		t.Helper()
		if _, err := rc.Seek(at, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(rc, buf); err != nil {
			t.Fatalf("read %d bytes at %d: %v", n, at, err)
		}
		if !bytes.Equal(buf, data[at:at+n]) {
			t.Fatalf("bytes at %d differ", at)
		}
	}

	reads.Store(0)
	for i := range int64(200) {
		read(i*1000, 1)
	}
	if n := reads.Load(); n != 1 {
		t.Errorf("200 one-byte ranges in the first chunk: %d chunk reads, want 1", n)
	}
	// Going back, then reading the whole file in order: one more query (and its batches).
	reads.Store(0)
	read(0, int64(len(data)))
	if n := reads.Load(); n > 4 {
		t.Errorf("reading the file in order: %d chunk reads", n)
	}
	// Ranges far apart cost at most one read each; the data stays right.
	reads.Store(0)
	for _, at := range []int64{2<<20 - 10, 100, 1 << 20, 5} {
		read(at, 10)
	}
	if n := reads.Load(); n > 4 {
		t.Errorf("four ranges far apart: %d chunk reads, want at most 4", n)
	}
}
