package locale

import "testing"

// TestConsoleTexts fails on a console string or message missing in any core language.
func TestConsoleTexts(t *testing.T) {
	noGaps(t, "consoleUI", stringsTexts(consoleUI))
	noGaps(t, "consoleMessages", catalogTexts(consoleMessages))
	for _, l := range Core {
		if len(Console(l)) != len(Console(English)) {
			t.Errorf("%s has %d console strings, English %d", l, len(Console(l)), len(Console(English)))
		}
	}
}
