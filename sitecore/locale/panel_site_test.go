package locale

import "testing"

// TestPanelSiteInEveryLanguage fails on a string of the panel's settings, media, galleries,
// comments or statistics pages that one of kk, ru and en lacks, and on a weather city
// without its name.
func TestPanelSiteInEveryLanguage(t *testing.T) {
	noGaps(t, "panelSiteUI", stringsTexts(panelSiteUI))
	for _, city := range []string{"astana", "almaty", "shymkent", "aktau", "aktobe", "atyrau", "karaganda", "kokshetau",
		"konaev", "kostanay", "kyzylorda", "oral", "oskemen", "pavlodar", "petropavl", "semey", "taldykorgan", "taraz",
		"turkistan", "zhezkazgan"} {
		for _, l := range []Lang{Kazakh, Russian, English} {
			if PanelSite(l)["city."+city] == "" {
				t.Errorf("%s: no name of the city %s", l, city)
			}
		}
	}
}
