package site

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/locale"
)

// Settings of the control panel: the logo, the site's names per language and contacts, SEO
// and verification tags, and the integrations (analytics, map, weather) with the
// Content-Security-Policy they imply. Every change goes through cms.Settings.Update (or the
// media service for the logo), as the JSON API's PATCH /sites/{id}/settings does, so the
// validation and the rights are the same: SEO and integrations need seo:edit, the
// identity of the site an owner or admin, the logo media:publish.

// sitePage is panelPage for the site sections (settings, media, galleries, comments,
// stats): the layout with the page's files and the shared field templates of
// site_fields.html, with siteFuncs.
func sitePage(files ...string) *template.Template {
	t := template.Must(panelLayout.Clone()).Funcs(siteFuncs)
	all := []string{"templates/panel/site_fields.html"}
	for _, f := range files {
		all = append(all, "templates/panel/"+f)
	}
	return template.Must(t.ParseFS(panelFS, all...))
}

// siteFuncs are the template helpers of the site sections.
var siteFuncs = template.FuncMap{
	// field describes a form field for the "sf-input" template: its form name (the
	// service's field name, so errors land next to it), label and value.
	"field": func(v *panelView, name, label, value string) fieldArgs {
		return fieldArgs{V: v, Name: name, ID: fieldID(name), Label: label, Value: v.Val(name, value), Type: "text"}
	},
	// langField is the field of one language of a per-language text.
	"langField": func(v *panelView, t langText, label string) fieldArgs {
		return fieldArgs{V: v, Name: t.Name, ID: fieldID(t.Name), Label: label + " (" + t.Label + ")", Value: t.Text, Type: "text", Lang: string(t.Lang)}
	},
	"typed": func(f fieldArgs, typ string) fieldArgs { f.Type = typ; return f },
	"hint":  func(f fieldArgs, hint string) fieldArgs { f.Hint = hint; return f },
}

// fieldArgs is one form field of the "sf-input" template.
type fieldArgs struct {
	V                            *panelView
	Name, ID, Label, Value, Type string
	Hint, Lang                   string
}

// Err is the field's message.
func (f fieldArgs) Err() string { return f.V.Err(f.Name) }

// fieldID turns a field name such as "seo.google_verification" into an element ID.
func fieldID(name string) string { return strings.NewReplacer(".", "-", ":", "-").Replace(name) }

var settingsPage = sitePage("settings.html")

// siteSettingsView is the model of the settings page.
type siteSettingsView struct {
	Settings    *sitecore.SiteSettings
	Names       []langText
	Cities      []string
	Providers   []string
	Images      []*sitecore.MediaItem
	CSP         []string // the public pages' policy, one directive a line
	CanIdentity bool     // owner or admin: names, contacts, moderation
	CanEdit     bool     // seo:edit
	CanLogo     bool     // media:publish
	Disallow    string
	Lat, Lon    string
	Zoom        string
	Provider    string
	City        string
}

// langText is a text in one of the site's languages, for per-language fields.
type langText struct {
	Lang       sitecore.Lang
	Label      string
	Name, Text string
}

// PanelSettings shows the site's settings; its forms post here with op=identity, seo,
// integrations, logo or logo-clear.
func (s *Server) PanelSettings(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionSEO, "settings")
	if !ok {
		return
	}
	v.UI = locale.PanelSite(v.Lang)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		err := s.saveSettings(w, r, v)
		if err == nil {
			done(w, r, v.Path("settings"), "saved")
			return
		}
		status = v.fail(err)
	}
	st, err := s.Settings.Get(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	sv := &siteSettingsView{Settings: st, Cities: sitecore.WeatherCities, Providers: []string{"yandex", "google", "2gis"},
		CanIdentity: v.p.Operator() || v.p.HasRole(v.Site.ID, sitecore.RoleOwner, sitecore.RoleAdmin),
		CanEdit:     v.Can(string(sitecore.SectionSEO), "edit"), CanLogo: v.Can(string(sitecore.SectionMedia), "publish"),
		Disallow: strings.Join(st.SEO.Disallow, "\n"), Zoom: "16"}
	sv.Names = langFields(v, "names", v.Site.Names)
	if m := st.Integrations.Map; m != nil {
		sv.Provider, sv.Zoom = m.Provider, strconv.Itoa(m.Zoom)
		sv.Lat, sv.Lon = strconv.FormatFloat(m.Lat, 'f', -1, 64), strconv.FormatFloat(m.Lon, 'f', -1, 64)
	}
	if st.Integrations.Weather != nil {
		sv.City = st.Integrations.Weather.City
	}
	if s.Media != nil && v.Can(string(sitecore.SectionMedia), "view") {
		if page, err := s.Media.List(r.Context(), v.p, v.Site.ID, sitecore.MediaFilter{Kind: sitecore.MediaImage, Limit: 100}); err == nil {
			sv.Images = page.Items
		}
	}
	// The policy the public pages get: computed from the saved integrations by the same
	// function that writes the header.
	sv.CSP = strings.Split(baseCSP(&st.Integrations), "; ")
	v.Title, v.Kind, v.Data = v.T("settings.title"), "settings", sv
	s.renderPanel(w, r, status, settingsPage, v)
}

