package site

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/render"
)

// NewsPage serves a news item's page at /{lang}/news/{slug}.
func (s *Server) NewsPage(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.NotFound(w, r)
		return
	}
	slug := chi.URLParam(r, "slug")
	base := web.BaseURL(r)
	key := base + "|news|" + string(lang) + "|" + slug
	notice := ""
	if r.URL.Query().Get("pending") == "1" {
		// Back from posting a pre-moderated comment: the same page with a note (cached apart).
		notice, key = render.UIText(lang, "comment_pending"), key+"|pending"
	}
	s.serveCachedPage(w, r, site, key, notice == "", func(ctx context.Context) (*cachedPage, error) {
		return s.renderNews(ctx, site, lang, slug, base, notice)
	})
}

func (s *Server) renderNews(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, slug, base, notice string) (*cachedPage, error) {
	n, err := s.Content.FindNewsBySlug(ctx, site.ID, lang, slug)
	textLang := lang
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		for _, l := range site.Languages {
			if l == lang {
				continue
			}
			if m, err2 := s.Content.FindNewsBySlug(ctx, site.ID, l, slug); err2 == nil {
				if _, has := m.Text[lang]; !has {
					n, textLang, err = m, l, nil
					break
				}
			}
		}
	}
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, "")}, nil
	}
	if err != nil {
		return nil, err
	}
	t := n.Text[textLang]
	chrome, err := s.chrome(ctx, site, lang, base, t.Title, func(l sitecore.Lang) string {
		if x, ok := n.Text[l]; ok {
			return cms.NewsPath(l, x.Slug)
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	v := &render.NewsItemView{Chrome: chrome, Body: t.Body, CoverURL: n.CoverURL, PublishedAt: n.PublishedAt, Tags: n.Tags, Notice: notice}
	v.Description = t.Summary
	if n.CoverURL != "" {
		v.OGImage = base + n.CoverURL
	}
	if textLang != lang {
		v.FallbackNote = render.UIText(lang, "fallback")
		v.Canonical = base + cms.NewsPath(textLang, t.Slug)
	}
	if src := n.Source; src != nil {
		v.SourceName = src.SiteName[textLang]
		v.SourceURL = src.URL[textLang]
		if v.SourceURL != "" {
			v.Canonical = v.SourceURL // the original is the canonical page
		}
	}
	v.Feeds = s.feedLinks(site, lang)
	modified := n.UpdatedAt
	if s.Comments != nil && !n.NoComments {
		v.CommentsOn = true
		cs, err := s.Comments.Visible(ctx, site.ID, n.Key)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			v.Comments = append(v.Comments, render.CommentView{ID: c.ID, Author: c.AuthorName, Body: c.Body, PostedAt: c.CreatedAt})
			if c.UpdatedAt().After(modified) {
				modified = c.UpdatedAt()
			}
		}
		v.PostAction = cms.NewsPath(lang, slug) + "/comments"
		v.LoginHref = "/" + string(lang) + "/login?next=" + cms.NewsPath(lang, slug)
	}
	if err := s.decorate(ctx, site, &v.Chrome); err != nil {
		return nil, err
	}
	body, err := s.themeFor(ctx, site.ID).NewsItem(v)
	if err != nil {
		return nil, sitecore.Internal("render", err)
	}
	return okPage(body, modified, lang, ""), nil
}
