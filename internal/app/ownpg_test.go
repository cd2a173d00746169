package app_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
)

// ownPostgres is a PostgreSQL cluster of one test's own under var/test, migrated, for tests
// that stop, kill or restart it without hurting the other tests' database. Dir is the
// test's scratch directory (removed at the end); Restart starts the cluster again on the same
// data and port, through crash recovery if it was killed.
type ownPostgres struct {
	*devstack.Postgres
	Dir     string
	durable bool
	want    string
	port    int
}

// startOwnPostgres starts the cluster: durable (fsync and synchronous_commit on, as in
// production) or with the test cluster's fast settings.
func startOwnPostgres(t testing.TB, prefix string, durable bool) *ownPostgres {
	t.Helper()
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	dir := filepath.Join(testenv.Root(t), "var", "test", prefix+"-"+hex.EncodeToString(rnd[:]))
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	deadPort, _ := devstack.FreePort() // nobody answers there, so Ensure* starts a cluster
	o := &ownPostgres{Dir: dir, durable: durable, want: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/mektep?sslmode=disable", deadPort)}
	o.port, _ = devstack.FreePort()
	if err := o.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = o.Stop() })
	ctx := context.Background()
	db, err := postgres.Open(ctx, o.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if durable {
		var fsync, syncCommit string
		if err := db.Pool.QueryRow(ctx, `SELECT current_setting('fsync'), current_setting('synchronous_commit')`).Scan(&fsync, &syncCommit); err != nil || fsync != "on" || syncCommit != "on" {
			t.Fatalf("the cluster is not durable: fsync %s, synchronous_commit %s (%v)", fsync, syncCommit, err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return o
}

// Restart starts the cluster (again) on its data directory and port.
func (o *ownPostgres) Restart() error {
	ensure := devstack.EnsurePostgres
	if o.durable {
		ensure = devstack.EnsureDurablePostgres
	}
	pg, err := ensure(context.Background(), o.want, filepath.Join(o.Dir, "pg"), o.port)
	if err != nil {
		return err
	}
	o.Postgres = pg
	return nil
}

// openCampaign opens a grade-1 campaign of the site now, for an hour, with seats places.
func openCampaign(t testing.TB, s *stack, site int64, seats int) *sitecore.Campaign {
	t.Helper()
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: site, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: seats}}, OpensAt: now.Add(-time.Minute), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	return c
}
