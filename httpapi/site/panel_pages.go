package site

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/locale"
)

// Pages of the control panel: the page tree (drag-and-drop with panel-editor.js, move
// up/down buttons without it), the editor with every language side by side, preview,
// publishing now or at a set time, and the revisions with a diff and restore. Every action
// is cms.Pages', as in the JSON API, so page-subtree delegations apply; the templates use
// v.CanPage only to leave disabled what the service would refuse.

var (
	pagesTreePage    = panelPage("pages.html", "content_parts.html")
	pageEditPage     = panelPage("pages_edit.html", "content_parts.html")
	pageRevisionPage = panelPage("pages_revisions.html")
	contentPreview   = panelPage("content_preview.html")
)

// contentEnter is panelEnter for the content sections, with their own strings. The pages
// that need more than the shell's script say so (sortable, editor).
func (s *Server) contentEnter(w http.ResponseWriter, r *http.Request, section sitecore.Section, name string) (*panelView, bool) {
	v, ok := s.panelEnter(w, r, section, name)
	if !ok {
		return nil, false
	}
	v.UI = locale.PanelContent(v.Lang)
	if d := r.URL.Query().Get("done"); d != "" {
		v.Notice = v.T("done." + d)
	}
	return v, true
}

// sortable adds the drag-and-drop script (SortableJS) to the page.
func (v *panelView) sortable() { v.PageJS = frontend.Path("panel-sort.js") }

// editor adds the rich-text editor (Quill) to the page.
func (v *panelView) editor() {
	v.PageCSS, v.PageJS = frontend.Path("panel-editor.css"), frontend.Path("panel-editor.js")
}

// EditorLabels are the names of the rich-text editor's buttons in the page language, as
// JSON for panel-editor.js (data-ql-labels).
func (v *panelView) EditorLabels() string {
	out := map[string]string{}
	for k, s := range v.UI {
		if name, ok := strings.CutPrefix(k, "ql."); ok {
			out[name] = s
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// pageNode is a page in the tree as the list shows it.
type pageNode struct {
	Key, Title  string
	Home        bool
	Published   bool
	HasDraft    bool
	Hidden      bool
	Scheduled   string
	Missing     []string // the site languages without text, in their own names
	CanEdit     bool
	First, Last bool
	Children    []*pageNode
	Path        []string
	V           *panelView
	parent      string
}

// pagesView is the model of the tree page.
type pagesView struct {
	Home     *pageNode
	Roots    []*pageNode
	Parents  []parentOption // where a new page may go
	CanTop   bool           // may create pages at the top of the tree
	CanMove  bool           // may move something
	Editable bool           // may create under some page
}

type parentOption struct {
	Key, Label string
	Selected   bool
}

// PanelPages shows the tree; its forms post here: op=up / op=down (key), op=place (key,
// parent, position — the drag-and-drop's hidden form).
func (s *Server) PanelPages(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionPages, "pages")
	if !ok {
		return
	}
	v.sortable()
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 16<<10)
		if err := s.pagesAction(r, v); err != nil {
			status = v.fail(err)
		} else {
			done(w, r, v.Path("pages"), "moved")
			return
		}
	}
	pv, err := s.pageTree(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Title, v.Kind, v.Data = v.T("pages.title"), "pages", pv
	s.renderPanel(w, r, status, pagesTreePage, v)
}

// pagesAction runs a move of the tree page's forms.
func (s *Server) pagesAction(r *http.Request, v *panelView) error {
	f := r.PostForm
	key := f.Get("key")
	switch f.Get("op") {
	case "up", "down":
		all, err := s.Pages.Outline(r.Context(), v.p, v.Site.ID)
		if err != nil {
			return err
		}
		pg := findPage(all, key)
		if pg == nil { // not one the user may see: the service says why
			if _, err := s.Pages.Get(r.Context(), v.p, v.Site.ID, key); err != nil {
				return err
			}
			return sitecore.Invalid("key", "not_found.page")
		}
		var sibs []string
		for _, o := range sortedPages(all) {
			if o.Parent == pg.Parent && o.Kind != sitecore.PageHome {
				sibs = append(sibs, o.Key)
			}
		}
		i := slices.Index(sibs, key)
		if f.Get("op") == "up" {
			i--
		} else {
			i++
		}
		if i < 0 || i >= len(sibs) {
			return nil // already first or last
		}
		_, err = s.Pages.Place(r.Context(), v.p, s.Actor(r), v.Site.ID, key, cms.Placement{Position: &i})
		return err
	case "place":
		in := cms.Placement{}
		if _, ok := f["parent"]; ok {
			parent := f.Get("parent")
			in.Parent = &parent
		}
		if p := f.Get("position"); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil {
				return sitecore.Invalid("position", "field.type", "want", "int")
			}
			in.Position = &n
		}
		_, err := s.Pages.Place(r.Context(), v.p, s.Actor(r), v.Site.ID, key, in)
		return err
	}
	return sitecore.Invalid("op", "field.unknown")
}

