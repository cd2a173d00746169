package postgres_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
)

// almaty is the time zone forms show campaign times in.
var almaty = time.FixedZone("Asia/Almaty", 5*60*60)

// admIIN returns a valid IIN of a girl born on 1 March 2015 with the serial n, checked by
// sitecore.ParseIIN.
func admIIN(t *testing.T, n int) sitecore.IIN {
	t.Helper()
	weights := [2][11]int{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2}}
	for serial := n * 10; ; serial++ {
		s := fmt.Sprintf("1503016%04d", serial)
		for _, w := range weights {
			sum := 0
			for i, wi := range w {
				sum += int(s[i]-'0') * wi
			}
			if d := sum % 11; d != 10 {
				iin, err := sitecore.ParseIIN("child_iin", s+strconv.Itoa(d))
				if err != nil {
					t.Fatalf("admIIN(%d): %v", n, err)
				}
				return iin
			}
		}
	}
}

// admCampaign stores a campaign of the site admitting to the grades (grade, seats, grade,
// seats, ...).
func admCampaign(t *testing.T, db *postgres.DB, siteID int64, gradeSeats ...int) *sitecore.Campaign {
	t.Helper()
	c := &sitecore.Campaign{SiteID: siteID, Title: map[sitecore.Lang]string{"kk": "Қабылдау 2026", "ru": "Приём 2026"},
		OpensAt:   time.Date(2026, 4, 1, 9, 0, 0, 0, almaty),
		ClosesAt:  time.Date(2026, 8, 31, 18, 0, 0, 0, almaty),
		ResultsAt: time.Date(2026, 9, 1, 10, 0, 0, 0, almaty), OfferDays: 5, ReminderDays: 3, WithdrawDays: 10,
		RequiredDocuments: []string{"birth_certificate"}, InstructionLangs: []sitecore.Lang{"kk"}}
	for i := 0; i+1 < len(gradeSeats); i += 2 {
		c.Grades = append(c.Grades, sitecore.GradeSeats{Grade: gradeSeats[i], Seats: gradeSeats[i+1]})
	}
	if err := db.CreateCampaign(context.Background(), c, nil); err != nil {
		t.Fatalf("CreateCampaign: %v", err)
	}
	return c
}

// admApp returns an application of the parent for the campaign.
func admApp(c *sitecore.Campaign, parentID int64, name string, iin sitecore.IIN, grade int) *sitecore.Application {
	return &sitecore.Application{SiteID: c.SiteID, CampaignID: c.ID, ParentID: parentID, ChildName: name,
		ChildIIN: iin, BirthDate: iin.BirthDate(), Grade: grade, Address: "Астана, Мәңгілік Ел 8",
		InstructionLang: sitecore.Kazakh, Phone: "+77011234567", Email: "parent@mail.kz", Lang: sitecore.Kazakh}
}

// admSubmit stores the application.
func admSubmit(t *testing.T, db *postgres.DB, app *sitecore.Application) *sitecore.Application {
	t.Helper()
	if err := db.SubmitApplication(context.Background(), app); err != nil {
		t.Fatalf("SubmitApplication(%s): %v", app.ChildName, err)
	}
	return app
}

// admMove transitions the application without conditions other than its current status.
func admMove(t *testing.T, db *postgres.DB, app *sitecore.Application, to sitecore.AdmissionStatus) *sitecore.Application {
	t.Helper()
	got, err := db.Transition(context.Background(), app.ID, []sitecore.AdmissionStatus{app.Status}, to,
		sitecore.AppChange{}, sitecore.AppEvent{Actor: "system"})
	if err != nil {
		t.Fatalf("Transition(%d, %s → %s): %v", app.ID, app.Status, to, err)
	}
	*app = *got
	return got
}

// admNumbers returns the numbers of the applications.
func admNumbers(apps []sitecore.Application) []string {
	ns := make([]string, len(apps))
	for i, a := range apps {
		ns[i] = a.Number
	}
	return ns
}

