package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/mektep/mektep/sitecore"
)

// TestDemoSeedingIsIdempotentAndRepairs runs the demo seeding of `mektep dev` the way a
// developer meets it: /readyz waits for it, a second run changes nothing (not even an
// edit made in between), and a run after the Mongo API's content was wiped while
// PostgreSQL kept the site puts the home page back.
func TestDemoSeedingIsIdempotentAndRepairs(t *testing.T) {
	s := startStack(t, stackOptions{demo: true})
	ctx := context.Background()
	hosts := []string{"demo.localhost", "localhost"}

	r := s.do("GET", "/readyz", nil, "Accept-Language", "en")
	if failing, _ := r.JSON(t)["failing"].([]any); r.Status != 503 || !slices.Contains(failing, any("demo")) {
		t.Fatalf("readyz before the demo is served: %d %s", r.Status, r.Body)
	}
	site, err := s.App.ServeDemo(ctx, hosts, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if r := s.do("GET", "/readyz", nil); r.Status != 200 {
		t.Fatalf("readyz after ServeDemo: %d %s", r.Status, r.Body)
	}
	home := func() response { return s.do("GET", "/en/", nil, "Host", "demo.localhost") }
	if r := home(); r.Status != 200 || !strings.Contains(string(r.Body), "Library") {
		t.Fatalf("home page: %d", r.Status)
	}
	counts := func() [3]int64 {
		var c [3]int64
		for i, coll := range []string{"pages", "news", "menus"} {
			n, err := s.App.Content.Database().Collection(coll).CountDocuments(ctx, bson.D{{Key: "site_id", Value: site.ID}})
			if err != nil {
				t.Fatal(err)
			}
			c[i] = n
		}
		return c
	}
	first := counts()
	if first[0] < 2 || first[1] != 3 || first[2] != 1 {
		t.Fatalf("pages, news, menus after seeding: %v", first)
	}

	// An edit of the demo page survives a second seeding, which adds no copy of anything.
	lib, err := s.App.Content.FindPageByKey(ctx, site.ID, "library")
	if err != nil {
		t.Fatal(err)
	}
	lib.Text[sitecore.English] = sitecore.PageText{Title: "Reading room", Slug: "library", Body: "<p>edited</p>"}
	if err := s.App.Content.UpsertPage(ctx, lib); err != nil {
		t.Fatal(err)
	}
	again, err := s.App.SeedDemo(ctx, hosts)
	if err != nil || again.ID != site.ID {
		t.Fatalf("second seeding: %v (site %v)", err, again)
	}
	if got := counts(); got != first {
		t.Errorf("second seeding changed the counts: %v, then %v", first, got)
	}
	if lib, _ := s.App.Content.FindPageByKey(ctx, site.ID, "library"); lib == nil || lib.Text[sitecore.English].Title != "Reading room" {
		t.Errorf("second seeding overwrote the edited page: %+v", lib)
	}
	menu, _ := s.App.Content.FindMenu(ctx, site.ID, "main")
	if n := len(slices.DeleteFunc(slices.Clone(menu.Items), func(it sitecore.MenuItem) bool { return it.PageKey != "library" })); n != 1 {
		t.Errorf("menu holds the library %d times", n)
	}

	// The Mongo API's content is lost (pages, news, menus and the album's pictures in
	// GridFS) while PostgreSQL keeps the active site and the album's rows.
	for _, coll := range []string{"pages", "news", "menus", "media.files", "media.chunks"} {
		if _, err := s.App.Content.Database().Collection(coll).DeleteMany(ctx, bson.D{{Key: "site_id", Value: site.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	s.App.Server.InvalidateSite(site.ID)
	if r := home(); r.Status != 404 {
		t.Fatalf("home page with the content wiped: %d (the test wiped nothing?)", r.Status)
	}
	if _, err := s.App.SeedDemo(ctx, hosts); err != nil {
		t.Fatal(err)
	}
	if r := home(); r.Status != 200 || !strings.Contains(string(r.Body), "Library") {
		t.Errorf("home page after repair: %d", r.Status)
	}
	if got := counts(); got != first {
		t.Errorf("repair gave %v, the first seeding %v", got, first)
	}
	if r := s.do("GET", "/en/news/demo-1", nil, "Host", "demo.localhost"); r.Status != 200 {
		t.Errorf("demo news after repair: %d", r.Status)
	}
	al, err := s.App.Galleries.PublicAlbum(ctx, site.ID, "nauryz")
	if err != nil || len(al.Items) != 3 {
		t.Fatalf("demo album after repair: %v %+v", err, al)
	}
	for _, it := range al.Items {
		if r := s.do("GET", "/media/"+it.MediaID+"/picture.png", nil, "Host", "demo.localhost"); r.Status != 200 || len(r.Body) < 1000 {
			t.Errorf("demo picture %s after repair: %d, %d bytes", it.MediaID, r.Status, len(r.Body))
		}
	}
	if albums, _ := s.App.DB.ListAlbums(ctx, site.ID, false); len(albums) != 1 {
		t.Errorf("albums after repair: %d", len(albums))
	}

	// A visitor can write to the school and sign up for its event at once, and seeding again
	// adds no second topic or event.
	if r := s.do("GET", "/en/feedback", nil, "Host", "demo.localhost"); r.Status != 200 || !strings.Contains(string(r.Body), "General questions") {
		t.Errorf("the demo's feedback form offers no topic: %d", r.Status)
	}
	if r := s.do("GET", "/en/events", nil, "Host", "demo.localhost"); r.Status != 200 || !strings.Contains(string(r.Body), "Parents&#39; meeting") {
		t.Errorf("the demo's events page lists no event: %d %s", r.Status, r.Body)
	}
	topics, _ := s.App.Feedback.Topics(ctx, site.ID)
	evs, _ := s.App.Events.List(ctx, &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}, site.ID)
	if len(topics) != 1 || len(evs) != 1 {
		t.Errorf("after three seedings: %d feedback topics, %d events", len(topics), len(evs))
	}
}
