package mongo_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/mongo"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// kazakhLetters are the letters of the Kazakh alphabet that are not in Russian.
const kazakhLetters = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"

var t0 = time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)

func page(siteID int64, key string, position int, published bool, kkSlug, ruSlug string) *sitecore.Page {
	return &sitecore.Page{
		SiteID: siteID, Key: key, Kind: sitecore.PageStandard, Position: position, Published: published,
		Text: map[sitecore.Lang]sitecore.PageText{
			sitecore.Kazakh:  {Title: "Бет " + key + " " + kazakhLetters, Slug: kkSlug, Body: "<p>" + kazakhLetters + "</p>"},
			sitecore.Russian: {Title: "Страница " + key, Slug: ruSlug, Body: "<p>Текст</p>", Description: "описание"},
		},
		UpdatedAt: t0,
	}
}

func upsertPages(t *testing.T, s *mongo.Store, pages ...*sitecore.Page) {
	t.Helper()
	for _, p := range pages {
		if err := s.UpsertPage(context.Background(), p); err != nil {
			t.Fatalf("UpsertPage(%d, %s): %v", p.SiteID, p.Key, err)
		}
	}
}

func wantNotFound(t *testing.T, err error) {
	t.Helper()
	if code := sitecore.ErrorCode(err); code != sitecore.ENotFound {
		t.Fatalf("error = %v (code %q), want not_found", err, code)
	}
	if key := sitecore.AsError(err).Key; key != "not_found.page" {
		t.Errorf("Key = %q, want not_found.page", key)
	}
}