func findPage(all []*sitecore.Page, key string) *sitecore.Page {
	for _, pg := range all {
		if pg.Key == key {
			return pg
		}
	}
	return nil
}

func sortedPages(all []*sitecore.Page) []*sitecore.Page {
	out := slices.Clone(all)
	slices.SortStableFunc(out, func(a, b *sitecore.Page) int { return a.Position - b.Position })
	return out
}

// pageTitle is the page's title in the panel's language, else in the first language it has.
func pageTitle(pg *sitecore.Page, v *panelView) string {
	if t, ok := pg.Working(v.Lang); ok && t.Title != "" {
		return t.Title
	}
	for _, l := range v.Site.Languages {
		if t, ok := pg.Working(l); ok && t.Title != "" {
			return t.Title
		}
	}
	return pg.Key
}

// missingLangs are the site's languages in which the page has no text.
func missingLangs(v *panelView, has func(sitecore.Lang) bool) []string {
	var out []string
	for _, l := range v.Site.Languages {
		if !has(l) {
			out = append(out, l.Native())
		}
	}
	return out
}

// pageTree builds the tree of the pages the user may see, with what they may do on each.
func (s *Server) pageTree(r *http.Request, v *panelView) (*pagesView, error) {
	all, err := s.Pages.Outline(r.Context(), v.p, v.Site.ID)
	if err != nil {
		return nil, err
	}
	all = sortedPages(all)
	parent := map[string]string{}
	for _, pg := range all {
		parent[pg.Key] = pg.Parent
	}
	nodes := map[string]*pageNode{}
	pv := &pagesView{CanTop: v.CanPage("edit", nil)}
	for _, pg := range all {
		var path []string
		for k := pg.Key; k != "" && len(path) < 32; k = parent[k] {
			path = append([]string{k}, path...)
		}
		n := &pageNode{Key: pg.Key, Title: pageTitle(pg, v), Home: pg.Kind == sitecore.PageHome, Published: pg.Published,
			HasDraft: pg.Published && len(pg.Draft) > 0, Hidden: pg.Hidden, Path: path, V: v,
			CanEdit: v.CanPage("edit", path)}
		if pg.PublishAt != nil {
			n.Scheduled = v.When(*pg.PublishAt)
		}
		n.Missing = missingLangs(v, func(l sitecore.Lang) bool { _, ok := pg.Working(l); return ok })
		nodes[pg.Key] = n
		if n.CanEdit {
			pv.Editable = true
			pv.CanMove = pv.CanMove || !n.Home
			if len(path) < 8 {
				pv.Parents = append(pv.Parents, parentOption{Key: pg.Key, Label: strings.Repeat("— ", len(path)-1) + n.Title})
			}
		}
	}
	for _, pg := range all {
		n := nodes[pg.Key]
		switch p, ok := nodes[pg.Parent]; {
		case n.Home:
			pv.Home = n
		case ok:
			p.Children = append(p.Children, n)
		default:
			pv.Roots = append(pv.Roots, n)
		}
	}
	var mark func([]*pageNode)
	mark = func(ns []*pageNode) {
		for i, n := range ns {
			n.First, n.Last = i == 0, i == len(ns)-1
			mark(n.Children)
		}
	}
	mark(pv.Roots)
	// Parents listed in tree order.
	order := map[string]int{}
	i := 0
	var walk func([]*pageNode)
	walk = func(ns []*pageNode) {
		for _, n := range ns {
			order[n.Key] = i
			i++
			walk(n.Children)
		}
	}
	if pv.Home != nil {
		order[pv.Home.Key] = -1
	}
	walk(pv.Roots)
	slices.SortStableFunc(pv.Parents, func(a, b parentOption) int { return order[a.Key] - order[b.Key] })
	return pv, nil
}

