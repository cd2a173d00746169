package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/postgres"
)

// TestPoolKeepsConnectionsOpen: by default the pool keeps DefaultMinConns connections open
// (opened in the background at start), so a burst after a quiet hour does not wait for
// PostgreSQL to fork backends; the URL's pool_min_conns and pool_max_conns win.
func TestPoolKeepsConnectionsOpen(t *testing.T) {
	ctx := context.Background()
	url := strings.Replace(testenv.PostgresURL(t), "&pool_min_conns=0", "", 1)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.Pool.Config().MinConns; got != postgres.DefaultMinConns {
		t.Errorf("MinConns = %d, want %d", got, postgres.DefaultMinConns)
	}
	testenv.Eventually(t, 30*time.Second, "the minimum of connections is open", func() bool {
		return db.Pool.Stat().TotalConns() >= postgres.DefaultMinConns
	})

	small, err := postgres.Open(ctx, url+"&pool_max_conns=4")
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	if c := small.Pool.Config(); c.MaxConns != 4 || c.MinConns != 4 {
		t.Errorf("pool_max_conns=4: max %d min %d, want 4 and 4", c.MaxConns, c.MinConns)
	}
	none, err := postgres.Open(ctx, url+"&pool_min_conns=0")
	if err != nil {
		t.Fatal(err)
	}
	defer none.Close()
	if got := none.Pool.Config().MinConns; got != 0 {
		t.Errorf("pool_min_conns=0: MinConns = %d", got)
	}
}
