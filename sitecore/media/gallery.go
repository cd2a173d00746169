package media

import (
	"context"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Galleries manages a site's photo and video albums (section "galleries"). Editing needs
// galleries:edit; publishing, and any change to an album visitors already see, needs
// galleries:publish, so a delegate with edit rights prepares albums that someone with
// publish rights puts online.
type Galleries struct {
	Store sitecore.GalleryStore
	Media sitecore.MediaStore
	Sites sitecore.SiteStore
	Audit Auditor
	Index sitecore.SearchIndexer // may be nil
	// OnChange is told about every change so caches drop the site's pages.
	OnChange func(siteID int64)
}

var galleryResource = sitecore.Resource{Section: sitecore.SectionGalleries}

// Limits of albums.
const (
	maxAlbumTitle       = 200
	maxAlbumDescription = 2000
	maxCaption          = 500
	maxAlbumItems       = 500
)

var albumSlugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// AlbumInput is an album as an editor submits it; absent fields of an update stay.
type AlbumInput struct {
	Slug        *string           `json:"slug"`
	Title       map[string]string `json:"title"`
	Description map[string]string `json:"description"`
	Position    *int              `json:"position"`
}

// ItemInput is a new album item: a media library file, or a YouTube/Vimeo link.
type ItemInput struct {
	MediaID  string            `json:"media_id"`
	VideoURL string            `json:"video_url"`
	Caption  map[string]string `json:"caption"`
}

// List returns every album of the site, published or not (galleries:view).
func (g *Galleries) List(ctx context.Context, p *sitecore.Principal, siteID int64) ([]*sitecore.Album, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, galleryResource); err != nil {
		return nil, err
	}
	return g.Store.ListAlbums(ctx, siteID, false)
}

// Get returns an album with its items (galleries:view).
func (g *Galleries) Get(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*sitecore.Album, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, galleryResource); err != nil {
		return nil, err
	}
	return g.Store.FindAlbum(ctx, siteID, id)
}

// Public returns the site's published albums, for visitors.
func (g *Galleries) Public(ctx context.Context, siteID int64) ([]*sitecore.Album, error) {
	return g.Store.ListAlbums(ctx, siteID, true)
}

// PublicAlbum returns a published album by slug; an unpublished one is not found.
func (g *Galleries) PublicAlbum(ctx context.Context, siteID int64, slug string) (*sitecore.Album, error) {
	if !albumSlugRE.MatchString(slug) {
		return nil, sitecore.NotFound("album")
	}
	a, err := g.Store.FindAlbumBySlug(ctx, siteID, slug)
	if err != nil {
		return nil, err
	}
	if !a.Published {
		return nil, sitecore.NotFound("album")
	}
	return a, nil
}

// Create adds an unpublished album at the end (galleries:edit).
func (g *Galleries) Create(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in AlbumInput) (*sitecore.Album, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, galleryResource); err != nil {
		return nil, err
	}
	site, err := g.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if in.Slug == nil {
		return nil, sitecore.Invalid("slug", "field.required")
	}
	al := &sitecore.Album{SiteID: siteID, Title: map[sitecore.Lang]string{}, Description: map[sitecore.Lang]string{}}
	if err := applyAlbum(site, al, in); err != nil {
		return nil, err
	}
	if len(al.Title) == 0 {
		return nil, sitecore.Invalid("title", "field.required")
	}
	if err := g.Store.CreateAlbum(ctx, al); err != nil {
		return nil, err
	}
	g.changed(ctx, a, siteID, "album.create", al.Slug)
	return al, nil
}

