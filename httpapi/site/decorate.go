package site

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// settings returns the site's settings (defaults when the store is not wired).
func (s *Server) settings(ctx context.Context, siteID int64) (*sitecore.SiteSettings, error) {
	if s.SettingsStore == nil {
		return sitecore.DefaultSettings(), nil
	}
	return s.SettingsStore.FindSettings(ctx, siteID)
}

// decorate adds the site's identity, SEO tags and integrations to a page's chrome.
func (s *Server) decorate(ctx context.Context, site *sitecore.Site, c *render.Chrome) error {
	st, err := s.settings(ctx, site.ID)
	if err != nil {
		return err
	}
	c.Motto = st.Motto[c.Lang]
	c.Accent = st.Accent
	if addr := st.Address[c.Lang]; addr != "" || st.Phone != "" || st.Email != "" {
		c.Contacts = &render.Contacts{Address: addr, Phone: st.Phone, Email: st.Email}
	}
	if c.OGImage == "" && st.SEO.OGImageURL != "" && c.Canonical != "" {
		if u, err := url.Parse(c.Canonical); err == nil {
			c.OGImage = u.Scheme + "://" + u.Host + st.SEO.OGImageURL
		}
	}
	if v := st.SEO.GoogleVerification; v != "" {
		c.Meta = append(c.Meta, render.Meta{Name: "google-site-verification", Content: v})
	}
	if v := st.SEO.YandexVerification; v != "" {
		c.Meta = append(c.Meta, render.Meta{Name: "yandex-verification", Content: v})
	}
	s.computeCSP(site, st)
	in := st.Integrations
	if in.GA4 != "" || in.GTM != "" || in.Metrica != "" {
		c.HeadScripts = append(c.HeadScripts, "/_site/integrations.js?v="+strconv.FormatInt(st.UpdatedAt.Unix(), 36))
	}
	if m := in.Map; m != nil {
		c.Widgets = append(c.Widgets, mapWidget(m, c.Lang))
	}
	if w := in.Weather; w != nil {
		c.Widgets = append(c.Widgets, template.HTML(`<p class="weather"><a href="https://yandex.kz/pogoda/`+template.HTMLEscapeString(w.City)+
			`" rel="noopener" target="_blank">`+template.HTMLEscapeString(render.UIText(c.Lang, "weather"))+`</a></p>`)) //nolint:gosec // the city is from a fixed list
	}
	t, err := s.siteTheme(ctx, site.ID)
	if err != nil {
		return err
	}
	if t.css != "" {
		c.ThemeCSS = "/_site/theme.css?v=" + t.version
	}
	if t.js != "" {
		c.ThemeJS = "/_site/theme.js?v=" + t.version
	}
	return nil
}

// mapWidget is the embedded map of the school's location; coordinates are validated
// numbers, so the URL carries nothing else.
func mapWidget(m *sitecore.MapWidget, l sitecore.Lang) template.HTML {
	lat, lon := strconv.FormatFloat(m.Lat, 'f', 6, 64), strconv.FormatFloat(m.Lon, 'f', 6, 64)
	z := strconv.Itoa(m.Zoom)
	var src string
	switch m.Provider {
	case "yandex":
		src = "https://yandex.ru/map-widget/v1/?ll=" + lon + "%2C" + lat + "&z=" + z + "&pt=" + lon + "%2C" + lat
	case "google":
		src = "https://www.google.com/maps?q=" + lat + "," + lon + "&z=" + z + "&output=embed"
	default: // 2GIS has no keyless embed by coordinates: link to its map instead
		return template.HTML(`<p class="map"><a href="https://2gis.kz/geo/` + lon + `%2C` + lat + `" rel="noopener" target="_blank">2GIS</a></p>`) //nolint:gosec // numbers only
	}
	title := render.UIText(l, "map")
	return template.HTML(`<iframe class="map" title="` + template.HTMLEscapeString(title) + `" src="` + src + //nolint:gosec // numbers only
		`" width="100%" height="300" loading="lazy" referrerpolicy="no-referrer-when-downgrade"></iframe>`)
}

// csp is the Content-Security-Policy of the site's pages: the platform's own origin plus
// exactly the third-party services the site enabled (and video hosts of galleries).
func (s *Server) csp(site *sitecore.Site) string { return s.cspHeader(site)[0] }

// cspHeader is csp as a header value, shared by every answer (no allocation per request).
func (s *Server) cspHeader(site *sitecore.Site) []string {
	st, ok := s.cspCache.Load(site.ID)
	if ok {
		return st.([]string)
	}
	return platformCSP
}

