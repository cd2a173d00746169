package postgres_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestConsoleQueue checks the console's views and filters against real PostgreSQL: mine,
// unassigned, breached (by flag or by a due time passed), waiting, recently solved, the
// region filter through the organisation tree, a search that treats % literally and #id,
// and the order by the nearest due time; then the clock rows, presence and low ratings.
func TestConsoleQueue(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	inRegion, elsewhere := mkSite(t, db, "school-r1"), mkSite(t, db, "school-r2")
	region := &sitecore.OrgUnit{Kind: "region", Names: map[sitecore.Lang]string{"kk": "Абай облысы"}}
	if err := db.CreateOrgUnit(ctx, region); err != nil {
		t.Fatal(err)
	}
	district := &sitecore.OrgUnit{ParentID: &region.ID, Kind: "district", Names: map[sitecore.Lang]string{"kk": "Аягөз ауданы"}}
	if err := db.CreateOrgUnit(ctx, district); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSiteOrgUnit(ctx, inRegion.ID, district.ID, nil); err != nil {
		t.Fatal(err)
	}
	requester, agent, other := mkUser(t, db, "req@x.kz"), mkUser(t, db, "agent@x.kz"), mkUser(t, db, "other@x.kz")
	now := time.Now()
	mk := func(subject string, site int64, assignee *int64, status string, due time.Duration, breached bool) int64 {
		var id int64
		var dueAt *time.Time
		if due != 0 {
			d := now.Add(due)
			dueAt = &d
		}
		var solved *time.Time
		if status == "solved" {
			solved = &now
		}
		if err := db.Pool.QueryRow(ctx, `INSERT INTO tickets (site_id, requester_id, assignee_id, category, subject, description,
			status, first_response_due, first_response_breached, solved_at) VALUES ($1, $2, $3, 'account', $4, 'd', $5, $6, $7, $8) RETURNING id`,
			site, requester.ID, assignee, subject, status, dueAt, breached, solved).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, o := &agent.ID, &other.ID
	later := mk("Later", inRegion.ID, a, "open", 3*time.Hour, false)
	sooner := mk("Sooner 100% sure", inRegion.ID, a, "open", time.Hour, false)
	late := mk("Late", elsewhere.ID, o, "open", -time.Minute, false)
	flagged := mk("Flagged", elsewhere.ID, nil, "open", 2*time.Hour, true)
	waiting := mk("Waiting", elsewhere.ID, a, "waiting", 0, false)
	solved := mk("Solved", inRegion.ID, a, "solved", 0, false)

	ids := func(f sitecore.ConsoleFilter) []int64 {
		ts, err := db.ConsoleQueue(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out := []int64{}
		for _, tk := range ts {
			out = append(out, tk.ID)
		}
		return out
	}
	eq := func(name string, got []int64, want ...int64) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", name, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: %v, want %v", name, got, want)
				return
			}
		}
	}
	eq("mine", ids(sitecore.ConsoleFilter{View: sitecore.ViewMine, AgentID: agent.ID}), sooner, later, waiting)
	eq("team", ids(sitecore.ConsoleFilter{View: sitecore.ViewTeam}), late, sooner, flagged, later, waiting)
	eq("unassigned", ids(sitecore.ConsoleFilter{View: sitecore.ViewUnassigned}), flagged)
	eq("breached", ids(sitecore.ConsoleFilter{View: sitecore.ViewBreached}), late, flagged)
	eq("waiting", ids(sitecore.ConsoleFilter{View: sitecore.ViewWaiting}), waiting)
	eq("solved", ids(sitecore.ConsoleFilter{View: sitecore.ViewSolved}), solved)
	eq("region", ids(sitecore.ConsoleFilter{View: sitecore.ViewTeam, RegionID: region.ID}), sooner, later)
	eq("search %", ids(sitecore.ConsoleFilter{View: sitecore.ViewTeam, Query: "100%"}), sooner)
	eq("search literal %", ids(sitecore.ConsoleFilter{View: sitecore.ViewTeam, Query: "%"}), sooner)
	eq("search #id", ids(sitecore.ConsoleFilter{View: sitecore.ViewTeam, Query: "#" + strconv.FormatInt(late, 10)}), late)
	eq("search requester", ids(sitecore.ConsoleFilter{View: sitecore.ViewMine, AgentID: agent.ID, Query: "REQ@x"}), sooner, later, waiting)
	if ts, _ := db.ConsoleQueue(ctx, sitecore.ConsoleFilter{View: sitecore.ViewTeam, RegionID: region.ID}); len(ts) == 0 || ts[0].SchoolNames["kk"] != "x" {
		t.Errorf("school names: %+v", ts)
	}

	if _, err := db.Pool.Exec(ctx, `INSERT INTO ticket_escalations (ticket_id, clock, level, due_at) VALUES ($1, 'first_response', 1, now())`, sooner); err != nil {
		t.Fatal(err)
	}
	cs, err := db.TicketClocks(ctx, []int64{sooner, later, 1 << 40})
	if err != nil || len(cs) != 2 || cs[0].ID != later && cs[0].ID != sooner {
		t.Fatalf("clocks %+v, %v", cs, err)
	}
	for _, c := range cs {
		if (c.ID == sooner) != (c.FirstLevel == 1) || c.FirstResponseDue == nil || c.Status != sitecore.TicketOpen {
			t.Errorf("clock row %+v", c)
		}
	}

	if err := db.TouchPresence(ctx, sooner, agent.ID, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.TouchPresence(ctx, sooner, other.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := db.TouchPresence(ctx, sooner, agent.ID, now.Add(-2*time.Minute)); err != nil { // never goes back
		t.Fatal(err)
	}
	vs, err := db.Viewers(ctx, sooner, now.Add(-90*time.Second))
	if err != nil || len(vs) != 2 || vs[0].UserID != other.ID || vs[0].Name != other.FullName {
		t.Errorf("viewers %+v, %v", vs, err)
	}
	if vs, _ := db.Viewers(ctx, sooner, now.Add(-30*time.Second)); len(vs) != 1 {
		t.Errorf("recent viewers %+v", vs)
	}
	wantErr(t, db.TouchPresence(ctx, 1<<40, agent.ID, now), sitecore.ENotFound, "", "")

	if _, err := db.Pool.Exec(ctx, `INSERT INTO ticket_ratings (ticket_id, agent_id, stars, comment, reason) VALUES
		($1, $2, 2, 'Долго', 'slow'), ($3, $2, 5, '', '')`, solved, agent.ID, later); err != nil {
		t.Fatal(err)
	}
	lows, err := db.LowRatings(ctx, now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil || len(lows) != 1 || lows[0].TicketID != solved || lows[0].Comment != "Долго" || lows[0].AgentName != agent.FullName {
		t.Errorf("low ratings %+v, %v", lows, err)
	}
}
