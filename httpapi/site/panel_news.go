package site

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// News of the control panel: the list with filters (status, language, tag), the editor with
// every language side by side plus cover, tags, comments on/off, preview, publishing now or
// at a set time, and republishing another school's news picked from the platform's feed.
// Every action is cms.News', as in the JSON API.

var (
	newsListPage      = panelPage("news.html")
	newsEditPage      = panelPage("news_edit.html", "content_parts.html")
	newsRepublishPage = panelPage("news_republish.html")
)

// newsPageSize is how many rows one page of the list shows.
const newsPageSize = 50

// newsRow is one item of the list.
type newsRow struct {
	Key, Title         string
	Published, Changes bool
	Scheduled          string
	Date               string
	Tags               []string
	Missing            []string
	Source             string
}

// newsListView is the model of the news list.
type newsListView struct {
	Rows                []newsRow
	Status, Lang, Tag   string
	Statuses            []string
	Langs               []sitecore.Lang
	Tags                []string
	From, To            int
	Prev, Next          string
	CanEdit, CanPublish bool
}

// PanelNews lists the site's news, drafts included, newest first, a page at a time
// (?offset=), filtered by ?status=, ?lang=, ?tag= in the store. A page is one read of one
// more item than it shows (that one says whether a next page exists), without bodies and
// without counting every match.
func (s *Server) PanelNews(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionNews, "news")
	if !ok {
		return
	}
	q := r.URL.Query()
	lv := &newsListView{Status: q.Get("status"), Lang: q.Get("lang"), Tag: strings.ToLower(strings.TrimSpace(q.Get("tag"))),
		Statuses: []string{"draft", "published", "scheduled"}, Langs: v.Site.Languages,
		CanEdit: v.Can("news", "edit"), CanPublish: v.Can("news", "publish")}
	if !slices.Contains(lv.Statuses, lv.Status) {
		lv.Status = ""
	}
	if !slices.Contains(lv.Langs, sitecore.Lang(lv.Lang)) {
		lv.Lang = ""
	}
	offset := max(int(formID(q.Get("offset"))), 0)
	matches, err := s.News.Filter(r.Context(), v.p, v.Site.ID, sitecore.NewsFilter{Status: lv.Status, Lang: sitecore.Lang(lv.Lang), Tag: lv.Tag},
		offset, newsPageSize+1)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	more := len(matches) > newsPageSize
	if more {
		matches = matches[:newsPageSize]
	}
	tags := map[string]bool{}
	for _, n := range matches {
		for _, t := range n.Tags {
			tags[t] = true
		}
		row := newsRow{Key: n.Key, Title: newsTitle(n, v), Published: n.Published, Changes: n.Published && len(n.Draft) > 0, Tags: n.Tags,
			Missing: missingLangs(v, func(l sitecore.Lang) bool { _, ok := newsWorking(n, l); return ok })}
		if n.PublishAt != nil {
			row.Scheduled = v.When(*n.PublishAt)
		}
		if n.Published {
			row.Date = v.Day(n.PublishedAt)
		} else {
			row.Date = v.Day(n.UpdatedAt)
		}
		if n.Source != nil {
			row.Source = n.Source.SiteName[v.Lang]
		}
		lv.Rows = append(lv.Rows, row)
	}
	for t := range tags {
		lv.Tags = append(lv.Tags, t)
	}
	slices.Sort(lv.Tags)
	lv.From, lv.To = offset+1, offset+len(lv.Rows)
	link := func(at int) string {
		return "?status=" + url.QueryEscape(lv.Status) + "&lang=" + url.QueryEscape(lv.Lang) + "&tag=" + url.QueryEscape(lv.Tag) + "&offset=" + strconv.Itoa(at)
	}
	if offset > 0 {
		lv.Prev = link(max(offset-newsPageSize, 0))
	}
	if more {
		lv.Next = link(offset + newsPageSize)
	}
	v.Title, v.Kind, v.Data = v.T("news.title"), "news", lv
	s.renderPanel(w, r, http.StatusOK, newsListPage, v)
}

// newsWorking is the text an editor works on in l: the draft, else the published text.
func newsWorking(n *sitecore.News, l sitecore.Lang) (sitecore.NewsText, bool) {
	if t, ok := n.Draft[l]; ok {
		return t, true
	}
	t, ok := n.Text[l]
	return t, ok
}

func newsTitle(n *sitecore.News, v *panelView) string {
	if t, ok := newsWorking(n, v.Lang); ok && t.Title != "" {
		return t.Title
	}
	for _, l := range v.Site.Languages {
		if t, ok := newsWorking(n, l); ok && t.Title != "" {
			return t.Title
		}
	}
	return n.Key
}

// newsEditView is the model of the news editor (and of the new item form, Key empty).
type newsEditView struct {
	Key                 string
	New                 bool
	Langs               []editLang
	Images              []pickImage
	CoverID, CoverURL   string
	Tags                string
	Comments            bool
	Published, Changes  bool
	Scheduled           string
	Source              *sitecore.NewsSource
	SourceName          string
	SourceURL           string
	CanEdit, CanPublish bool
}

