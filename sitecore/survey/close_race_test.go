package survey_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// testIIN makes the n-th valid IIN (a child born in 2019, as internal/app's childIIN).
func testIIN(n int) string {
	for serial := n * 3; ; serial++ {
		s := fmt.Sprintf("19%02d%02d%d%04d", 1+(serial/28)%12, 1+serial%28, 5+serial%2, (serial/336)%10000)
		check := 0
		for i, w := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} {
			check += int(s[i]-'0') * w
		}
		if check %= 11; check == 10 {
			check = 0
			for i, w := range []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2} {
				check += int(s[i]-'0') * w
			}
			check %= 11
		}
		if check != 10 {
			return s + fmt.Sprint(check)
		}
	}
}

// Ballots sent while the box closes are either counted or refused, never accepted and then
// missed: the close waits for the ballots in flight (the survey's row is locked FOR SHARE by
// each), and one arriving after it is refused. The shuffle at closing keeps every ballot, and
// is refused while the box is open. (Without the lock the window is a few microseconds of
// one INSERT: three runs without it did not hit it. The test guards the outcome.)
func TestBallotsRacingTheClose(t *testing.T) {
	const n = 60
	ctx := context.Background()
	e := newEnv(t)
	list := make([]survey.ListRow, n)
	for i := range list {
		list[i] = survey.ListRow{IIN: testIIN(i)}
	}
	s := e.openSurvey(t, anonymousDefinition(), list...)
	type ready struct {
		token, sig []byte
	}
	tokens := make([]ready, n)
	for i := range tokens {
		c, sig, err := e.eligible(t, s, list[i].IIN)
		if err != nil {
			t.Fatal(err)
		}
		tokens[i] = ready{c.prepared, sig}
	}
	err := e.db.ShuffleBallots(ctx, e.site.ID, s.ID)
	wantErr(t, err, sitecore.EConflict, "status", "survey.state")

	var accepted, refused atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, tk := range tokens {
		wg.Go(func() {
			<-start
			_, err := e.svc.SubmitAnonymous(ctx, e.site.ID, s.ID, survey.AnonymousInput{Token: tk.token, Signature: tk.sig, Ballot: ballot})
			switch {
			case err == nil:
				accepted.Add(1)
			case sitecore.ErrorCode(err) == sitecore.EConflict:
				refused.Add(1)
			default:
				t.Errorf("ballot: %v", err)
			}
		})
	}
	close(start)
	for accepted.Load() < n/4 { // close while the rest are on their way
		time.Sleep(100 * time.Microsecond)
	}
	if _, err := e.db.SetStatus(ctx, e.site.ID, s.ID, survey.StatusClosed, []survey.Status{survey.StatusOpen}, nil); err != nil {
		t.Fatal(err)
	}
	// What the workflow does at once after closing, while late ballots may still be on their way.
	if err := e.db.ShuffleBallots(ctx, e.site.ID, s.ID); err != nil {
		t.Fatal(err)
	}
	s, _ = e.db.FindSurvey(ctx, e.site.ID, s.ID)
	r, err := survey.Count(ctx, e.db, s, time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	later, err := survey.Count(ctx, e.db, s, time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	if later.Ballots != r.Ballots {
		t.Errorf("%d ballots stored after the results were counted", later.Ballots-r.Ballots)
	}
	t.Logf("%d accepted, %d refused after the close", accepted.Load(), refused.Load())
	if refused.Load() == 0 {
		t.Log("every ballot beat the close; the race was not exercised this time")
	}
	if int64(r.Ballots) != accepted.Load() || accepted.Load()+refused.Load() != n {
		t.Errorf("counted %d ballots; %d were accepted and %d refused of %d", r.Ballots, accepted.Load(), refused.Load(), n)
	}
}