// platformCSP is the policy with no third-party services (baseCSP(nil)), built once.
var platformCSP = oneValue(baseCSP(nil))

// framePolicy sets the content security policy of the site's pages (the platform's own
// when the site is unknown) and frame protection for older browsers, which ignore
// frame-ancestors: pages rendered outside the page cache (search, 404) need them as much.
func (s *Server) framePolicy(h http.Header, site *sitecore.Site) {
	csp := platformCSP
	if site != nil {
		csp = s.cspHeader(site)
	}
	h["Content-Security-Policy"] = csp
	h["X-Frame-Options"] = sameOrigin
}

var sameOrigin = oneValue("SAMEORIGIN")

// computeCSP builds the policy from settings and remembers it for the header.
func (s *Server) computeCSP(site *sitecore.Site, st *sitecore.SiteSettings) string {
	p := baseCSP(&st.Integrations)
	s.cspCache.Store(site.ID, oneValue(p))
	return p
}

func baseCSP(in *sitecore.Integrations) string {
	script := []string{"'self'"}
	connect := []string{"'self'"}
	frame := []string{"https://www.youtube-nocookie.com", "https://player.vimeo.com"}
	img := []string{"'self'", "data:", "https:"}
	if in != nil {
		if in.GA4 != "" || in.GTM != "" {
			script = append(script, "https://www.googletagmanager.com")
			connect = append(connect, "https://*.google-analytics.com", "https://*.analytics.google.com", "https://www.googletagmanager.com")
		}
		if in.Metrica != "" {
			script = append(script, "https://mc.yandex.ru")
			connect = append(connect, "https://mc.yandex.ru")
			frame = append(frame, "https://mc.yandex.ru")
		}
		if in.Map != nil {
			switch in.Map.Provider {
			case "yandex":
				frame = append(frame, "https://yandex.ru")
			case "google":
				frame = append(frame, "https://www.google.com")
			}
		}
	}
	return "default-src 'self'; script-src " + strings.Join(script, " ") +
		"; style-src 'self' 'unsafe-inline'; img-src " + strings.Join(img, " ") +
		"; media-src 'self'; connect-src " + strings.Join(connect, " ") +
		"; frame-src " + strings.Join(frame, " ") +
		"; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
}

// IntegrationsJS serves the loader of the site's analytics, written from validated IDs
// only, so no editor-supplied script ever runs.
func (s *Server) IntegrationsJS(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	s.serveCached(w, r, site, "integrations.js", func(ctx context.Context) (*cachedPage, error) {
		st, err := s.settings(ctx, site.ID)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		in := st.Integrations
		b.WriteString("(function(){var d=document,w=window;function load(src){var s=d.createElement('script');s.async=true;s.src=src;d.head.appendChild(s);}\n")
		if in.GA4 != "" {
			fmt.Fprintf(&b, "w.dataLayer=w.dataLayer||[];w.gtag=function(){w.dataLayer.push(arguments);};w.gtag('js',new Date());w.gtag('config',%q);load('https://www.googletagmanager.com/gtag/js?id='+%q);\n", in.GA4, in.GA4)
		}
		if in.GTM != "" {
			fmt.Fprintf(&b, "w.dataLayer=w.dataLayer||[];w.dataLayer.push({'gtm.start':new Date().getTime(),event:'gtm.js'});load('https://www.googletagmanager.com/gtm.js?id='+%q);\n", in.GTM)
		}
		if in.Metrica != "" {
			fmt.Fprintf(&b, "w.ym=w.ym||function(){(w.ym.a=w.ym.a||[]).push(arguments);};w.ym.l=1*new Date();load('https://mc.yandex.ru/metrika/tag.js');w.ym(%s,'init',{clickmap:true,trackLinks:true,accurateTrackBounce:true});\n", in.Metrica)
		}
		b.WriteString("})();\n")
		return okPage([]byte(b.String()), st.UpdatedAt, "", "text/javascript; charset=utf-8"), nil
	})
}

// feedLinks are the news feeds of the site in lang, for the page head.
func (s *Server) feedLinks(site *sitecore.Site, lang sitecore.Lang) []render.Feed {
	name := site.Name(lang)
	return []render.Feed{
		{Type: "application/rss+xml", Title: name + " — RSS", Href: "/" + string(lang) + "/feed.rss"},
		{Type: "application/atom+xml", Title: name + " — Atom", Href: "/" + string(lang) + "/feed.atom"},
	}
}