// PanelNewsNew creates a draft news item.
func (s *Server) PanelNewsNew(w http.ResponseWriter, r *http.Request) {
	s.newsEditor(w, r, "")
}

// PanelNewsEdit is the editor of one item. Its form posts op=save, publish, unpublish,
// schedule (with at), unschedule or delete; publish and schedule save first.
func (s *Server) PanelNewsEdit(w http.ResponseWriter, r *http.Request) {
	s.newsEditor(w, r, chi.URLParam(r, "key"))
}

func (s *Server) newsEditor(w http.ResponseWriter, r *http.Request, key string) {
	v, ok := s.contentEnter(w, r, sitecore.SectionNews, "news")
	if !ok {
		return
	}
	v.editor()
	var n *sitecore.News
	if key != "" {
		var err error
		if n, err = s.News.Get(r.Context(), v.p, v.Site.ID, key); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	} else if !v.Can("news", "edit") {
		s.ErrorPage(w, r, sitecore.Authorize(v.p, v.Site.ID, sitecore.ActionEdit, sitecore.Resource{Section: sitecore.SectionNews}))
		return
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 2<<20)
		for k, vs := range r.PostForm {
			v.Values[k] = vs[0]
		}
		if !r.PostForm.Has("comments") {
			v.Values["comments"] = ""
		}
		to, notice, err := s.newsAction(r, v, n)
		if err == nil {
			done(w, r, to, notice)
			return
		}
		status = v.fail(err)
		if key != "" {
			if n, err = s.News.Get(r.Context(), v.p, v.Site.ID, key); err != nil {
				s.ErrorPage(w, r, err)
				return
			}
		}
	}
	ev := &newsEditView{Key: key, New: n == nil, CanEdit: v.Can("news", "edit"), CanPublish: v.Can("news", "publish"),
		Images: s.contentImages(r, v), Comments: true}
	if n != nil {
		ev.CoverID, ev.CoverURL, ev.Tags, ev.Comments = n.CoverID, n.CoverURL, strings.Join(n.Tags, ", "), !n.NoComments
		ev.Published, ev.Changes, ev.Source = n.Published, n.Published && len(n.Draft) > 0, n.Source
		if n.PublishAt != nil {
			ev.Scheduled = v.When(*n.PublishAt)
		}
		if n.Source != nil {
			ev.CanEdit = false
			ev.SourceName, ev.SourceURL = n.Source.SiteName[v.Lang], n.Source.URL[v.Lang]
			for _, l := range v.Site.Languages {
				if ev.SourceName == "" {
					ev.SourceName, ev.SourceURL = n.Source.SiteName[l], n.Source.URL[l]
				}
			}
		}
	}
	ev.CoverID = v.Val("cover_id", ev.CoverID)
	ev.Tags = v.Val("tags", ev.Tags)
	if c, ok := v.Values["comments"]; ok {
		ev.Comments = c != ""
	}
	for _, l := range v.Site.Languages {
		var t sitecore.NewsText
		has := false
		if n != nil {
			t, has = newsWorking(n, l)
		}
		ev.Langs = append(ev.Langs, editLang{Lang: l, Name: l.Native(), Title: v.Val(fieldOf(l, "title"), t.Title),
			Slug: v.Val(fieldOf(l, "slug"), t.Slug), Summary: v.Val(fieldOf(l, "summary"), t.Summary),
			Body: v.Val(fieldOf(l, "body"), t.Body), Missing: n != nil && !has})
	}
	v.Title, v.Kind, v.Data = v.T("news.new"), "news-edit", ev
	if n != nil {
		v.Title = newsTitle(n, v)
	}
	s.renderPanel(w, r, status, newsEditPage, v)
}

func newsTextFrom(get func(string) string, l sitecore.Lang) cms.NewsText {
	return cms.NewsText{Title: strings.TrimSpace(get(fieldOf(l, "title"))), Slug: strings.TrimSpace(get(fieldOf(l, "slug"))),
		Summary: strings.TrimSpace(get(fieldOf(l, "summary"))), Body: get(fieldOf(l, "body"))}
}

// newsInput reads the editor's form: the languages whose text was given and changed, the
// cover, tags and comments.
func newsInput(r *http.Request, v *panelView, n *sitecore.News) cms.NewsInput {
	f := r.PostForm
	in := cms.NewsInput{Key: strings.TrimSpace(f.Get("key")), Text: map[string]cms.NewsText{}}
	for _, l := range v.Site.Languages {
		if !f.Has(fieldOf(l, "title")) {
			continue
		}
		t := newsTextFrom(f.Get, l)
		if t.Title == "" && t.Slug == "" && strings.TrimSpace(cms.PlainText(t.Body)) == "" {
			continue
		}
		if n != nil {
			if cur, ok := newsWorking(n, l); ok && cur.Title == t.Title && cur.Slug == t.Slug && cur.Body == cms.RichText(t.Body) &&
				(t.Summary == "" || t.Summary == cur.Summary) {
				continue
			}
		}
		in.Text[string(l)] = t
	}
	if f.Has("cover_id") {
		cover := f.Get("cover_id")
		in.CoverID = &cover
	}
	if f.Has("tags") { // the settings were on the form: an unticked box is "no comments"
		tags := []string{}
		for t := range strings.SplitSeq(f.Get("tags"), ",") {
			if t = strings.TrimSpace(t); t != "" {
				tags = append(tags, t)
			}
		}
		in.Tags = &tags
		noComments := !f.Has("comments")
		in.NoComments = &noComments
	}
	return in
}

