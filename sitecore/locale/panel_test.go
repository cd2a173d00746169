package locale

import "testing"

// TestPanelAndFrontDoorInEveryLanguage fails on a string of the panel's shell, dashboard,
// people, admissions desk or front door that one of kk, ru and en lacks.
func TestPanelAndFrontDoorInEveryLanguage(t *testing.T) {
	for name, s := range map[string]Strings{"panelShell": panelShell, "panelDesk": panelDesk, "frontDoorUI": frontDoorUI} {
		noGaps(t, name, stringsTexts(s))
	}
	for _, l := range []Lang{Kazakh, Russian, English} {
		if Panel(l)["nav.admissions"] == "" || Panel(l)["dash.title"] == "" {
			t.Errorf("%s: Panel does not join the shell and the desk", l)
		}
	}
}