// saveSettings applies one of the settings forms.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request, v *panelView) error {
	ctx := r.Context()
	if r.URL.Query().Get("op") == "logo" {
		// The logo form is multipart; access is checked before its body is read.
		if err := s.Media.Authorize(v.p, v.Site.ID, sitecore.ActionPublish); err != nil {
			return err
		}
		res, err := s.eachUpload(w, r, func(in uploadPart) (*sitecore.MediaItem, error) {
			return s.Media.SetLogo(ctx, v.p, s.Actor(r), v.Site.ID, in.Upload)
		})
		if err == nil {
			err = res[0].Err
		}
		return err
	}
	readForm(w, r, 64<<10)
	f := r.PostForm
	for k, vs := range f {
		v.Values[k] = vs[0]
	}
	var in cms.SettingsInput
	switch f.Get("op") {
	case "logo-clear":
		return s.Media.ClearLogo(ctx, v.p, s.Actor(r), v.Site.ID)
	case "identity":
		names := map[string]string{}
		for _, l := range v.Site.Languages {
			names[string(l)] = f.Get("names." + string(l))
		}
		phone, email, moderation := f.Get("phone"), f.Get("email"), f.Get("moderation")
		in.Names, in.Phone, in.Email, in.Moderation = &names, &phone, &email, &moderation
	case "seo":
		seo := sitecore.SEOSettings{GoogleVerification: strings.TrimSpace(f.Get("seo.google_verification")),
			YandexVerification: strings.TrimSpace(f.Get("seo.yandex_verification")), OGImageID: f.Get("seo.og_image_id")}
		for _, line := range strings.Split(f.Get("seo.disallow"), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				seo.Disallow = append(seo.Disallow, line)
			}
		}
		in.SEO = &seo
	case "integrations":
		ig := sitecore.Integrations{GA4: strings.TrimSpace(f.Get("integrations.ga4")), GTM: strings.TrimSpace(f.Get("integrations.gtm")),
			Metrica: strings.TrimSpace(f.Get("integrations.metrica"))}
		if p := f.Get("integrations.map.provider"); p != "" {
			m := &sitecore.MapWidget{Provider: p}
			var err error
			if m.Lat, err = formFloat("integrations.map.lat", f.Get("integrations.map.lat")); err != nil {
				return err
			}
			if m.Lon, err = formFloat("integrations.map.lon", f.Get("integrations.map.lon")); err != nil {
				return err
			}
			if z := strings.TrimSpace(f.Get("integrations.map.zoom")); z != "" {
				if m.Zoom, err = strconv.Atoi(z); err != nil {
					return sitecore.Invalid("integrations.map.zoom", "field.type", "want", "3-19")
				}
			}
			ig.Map = m
		}
		if c := f.Get("integrations.weather.city"); c != "" {
			ig.Weather = &sitecore.WeatherCity{City: c}
		}
		in.Integrations = &ig
	default:
		return sitecore.Invalid("op", "field.unknown")
	}
	_, err := s.Settings.Update(ctx, v.p, s.Actor(r), v.Site.ID, in)
	return err
}

// formFloat reads a decimal number, with a dot or a comma.
func formFloat(field, s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	if err != nil {
		return 0, sitecore.Invalid(field, "settings.coordinates")
	}
	return x, nil
}