func TestUpsertPageReplaces(t *testing.T) {
	ctx := context.Background()
	s := testenv.Mongo(t)
	p := page(1, "about", 1, true, "about", "o-shkole")
	upsertPages(t, s, p)

	p2 := page(1, "about", 3, true, "mektep-turaly", "o-shkole")
	p2.Text[sitecore.Kazakh] = sitecore.PageText{Title: "Екінші нұсқа " + kazakhLetters, Slug: "mektep-turaly", Body: "<p>v2</p>"}
	p2.UpdatedAt = t0.Add(time.Hour)
	upsertPages(t, s, p2)

	n, err := s.Database().Collection("pages").CountDocuments(ctx, bson.D{{Key: "site_id", Value: int64(1)}, {Key: "key", Value: "about"}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d documents for (1, about) after two upserts, want 1", n)
	}
	got, err := s.FindPage(ctx, 1, sitecore.Kazakh, "mektep-turaly")
	if err != nil {
		t.Fatalf("FindPage by the new slug: %v", err)
	}
	if got.Position != 3 || got.Text[sitecore.Kazakh].Title != "Екінші нұсқа "+kazakhLetters || !got.UpdatedAt.Equal(p2.UpdatedAt) {
		t.Errorf("page after the second upsert = %+v", got)
	}
	_, err = s.FindPage(ctx, 1, sitecore.Kazakh, "about")
	wantNotFound(t, err)
}

func TestFindPage(t *testing.T) {
	ctx := context.Background()
	s := testenv.Mongo(t)
	home := page(1, "home", 0, true, "", "")
	home.Kind = sitecore.PageHome
	about := page(1, "about", 1, true, "about", "o-shkole")
	draft := page(1, "draft", 2, false, "draft", "draft")
	upsertPages(t, s, home, about, draft)

	got, err := s.FindPage(ctx, 1, sitecore.Kazakh, "")
	if err != nil {
		t.Fatalf("FindPage(home): %v", err)
	}
	if got.Key != "home" || got.Kind != sitecore.PageHome {
		t.Errorf("home = key %q kind %q", got.Key, got.Kind)
	}

	got, err = s.FindPage(ctx, 1, sitecore.Russian, "o-shkole")
	if err != nil {
		t.Fatalf("FindPage(ru, o-shkole): %v", err)
	}
	if got.Key != "about" || got.SiteID != 1 || got.Position != 1 || !got.Published {
		t.Errorf("about = %+v", got)
	}
	// The whole page comes back, every language, letters intact.
	if !reflect.DeepEqual(got.Text, about.Text) {
		t.Errorf("Text = %+v, want %+v", got.Text, about.Text)
	}
	if !got.UpdatedAt.Equal(t0) {
		t.Errorf("UpdatedAt = %v, want %v", got.UpdatedAt, t0)
	}

	// Slugs are per language.
	_, err = s.FindPage(ctx, 1, sitecore.Russian, "about")
	wantNotFound(t, err)
	_, err = s.FindPage(ctx, 1, sitecore.English, "about")
	wantNotFound(t, err)
	_, err = s.FindPage(ctx, 1, sitecore.Kazakh, "nope")
	wantNotFound(t, err)

	// Unpublished pages are not served.
	_, err = s.FindPage(ctx, 1, sitecore.Kazakh, "draft")
	wantNotFound(t, err)
}

func TestFindPageTenantIsolation(t *testing.T) {
	ctx := context.Background()
	s := testenv.Mongo(t)
	upsertPages(t, s, page(1, "home", 0, true, "", ""), page(1, "about", 1, true, "about", "o-shkole"))

	for _, slug := range []string{"", "about"} {
		_, err := s.FindPage(ctx, 2, sitecore.Kazakh, slug)
		wantNotFound(t, err)
	}

	// Site 2's page with the same key is its own document.
	p2 := page(2, "about", 1, true, "about", "o-shkole")
	p2.Text[sitecore.Kazakh] = sitecore.PageText{Title: "Екінші мектеп", Slug: "about"}
	upsertPages(t, s, p2)
	got1, err := s.FindPage(ctx, 1, sitecore.Kazakh, "about")
	if err != nil {
		t.Fatal(err)
	}
	got2, err := s.FindPage(ctx, 2, sitecore.Kazakh, "about")
	if err != nil {
		t.Fatal(err)
	}
	if got1.SiteID != 1 || got1.Text[sitecore.Kazakh].Title == "Екінші мектеп" {
		t.Errorf("site 1's page was overwritten by site 2's: %+v", got1)
	}
	if got2.SiteID != 2 || got2.Text[sitecore.Kazakh].Title != "Екінші мектеп" {
		t.Errorf("site 2's page = %+v", got2)
	}
}

func TestListAndCountPages(t *testing.T) {
	ctx := context.Background()
	s := testenv.Mongo(t)
	upsertPages(t, s,
		page(1, "contacts", 2, true, "contacts", "contacts"),
		page(1, "home", 0, true, "", ""),
		page(2, "other", 1, true, "other", "other"),
		page(1, "about", 1, false, "about", "about"),
	)

	pages, err := s.ListPages(ctx, 1)
	if err != nil {
		t.Fatalf("ListPages: %v", err)
	}
	var keys []string
	for _, p := range pages {
		keys = append(keys, p.Key)
		if p.SiteID != 1 {
			t.Errorf("ListPages(1) returned a page of site %d", p.SiteID)
		}
	}
	if want := []string{"home", "about", "contacts"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("ListPages(1) keys = %q, want %q in position order", keys, want)
	}

	for _, tt := range []struct {
		site int64
		want int64
	}{{1, 3}, {2, 1}, {3, 0}} {
		n, err := s.CountPages(ctx, tt.site)
		if err != nil {
			t.Fatalf("CountPages(%d): %v", tt.site, err)
		}
		if n != tt.want {
			t.Errorf("CountPages(%d) = %d, want %d", tt.site, n, tt.want)
		}
	}
	none, err := s.ListPages(ctx, 3)
	if err != nil || len(none) != 0 {
		t.Errorf("ListPages of a site without pages = %v, %v", none, err)
	}
}

func TestMenu(t *testing.T) {
	ctx := context.Background()
	s := testenv.Mongo(t)
	m := &sitecore.Menu{SiteID: 1, Name: "main", UpdatedAt: t0, Items: []sitecore.MenuItem{
		{PageKey: "home", Label: map[sitecore.Lang]string{sitecore.Kazakh: "Басты бет", sitecore.Russian: "Главная"}},
		{PageKey: "about", Label: map[sitecore.Lang]string{sitecore.Kazakh: "Мектеп туралы"}, Children: []sitecore.MenuItem{
			{URL: "https://edu.gov.kz", Label: map[sitecore.Lang]string{sitecore.Kazakh: kazakhLetters}},
			{PageKey: "history", Label: map[sitecore.Lang]string{sitecore.Kazakh: "Тарих"}, Children: []sitecore.MenuItem{
				{PageKey: "founders", Label: map[sitecore.Lang]string{sitecore.Kazakh: "Құрылтайшылар", sitecore.Russian: "Основатели"}},
			}},
		}},
	}}
	if err := s.UpsertMenu(ctx, m); err != nil {
		t.Fatalf("UpsertMenu: %v", err)
	}
	got, err := s.FindMenu(ctx, 1, "main")
	if err != nil {
		t.Fatalf("FindMenu: %v", err)
	}
	if got.SiteID != 1 || got.Name != "main" || !got.UpdatedAt.Equal(t0) {
		t.Errorf("menu = SiteID %d Name %q UpdatedAt %v", got.SiteID, got.Name, got.UpdatedAt)
	}
	if !reflect.DeepEqual(got.Items, m.Items) {
		t.Errorf("Items = %+v\nwant %+v", got.Items, m.Items)
	}

	// A second upsert replaces the menu.
	m2 := &sitecore.Menu{SiteID: 1, Name: "main", UpdatedAt: t0, Items: []sitecore.MenuItem{
		{PageKey: "news", Label: map[sitecore.Lang]string{sitecore.Kazakh: "Жаңалықтар"}},
	}}
	if err := s.UpsertMenu(ctx, m2); err != nil {
		t.Fatal(err)
	}
	got, err = s.FindMenu(ctx, 1, "main")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Items, m2.Items) {
		t.Errorf("Items after replace = %+v", got.Items)
	}

	for _, tt := range []struct {
		site int64
		name string
	}{{1, "footer"}, {2, "main"}} {
		empty, err := s.FindMenu(ctx, tt.site, tt.name)
		if err != nil {
			t.Fatalf("FindMenu(%d, %s): %v", tt.site, tt.name, err)
		}
		if empty.SiteID != tt.site || empty.Name != tt.name || len(empty.Items) != 0 {
			t.Errorf("FindMenu(%d, %s) = %+v, want an empty menu", tt.site, tt.name, empty)
		}
	}
}