func TestCampaigns(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	other := mkSite(t, db, "school-2", "school2.kz")

	c := &sitecore.Campaign{SiteID: s.ID,
		Title:             map[sitecore.Lang]string{"kk": "1-сыныпқа қабылдау", "ru": "Приём в 1 класс", "en": "Grade 1"},
		Grades:            []sitecore.GradeSeats{{Grade: 1, Seats: 75}, {Grade: 5, Seats: 10}},
		OpensAt:           time.Date(2026, 4, 1, 9, 0, 0, 0, almaty),
		ClosesAt:          time.Date(2026, 8, 31, 18, 0, 0, 0, almaty),
		ResultsAt:         time.Date(2026, 9, 1, 10, 30, 15, 123456000, almaty),
		RequiredDocuments: []string{"birth_certificate", "medical_form", "photo"},
		InstructionLangs:  []sitecore.Lang{sitecore.Kazakh, sitecore.Russian},
		OfferDays:         5, ReminderDays: 3, WithdrawDays: 14}
	before := audits(t, db)
	a := entry("campaign.create")
	if err := db.CreateCampaign(ctx, c, a); err != nil {
		t.Fatalf("CreateCampaign: %v", err)
	}
	if c.ID <= 0 || c.CreatedAt.IsZero() {
		t.Fatalf("CreateCampaign did not fill ID %d / CreatedAt %v", c.ID, c.CreatedAt)
	}
	wantAudited(t, db, before, s.ID, a)

	got, err := db.FindCampaign(ctx, s.ID, c.ID)
	if err != nil {
		t.Fatalf("FindCampaign: %v", err)
	}
	if got.ID != c.ID || got.SiteID != s.ID || !maps.Equal(got.Title, c.Title) || !slices.Equal(got.Grades, c.Grades) ||
		!got.OpensAt.Equal(c.OpensAt) || !got.ClosesAt.Equal(c.ClosesAt) || !got.ResultsAt.Equal(c.ResultsAt) ||
		!slices.Equal(got.RequiredDocuments, c.RequiredDocuments) || !slices.Equal(got.InstructionLangs, c.InstructionLangs) ||
		got.OfferDays != 5 || got.ReminderDays != 3 || got.WithdrawDays != 14 || !got.CreatedAt.Equal(c.CreatedAt) {
		t.Errorf("campaign = %+v,\nwant %+v", got, c)
	}
	if got.Seats(5) != 10 || got.Seats(2) != 0 {
		t.Errorf("Seats(5) = %d, Seats(2) = %d", got.Seats(5), got.Seats(2))
	}

	_, err = db.FindCampaign(ctx, other.ID, c.ID)
	wantErr(t, err, sitecore.ENotFound, "", "not_found.campaign")
	_, err = db.FindCampaign(ctx, s.ID, c.ID+100)
	wantErr(t, err, sitecore.ENotFound, "", "not_found.campaign")

	// Empty lists and maps are stored as empty, and read back as such.
	bare := &sitecore.Campaign{SiteID: s.ID, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, ResultsAt: c.ResultsAt}
	if err := db.CreateCampaign(ctx, bare, nil); err != nil {
		t.Fatalf("CreateCampaign without lists: %v", err)
	}
	if got, err := db.FindCampaign(ctx, s.ID, bare.ID); err != nil || len(got.Grades) != 0 || len(got.Title) != 0 ||
		len(got.RequiredDocuments) != 0 || len(got.InstructionLangs) != 0 {
		t.Errorf("bare campaign = %+v, %v", got, err)
	}
	otherC := admCampaign(t, db, other.ID, 1, 10)

	list, err := db.ListCampaigns(ctx, s.ID)
	if err != nil {
		t.Fatalf("ListCampaigns: %v", err)
	}
	if len(list) != 2 || list[0].ID != bare.ID || list[1].ID != c.ID || !slices.Equal(list[1].Grades, c.Grades) {
		t.Errorf("ListCampaigns = %+v, want [%d %d]", list, bare.ID, c.ID)
	}
	if list, err := db.ListCampaigns(ctx, other.ID); err != nil || len(list) != 1 || list[0].ID != otherC.ID {
		t.Errorf("ListCampaigns(other) = %+v, %v", list, err)
	}

	t.Run("unknown site", func(t *testing.T) {
		before := audits(t, db)
		bad := &sitecore.Campaign{SiteID: other.ID + 100, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, ResultsAt: c.ResultsAt}
		a := entry("campaign.create")
		wantErr(t, db.CreateCampaign(ctx, bad, a), sitecore.ENotFound, "", "not_found.site")
		if bad.ID != 0 || a.ID != 0 {
			t.Errorf("IDs handed out after a failure: campaign %d audit %d", bad.ID, a.ID)
		}
		wantNoAudit(t, db, before)
	})
}

