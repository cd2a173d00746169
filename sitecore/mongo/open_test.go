package mongo_test

import (
	"context"
	"testing"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/mongo"
)

// Regression: FerretDB 1.24 dropped the connection when indexes were created again with
// CreateMany, so a second process opening the same database (serve next to worker) failed.
func TestOpenTwiceOnTheSameDatabase(t *testing.T) {
	ctx := context.Background()
	uri, name := testenv.MongoURI(t), testenv.MongoDatabase(t)
	for i := range 3 {
		s, err := mongo.Open(ctx, uri, name)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		_ = s.Close(ctx)
	}
}
