package site

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/media"
)

// Galleries of the control panel: the albums, a new album, and an album's page with its
// titles, photos uploaded straight into it (with progress bars under panel.js), YouTube or
// Vimeo embeds, captions per language, ordering by drag-and-drop with move up/down buttons
// as the fallback, publishing and deletion. Every action is media.Galleries', as in the
// JSON API.

var (
	galleriesPage = sitePage("galleries.html")
	albumPage     = sitePage("album.html")
)

// galleriesView is the model of the albums list.
type galleriesView struct {
	Albums  []albumRow
	Titles  []langText
	CanEdit bool
}

type albumRow struct {
	*sitecore.Album
	Name string
}

// PanelGalleries lists the albums; its form creates one.
func (s *Server) PanelGalleries(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionGalleries, "galleries")
	if !ok {
		return
	}
	v.UI = locale.PanelSite(v.Lang)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 32<<10)
		f := r.PostForm
		for k, vs := range f {
			v.Values[k] = vs[0]
		}
		slug := f.Get("slug")
		al, err := s.Galleries.Create(r.Context(), v.p, s.Actor(r), v.Site.ID, media.AlbumInput{Slug: &slug,
			Title: langForm(f.Get, "title", v.Site.Languages), Description: langForm(f.Get, "description", v.Site.Languages)})
		if err == nil {
			done(w, r, v.Path("galleries", strconv.FormatInt(al.ID, 10)), "created")
			return
		}
		status = v.fail(err)
	}
	as, err := s.Galleries.List(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	gv := &galleriesView{CanEdit: v.Can(string(sitecore.SectionGalleries), "edit")}
	for _, a := range as {
		gv.Albums = append(gv.Albums, albumRow{Album: a, Name: langPick(a.Title, v)})
	}
	gv.Titles = langFields(v, "title", nil)
	v.Title, v.Kind, v.Data = v.T("gal.title"), "galleries", gv
	s.renderPanel(w, r, status, galleriesPage, v)
}

// albumView is the model of an album's page.
type albumView struct {
	*sitecore.Album
	Name          string
	Self          string
	Titles        []langText
	Descriptions  []langText
	EmbedCaptions []langText
	Items         []itemRow
	Order         string
	CanEdit       bool
	CanUpload     bool // galleries:edit and media:edit: photos go to the library too
	CanPublish    bool
	Failed        []string
	Public        string
}

// itemRow is an album item with its caption fields.
type itemRow struct {
	sitecore.AlbumItem
	Captions []langText
	First    bool
	Last     bool
	Label    string
}

// PanelAlbum shows an album; its forms post here: op=album (titles), items (captions and
// order, move up/down, remove), embed, publish, unpublish, delete; and multipart uploads
// of photos that become items.
func (s *Server) PanelAlbum(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionGalleries, "galleries")
	if !ok {
		return
	}
	v.sortable()
	v.UI = locale.PanelSite(v.Lang)
	id := formID(chi.URLParam(r, "albumID"))
	self := v.Path("galleries", strconv.FormatInt(id, 10))
	status := http.StatusOK
	var failed []string
	if r.Method == http.MethodPost {
		var err error
		if isMultipart(r) {
			// Photos into the album: access to both sections is checked before the body is read.
			if err = sitecore.Authorize(v.p, v.Site.ID, sitecore.ActionEdit, sitecore.Resource{Section: sitecore.SectionGalleries}); err == nil {
				var res []uploadResult
				res, err = s.uploadMedia(w, r, v, func(in uploadPart, m *sitecore.MediaItem) error {
					_, err := s.Galleries.AddItem(r.Context(), v.p, s.Actor(r), v.Site.ID, id, media.ItemInput{MediaID: m.ID,
						Caption: langForm(in.Fields.Get, "caption", v.Site.Languages)})
					return err
				})
				if err == nil {
					if failed, err = s.uploadOutcome(w, r, v, res); err == nil && failed == nil {
						return
					}
				}
			}
		} else {
			var notice string
			notice, err = s.albumAction(w, r, v, id)
			if err == nil {
				if notice == "deleted" {
					done(w, r, v.Path("galleries"), notice)
				} else if strings.Contains(r.Header.Get("Accept"), "application/json") {
					w.Header().Set("Cache-Control", "no-store")
					s.WriteJSON(w, http.StatusOK, map[string]any{"saved": true})
				} else {
					done(w, r, self, notice)
				}
				return
			}
		}
		if err != nil {
			if strings.Contains(r.Header.Get("Accept"), "application/json") {
				s.Error(w, r, err)
				return
			}
			status = v.fail(err)
		} else {
			status = http.StatusBadRequest
		}
	}
	al, err := s.Galleries.Get(r.Context(), v.p, v.Site.ID, id)
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
		} else {
			s.ErrorPage(w, r, err)
		}
		return
	}
	av := &albumView{Album: al, Name: langPick(al.Title, v), Self: self, Failed: failed,
		CanEdit: v.Can(string(sitecore.SectionGalleries), "edit"), CanPublish: v.Can(string(sitecore.SectionGalleries), "publish")}
	if al.Published {
		av.Public = sitecore.AlbumPath(v.Lang, al.Slug)
		// Changing what visitors see needs galleries:publish.
		av.CanEdit = av.CanEdit && av.CanPublish
	}
	av.CanUpload = av.CanEdit && v.Can(string(sitecore.SectionMedia), "edit")
	av.Titles = langFields(v, "title", al.Title)
	av.Descriptions = langFields(v, "description", al.Description)
	av.EmbedCaptions = langFields(v, "embed_caption", nil)
	var order []string
	for i, it := range al.Items {
		key := "caption." + strconv.FormatInt(it.ID, 10)
		row := itemRow{AlbumItem: it, First: i == 0, Last: i == len(al.Items)-1, Captions: langFields(v, key, it.Caption)}
		row.Label = langPick(it.Caption, v)
		if row.Label == "" && it.Media != nil {
			row.Label = it.Media.Name
		}
		if row.Label == "" {
			row.Label = it.Provider + " " + it.VideoID
		}
		av.Items = append(av.Items, row)
		order = append(order, strconv.FormatInt(it.ID, 10))
	}
	av.Order = strings.Join(order, ",")
	v.Title, v.Kind, v.Data = av.Name, "album", av
	s.renderPanel(w, r, status, albumPage, v)
}