// Update changes an album's slug, texts or position (galleries:edit; publish when the
// album is published).
func (g *Galleries) Update(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64, in AlbumInput) (*sitecore.Album, error) {
	al, err := g.editable(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	site, err := g.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if err := applyAlbum(site, al, in); err != nil {
		return nil, err
	}
	if len(al.Title) == 0 {
		return nil, sitecore.Invalid("title", "field.required")
	}
	if err := g.Store.UpdateAlbum(ctx, al); err != nil {
		return nil, err
	}
	g.changed(ctx, a, siteID, "album.update", al.Slug)
	if al, err = g.Store.FindAlbum(ctx, siteID, id); err != nil {
		return nil, err
	}
	if err := g.reindex(ctx, al); err != nil {
		return nil, err
	}
	return al, nil
}

// Delete removes an album with its items; the media stay in the library.
func (g *Galleries) Delete(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64) error {
	al, err := g.editable(ctx, p, siteID, id)
	if err != nil {
		return err
	}
	if err := g.Store.DeleteAlbum(ctx, siteID, id); err != nil {
		return err
	}
	g.changed(ctx, a, siteID, "album.delete", al.Slug)
	return g.unindex(ctx, siteID, id)
}

// Publish shows or hides an album (galleries:publish).
func (g *Galleries) Publish(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64, published bool) (*sitecore.Album, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, galleryResource); err != nil {
		return nil, err
	}
	if err := g.Store.SetAlbumPublished(ctx, siteID, id, published); err != nil {
		return nil, err
	}
	al, err := g.Store.FindAlbum(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	action := "album.unpublish"
	if published {
		action = "album.publish"
	}
	g.changed(ctx, a, siteID, action, al.Slug)
	if err := g.reindex(ctx, al); err != nil {
		return nil, err
	}
	return al, nil
}

// AddItem appends a photo, an uploaded video or an embedded YouTube/Vimeo video.
func (g *Galleries) AddItem(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, albumID int64, in ItemInput) (*sitecore.AlbumItem, error) {
	al, err := g.editable(ctx, p, siteID, albumID)
	if err != nil {
		return nil, err
	}
	site, err := g.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if len(al.Items) >= maxAlbumItems {
		return nil, sitecore.Invalid("items", "album.too_many_items", "max", strconv.Itoa(maxAlbumItems))
	}
	it := &sitecore.AlbumItem{AlbumID: albumID}
	if it.Caption, err = langTexts(site, "caption", in.Caption, maxCaption); err != nil {
		return nil, err
	}
	mediaID, videoURL := strings.TrimSpace(in.MediaID), strings.TrimSpace(in.VideoURL)
	switch {
	case (mediaID == "") == (videoURL == ""):
		return nil, sitecore.Invalid("media_id", "album.item_source")
	case videoURL != "":
		prov, vid, key, ok := sitecore.ParseVideoURL(videoURL)
		if !ok {
			return nil, sitecore.Invalid("video_url", "album.video_url")
		}
		it.Kind, it.Provider, it.VideoID, it.VideoKey = sitecore.ItemEmbed, prov, vid, key
		it.EmbedURL = sitecore.EmbedURL(prov, vid, key)
	default:
		if !validID(mediaID) {
			return nil, sitecore.NotFound("media")
		}
		m, err := g.Media.FindMedia(ctx, siteID, mediaID)
		if err != nil {
			return nil, err
		}
		switch m.Kind {
		case sitecore.MediaImage:
			it.Kind = sitecore.ItemPhoto
		case sitecore.MediaVideo:
			it.Kind = sitecore.ItemVideo
		default:
			return nil, sitecore.Invalid("media_id", "media.not_image")
		}
		it.MediaID, it.Media = m.ID, m
	}
	if err := g.Store.AddAlbumItem(ctx, siteID, it); err != nil {
		return nil, err
	}
	if err := g.itemChanged(ctx, a, al, "album.item_add"); err != nil {
		return nil, err
	}
	return it, nil
}

// UpdateItem changes an item's caption.
func (g *Galleries) UpdateItem(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, albumID, itemID int64, caption map[string]string) (*sitecore.AlbumItem, error) {
	al, err := g.editable(ctx, p, siteID, albumID)
	if err != nil {
		return nil, err
	}
	site, err := g.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(al.Items, func(it sitecore.AlbumItem) bool { return it.ID == itemID })
	if i < 0 {
		return nil, sitecore.NotFound("album_item")
	}
	it := al.Items[i]
	if it.Caption, err = langTexts(site, "caption", caption, maxCaption); err != nil {
		return nil, err
	}
	if err := g.Store.UpdateAlbumItem(ctx, siteID, &it); err != nil {
		return nil, err
	}
	if err := g.itemChanged(ctx, a, al, "album.item_update"); err != nil {
		return nil, err
	}
	return &it, nil
}

// DeleteItem removes an item from an album; its media stay in the library.
func (g *Galleries) DeleteItem(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, albumID, itemID int64) error {
	al, err := g.editable(ctx, p, siteID, albumID)
	if err != nil {
		return err
	}
	if err := g.Store.DeleteAlbumItem(ctx, siteID, albumID, itemID); err != nil {
		return err
	}
	if err := g.itemChanged(ctx, a, al, "album.item_delete"); err != nil {
		return err
	}
	return nil
}

// Reorder sets the order of an album's items; ids must list each of them once.
func (g *Galleries) Reorder(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, albumID int64, ids []int64) (*sitecore.Album, error) {
	al, err := g.editable(ctx, p, siteID, albumID)
	if err != nil {
		return nil, err
	}
	if err := g.Store.ReorderAlbumItems(ctx, siteID, albumID, ids); err != nil {
		return nil, err
	}
	g.changed(ctx, a, siteID, "album.reorder", al.Slug)
	return g.Store.FindAlbum(ctx, siteID, albumID)
}

// editable loads an album the principal may change: galleries:edit, and galleries:publish
// when visitors see it. Without view rights even its existence is hidden.
func (g *Galleries) editable(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*sitecore.Album, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, galleryResource); err != nil {
		return nil, err
	}
	al, err := g.Store.FindAlbum(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if al.Published {
		if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, galleryResource); err != nil {
			return nil, err
		}
	}
	return al, nil
}

