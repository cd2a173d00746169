package cms

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// item is a stand-in content item for the lifecycle's hooks.
type item struct {
	key       string
	published bool
	plan      *time.Time
	saves     int
}

// timers records what the lifecycle asked of the durable scheduler.
type timers struct {
	set       map[string]time.Time
	cancelled []string
	fail      error
}

func (t *timers) SchedulePublish(_ context.Context, _ int64, kind, key string, at time.Time) error {
	if t.fail != nil {
		return t.fail
	}
	t.set[kind+"/"+key] = at
	return nil
}

func (t *timers) CancelPublish(_ context.Context, _ int64, kind, key string) error {
	t.cancelled = append(t.cancelled, kind+"/"+key)
	delete(t.set, kind+"/"+key)
	return t.fail
}

func testCycle(now time.Time, sch Scheduler, store map[string]*item, audit *[]string) lifecycle[*item] {
	return lifecycle[*item]{
		timer: publishTimer{sch: sch, kind: sitecore.SearchNews, now: now}, noun: "news",
		find: func(_ context.Context, _ int64, key string) (*item, error) {
			if it, ok := store[key]; ok {
				return it, nil
			}
			return nil, sitecore.NotFound("news")
		},
		save:  func(_ context.Context, it *item) error { it.saves++; return nil },
		plan:  func(it *item) **time.Time { return &it.plan },
		touch: func(*item) {},
		publish: func(_ context.Context, a sitecore.Actor, it *item, published bool) error {
			it.published = published
			*audit = append(*audit, a.Name+":publish")
			return nil
		},
		changed: func(_ context.Context, _ sitecore.Actor, _ int64, action, target string) {
			*audit = append(*audit, action+" "+target)
		},
	}
}

func TestLifecycleSchedulesAndPublishesOnlyTheCurrentPlan(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	sch := &timers{set: map[string]time.Time{}}
	it := &item{key: "a"}
	store := map[string]*item{"a": it}
	var audit []string
	c := testCycle(now, sch, store, &audit)
	ed := sitecore.Actor{Name: "editor"}

	// A time in the past (or now) is refused naming the field; nothing is stored or set.
	err := c.schedule(ctx, ed, 1, "a", it, now)
	var se *sitecore.Error
	if !errors.As(err, &se) || se.Code != sitecore.EInvalid || se.Field != "at" || it.saves != 0 || len(sch.set) != 0 {
		t.Fatalf("past time: %v (saves %d, timers %v)", err, it.saves, sch.set)
	}

	// A plan is stored truncated to the second and its timer set.
	first := now.Add(time.Hour + 1500*time.Millisecond)
	if err := c.schedule(ctx, ed, 1, "a", it, first); err != nil {
		t.Fatal(err)
	}
	want := first.Truncate(time.Second)
	if it.plan == nil || !it.plan.Equal(want) || it.saves != 1 || !sch.set["news/a"].Equal(want) {
		t.Fatalf("after schedule: plan %v saves %d timers %v", it.plan, it.saves, sch.set)
	}
	// A second plan replaces the first: the first timer's firing publishes nothing.
	second := now.Add(2 * time.Hour)
	if err := c.schedule(ctx, ed, 1, "a", it, second); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.publishScheduled(ctx, 1, "a", first); ok || err != nil || it.published {
		t.Fatalf("stale timer published: %v %v", ok, err)
	}
	if ok, err := c.publishScheduled(ctx, 1, "a", second); !ok || err != nil || !it.published || it.plan != nil {
		t.Fatalf("current timer: %v %v published %v plan %v", ok, err, it.published, it.plan)
	}
	// The timer of a deleted item is nothing to do.
	if ok, err := c.publishScheduled(ctx, 1, "gone", second); ok || err != nil {
		t.Fatalf("deleted item: %v %v", ok, err)
	}
	if audit[len(audit)-1] != "scheduler:publish" {
		t.Errorf("the timer's publish is not the scheduler's: %v", audit)
	}
}

func TestLifecyclePublishNowAndUnscheduleDropThePlan(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	sch := &timers{set: map[string]time.Time{}}
	it := &item{key: "b"}
	var audit []string
	c := testCycle(now, sch, map[string]*item{"b": it}, &audit)
	ed := sitecore.Actor{Name: "editor"}

	// Unschedule without a plan stores nothing and audits nothing.
	if err := c.unschedule(ctx, ed, 1, "b", it); err != nil || it.saves != 0 || len(audit) != 0 {
		t.Fatalf("unschedule of nothing: %v saves %d audit %v", err, it.saves, audit)
	}
	at := now.Add(time.Hour)
	if err := c.schedule(ctx, ed, 1, "b", it, at); err != nil {
		t.Fatal(err)
	}
	if err := c.unschedule(ctx, ed, 1, "b", it); err != nil || it.plan != nil || len(sch.set) != 0 {
		t.Fatalf("unschedule: %v plan %v timers %v", err, it.plan, sch.set)
	}
	if got := audit[len(audit)-1]; got != "news.unschedule b" {
		t.Errorf("audit %q", got)
	}
	// Publishing now cancels a plan, so its timer never publishes a second time.
	if err := c.schedule(ctx, ed, 1, "b", it, at); err != nil {
		t.Fatal(err)
	}
	if err := c.setPublished(ctx, ed, 1, "b", it, true); err != nil || !it.published || it.plan != nil {
		t.Fatalf("publish now: %v published %v plan %v", err, it.published, it.plan)
	}
	if ok, _ := c.publishScheduled(ctx, 1, "b", at); ok {
		t.Error("the cancelled plan's timer published")
	}
	// Without a scheduler a plan is refused as unavailable, not silently dropped.
	c.timer.sch = nil
	if err := c.schedule(ctx, ed, 1, "b", it, at); sitecore.ErrorCode(err) != sitecore.EUnavailable {
		t.Errorf("no scheduler: %v", err)
	}
}
