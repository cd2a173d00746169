package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestEventWorkerCrash: the worker process is killed (SIGKILL) while an event's workflow
// waits for its hour reminder; a confirmed person cancels while no worker runs (the seat is
// freed in PostgreSQL at once, the update waits in Temporal). A new worker promotes the
// first on the waiting list, who is emailed once, and sends the hour reminder once to each
// person confirmed then, and to nobody else.
func TestEventWorkerCrash(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	bin := buildMektep(t)
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-evcrash")
	w1 := startWorker(t, bin, s)

	var users []*sitecore.User
	var cookies []string
	for i := range 3 {
		u := fixtureUser(t, s, fmt.Sprintf("crash%d@evcrash.kz", i), site, sitecore.RoleParent)
		users, cookies = append(users, u), append(cookies, session(t, s, u.ID))
	}
	starts := time.Now().Add(time.Hour + 40*time.Second)
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/events", site), map[string]any{"title": map[string]string{"ru": "Концерт"},
		"starts_at": starts, "place": "Зал", "capacity": 2}, "Authorization", "Bearer "+s.Token)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := int64(obj(t, r.JSON(t), "event")["id"].(float64))
	path := fmt.Sprintf("/api/v1/sites/%d/events/%d/signups", site, id)
	for i := range users {
		if r := s.do("POST", path, map[string]any{}, "Cookie", cookies[i]); r.Status != 201 {
			t.Fatalf("sign-up %d: %d %s", i, r.Status, r.Body)
		}
	}
	// The workflow has loaded (it promoted nobody at start) before the worker dies.
	testenv.Eventually(t, time.Minute, "the event's workflow running", func() bool {
		d, err := s.App.Temporal.DescribeWorkflowExecution(ctx, fmt.Sprintf("event/%d", id), "")
		return err == nil && d.GetWorkflowExecutionInfo().GetHistoryLength() >= 8
	})
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()

	done := make(chan response, 1)
	go func() { done <- s.do("DELETE", fmt.Sprintf("%s/%d", path, users[0].ID), nil, "Cookie", cookies[0]) }()
	testenv.Eventually(t, time.Minute, "A's seat freed while no worker runs", func() bool {
		return countRows(t, s, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND attendee_id = $2 AND status = 'cancelled'`, id, users[0].ID) == 1
	})
	if n := len(mailTo(t, s, users[2].Email)); n != 0 {
		t.Fatalf("C emailed before a worker ran: %d", n)
	}
	startWorker(t, bin, s)
	if r := <-done; r.Status != 204 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	// An activity the dead worker had started is retried once its start-to-close timeout
	// (30 s) has passed.
	testenv.Eventually(t, 2*time.Minute, "C told of the seat", func() bool {
		for _, m := range mailTo(t, s, users[2].Email) {
			if strings.Contains(m.Subject, "Место освободилось") {
				return true
			}
		}
		return false
	})
	for _, u := range users[1:] {
		testenv.Eventually(t, 2*time.Minute, "hour reminder to "+u.Email, func() bool {
			for _, m := range mailTo(t, s, u.Email) {
				if strings.Contains(m.Subject, "Через час") {
					return true
				}
			}
			return false
		})
	}
	count := func(u *sitecore.User, subject string) int {
		n := 0
		for _, m := range mailTo(t, s, u.Email) {
			if strings.Contains(m.Subject, subject) {
				n++
			}
		}
		return n
	}
	if count(users[1], "Через час") != 1 || count(users[2], "Через час") != 1 || count(users[2], "Место освободилось") != 1 ||
		len(mailTo(t, s, users[0].Email)) != 0 {
		t.Fatalf("emails: B %d reminders, C %d reminders and %d promotions, A %d emails", count(users[1], "Через час"),
			count(users[2], "Через час"), count(users[2], "Место освободилось"), len(mailTo(t, s, users[0].Email)))
	}
	taken, waiting, rows := eventCounts(t, s, site, id)
	if taken != 2 || waiting != 0 || rows["confirmed"] != 2 || rows["cancelled"] != 1 {
		t.Fatalf("counters %d/%d rows %v", taken, waiting, rows)
	}
}
