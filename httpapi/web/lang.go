package web

import (
	"net/http"

	"golang.org/x/text/language"

	"github.com/mektep/mektep/sitecore"
)

// messageLangs are the languages API messages are written in, Kazakh first: it is the
// answer when the caller states no preference.
var messageLangs = []language.Tag{language.Kazakh, language.Russian, language.English}

var langMatcher = language.NewMatcher(messageLangs)

// Lang picks the message language from Accept-Language, then from the site being visited,
// then Kazakh.
func Lang(r *http.Request) sitecore.Lang {
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, idx, conf := langMatcher.Match(tags...)
			if conf != language.No {
				return sitecore.Lang(messageLangs[idx].String())
			}
		}
	}
	if site := SiteFrom(r.Context()); site != nil {
		if l := site.DefaultLang(); l == sitecore.Russian || l == sitecore.English {
			return l
		}
	}
	return sitecore.Kazakh
}
