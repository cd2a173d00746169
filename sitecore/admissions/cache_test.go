package admissions

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// slowStore answers campaigns and territories after a delay, counting the reads, so
// concurrent misses overlap the way a burst's requests do when the cache entry expires.
type slowStore struct {
	sitecore.AdmissionStore
	sitecore.CatchmentStore
	campaignReads, territoryReads atomic.Int64
	fail                          atomic.Bool
}

func (s *slowStore) FindCampaign(ctx context.Context, siteID, id int64) (*sitecore.Campaign, error) {
	s.campaignReads.Add(1)
	time.Sleep(50 * time.Millisecond)
	if s.fail.Load() {
		return nil, sitecore.NotFound("campaign")
	}
	return &sitecore.Campaign{ID: id, SiteID: siteID}, nil
}

func (s *slowStore) Catchment(ctx context.Context, siteID int64) ([]sitecore.CatchmentRule, error) {
	s.territoryReads.Add(1)
	time.Sleep(50 * time.Millisecond)
	return nil, nil
}

// TestConcurrentMissesReadOnce: 100 submissions that miss the campaign and territory caches
// at once read each once (the burst used to read them once per request), every caller gets
// the same answer, another campaign is read apart, and a failed read is not cached.
func TestConcurrentMissesReadOnce(t *testing.T) {
	st := &slowStore{}
	s := &Service{Store: st, Catchment: st}
	ctx := context.Background()
	var wg sync.WaitGroup
	var wrong atomic.Int64
	for range 100 {
		wg.Go(func() {
			c, err := s.campaign(ctx, 7, 42)
			if err != nil || c.ID != 42 || c.SiteID != 7 {
				wrong.Add(1)
			}
			if t, err := s.territory(ctx, 7); err != nil || t == nil {
				wrong.Add(1)
			}
		})
	}
	wg.Wait()
	if wrong.Load() != 0 {
		t.Fatalf("%d wrong answers", wrong.Load())
	}
	if n := st.campaignReads.Load(); n != 1 {
		t.Errorf("campaign read %d times by 100 concurrent misses, want 1", n)
	}
	if n := st.territoryReads.Load(); n != 1 {
		t.Errorf("territory read %d times by 100 concurrent misses, want 1", n)
	}
	if c, err := s.campaign(ctx, 7, 43); err != nil || c.ID != 43 {
		t.Errorf("another campaign: %+v %v", c, err)
	}
	if n := st.campaignReads.Load(); n != 2 {
		t.Errorf("campaign reads %d after another campaign, want 2", n)
	}
	st.fail.Store(true)
	if _, err := s.campaign(ctx, 8, 1); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("a missing campaign: %v", err)
	}
	st.fail.Store(false)
	if c, err := s.campaign(ctx, 8, 1); err != nil || c.ID != 1 {
		t.Errorf("after a failed read the campaign is read again: %+v %v", c, err)
	}
}