// langText is one language's column of an editor.
type editLang struct {
	Lang       sitecore.Lang
	Name       string
	Title      string
	Slug       string
	Body       string
	Summary    string
	Desc       string
	SEOTitle   string
	Missing    bool
	Home       bool
	PublicPath string
}

// pageEditView is the model of the page editor (and of the new page form, Key empty).
type pageEditView struct {
	Key        string
	New        bool
	Langs      []editLang
	Node       *pageNode
	Parents    []parentOption
	CanEdit    bool
	CanPublish bool
	Images     []pickImage
	Revisions  int
	CanTop     bool
}

// pickImage is an image of the media library the editor can insert.
type pickImage struct {
	ID, Name, URL, Thumb string
}

// contentImages are the site's images for the picker (none when the user may not see the
// media library).
func (s *Server) contentImages(r *http.Request, v *panelView) []pickImage {
	if s.Media == nil || !v.Can("media", "view") {
		return nil
	}
	page, err := s.Media.List(r.Context(), v.p, v.Site.ID, sitecore.MediaFilter{Kind: sitecore.MediaImage, Limit: 60})
	if err != nil {
		return nil
	}
	out := make([]pickImage, 0, len(page.Items))
	for _, m := range page.Items {
		thumb := m.ThumbURL
		if thumb == "" {
			thumb = m.URL
		}
		out = append(out, pickImage{ID: m.ID, Name: m.Name, URL: m.URL, Thumb: thumb})
	}
	return out
}

// PanelPageNew creates a draft page: a key, a parent and the text in at least one language.
func (s *Server) PanelPageNew(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionPages, "pages")
	if !ok {
		return
	}
	v.editor()
	status := http.StatusOK
	ev := &pageEditView{New: true, CanEdit: true, CanTop: v.CanPage("edit", nil), Images: s.contentImages(r, v)}
	if r.Method == http.MethodPost {
		readForm(w, r, 1<<20)
		f := r.PostForm
		for k, vs := range f {
			v.Values[k] = vs[0]
		}
		in := cms.NewPage{Key: strings.TrimSpace(f.Get("key")), Parent: f.Get("parent"), Text: map[string]cms.PageText{}}
		for _, l := range v.Site.Languages {
			t := pageTextFrom(f.Get, l)
			if t.Title != "" || t.Slug != "" || t.Body != "" {
				in.Text[string(l)] = t
			}
		}
		pg, err := s.Pages.Create(r.Context(), v.p, s.Actor(r), v.Site.ID, in)
		if err == nil {
			done(w, r, v.Path("pages", pg.Key), "created")
			return
		}
		status = v.fail(err)
	}
	pv, err := s.pageTree(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	ev.Parents = pv.Parents
	sel := v.Val("parent", r.URL.Query().Get("parent"))
	for i := range ev.Parents {
		ev.Parents[i].Selected = ev.Parents[i].Key == sel
	}
	for _, l := range v.Site.Languages {
		ev.Langs = append(ev.Langs, editLang{Lang: l, Name: l.Native(), Title: v.Val(fieldOf(l, "title"), ""),
			Slug: v.Val(fieldOf(l, "slug"), ""), Body: v.Val(fieldOf(l, "body"), "")})
	}
	v.Title, v.Kind, v.Data = v.T("pages.new"), "page-new", ev
	s.renderPanel(w, r, status, pageEditPage, v)
}

// fieldOf is the form field of a language's text: text.kk.title.
func fieldOf(l sitecore.Lang, name string) string { return "text." + string(l) + "." + name }

func pageTextFrom(get func(string) string, l sitecore.Lang) cms.PageText {
	return cms.PageText{Title: strings.TrimSpace(get(fieldOf(l, "title"))), Slug: strings.TrimSpace(get(fieldOf(l, "slug"))),
		Body: get(fieldOf(l, "body")), Description: strings.TrimSpace(get(fieldOf(l, "description"))),
		SEOTitle: strings.TrimSpace(get(fieldOf(l, "seo_title")))}
}

