package app_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// TestForumTopicBench is the topic page benchmark of docs/benchmarks.md, skipped unless
// MEKTEP_BENCH_FORUM (posts in the topic, e.g. 5000) is set. It fills one topic of a public
// community with that many posts (SQL, one statement), then asks the topic's page 1, the
// middle page and the last page sequentially over loopback as a logged-in member, and
// reports each one's time (p50, p95) beside /healthz and the store's own read of the same
// page (forum.Service.Topic without HTTP and rendering) as peers.
//
//	MEKTEP_BENCH_FORUM=5000 GOTOOLCHAIN=go1.27.3 go test ./internal/app -run TestForumTopicBench -count=1 -v
func TestForumTopicBench(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_FORUM"))
	if n <= 0 {
		t.Skip("set MEKTEP_BENCH_FORUM to run the topic page benchmark")
	}
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_RATE_LIMITS": "off"}})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-fbench")
	owner := session(t, s, a.users["owner"].ID)
	f := newCommunity(t, s, owner, a.site, "Учителя физики", "public", "open", "Первый пост.")
	start := time.Now()
	if _, err := s.App.DB.Pool.Exec(ctx, `
		WITH p AS (INSERT INTO forum_posts (community_id, topic_id, seq, author_id, author_name, body, lang)
			SELECT $1, $2, g, $3, 'Учитель', '<p>Сообщение номер ' || g || ': обсуждаем лабораторную работу по оптике, '
			       || 'линзы, фокусное расстояние и погрешности измерений.</p>', 'ru'
			FROM generate_series(2, $4::int) g RETURNING 1)
		UPDATE forum_topics SET last_seq = $4 WHERE id = $2`, f.community, f.topic, a.users["owner"].ID, n); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `INSERT INTO forum_reactions (post_id, user_id, kind)
		SELECT id, $2, 'like' FROM forum_posts WHERE topic_id = $1 AND seq % 3 = 0`, f.topic, a.users["teacher"].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `ANALYZE forum_posts; ANALYZE forum_reactions`); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d posts stored in %s", n, time.Since(start).Round(time.Millisecond))
	member := session(t, s, a.users["parent"].ID)
	pages := (n + sitecore.ForumPostsPage - 1) / sitecore.ForumPostsPage
	const rounds = 200
	measure := func(name, path string, host bool) (p50, p95 time.Duration) {
		h := []string{"Cookie", member}
		if host {
			h = append(h, "Host", a.host)
		}
		var ds []time.Duration
		for i := range rounds + 10 {
			t0 := time.Now()
			r := s.do("GET", path, nil, h...)
			if i >= 10 {
				ds = append(ds, time.Since(t0))
			}
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
		}
		slices.Sort(ds)
		p50, p95 = percentile(ds, 0.5), percentile(ds, 0.95)
		t.Logf("%-40s p50 %6.2f ms  p95 %6.2f ms", name, ms(p50), ms(p95))
		return p50, p95
	}
	p := &sitecore.Principal{UserID: a.users["parent"].ID, Name: "Parent"}
	raw := func(name string, page int) time.Duration {
		var ds []time.Duration
		for i := range rounds + 10 {
			t0 := time.Now()
			pg, err := s.App.Forums.Topic(ctx, p, a.site, f.community, f.topic, page)
			if err != nil || len(pg.Posts) == 0 {
				t.Fatalf("%s: %v", name, err)
			}
			if i >= 10 {
				ds = append(ds, time.Since(t0))
			}
		}
		slices.Sort(ds)
		t.Logf("%-40s p50 %6.2f ms  p95 %6.2f ms", name, ms(percentile(ds, 0.5)), ms(percentile(ds, 0.95)))
		return percentile(ds, 0.95)
	}
	_, health := measure("/healthz (peer)", "/healthz", false)
	base := fmt.Sprintf("/ru/communities/%d/topics/%d?page=", f.community, f.topic)
	for _, pg := range []struct {
		name string
		n    int
	}{{"first", 1}, {"middle", (pages + 1) / 2}, {"last", pages}} {
		store := raw(fmt.Sprintf("store: page %d (%s, peer)", pg.n, pg.name), pg.n)
		_, api := measure(fmt.Sprintf("API: page %d (%s)", pg.n, pg.name), fmt.Sprintf("/api/v1/communities/%d/topics/%d?page=%d", f.community, f.topic, pg.n), false)
		_, page := measure(fmt.Sprintf("HTML page %d (%s)", pg.n, pg.name), base+strconv.Itoa(pg.n), true)
		t.Logf("page %d (%s): HTML p95 %.2f ms = %.2f × /healthz, %.2f × the store's read; API p95 %.2f ms",
			pg.n, pg.name, ms(page), float64(page)/float64(health), float64(page)/float64(store), ms(api))
		if page > 50*time.Millisecond {
			t.Logf("page %d (%s): p95 over 50 ms", pg.n, pg.name)
		}
	}
}