func TestSubmitApplication(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	other := mkSite(t, db, "school-2", "school2.kz")
	parent := mkUser(t, db, "parent@mail.kz")
	c := admCampaign(t, db, s.ID, 1, 50)
	const iin = sitecore.IIN("061211600012")

	app := admApp(c, parent.ID, "Әлихан Қасымұлы", iin, 1)
	app.BirthDate = time.Date(2006, 12, 11, 0, 0, 0, 0, time.UTC)
	admSubmit(t, db, app)
	if app.ID <= 0 || app.Number != strconv.FormatInt(c.ID, 10)+"-"+strconv.FormatInt(app.ID, 10) ||
		app.Status != sitecore.AppSubmitted || app.CreatedAt.IsZero() || !app.UpdatedAt.Equal(app.CreatedAt) {
		t.Fatalf("SubmitApplication filled ID %d Number %q Status %q CreatedAt %v UpdatedAt %v",
			app.ID, app.Number, app.Status, app.CreatedAt, app.UpdatedAt)
	}
	if pending, err := db.PendingIntake(ctx, 10); err != nil || !slices.Contains(pending, app.ID) {
		t.Errorf("the application is not waiting for the relay: %v (%v)", pending, err)
	}

	got, err := db.FindApplication(ctx, s.ID, app.ID)
	if err != nil {
		t.Fatalf("FindApplication: %v", err)
	}
	if got.ChildIIN.Digits() != "061211600012" {
		t.Errorf("ChildIIN read back as %s", got.ChildIIN.Masked())
	}
	if !got.BirthDate.Equal(app.BirthDate) {
		t.Errorf("BirthDate = %v, want %v", got.BirthDate, app.BirthDate)
	}
	want := *app
	want.ChildIIN, want.BirthDate = got.ChildIIN, got.BirthDate
	if got.ID != want.ID || got.Number != want.Number || got.SiteID != want.SiteID || got.CampaignID != want.CampaignID ||
		got.ParentID != want.ParentID || got.ChildName != want.ChildName || got.Grade != 1 || got.Address != want.Address ||
		got.InstructionLang != sitecore.Kazakh || got.Phone != want.Phone || got.Email != want.Email || got.Lang != sitecore.Kazakh ||
		got.Status != sitecore.AppSubmitted || got.Released || got.WaitlistPosition != 0 || got.DeclineReason != "" ||
		got.DeclineText != "" || got.OfferExpiresAt != nil || !got.CreatedAt.Equal(app.CreatedAt) || !got.UpdatedAt.Equal(app.UpdatedAt) {
		t.Errorf("application = %+v,\nwant %+v", got, want)
	}

	evs, err := db.History(ctx, app.ID)
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	if len(evs) != 1 || evs[0].Actor != "parent" || evs[0].From != "" || evs[0].To != sitecore.AppSubmitted ||
		evs[0].ID == 0 || !evs[0].At.Equal(app.CreatedAt) {
		t.Errorf("History = %+v, want one submission by the parent", evs)
	}
	if n := count(t, db, "SELECT count(*) FROM admission_intake WHERE application_id = $1 AND started_at IS NULL", app.ID); n != 1 {
		t.Errorf("%d intake rows, want 1", n)
	}

	counts := func() [3]int {
		return [3]int{count(t, db, "SELECT count(*) FROM applications"), count(t, db, "SELECT count(*) FROM application_events"),
			count(t, db, "SELECT count(*) FROM admission_intake")}
	}
	duplicate := func(t *testing.T, number string) {
		t.Helper()
		before := counts()
		dup := admApp(c, parent.ID, "Әлихан", iin, 1)
		err := db.SubmitApplication(ctx, dup)
		wantErr(t, err, sitecore.EConflict, "child_iin", "admission.duplicate")
		if got := sitecore.AsError(err).Args["number"]; got != number {
			t.Errorf("Args[number] = %q, want %q", got, number)
		}
		if dup.ID != 0 || dup.Number != "" {
			t.Errorf("rejected application got ID %d Number %q", dup.ID, dup.Number)
		}
		if after := counts(); after != before {
			t.Errorf("rows (applications, events, intake) %v after a duplicate, want %v", after, before)
		}
	}

	t.Run("duplicate while active", func(t *testing.T) {
		duplicate(t, app.Number)
		admMove(t, db, app, sitecore.AppUnderReview)
		duplicate(t, app.Number)
	})

	t.Run("same child in another campaign", func(t *testing.T) {
		c2 := admCampaign(t, db, s.ID, 1, 50)
		admSubmit(t, db, admApp(c2, parent.ID, "Әлихан Қасымұлы", iin, 1))
	})

	t.Run("again after withdrawal", func(t *testing.T) {
		admMove(t, db, app, sitecore.AppWithdrawn)
		second := admSubmit(t, db, admApp(c, parent.ID, "Әлихан Қасымұлы", iin, 1))
		if second.ID == app.ID || second.Number == app.Number {
			t.Fatalf("second application %d %q", second.ID, second.Number)
		}
		duplicate(t, second.Number)
		// An enrolled child stays active: no third application.
		admMove(t, db, second, sitecore.AppEnrolled)
		duplicate(t, second.Number)

		// Bringing the withdrawn one back would make two active applications.
		before := counts()
		_, err := db.Transition(ctx, app.ID, []sitecore.AdmissionStatus{sitecore.AppWithdrawn}, sitecore.AppSubmitted,
			sitecore.AppChange{}, sitecore.AppEvent{Actor: "system"})
		wantErr(t, err, sitecore.EConflict, "child_iin", "admission.duplicate")
		if got := sitecore.AsError(err).Args["number"]; got != second.Number {
			t.Errorf("Args[number] = %q, want %q", got, second.Number)
		}
		if after := counts(); after != before {
			t.Errorf("rows %v after a refused transition, want %v", after, before)
		}
	})

	t.Run("other site", func(t *testing.T) {
		_, err := db.FindApplication(ctx, other.ID, app.ID)
		wantErr(t, err, sitecore.ENotFound, "", "not_found.application")
		_, err = db.FindApplication(ctx, s.ID, app.ID+1000)
		wantErr(t, err, sitecore.ENotFound, "", "not_found.application")
		if e := sitecore.AsError(err); e.Op != "FindApplication" {
			t.Errorf("Op = %q", e.Op)
		}
		// An application to another site's campaign is refused.
		before := counts()
		bad := admApp(c, parent.ID, "Айша", admIIN(t, 1), 1)
		bad.SiteID = other.ID
		wantErr(t, db.SubmitApplication(ctx, bad), sitecore.ENotFound, "", "not_found.campaign")
		bad = admApp(c, parent.ID+100, "Айша", admIIN(t, 1), 1)
		wantErr(t, db.SubmitApplication(ctx, bad), sitecore.ENotFound, "", "not_found.user")
		if after := counts(); after != before {
			t.Errorf("rows %v after refused applications, want %v", after, before)
		}
	})
}

