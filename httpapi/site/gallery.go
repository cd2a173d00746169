package site

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// GalleryPage serves /{lang}/gallery: the published albums.
func (s *Server) GalleryPage(w http.ResponseWriter, r *http.Request) {
	s.serveGalleryPage(w, r, "")
}

// AlbumPage serves /{lang}/gallery/{slug}: one published album.
func (s *Server) AlbumPage(w http.ResponseWriter, r *http.Request) {
	s.serveGalleryPage(w, r, chi.URLParam(r, "slug"))
}

func (s *Server) serveGalleryPage(w http.ResponseWriter, r *http.Request, slug string) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) || s.Galleries == nil {
		s.NotFound(w, r)
		return
	}
	base := web.BaseURL(r)
	s.serveCached(w, r, site, base+"|"+string(lang)+"|gallery|"+slug, func(ctx context.Context) (*cachedPage, error) {
		if slug == "" {
			return s.renderGallery(ctx, site, lang, base)
		}
		return s.renderAlbum(ctx, site, lang, base, slug)
	})
}

// textIn returns a text in lang, else in the site's default language, else any.
func textIn(m map[sitecore.Lang]string, lang sitecore.Lang, site *sitecore.Site) string {
	if t := m[lang]; t != "" {
		return t
	}
	if t := m[site.DefaultLang()]; t != "" {
		return t
	}
	for _, l := range site.Languages {
		if t := m[l]; t != "" {
			return t
		}
	}
	return ""
}

func (s *Server) renderGallery(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, base string) (*cachedPage, error) {
	albums, err := s.Galleries.Public(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	title := render.UIText(lang, "gallery")
	chrome, err := s.chrome(ctx, site, lang, base, title, func(l sitecore.Lang) string { return "/" + string(l) + "/gallery" })
	if err != nil {
		return nil, err
	}
	v := &render.GalleryView{Chrome: chrome}
	modified := site.UpdatedAt
	for _, a := range albums {
		card := render.AlbumCard{Title: textIn(a.Title, lang, site), Href: sitecore.AlbumPath(lang, a.Slug), Count: a.ItemCount}
		if a.Cover != nil {
			card.CoverURL = a.Cover.ThumbURL
			if card.CoverURL == "" {
				card.CoverURL = a.Cover.URL
			}
		}
		v.Albums = append(v.Albums, card)
		if a.UpdatedAt.After(modified) {
			modified = a.UpdatedAt
		}
	}
	body, err := s.Theme.Gallery(v)
	if err != nil {
		return nil, sitecore.Internal("render gallery", err)
	}
	return okPage(body, modified, lang, ""), nil
}

func (s *Server) renderAlbum(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, base, slug string) (*cachedPage, error) {
	a, err := s.Galleries.PublicAlbum(ctx, site.ID, slug)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, ""), lang: lang}, nil
	}
	if err != nil {
		return nil, err
	}
	chrome, err := s.chrome(ctx, site, lang, base, textIn(a.Title, lang, site), func(l sitecore.Lang) string {
		return sitecore.AlbumPath(l, a.Slug)
	})
	if err != nil {
		return nil, err
	}
	v := &render.AlbumView{Chrome: chrome, Intro: textIn(a.Description, lang, site), BackHref: "/" + string(lang) + "/gallery"}
	v.Description = v.Intro
	for _, it := range a.Items {
		iv := render.AlbumItemView{Kind: it.Kind, Caption: textIn(it.Caption, lang, site)}
		switch it.Kind {
		case sitecore.ItemPhoto, sitecore.ItemVideo:
			if it.Media == nil {
				continue
			}
			iv.FullURL, iv.ThumbURL, iv.ContentType = it.Media.URL, it.Media.ThumbURL, it.Media.ContentType
		case sitecore.ItemEmbed:
			if iv.EmbedURL = sitecore.EmbedURL(it.Provider, it.VideoID, it.VideoKey); iv.EmbedURL == "" {
				continue
			}
		}
		v.Items = append(v.Items, iv)
	}
	if len(a.Items) > 0 && a.Items[0].Media != nil && a.Items[0].Kind == sitecore.ItemPhoto {
		v.OGImage = base + a.Items[0].Media.URL
	}
	body, err := s.Theme.Album(v)
	if err != nil {
		return nil, sitecore.Internal("render album", err)
	}
	return okPage(body, a.UpdatedAt, lang, ""), nil
}