// PanelPageEdit is the editor of one page. Its form posts op=save, publish, unpublish,
// schedule (with at), unschedule, place (parent) or delete; publish and schedule save the
// texts first.
func (s *Server) PanelPageEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionPages, "pages")
	if !ok {
		return
	}
	v.editor()
	key := chi.URLParam(r, "key")
	pg, err := s.Pages.Get(r.Context(), v.p, v.Site.ID, key)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 2<<20)
		f := r.PostForm
		for k, vs := range f {
			v.Values[k] = vs[0]
		}
		to, notice, err := s.pageAction(r, v, pg)
		if err == nil {
			done(w, r, to, notice)
			return
		}
		status = v.fail(err)
		if pg, err = s.Pages.Get(r.Context(), v.p, v.Site.ID, key); err != nil { // deleted meanwhile
			s.ErrorPage(w, r, err)
			return
		}
	}
	pv, err := s.pageTree(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	node := findNode(pv, key)
	if node == nil {
		s.NotFound(w, r)
		return
	}
	ev := &pageEditView{Key: key, Node: node, CanEdit: node.CanEdit, CanPublish: v.CanPage("publish", node.Path),
		Images: s.contentImages(r, v), Revisions: pg.Revision, CanTop: v.CanPage("edit", nil)}
	for _, o := range pv.Parents {
		if !slices.Contains(pathOfOption(pv, o.Key), key) {
			o.Selected = o.Key == pg.Parent
			ev.Parents = append(ev.Parents, o)
		}
	}
	for _, l := range v.Site.Languages {
		t, has := pg.Working(l)
		el := editLang{Lang: l, Name: l.Native(), Title: v.Val(fieldOf(l, "title"), t.Title), Slug: v.Val(fieldOf(l, "slug"), t.Slug),
			Body: v.Val(fieldOf(l, "body"), t.Body), Desc: v.Val(fieldOf(l, "description"), t.Description),
			SEOTitle: v.Val(fieldOf(l, "seo_title"), t.SEOTitle), Missing: !has, Home: pg.Kind == sitecore.PageHome}
		if pt, ok := pg.Text[l]; ok && pg.Published {
			el.PublicPath = cms.PagePath(l, pt.Slug)
		}
		ev.Langs = append(ev.Langs, el)
	}
	v.Title, v.Kind, v.Data = node.Title, "page-edit", ev
	s.renderPanel(w, r, status, pageEditPage, v)
}

func findNode(pv *pagesView, key string) *pageNode {
	if pv.Home != nil && pv.Home.Key == key {
		return pv.Home
	}
	var find func([]*pageNode) *pageNode
	find = func(ns []*pageNode) *pageNode {
		for _, n := range ns {
			if n.Key == key {
				return n
			}
			if m := find(n.Children); m != nil {
				return m
			}
		}
		return nil
	}
	return find(pv.Roots)
}

func pathOfOption(pv *pagesView, key string) []string {
	if n := findNode(pv, key); n != nil {
		return n.Path
	}
	return nil
}

// pageAction runs the editor's op and says where to go next.
func (s *Server) pageAction(r *http.Request, v *panelView, pg *sitecore.Page) (string, string, error) {
	ctx, a, f, key := r.Context(), s.Actor(r), r.PostForm, pg.Key
	here := v.Path("pages", key)
	op := f.Get("op")
	switch op {
	case "save", "publish", "schedule":
		if err := s.savePageTexts(r, v, pg); err != nil {
			return "", "", err
		}
	}
	switch op {
	case "save":
		return here, "saved", nil
	case "publish", "unpublish":
		_, err := s.Pages.SetPublished(ctx, v.p, a, v.Site.ID, key, op == "publish")
		return here, op + "ed", err
	case "schedule":
		at, err := parseLocalTime("at", f.Get("at"))
		if err == nil {
			_, err = s.Pages.Schedule(ctx, v.p, a, v.Site.ID, key, at)
		}
		return here, "scheduled", err
	case "unschedule":
		_, err := s.Pages.Unschedule(ctx, v.p, a, v.Site.ID, key)
		return here, "unscheduled", err
	case "place":
		parent := f.Get("parent")
		_, err := s.Pages.Place(ctx, v.p, a, v.Site.ID, key, cms.Placement{Parent: &parent})
		return here, "moved", err
	case "delete":
		return v.Path("pages"), "deleted", s.Pages.Delete(ctx, v.p, a, v.Site.ID, key)
	}
	return "", "", sitecore.Invalid("op", "field.unknown")
}