func TestListApplications(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	other := mkSite(t, db, "school-2", "school2.kz")
	parent := mkUser(t, db, "parent@mail.kz")
	c := admCampaign(t, db, s.ID, 1, 50, 5, 10)
	c2 := admCampaign(t, db, s.ID, 1, 50)

	names := []string{"Әлихан Қасымұлы", "Бекзат Ерланұлы", "Ілияс Маратұлы", "Айгерім Серікқызы", "Алихан Петров", "Ұлан Болатұлы"}
	grades := []int{1, 5, 1, 1, 5, 1}
	var apps []*sitecore.Application
	for i, name := range names {
		apps = append(apps, admSubmit(t, db, admApp(c, parent.ID, name, admIIN(t, i+1), grades[i])))
	}
	admMove(t, db, apps[1], sitecore.AppUnderReview)
	admMove(t, db, apps[3], sitecore.AppUnderReview)
	admMove(t, db, apps[4], sitecore.AppDocumentsCheck)
	inC2 := admSubmit(t, db, admApp(c2, parent.ID, "Әлихан Басқа", admIIN(t, 1), 1))
	oc := admCampaign(t, db, other.ID, 1, 50)
	admSubmit(t, db, admApp(oc, parent.ID, "Әлихан Бөтен", admIIN(t, 1), 1))

	// Spread the creation times over days, one a day from 1 May.
	day := func(d int) time.Time { return time.Date(2026, 5, d, 12, 0, 0, 0, almaty) }
	for i, a := range apps {
		if _, err := db.Pool.Exec(ctx, "UPDATE applications SET created_at = $2 WHERE id = $1", a.ID, day(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Pool.Exec(ctx, "UPDATE applications SET created_at = $2 WHERE id = $1", inC2.ID, day(20)); err != nil {
		t.Fatal(err)
	}
	num := func(idx ...int) []string {
		var ns []string
		for _, i := range idx {
			ns = append(ns, apps[i].Number)
		}
		return ns
	}

	tests := []struct {
		name string
		f    sitecore.AppFilter
		want []string
	}{
		{"campaign, created", sitecore.AppFilter{CampaignID: c.ID}, num(0, 1, 2, 3, 4, 5)},
		{"site, newest first", sitecore.AppFilter{Sort: "-created"}, append([]string{inC2.Number}, num(5, 4, 3, 2, 1, 0)...)},
		{"status any of", sitecore.AppFilter{CampaignID: c.ID, Status: []sitecore.AdmissionStatus{sitecore.AppUnderReview, sitecore.AppDocumentsCheck}},
			num(1, 3, 4)},
		{"grade", sitecore.AppFilter{CampaignID: c.ID, Grade: 5}, num(1, 4)},
		{"grade and status", sitecore.AppFilter{CampaignID: c.ID, Grade: 1, Status: []sitecore.AdmissionStatus{sitecore.AppSubmitted}},
			num(0, 2, 5)},
		{"search lowercase Kazakh", sitecore.AppFilter{CampaignID: c.ID, Search: "әлихан"}, num(0)},
		{"search across campaigns", sitecore.AppFilter{Search: " ӘЛИХАН "}, []string{apps[0].Number, inC2.Number}},
		{"search inside a name", sitecore.AppFilter{Search: "ҰЛЫ", Sort: "name"}, num(0, 1, 5, 2)},
		{"search number", sitecore.AppFilter{Search: apps[2].Number}, num(2)},
		{"search is not a pattern", sitecore.AppFilter{Search: "%"}, nil},
		{"date range", sitecore.AppFilter{CampaignID: c.ID, From: day(2), To: day(4)}, num(1, 2)},
		{"from", sitecore.AppFilter{From: day(6)}, append(num(5), inC2.Number)},
		{"sort by name (Kazakh order)", sitecore.AppFilter{CampaignID: c.ID, Sort: "name"}, num(3, 4, 0, 1, 5, 2)},
		{"sort by grade", sitecore.AppFilter{CampaignID: c.ID, Sort: "grade"}, num(0, 2, 3, 5, 1, 4)},
		{"sort by status", sitecore.AppFilter{CampaignID: c.ID, Sort: "status"}, num(4, 0, 2, 5, 1, 3)},
		{"unknown sort is created", sitecore.AppFilter{CampaignID: c.ID, Sort: "phone"}, num(0, 1, 2, 3, 4, 5)},
		{"limit", sitecore.AppFilter{CampaignID: c.ID, Limit: 2}, num(0, 1)},
		{"after, by grade", sitecore.AppFilter{CampaignID: c.ID, Sort: "grade", AfterID: apps[3].ID, Limit: 3}, num(5, 1, 4)},
		{"after, newest first", sitecore.AppFilter{CampaignID: c.ID, Sort: "-created", AfterID: apps[2].ID}, num(1, 0)},
		{"after another site's application", sitecore.AppFilter{AfterID: apps[0].ID + 100}, nil},
		{"nothing", sitecore.AppFilter{CampaignID: c.ID, Status: []sitecore.AdmissionStatus{sitecore.AppEnrolled}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			f.SiteID = s.ID
			got, err := db.ListApplications(ctx, f)
			if err != nil {
				t.Fatalf("ListApplications: %v", err)
			}
			if !slices.Equal(admNumbers(got), tt.want) {
				t.Errorf("ListApplications = %v, want %v", admNumbers(got), tt.want)
			}
		})
	}

	t.Run("rows are complete", func(t *testing.T) {
		got, err := db.ListApplications(ctx, sitecore.AppFilter{SiteID: s.ID, CampaignID: c.ID, Limit: 1})
		if err != nil || len(got) != 1 {
			t.Fatalf("ListApplications = %v, %v", got, err)
		}
		if a := got[0]; a.ChildIIN.Digits() != apps[0].ChildIIN.Digits() || a.ChildName != "Әлихан Қасымұлы" ||
			a.SiteID != s.ID || a.CampaignID != c.ID || a.ParentID != parent.ID || a.Phone != "+77011234567" ||
			!a.CreatedAt.Equal(day(1)) || !a.BirthDate.Equal(apps[0].BirthDate) {
			t.Errorf("row = %+v", a)
		}
	})

	t.Run("keyset paging over everything", func(t *testing.T) {
		for _, sort := range []string{"", "-created", "name", "grade", "status"} {
			var paged []string
			f := sitecore.AppFilter{SiteID: s.ID, Sort: sort, Limit: 2}
			for range 10 {
				page, err := db.ListApplications(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				paged = append(paged, admNumbers(page)...)
				f.AfterID = page[len(page)-1].ID
			}
			all, err := db.ListApplications(ctx, sitecore.AppFilter{SiteID: s.ID, Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 7 || !slices.Equal(paged, admNumbers(all)) {
				t.Errorf("sort %q: pages %v, whole list %v", sort, paged, admNumbers(all))
			}
		}
	})

	t.Run("other site", func(t *testing.T) {
		got, err := db.ListApplications(ctx, sitecore.AppFilter{SiteID: other.ID, CampaignID: c.ID})
		if err != nil || len(got) != 0 {
			t.Errorf("other site sees %v, %v", admNumbers(got), err)
		}
	})
}

func TestTransition(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	parent := mkUser(t, db, "parent@mail.kz")
	c := admCampaign(t, db, s.ID, 1, 50)
	app := admSubmit(t, db, admApp(c, parent.ID, "Айгерім", "990106300596", 1))
	events := func() int {
		return count(t, db, "SELECT count(*) FROM application_events WHERE application_id = $1", app.ID)
	}

	// From a status not in from: conflict, nothing changes.
	_, err := db.Transition(ctx, app.ID, []sitecore.AdmissionStatus{sitecore.AppUnderReview, sitecore.AppDocumentsCheck},
		sitecore.AppDeclined, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:1"})
	wantErr(t, err, sitecore.EConflict, "status", "admission.state")
	if v := sitecore.AsError(err).Args["value"]; v != "submitted" {
		t.Errorf("Args[value] = %q, want submitted", v)
	}
	if e := sitecore.AsError(err); e.Op != "Transition" {
		t.Errorf("Op = %q", e.Op)
	}
	_, err = db.Transition(ctx, app.ID, nil, sitecore.AppDeclined, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:1"})
	wantErr(t, err, sitecore.EConflict, "status", "admission.state")
	if n := events(); n != 1 {
		t.Errorf("%d events after refused transitions, want 1", n)
	}
	_, err = db.Transition(ctx, app.ID+100, []sitecore.AdmissionStatus{sitecore.AppSubmitted}, sitecore.AppDocumentsCheck,
		sitecore.AppChange{}, sitecore.AppEvent{Actor: "system"})
	wantErr(t, err, sitecore.ENotFound, "", "not_found.application")

	got, err := db.Transition(ctx, app.ID, []sitecore.AdmissionStatus{sitecore.AppSubmitted}, sitecore.AppDocumentsCheck,
		sitecore.AppChange{}, sitecore.AppEvent{Actor: "system", Note: "workflow started"})
	if err != nil {
		t.Fatalf("Transition: %v", err)
	}
	if got.Status != sitecore.AppDocumentsCheck || got.Number != app.Number || got.ChildIIN.Digits() != "990106300596" ||
		!got.UpdatedAt.After(app.UpdatedAt) || !got.CreatedAt.Equal(app.CreatedAt) {
		t.Errorf("after Transition: %+v", got)
	}

	// Changes apply with the status; nil fields keep their values.
	released, pos, reason, text := true, 4, "no_seats", "Орын жоқ"
	offer := time.Date(2026, 9, 6, 23, 59, 0, 0, almaty)
	at := time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	got, err = db.Transition(ctx, app.ID, []sitecore.AdmissionStatus{sitecore.AppDocumentsCheck}, sitecore.AppWaitlisted,
		sitecore.AppChange{Released: &released, WaitlistPosition: &pos, DeclineReason: &reason, DeclineText: &text, OfferExpiresAt: &offer},
		sitecore.AppEvent{Actor: "user:7", Note: "орын жоқ", At: at, From: "ignored", To: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != sitecore.AppWaitlisted || !got.Released || got.WaitlistPosition != 4 || got.DeclineReason != reason ||
		got.DeclineText != text || got.OfferExpiresAt == nil || !got.OfferExpiresAt.Equal(offer) {
		t.Errorf("changes not applied: %+v", got)
	}
	got, err = db.Transition(ctx, app.ID, []sitecore.AdmissionStatus{sitecore.AppWaitlisted}, sitecore.AppUnderReview,
		sitecore.AppChange{}, sitecore.AppEvent{Actor: "system"})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Released || got.WaitlistPosition != 4 || got.DeclineReason != reason || got.OfferExpiresAt == nil {
		t.Errorf("an empty change altered the application: %+v", got)
	}
	zero, none := time.Time{}, 0
	got, err = db.Transition(ctx, app.ID, []sitecore.AdmissionStatus{sitecore.AppUnderReview}, sitecore.AppUnderReview,
		sitecore.AppChange{OfferExpiresAt: &zero, WaitlistPosition: &none}, sitecore.AppEvent{Actor: "system"})
	if err != nil {
		t.Fatal(err)
	}
	if got.OfferExpiresAt != nil || got.WaitlistPosition != 0 {
		t.Errorf("OfferExpiresAt %v WaitlistPosition %d, want cleared", got.OfferExpiresAt, got.WaitlistPosition)
	}
	if found, err := db.FindApplication(ctx, s.ID, app.ID); err != nil || found.Status != sitecore.AppUnderReview ||
		!found.UpdatedAt.Equal(got.UpdatedAt) {
		t.Errorf("FindApplication after transitions = %+v, %v", found, err)
	}

	evs, err := db.History(ctx, app.ID)
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	type step struct {
		actor    string
		from, to sitecore.AdmissionStatus
		note     string
	}
	var steps []step
	for i, e := range evs {
		steps = append(steps, step{e.Actor, e.From, e.To, e.Note})
		if i > 0 && e.ID <= evs[i-1].ID {
			t.Errorf("events not in ID order: %+v", evs)
		}
	}
	want := []step{
		{"parent", "", "submitted", ""},
		{"system", "submitted", "documents_check", "workflow started"},
		{"user:7", "documents_check", "waitlisted", "орын жоқ"},
		{"system", "waitlisted", "under_review", ""},
		{"system", "under_review", "under_review", ""},
	}
	if !slices.Equal(steps, want) {
		t.Errorf("History = %+v,\nwant %+v", steps, want)
	}
	if len(evs) == 5 {
		if !evs[2].At.Equal(at) {
			t.Errorf("event time %v, want the given %v", evs[2].At, at)
		}
		if !evs[4].At.Equal(got.UpdatedAt) {
			t.Errorf("event time %v, want the update's %v", evs[4].At, got.UpdatedAt)
		}
	}
	_, err = db.History(ctx, app.ID+100)
	wantErr(t, err, sitecore.ENotFound, "", "not_found.application")
}

func TestReserveSeat(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	parent := mkUser(t, db, "parent@mail.kz")
	c := admCampaign(t, db, s.ID, 1, 2, 5, 1)
	review := []sitecore.AdmissionStatus{sitecore.AppUnderReview}

	var apps []*sitecore.Application
	for i := range 4 {
		a := admSubmit(t, db, admApp(c, parent.ID, "Бала "+strconv.Itoa(i), admIIN(t, i+1), 1))
		admMove(t, db, a, sitecore.AppUnderReview)
		apps = append(apps, a)
	}
	// A seat of another grade does not count.
	g5 := admSubmit(t, db, admApp(c, parent.ID, "Бесінші", admIIN(t, 9), 5))
	admMove(t, db, g5, sitecore.AppUnderReview)
	if _, err := db.ReserveSeat(ctx, g5.ID, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "system"}); err != nil {
		t.Fatalf("ReserveSeat(grade 5): %v", err)
	}

	offer := time.Date(2026, 9, 6, 18, 0, 0, 0, almaty)
	yes := true
	for _, a := range apps[:2] {
		got, err := db.ReserveSeat(ctx, a.ID, review, sitecore.AppChange{OfferExpiresAt: &offer, Released: &yes},
			sitecore.AppEvent{Actor: "user:3", Note: "seat"})
		if err != nil {
			t.Fatalf("ReserveSeat: %v", err)
		}
		if got.Status != sitecore.AppAdmitted || got.OfferExpiresAt == nil || !got.OfferExpiresAt.Equal(offer) || !got.Released {
			t.Errorf("after ReserveSeat: %+v", got)
		}
		*a = *got
	}
	events := count(t, db, "SELECT count(*) FROM application_events")
	_, err := db.ReserveSeat(ctx, apps[2].ID, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:3"})
	wantErr(t, err, sitecore.EConflict, "grade", "admission.no_seats")
	if v := sitecore.AsError(err).Args["value"]; v != "1" {
		t.Errorf("Args[value] = %q, want 1", v)
	}
	if e := sitecore.AsError(err); e.Op != "ReserveSeat" {
		t.Errorf("Op = %q", e.Op)
	}
	if got, _ := db.FindApplication(ctx, s.ID, apps[2].ID); got.Status != sitecore.AppUnderReview {
		t.Errorf("refused application is %s", got.Status)
	}
	if n := count(t, db, "SELECT count(*) FROM application_events"); n != events {
		t.Errorf("%d events written by a refused reservation", n-events)
	}

	// A wrong status is a status conflict, even on a full grade.
	_, err = db.ReserveSeat(ctx, apps[0].ID, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:3"})
	wantErr(t, err, sitecore.EConflict, "status", "admission.state")
	_, err = db.ReserveSeat(ctx, apps[3].ID+100, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:3"})
	wantErr(t, err, sitecore.ENotFound, "", "not_found.application")

	// Enrolled children keep their seats; a seat freed by a declined offer is free again.
	admMove(t, db, apps[0], sitecore.AppEnrolled)
	_, err = db.ReserveSeat(ctx, apps[2].ID, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:3"})
	wantErr(t, err, sitecore.EConflict, "grade", "admission.no_seats")
	admMove(t, db, apps[1], sitecore.AppOfferDeclined)
	if _, err := db.ReserveSeat(ctx, apps[2].ID, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:3"}); err != nil {
		t.Fatalf("ReserveSeat after a declined offer: %v", err)
	}
	_, err = db.ReserveSeat(ctx, apps[3].ID, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:3"})
	wantErr(t, err, sitecore.EConflict, "grade", "admission.no_seats")

	// An admitted application re-admitted does not count against itself.
	if _, err := db.ReserveSeat(ctx, apps[2].ID, []sitecore.AdmissionStatus{sitecore.AppAdmitted}, sitecore.AppChange{},
		sitecore.AppEvent{Actor: "user:3"}); err != nil {
		t.Errorf("ReserveSeat of an admitted application: %v", err)
	}

	// A grade the campaign does not admit to has no seats.
	g9 := admSubmit(t, db, admApp(c, parent.ID, "Тоғызыншы", admIIN(t, 10), 9))
	_, err = db.ReserveSeat(ctx, g9.ID, []sitecore.AdmissionStatus{sitecore.AppSubmitted}, sitecore.AppChange{},
		sitecore.AppEvent{Actor: "user:3"})
	wantErr(t, err, sitecore.EConflict, "grade", "admission.no_seats")
}

func TestReserveSeatConcurrent(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	parent := mkUser(t, db, "parent@mail.kz")
	c := admCampaign(t, db, s.ID, 1, 3)
	review := []sitecore.AdmissionStatus{sitecore.AppUnderReview}

	var apps []*sitecore.Application
	for i := range 10 {
		a := admSubmit(t, db, admApp(c, parent.ID, "Бала "+strconv.Itoa(i), admIIN(t, i+1), 1))
		admMove(t, db, a, sitecore.AppUnderReview)
		apps = append(apps, a)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(apps))
	start := make(chan struct{})
	for i, a := range apps {
		wg.Go(func() {
			<-start
			_, errs[i] = db.ReserveSeat(ctx, a.ID, review, sitecore.AppChange{}, sitecore.AppEvent{Actor: "user:1"})
		})
	}
	close(start)
	wg.Wait()
	admitted := 0
	for _, err := range errs {
		switch {
		case err == nil:
			admitted++
		case sitecore.ErrorCode(err) != sitecore.EConflict || sitecore.AsError(err).Field != "grade":
			t.Errorf("ReserveSeat: %v", err)
		}
	}
	if admitted != 3 {
		t.Errorf("%d reservations succeeded, want 3", admitted)
	}
	if n := count(t, db, "SELECT count(*) FROM applications WHERE status = 'admitted'"); n != 3 {
		t.Errorf("%d applications admitted, want 3", n)
	}
}

func TestNextWaitlisted(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	parent := mkUser(t, db, "parent@mail.kz")
	c := admCampaign(t, db, s.ID, 1, 2, 5, 2)

	_, err := db.NextWaitlisted(ctx, c.ID, 1)
	wantErr(t, err, sitecore.ENotFound, "", "not_found.application")

	waitlist := func(name string, n, grade, pos int) *sitecore.Application {
		a := admSubmit(t, db, admApp(c, parent.ID, name, admIIN(t, n), grade))
		got, err := db.Transition(ctx, a.ID, []sitecore.AdmissionStatus{sitecore.AppSubmitted}, sitecore.AppWaitlisted,
			sitecore.AppChange{WaitlistPosition: &pos}, sitecore.AppEvent{Actor: "system"})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	third := waitlist("Үшінші", 1, 1, 3)
	first := waitlist("Бірінші", 2, 1, 1)
	second := waitlist("Екінші", 3, 1, 2)
	tie := waitlist("Екінші тең", 4, 1, 2)
	waitlist("Бесінші сынып", 5, 5, 0)
	admSubmit(t, db, admApp(c, parent.ID, "Күтпейді", admIIN(t, 6), 1)) // submitted, position 0

	for _, want := range []*sitecore.Application{first, second, tie, third} {
		got, err := db.NextWaitlisted(ctx, c.ID, 1)
		if err != nil {
			t.Fatalf("NextWaitlisted: %v", err)
		}
		if got.ID != want.ID || got.Number != want.Number || got.ChildName != want.ChildName {
			t.Fatalf("NextWaitlisted = %s (%s), want %s (%s)", got.Number, got.ChildName, want.Number, want.ChildName)
		}
		admMove(t, db, got, sitecore.AppAdmitted)
	}
	_, err = db.NextWaitlisted(ctx, c.ID, 1)
	wantErr(t, err, sitecore.ENotFound, "", "not_found.application")
	if got, err := db.NextWaitlisted(ctx, c.ID, 5); err != nil || got.Grade != 5 {
		t.Errorf("NextWaitlisted(grade 5) = %+v, %v", got, err)
	}
}

func TestAdmissionIntake(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-1", "school1.kz")
	parent := mkUser(t, db, "parent@mail.kz")
	c := admCampaign(t, db, s.ID, 1, 50)

	if ids, err := db.PendingIntake(ctx, 10); err != nil || len(ids) != 0 {
		t.Fatalf("PendingIntake on an empty outbox = %v, %v", ids, err)
	}
	var ids []int64
	for i := range 5 {
		ids = append(ids, admSubmit(t, db, admApp(c, parent.ID, "Бала "+strconv.Itoa(i), admIIN(t, i+1), 1)).ID)
	}
	// The outbox is read oldest first, whatever the IDs.
	if _, err := db.Pool.Exec(ctx, `UPDATE admission_intake SET created_at = created_at - interval '1 hour'
		WHERE application_id = $1`, ids[3]); err != nil {
		t.Fatal(err)
	}
	got, err := db.PendingIntake(ctx, 3)
	if err != nil {
		t.Fatalf("PendingIntake: %v", err)
	}
	if want := []int64{ids[3], ids[0], ids[1]}; !slices.Equal(got, want) {
		t.Errorf("PendingIntake(3) = %v, want %v", got, want)
	}
	if err := db.MarkIntakeStarted(ctx, got); err != nil {
		t.Fatalf("MarkIntakeStarted: %v", err)
	}
	if err := db.MarkIntakeStarted(ctx, nil); err != nil {
		t.Errorf("MarkIntakeStarted(nil): %v", err)
	}
	got, err = db.PendingIntake(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{ids[2], ids[4]}; !slices.Equal(got, want) {
		t.Errorf("PendingIntake after marking = %v, want %v", got, want)
	}

	// Marking again keeps the first time.
	first := count(t, db, "SELECT extract(epoch FROM started_at)::int FROM admission_intake WHERE application_id = $1", ids[0])
	if _, err := db.Pool.Exec(ctx, `UPDATE admission_intake SET started_at = started_at - interval '1 day'
		WHERE application_id = $1`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkIntakeStarted(ctx, []int64{ids[0], ids[2], ids[4] + 100}); err != nil {
		t.Fatal(err)
	}
	if again := count(t, db, "SELECT extract(epoch FROM started_at)::int FROM admission_intake WHERE application_id = $1", ids[0]); again != first-86400 {
		t.Errorf("started_at moved from %d to %d", first-86400, again)
	}
	got, err = db.PendingIntake(ctx, 0)
	if err != nil || !slices.Equal(got, []int64{ids[4]}) {
		t.Errorf("PendingIntake = %v, %v; want [%d]", got, err, ids[4])
	}
}