func (s *Server) newsAction(r *http.Request, v *panelView, n *sitecore.News) (string, string, error) {
	ctx, a, f := r.Context(), s.Actor(r), r.PostForm
	op := f.Get("op")
	if n == nil {
		in := newsInput(r, v, nil)
		created, err := s.News.Create(ctx, v.p, a, v.Site.ID, in)
		if err != nil {
			return "", "", err
		}
		n = created
		if op == "save" || op == "" {
			return v.Path("news", n.Key), "created", nil
		}
	} else if op == "save" || op == "publish" || op == "schedule" {
		if n.Source == nil {
			if _, err := s.News.Update(ctx, v.p, a, v.Site.ID, n.Key, newsInput(r, v, n)); err != nil {
				return "", "", err
			}
		}
	}
	here := v.Path("news", n.Key)
	switch op {
	case "save":
		return here, "saved", nil
	case "publish", "unpublish":
		_, err := s.News.SetPublished(ctx, v.p, a, v.Site.ID, n.Key, op == "publish")
		return here, op + "ed", err
	case "schedule":
		at, err := parseLocalTime("at", f.Get("at"))
		if err == nil {
			_, err = s.News.Schedule(ctx, v.p, a, v.Site.ID, n.Key, at)
		}
		return here, "scheduled", err
	case "unschedule":
		_, err := s.News.Unschedule(ctx, v.p, a, v.Site.ID, n.Key)
		return here, "unscheduled", err
	case "delete":
		return v.Path("news"), "deleted", s.News.Delete(ctx, v.p, a, v.Site.ID, n.Key)
	}
	return "", "", sitecore.Invalid("op", "field.unknown")
}

// PanelNewsPreview shows an item's working text in one language.
func (s *Server) PanelNewsPreview(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionNews, "news")
	if !ok {
		return
	}
	n, err := s.News.Get(r.Context(), v.p, v.Site.ID, chi.URLParam(r, "key"))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	l := sitecore.Lang(r.URL.Query().Get("l"))
	if !v.Site.HasLang(l) {
		l = v.Lang
	}
	t, _ := newsWorking(n, l)
	v.Title, v.Kind = t.Title, "preview"
	if v.Title == "" {
		v.Title = n.Key
	}
	v.Data = previewView{Lang: l, Title: t.Title, Summary: t.Summary, Body: t.Body, Cover: n.CoverURL,
		Back: v.Path("news", n.Key), Missing: t.Title == ""}
	s.renderPanel(w, r, http.StatusOK, contentPreview, v)
}

// republishView is the model of the republish page: other schools' published news.
type republishView struct {
	Q     string
	Items []cms.FeedItem
	More  string
}

// PanelNewsRepublish searches the platform's feed of other schools' news (?q= in the
// title or the school's name, ?before= pages back) and republishes the one picked (POST
// source_site, source_key).
func (s *Server) PanelNewsRepublish(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionNews, "news")
	if !ok {
		return
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 4<<10)
		_, err := s.News.Republish(r.Context(), v.p, s.Actor(r), v.Site.ID, formID(r.PostForm.Get("source_site")), r.PostForm.Get("source_key"))
		if err == nil {
			done(w, r, v.Path("news"), "republished")
			return
		}
		status = v.fail(err)
	}
	q := r.URL.Query()
	rv := &republishView{Q: strings.TrimSpace(q.Get("q"))}
	var before time.Time
	if b, err := time.Parse(time.RFC3339, q.Get("before")); err == nil {
		before = b
	}
	needle := strings.ToLower(rv.Q)
	// Read the feed back in pages until 50 matches or 1,000 items were looked at.
	for range 10 {
		items, err := s.News.Feed(r.Context(), v.p, v.Lang, before, 100)
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		for _, it := range items {
			if it.SiteID == v.Site.ID {
				continue
			}
			if needle == "" || strings.Contains(strings.ToLower(it.Title), needle) || strings.Contains(strings.ToLower(it.SiteName), needle) {
				rv.Items = append(rv.Items, it)
			}
		}
		if len(items) < 100 || len(rv.Items) >= 50 {
			if len(items) == 100 {
				rv.More = "?q=" + url.QueryEscape(rv.Q) + "&before=" + url.QueryEscape(items[len(items)-1].PublishedAt.Format(time.RFC3339))
			}
			break
		}
		before = items[len(items)-1].PublishedAt
	}
	v.Title, v.Kind, v.Data = v.T("news.republish"), "republish", rv
	s.renderPanel(w, r, status, newsRepublishPage, v)
}