// savePageTexts saves every language whose submitted text differs from the working one
// (a language left empty is left alone). A refused field is named as the form names it.
func (s *Server) savePageTexts(r *http.Request, v *panelView, pg *sitecore.Page) error {
	for _, l := range v.Site.Languages {
		if !r.PostForm.Has(fieldOf(l, "title")) {
			continue // the form did not show this language's text
		}
		t := pageTextFrom(r.PostForm.Get, l)
		cur, has := pg.Working(l)
		if !has && t.Title == "" && t.Slug == "" && strings.TrimSpace(cms.PlainText(t.Body)) == "" {
			continue
		}
		if has && cur.Title == t.Title && (cur.Slug == t.Slug || pg.Kind == sitecore.PageHome) && cur.Body == cms.RichText(t.Body) &&
			cur.Description == t.Description && cur.SEOTitle == t.SEOTitle {
			continue
		}
		if _, err := s.Pages.Update(r.Context(), v.p, s.Actor(r), v.Site.ID, pg.Key, string(l), t); err != nil {
			return prefixField(err, "text."+string(l)+".")
		}
	}
	return nil
}

// prefixField names a refused field of one language's text as the form does.
func prefixField(err error, prefix string) error {
	e := sitecore.AsError(err)
	if e.Field == "" || e.Field == "lang" || strings.HasPrefix(e.Field, "text.") {
		return err
	}
	c := *e
	c.Field = prefix + e.Field
	return &c
}

// PanelPagePreview shows a page's working text (the draft) in one language, as the editor
// will publish it.
func (s *Server) PanelPagePreview(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionPages, "pages")
	if !ok {
		return
	}
	pg, err := s.Pages.Get(r.Context(), v.p, v.Site.ID, chi.URLParam(r, "key"))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	l := sitecore.Lang(r.URL.Query().Get("l"))
	if !v.Site.HasLang(l) {
		l = v.Lang
	}
	t, _ := pg.Working(l)
	v.Title, v.Kind = t.Title, "preview"
	if v.Title == "" {
		v.Title = pg.Key
	}
	v.Data = previewView{Lang: l, Title: t.Title, Body: t.Body, Back: v.Path("pages", pg.Key), Missing: t.Title == ""}
	s.renderPanel(w, r, http.StatusOK, contentPreview, v)
}

// previewView is a text shown as visitors would read it.
type previewView struct {
	Lang           sitecore.Lang
	Title, Body    string
	Summary, Cover string
	Back           string
	Missing        bool
}

// revisionsView is the model of a page's or a news item's revisions.
type revisionsView struct {
	Key     string
	Section string // "pages" or "news": where the edit link leads
	Revs    []*sitecore.PageRevision
	Rev     int
	Diff    []langDiff
	CanEdit bool
}

type langDiff struct {
	Name  string
	Lines []diffLine
	Same  bool
}

type diffLine struct {
	Op   string // "", "del" (only in the current text), "ins" (only in the revision)
	Text string
}

// revisioned is what the revisions page needs of a page or a news item.
type revisioned struct {
	section sitecore.Section
	title   string                                          // the item's title, for the heading
	working func(l sitecore.Lang) (sitecore.PageText, bool) // the current text, as a revision holds it
	revs    func() ([]*sitecore.PageRevision, error)
	restore func(rev int) error
	canEdit bool
}

// PanelPageRevisions lists a page's revisions; ?rev= compares one with the current text;
// POST rev restores it as the working text.
func (s *Server) PanelPageRevisions(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionPages, "pages")
	if !ok {
		return
	}
	key := chi.URLParam(r, "key")
	pg, err := s.Pages.Get(r.Context(), v.p, v.Site.ID, key)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	path, _ := s.Content.PagePath(r.Context(), v.Site.ID, key)
	s.panelRevisions(w, r, v, key, &revisioned{section: sitecore.SectionPages, title: pageTitle(pg, v), working: pg.Working,
		revs: func() ([]*sitecore.PageRevision, error) { return s.Pages.Revisions(r.Context(), v.p, v.Site.ID, key) },
		restore: func(rev int) error {
			_, err := s.Pages.Restore(r.Context(), v.p, s.Actor(r), v.Site.ID, key, rev)
			return err
		},
		canEdit: v.CanPage("edit", path)})
}

