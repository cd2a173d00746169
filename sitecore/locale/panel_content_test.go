package locale

import "testing"

// TestPanelContentInEveryLanguage fails on a string of the pages, news or menus sections of
// the control panel that one of kk, ru and en lacks.
func TestPanelContentInEveryLanguage(t *testing.T) {
	noGaps(t, "panelContentUI", stringsTexts(panelContentUI))
	for _, l := range []Lang{Kazakh, Russian, English} {
		if PanelContent(l)["pages.title"] == "" {
			t.Errorf("%s: no pages title", l)
		}
	}
}