// albumAction applies one of the album page's forms and returns the notice to show.
func (s *Server) albumAction(w http.ResponseWriter, r *http.Request, v *panelView, id int64) (string, error) {
	readForm(w, r, 2<<20)
	f := r.PostForm
	for k, vs := range f {
		v.Values[k] = vs[0]
	}
	ctx, g, p, a, site := r.Context(), s.Galleries, v.p, s.Actor(r), v.Site.ID
	switch f.Get("op") {
	case "album":
		slug := f.Get("slug")
		_, err := g.Update(ctx, p, a, site, id, media.AlbumInput{Slug: &slug,
			Title: langForm(f.Get, "title", v.Site.Languages), Description: langForm(f.Get, "description", v.Site.Languages)})
		return "saved", err
	case "publish", "unpublish":
		_, err := g.Publish(ctx, p, a, site, id, f.Get("op") == "publish")
		return "saved", err
	case "delete":
		return "deleted", g.Delete(ctx, p, a, site, id)
	case "embed":
		_, err := g.AddItem(ctx, p, a, site, id, media.ItemInput{VideoURL: f.Get("video_url"),
			Caption: langForm(f.Get, "embed_caption", v.Site.Languages)})
		if e := sitecore.AsError(err); e.Field == "media_id" {
			e.Field = "video_url"
			return "", e
		}
		return "created", err
	case "order":
		_, err := g.Reorder(ctx, p, a, site, id, parseIDs(f.Get("order")))
		return "saved", err
	case "items":
		return "saved", s.saveItems(r, v, id)
	}
	return "", sitecore.Invalid("op", "field.unknown")
}

// saveItems applies the items form: a remove or move button if one was pressed, otherwise
// the changed captions and the order.
func (s *Server) saveItems(r *http.Request, v *panelView, id int64) error {
	ctx, g, p, a, site, f := r.Context(), s.Galleries, v.p, s.Actor(r), v.Site.ID, r.PostForm
	al, err := g.Get(ctx, p, site, id)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(al.Items))
	for _, it := range al.Items {
		ids = append(ids, it.ID)
	}
	if rm := formID(f.Get("remove")); rm > 0 {
		return g.DeleteItem(ctx, p, a, site, id, rm)
	}
	if mv := f.Get("move"); mv != "" {
		item, dir, _ := strings.Cut(mv, ":")
		i := slices.Index(ids, formID(item))
		j := i - 1
		if dir == "down" {
			j = i + 1
		}
		if i < 0 || j < 0 || j >= len(ids) {
			return sitecore.Invalid("move", "field.unknown")
		}
		ids[i], ids[j] = ids[j], ids[i]
		_, err := g.Reorder(ctx, p, a, site, id, ids)
		return err
	}
	for _, it := range al.Items {
		key := "caption." + strconv.FormatInt(it.ID, 10)
		caption := langForm(f.Get, key, v.Site.Languages)
		same := true
		for l, text := range caption {
			if strings.TrimSpace(text) != it.Caption[sitecore.Lang(l)] {
				same = false
			}
		}
		if same {
			continue
		}
		if _, err := g.UpdateItem(ctx, p, a, site, id, it.ID, caption); err != nil {
			if e := sitecore.AsError(err); strings.HasPrefix(e.Field, "caption.") {
				e.Field = key + strings.TrimPrefix(e.Field, "caption")
				return e
			}
			return err
		}
	}
	if order := parseIDs(f.Get("order")); len(order) > 0 && !slices.Equal(order, ids) {
		if _, err := g.Reorder(ctx, p, a, site, id, order); err != nil {
			return err
		}
	}
	return nil
}

// parseIDs reads "3,1,2".
func parseIDs(s string) []int64 {
	var out []int64
	for _, x := range strings.Split(s, ",") {
		if id := formID(strings.TrimSpace(x)); id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// langForm reads the per-language fields name.kk, name.ru, ... of a form.
func langForm(get func(string) string, name string, langs []sitecore.Lang) map[string]string {
	out := map[string]string{}
	for _, l := range langs {
		out[string(l)] = get(name + "." + string(l))
	}
	return out
}

// langFields are the per-language fields name.kk, ... with the stored texts (or what the
// user typed).
func langFields(v *panelView, name string, texts map[sitecore.Lang]string) []langText {
	var out []langText
	for _, l := range v.Site.Languages {
		key := name + "." + string(l)
		out = append(out, langText{Lang: l, Label: l.Native(), Name: key, Text: v.Val(key, texts[l])})
	}
	return out
}

// langPick is the text in the page's language, else the site's first, else any.
func langPick(texts map[sitecore.Lang]string, v *panelView) string {
	if t := texts[v.Lang]; t != "" {
		return t
	}
	if t := texts[v.Site.DefaultLang()]; t != "" {
		return t
	}
	for _, l := range v.Site.Languages {
		if t := texts[l]; t != "" {
			return t
		}
	}
	return ""
}
