package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/mektep/mektep/httpapi"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
	"github.com/mektep/mektep/sitecore/media"
)

// DemoSlug is the slug of the demo school that `mektep dev` seeds.
const DemoSlug = "demo"

// DemoOwner is the demo school's owner address (invitation lands in the dev mail sink).
const DemoOwner = "admin@demo.localhost"

// DemoPassword is the demo owner's password, set by `mektep dev` only while the account has
// none, so a newcomer can log in at once. It exists only in the dev stack's database.
const DemoPassword = "mektep-demo-2026"

// SeedDemo provisions the demo school through the same workflow as every school, waits for
// it to become active, and adds a page, news and an album in three languages. Each part is
// written only when it is missing, so a second run changes nothing, and a run after part of
// the state was lost (the Mongo API's data deleted while PostgreSQL kept the site) puts the
// missing parts back: the starter pages and menu, the demo page, news and album.
func (a *App) SeedDemo(ctx context.Context, hosts []string) (*sitecore.Site, error) {
	st, _, err := a.Provisioner.Provision(ctx, sitecore.NewSite{
		Slug: DemoSlug,
		Names: map[string]string{
			"kk": "Mektep демо мектебі",
			"ru": "Демо-школа Mektep",
			"en": "Mektep Demo School",
		},
		Domains:    hosts,
		Languages:  []string{"kk", "ru", "en"},
		OwnerEmail: DemoOwner,
	})
	if err != nil {
		return nil, fmt.Errorf("demo school: %w", err)
	}
	site := st.Site
	deadline := time.Now().Add(2 * time.Minute)
	for site.Status != sitecore.SiteActive {
		if site.Status == sitecore.SiteFailed || time.Now().After(deadline) {
			return nil, fmt.Errorf("demo school not active: status %s, step %s %s", site.Status, site.Step, site.Error)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if site, err = a.DB.FindSiteByID(ctx, site.ID); err != nil {
			return nil, err
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	pages, menu := sitecore.DefaultContent(site, now)
	pages = append(pages, &sitecore.Page{SiteID: site.ID, Key: "library", Kind: sitecore.PageStandard, Position: 2,
		Published: true, UpdatedAt: now, Text: map[sitecore.Lang]sitecore.PageText{
			sitecore.Kazakh:  {Title: "Кітапхана", Slug: "kitaphana", Body: "<p>Кітапхана дүйсенбі–жұма 09:00–18:00 аралығында жұмыс істейді. Қорда 12 000-нан астам кітап бар: оқулықтар, көркем әдебиет, ғылыми-танымдық басылымдар.</p>"},
			sitecore.Russian: {Title: "Библиотека", Slug: "biblioteka", Body: "<p>Библиотека открыта с понедельника по пятницу с 09:00 до 18:00. В фонде более 12 000 книг: учебники, художественная и научно-популярная литература.</p>"},
			sitecore.English: {Title: "Library", Slug: "library", Body: "<p>The library is open Monday to Friday, 09:00–18:00. It holds more than 12,000 books: textbooks, fiction and popular science.</p>"},
		}})
	for _, pg := range pages {
		if _, err := a.Content.FindPageByKey(ctx, site.ID, pg.Key); sitecore.ErrorCode(err) != sitecore.ENotFound {
			if err != nil {
				return nil, err
			}
			continue
		}
		if err := a.Content.UpsertPage(ctx, pg); err != nil {
			return nil, err
		}
		if err := a.Pages.Reindex(ctx, pg); err != nil {
			return nil, err
		}
	}
	stored, err := a.Content.FindMenu(ctx, site.ID, "main")
	if err != nil {
		return nil, err
	}
	changed := len(stored.Items) == 0 // never written, or lost with the Mongo API's data
	if changed {
		stored = menu
	}
	if !slices.ContainsFunc(stored.Items, func(it sitecore.MenuItem) bool { return it.PageKey == "library" }) {
		stored.Items = append(stored.Items, sitecore.MenuItem{PageKey: "library"})
		changed = true
	}
	if changed {
		stored.UpdatedAt = now
		if err := a.Content.UpsertMenu(ctx, stored); err != nil {
			return nil, err
		}
	}
	for i, n := range demoNews {
		key := fmt.Sprintf("demo-%d", i+1)
		if _, err := a.Content.FindNewsByKey(ctx, site.ID, key); sitecore.ErrorCode(err) != sitecore.ENotFound {
			if err != nil {
				return nil, err
			}
			continue
		}
		n.SiteID, n.Key = site.ID, key
		n.PublishedAt = now.Add(-time.Duration(i*3+1) * 24 * time.Hour)
		n.UpdatedAt, n.Published = now, true
		text := make(map[sitecore.Lang]sitecore.NewsText, len(n.Text))
		for l, t := range n.Text {
			t.Slug = key
			t.Body = "<p>" + sitecore.EscapeHTML(t.Summary) + "</p>"
			text[l] = t
		}
		n.Text = text
		if err := a.Content.UpsertNews(ctx, &n); err != nil {
			return nil, err
		}
		if err := a.News.Reindex(ctx, &n); err != nil {
			return nil, err
		}
	}
	if err := a.demoGallery(ctx, site.ID); err != nil {
		return nil, err
	}
	if err := a.demoLogin(ctx); err != nil {
		return nil, err
	}
	if err := a.demoServices(ctx, site.ID); err != nil {
		return nil, err
	}
	a.Server.InvalidateSite(site.ID)
	return site, nil
}

// ExpectDemo adds a "demo" check to /readyz that fails until ServeDemo has seen the demo
// school's home page served. Call it before Serve.
func (a *App) ExpectDemo() {
	a.Server.Ready = append(a.Server.Ready, httpapi.Checker{Name: "demo", Check: func(context.Context) error {
		if !a.demoServed.Load() {
			return errors.New("the demo school is not served yet")
		}
		return nil
	}})
}

// ServeDemo seeds (or repairs) the demo school, then asks the server at baseURL for its
// home page under the first of hosts until it answers 200, and only then lets /readyz say
// ready (see ExpectDemo): a banner printed after it never points at a 404.
func (a *App) ServeDemo(ctx context.Context, hosts []string, baseURL string) (*sitecore.Site, error) {
	site, err := a.SeedDemo(ctx, hosts)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: 10 * time.Second}
	deadline := time.Now().Add(time.Minute)
	for {
		req, err := http.NewRequestWithContext(ctx, "GET", baseURL+"/", nil)
		if err != nil {
			return nil, err
		}
		req.Host = hosts[0]
		status := 0
		if resp, err := client.Do(req); err == nil {
			status = resp.StatusCode
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if status == http.StatusOK {
			a.demoServed.Store(true)
			return site, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("demo school's home page at %s (Host %s) answers %d", baseURL, hosts[0], status)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

var demoNews = []sitecore.News{
	{Text: map[sitecore.Lang]sitecore.NewsText{
		sitecore.Kazakh:  {Title: "Оқушыларымыз облыстық олимпиадада жүлделі орын алды", Summary: "Математика мен информатикадан үш оқушы жүлдегер атанды."},
		sitecore.Russian: {Title: "Наши ученики — призёры областной олимпиады", Summary: "Трое учеников стали призёрами по математике и информатике."},
		sitecore.English: {Title: "Our students win prizes at the regional olympiad", Summary: "Three students placed in mathematics and computer science."},
	}},
	{Text: map[sitecore.Lang]sitecore.NewsText{
		sitecore.Kazakh:  {Title: "Бірінші сыныпқа қабылдау 1 сәуірде басталады", Summary: "Өтініштер платформадағы виртуалды қабылдау бөлмесі арқылы қабылданады."},
		sitecore.Russian: {Title: "Приём в первый класс начнётся 1 апреля", Summary: "Заявления принимаются через виртуальную приёмную на платформе."},
		sitecore.English: {Title: "First-grade admissions open on 1 April", Summary: "Applications are accepted through the platform's virtual admissions office."},
	}},
	{Text: map[sitecore.Lang]sitecore.NewsText{
		sitecore.Kazakh:  {Title: "Наурыз мейрамы мектебімізде", Summary: "Оқушылар мен ата-аналар Наурызды бірге тойлады: ұлттық ойындар, ән мен би."},
		sitecore.Russian: {Title: "Наурыз в нашей школе", Summary: "Ученики и родители вместе встретили Наурыз: национальные игры, песни и танцы."},
		sitecore.English: {Title: "Nauryz at our school", Summary: "Students and parents celebrated Nauryz together with traditional games, songs and dances."},
	}},
}

// demoLogin gives the demo owner DemoPassword and a verified address if it has no password.
func (a *App) demoLogin(ctx context.Context) error {
	u, err := a.DB.FindUserByEmail(ctx, DemoOwner)
	if err != nil || u.PasswordHash != "" {
		return err
	}
	hash, err := sitecore.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	if err := a.DB.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	return a.DB.MarkEmailVerified(ctx, u.ID)
}

// demoGallery gives the demo school a published album of three generated pictures, once.
func (a *App) demoGallery(ctx context.Context, siteID int64) error {
	albums, err := a.DB.ListAlbums(ctx, siteID, false)
	if err != nil {
		return err
	}
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	if len(albums) > 0 {
		// The album's rows live in PostgreSQL and its pictures in the Mongo API's GridFS: when
		// only the Mongo API's data was lost the album is there with broken pictures, so it is
		// made again (its media records and their quota go with it).
		intact, items, err := a.demoAlbumIntact(ctx, op, siteID, albums[0].ID)
		if err != nil || intact {
			return err
		}
		a.Log.Warn("demo gallery: pictures missing, making the album again", "site", siteID)
		if err := a.Galleries.Delete(ctx, op, sitecore.Actor{Name: "demo"}, siteID, albums[0].ID); err != nil {
			return err
		}
		for _, id := range items {
			if err := a.Media.Delete(ctx, op, sitecore.Actor{Name: "demo"}, siteID, id); err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
				return err
			}
		}
	}
	slug := "nauryz"
	al, err := a.Galleries.Create(ctx, op, sitecore.Actor{Name: "demo"}, siteID, media.AlbumInput{Slug: &slug,
		Title: map[string]string{"kk": "Наурыз мерекесі", "ru": "Праздник Наурыз", "en": "Nauryz celebration"}})
	if err != nil {
		return err
	}
	captions := []map[string]string{
		{"kk": "Мерекелік концерт", "ru": "Праздничный концерт", "en": "The festive concert"},
		{"kk": "Ұлттық ойындар", "ru": "Национальные игры", "en": "Traditional games"},
		{"kk": "Наурыз көже", "ru": "Наурыз-коже", "en": "Nauryz kozhe"},
	}
	for i, c := range captions {
		var buf bytes.Buffer
		if err := png.Encode(&buf, demoPicture(i)); err != nil {
			return err
		}
		m, err := a.Media.Upload(ctx, op, sitecore.Actor{Name: "demo"}, siteID, media.Upload{
			Name: fmt.Sprintf("nauryz-%d.png", i+1), Length: int64(buf.Len()), Body: &buf})
		if err != nil {
			return err
		}
		if _, err := a.Galleries.AddItem(ctx, op, sitecore.Actor{Name: "demo"}, siteID, al.ID, media.ItemInput{MediaID: m.ID, Caption: c}); err != nil {
			return err
		}
	}
	_, err = a.Galleries.Publish(ctx, op, sitecore.Actor{Name: "demo"}, siteID, al.ID, true)
	return err
}

// demoAlbumIntact reports whether every picture of the demo album can be opened, and the
// media IDs of its items.
func (a *App) demoAlbumIntact(ctx context.Context, op *sitecore.Principal, siteID, albumID int64) (bool, []string, error) {
	al, err := a.Galleries.Get(ctx, op, siteID, albumID)
	if err != nil {
		return false, nil, err
	}
	intact := true
	var ids []string
	for _, it := range al.Items {
		if it.MediaID == "" {
			continue
		}
		ids = append(ids, it.MediaID)
		m, err := a.Media.Find(ctx, siteID, it.MediaID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			intact = false
			continue
		} else if err != nil {
			return false, nil, err
		}
		f, _, err := a.Media.Blobs.Open(ctx, siteID, m.FileID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			intact = false
			continue
		} else if err != nil {
			return false, nil, err
		}
		f.Close()
	}
	return intact, ids, nil
}

// demoPicture draws a 480×320 picture in the colours of the flag: a sky-blue field with a
// golden sun whose place differs per picture.
func demoPicture(n int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 480, 320))
	sky, gold := color.RGBA{0, 175, 202, 255}, color.RGBA{254, 197, 14, 255}
	cx, cy, r := 140+n*100, 150, 60
	for y := range 320 {
		for x := range 480 {
			c := sky
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy < r*r {
				c = gold
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// demoServices gives the demo school what a visitor can try at once: a feedback topic whose
// messages reach the demo owner, and an event with sign-up a fortnight ahead. Each is made
// only when the school has none.
func (a *App) demoServices(ctx context.Context, siteID int64) error {
	owner, err := a.DB.FindUserByEmail(ctx, DemoOwner)
	if err != nil {
		return err
	}
	if a.Feedback != nil {
		topics, err := a.Feedback.Topics(ctx, siteID)
		if err != nil {
			return err
		}
		if len(topics) == 0 {
			if err := a.DB.CreateFeedbackTopic(ctx, &sitecore.FeedbackTopic{SiteID: siteID,
				NameKK: "Жалпы сұрақтар", NameRU: "Общие вопросы", NameEN: "General questions",
				Recipients: []int64{owner.ID}}); err != nil {
				return err
			}
		}
	}
	if a.Events == nil {
		return nil
	}
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	evs, err := a.Events.List(ctx, op, siteID)
	if err != nil || len(evs) > 0 {
		return err
	}
	day := time.Now().In(sitecore.Almaty).AddDate(0, 0, 14)
	starts := time.Date(day.Year(), day.Month(), day.Day(), 15, 0, 0, 0, sitecore.Almaty)
	ends, closes := starts.Add(2*time.Hour), starts.Add(-24*time.Hour)
	place, capacity := "Акт залы / Актовый зал / Assembly hall", 60
	_, err = a.Events.Create(ctx, op, sitecore.Actor{Name: "demo"}, siteID, events.Input{
		Title: map[sitecore.Lang]string{sitecore.Kazakh: "Ата-аналар жиналысы", sitecore.Russian: "Родительское собрание",
			sitecore.English: "Parents' meeting"},
		Description: map[sitecore.Lang]string{sitecore.Kazakh: "<p>Жаңа оқу тоқсанының жоспары.</p>",
			sitecore.Russian: "<p>План новой четверти.</p>", sitecore.English: "<p>The plan of the new term.</p>"},
		StartsAt: &starts, EndsAt: &ends, SignupClosesAt: &closes, Place: &place, Capacity: &capacity})
	return err
}