// reindex hands the album to the search index if it is published — in every language it has
// a title in: the title, and the description and captions as the body — and takes it out if
// not.
func (g *Galleries) reindex(ctx context.Context, al *sitecore.Album) error {
	if g.Index == nil {
		return nil
	}
	if !al.Published {
		return g.unindex(ctx, al.SiteID, al.ID)
	}
	var docs []sitecore.SearchDoc
	for l, title := range al.Title {
		var body strings.Builder
		for _, t := range append([]string{al.Description[l]}, captions(al, l)...) {
			if t != "" {
				body.WriteString("<p>" + html.EscapeString(t) + "</p>")
			}
		}
		docs = append(docs, sitecore.SearchDoc{SiteID: al.SiteID, Kind: sitecore.SearchAlbum, Key: albumKey(al.ID), Lang: l,
			Title: title, Body: body.String(), Path: sitecore.AlbumPath(l, al.Slug), PublishedAt: al.UpdatedAt})
	}
	return g.Index.IndexItem(ctx, al.SiteID, sitecore.SearchAlbum, albumKey(al.ID), docs)
}

// unindex takes the album out of the search index.
func (g *Galleries) unindex(ctx context.Context, siteID, id int64) error {
	if g.Index == nil {
		return nil
	}
	return g.Index.IndexItem(ctx, siteID, sitecore.SearchAlbum, albumKey(id), nil)
}

func albumKey(id int64) string { return strconv.FormatInt(id, 10) }

// itemChanged follows a change to an album's items: caches and audit, and the search index
// when visitors see the album (captions are searched).
func (g *Galleries) itemChanged(ctx context.Context, a sitecore.Actor, al *sitecore.Album, action string) error {
	g.changed(ctx, a, al.SiteID, action, al.Slug)
	if !al.Published || g.Index == nil {
		return nil
	}
	fresh, err := g.Store.FindAlbum(ctx, al.SiteID, al.ID)
	if err != nil {
		return err
	}
	return g.reindex(ctx, fresh)
}

func captions(al *sitecore.Album, l sitecore.Lang) []string {
	var cs []string
	for _, it := range al.Items {
		cs = append(cs, it.Caption[l])
	}
	return cs
}

func (g *Galleries) changed(ctx context.Context, a sitecore.Actor, siteID int64, action, target string) {
	if g.OnChange != nil {
		g.OnChange(siteID)
	}
	audit(ctx, g.Audit, a, siteID, action, target)
}

// applyAlbum validates the submitted fields into al.
func applyAlbum(site *sitecore.Site, al *sitecore.Album, in AlbumInput) error {
	if in.Slug != nil {
		slug := strings.TrimSpace(*in.Slug)
		if !albumSlugRE.MatchString(slug) {
			return sitecore.Invalid("slug", "album.slug_invalid")
		}
		al.Slug = slug
	}
	var err error
	if in.Title != nil {
		if al.Title, err = langTexts(site, "title", in.Title, maxAlbumTitle); err != nil {
			return err
		}
	}
	if in.Description != nil {
		if al.Description, err = langTexts(site, "description", in.Description, maxAlbumDescription); err != nil {
			return err
		}
	}
	if in.Position != nil {
		if *in.Position < 0 {
			return sitecore.Invalid("position", "field.type", "want", "a number ≥ 0")
		}
		al.Position = *in.Position
	}
	return nil
}

// langTexts validates texts per language: the site's languages only, trimmed, at most max
// characters; empty texts are dropped. They are stored as typed and escaped when shown.
func langTexts(site *sitecore.Site, field string, in map[string]string, max int) (map[sitecore.Lang]string, error) {
	out := make(map[sitecore.Lang]string, len(in))
	for k, v := range in {
		l := sitecore.Lang(k)
		if !site.HasLang(l) {
			return nil, sitecore.Invalid(field+"."+k, "lang.unsupported", "value", k)
		}
		v = strings.TrimSpace(v)
		if !utf8.ValidString(v) {
			return nil, sitecore.Invalid(field+"."+k, "field.type", "want", "text")
		}
		if utf8.RuneCountInString(v) > max {
			return nil, sitecore.Invalid(field+"."+k, "field.too_long", "max", strconv.Itoa(max))
		}
		if v != "" {
			out[l] = v
		}
	}
	return out, nil
}