// PanelNewsRevisions is PanelPageRevisions for a news item (its texts; the summary is
// compared and restored with them).
func (s *Server) PanelNewsRevisions(w http.ResponseWriter, r *http.Request) {
	v, ok := s.contentEnter(w, r, sitecore.SectionNews, "news")
	if !ok {
		return
	}
	key := chi.URLParam(r, "key")
	n, err := s.News.Get(r.Context(), v.p, v.Site.ID, key)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.panelRevisions(w, r, v, key, &revisioned{section: sitecore.SectionNews, title: newsTitle(n, v),
		working: func(l sitecore.Lang) (sitecore.PageText, bool) {
			t, ok := newsWorking(n, l)
			return sitecore.PageText{Title: t.Title, Slug: t.Slug, Body: t.Body, Description: t.Summary}, ok
		},
		revs: func() ([]*sitecore.PageRevision, error) { return s.News.Revisions(r.Context(), v.p, v.Site.ID, key) },
		restore: func(rev int) error {
			_, err := s.News.Restore(r.Context(), v.p, s.Actor(r), v.Site.ID, key, rev)
			return err
		},
		canEdit: v.Can("news", "edit") && n.Source == nil})
}

// panelRevisions shows the revisions of item key and restores one on POST (back to the
// editor).
func (s *Server) panelRevisions(w http.ResponseWriter, r *http.Request, v *panelView, key string, it *revisioned) {
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 4<<10)
		if err := it.restore(int(formID(r.PostForm.Get("rev")))); err == nil {
			done(w, r, v.Path(string(it.section), key), "restored")
			return
		} else {
			status = v.fail(err)
		}
	}
	revs, err := it.revs()
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	rv := &revisionsView{Key: key, Section: string(it.section), Revs: revs, CanEdit: it.canEdit}
	if rev := int(formID(r.URL.Query().Get("rev"))); rev > 0 {
		for _, x := range revs {
			if x.Rev == rev {
				rv.Rev = rev
				for _, l := range v.Site.Languages {
					cur, _ := it.working(l)
					d := textDiff(textLines(cur), textLines(x.Text[l]))
					same := true
					for _, dl := range d {
						same = same && dl.Op == ""
					}
					rv.Diff = append(rv.Diff, langDiff{Name: l.Native(), Lines: d, Same: same})
				}
			}
		}
	}
	v.Title, v.Kind, v.Data = v.T("rev.title")+": "+it.title, "revisions", rv
	s.renderPanel(w, r, status, pageRevisionPage, v)
}

var blockEnd = regexp.MustCompile(`(?i)</(p|h[1-6]|li|blockquote|div|figure|figcaption|tr|pre)>|<br\s*/?>|<img[^>]*>`)

// textLines is a text as lines to compare: the title, a news item's summary, then the
// body's blocks as plain text (an image as its address).
func textLines(t sitecore.PageText) []string {
	var out []string
	if t.Title != "" {
		out = append(out, t.Title)
	}
	if t.Description != "" {
		out = append(out, t.Description)
	}
	body := blockEnd.ReplaceAllStringFunc(t.Body, func(m string) string {
		if strings.HasPrefix(strings.ToLower(m), "<img") {
			if src := regexp.MustCompile(`src="([^"]*)"`).FindStringSubmatch(m); src != nil {
				return "\n[" + src[1] + "]\n"
			}
		}
		return "\n"
	})
	for _, line := range strings.Split(body, "\n") {
		if line = cms.PlainText(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// textDiff is a line diff of a (current) and b (revision) by their longest common
// subsequence; long texts compare their first 2,000 lines.
func textDiff(a, b []string) []diffLine {
	a, b = a[:min(len(a), 2000)], b[:min(len(b), 2000)]
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{Text: a[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, diffLine{Op: "del", Text: a[i]})
			i++
		default:
			out = append(out, diffLine{Op: "ins", Text: b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, diffLine{Op: "del", Text: a[i]})
	}
	for ; j < m; j++ {
		out = append(out, diffLine{Op: "ins", Text: b[j]})
	}
	return out
}