func TestNews(t *testing.T) {
	ctx := context.Background()
	s := testenv.Mongo(t)
	kk := func(title string) sitecore.NewsText {
		return sitecore.NewsText{Title: title, Slug: "s-" + title, Summary: kazakhLetters, Body: "<p>" + kazakhLetters + "</p>"}
	}
	ru := func(title string) sitecore.NewsText { return sitecore.NewsText{Title: title, Slug: "r-" + title} }
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	items := []*sitecore.News{
		{SiteID: 1, Key: "n1", PublishedAt: day(1), Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: kk("n1"), sitecore.Russian: ru("n1")}},
		{SiteID: 1, Key: "n2", PublishedAt: day(3), Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: kk("n2")}},
		{SiteID: 1, Key: "n3", PublishedAt: day(2), Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Russian: ru("n3")}},
		{SiteID: 1, Key: "n4", PublishedAt: day(4), Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: kk("n4")}},
		{SiteID: 2, Key: "n5", PublishedAt: day(5), Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: kk("n5")}},
	}
	for _, n := range items {
		n.UpdatedAt, n.Published = t0, true
		if err := s.UpsertNews(ctx, n); err != nil {
			t.Fatalf("UpsertNews(%s): %v", n.Key, err)
		}
	}
	// Upserting again replaces, never duplicates.
	n1 := *items[0]
	n1.Text = map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: kk("n1-v2"), sitecore.Russian: ru("n1")}
	n1.Published = true
	if err := s.UpsertNews(ctx, &n1); err != nil {
		t.Fatal(err)
	}

	keys := func(site int64, lang sitecore.Lang, limit int) []string {
		t.Helper()
		news, err := s.ListNews(ctx, site, lang, limit)
		if err != nil {
			t.Fatalf("ListNews(%d, %s, %d): %v", site, lang, limit, err)
		}
		var out []string
		for _, n := range news {
			if n.SiteID != site {
				t.Errorf("ListNews(%d) returned an item of site %d", site, n.SiteID)
			}
			if _, ok := n.Text[lang]; !ok {
				t.Errorf("ListNews(%s) returned %s without %s text", lang, n.Key, lang)
			}
			out = append(out, n.Key)
		}
		return out
	}
	tests := []struct {
		site  int64
		lang  sitecore.Lang
		limit int
		want  []string
	}{
		{1, sitecore.Kazakh, 10, []string{"n4", "n2", "n1"}},
		{1, sitecore.Kazakh, 2, []string{"n4", "n2"}},
		{1, sitecore.Kazakh, 1, []string{"n4"}},
		{1, sitecore.Russian, 10, []string{"n3", "n1"}},
		{1, sitecore.English, 10, nil},
		{2, sitecore.Kazakh, 10, []string{"n5"}},
		{2, sitecore.Russian, 10, nil},
		{3, sitecore.Kazakh, 10, nil},
	}
	for _, tt := range tests {
		if got := keys(tt.site, tt.lang, tt.limit); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ListNews(%d, %s, %d) = %q, want %q", tt.site, tt.lang, tt.limit, got, tt.want)
		}
	}

	news, err := s.ListNews(ctx, 1, sitecore.Kazakh, 10)
	if err != nil {
		t.Fatal(err)
	}
	last := news[len(news)-1]
	if last.Key != "n1" || !reflect.DeepEqual(last.Text, n1.Text) || !last.PublishedAt.Equal(day(1)) {
		t.Errorf("n1 after the second upsert = %+v", last)
	}
	if got := last.Text[sitecore.Kazakh].Summary; got != kazakhLetters {
		t.Errorf("Kazakh letters changed: %q, want %q", got, kazakhLetters)
	}
	n, err := s.Database().Collection("news").CountDocuments(ctx, bson.D{{Key: "site_id", Value: int64(1)}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("%d news documents of site 1, want 4", n)
	}
}
